/** The only code that touches the webhook tables. */
import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import { claimInQueue, dueInQueue } from '../../db/queue';
import type { WebhookDeliveryRow, WebhookRow } from '../../db/schema';

export const insertWebhook = (db: Executor, row: WebhookRow) =>
  db.insertInto('webhooks').values(row).execute();

export const findWebhook = (db: Executor, id: string) =>
  db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();

/** Every endpoint (an organisation has a handful; capped all the same). */
/**
 * Lock a webhook's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a
 * time): a concurrent change or deletion waits and reads what this one wrote, so the audit trail's
 * "before" is the state each change really replaced and a webhook is deleted once.
 */
export const lockWebhook = (db: Executor, id: string) =>
  db.selectFrom('webhooks').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const listWebhooks = (db: Executor) =>
  db.selectFrom('webhooks').selectAll().orderBy('createdAt').orderBy('id').limit(500).execute();

export const enabledWebhooks = (db: Executor) =>
  db.selectFrom('webhooks').selectAll().where('enabled', '=', 1).limit(500).execute();

export const updateWebhook = (db: Executor, id: string, row: Partial<WebhookRow>) =>
  db.updateTable('webhooks').set(row).where('id', '=', id).execute();

export async function deleteWebhook(db: Executor, id: string) {
  await db.deleteFrom('webhookDeliveries').where('webhookId', '=', id).execute();
  await db.deleteFrom('webhooks').where('id', '=', id).execute();
}

export const insertDelivery = (db: Executor, row: WebhookDeliveryRow) =>
  db
    .insertInto('webhookDeliveries')
    .values(row)
    .onConflict((oc) => oc.columns(['webhookId', 'eventId']).doNothing())
    .execute();

/**
 * One delivery of a webhook, its row locked until the transaction ends (PostgreSQL; SQLite runs one
 * transaction at a time): a replay reads the claim of a sender that took it a moment before — and a
 * sender's claim waits for the replay — so a delivery being sent is never reset under its sender.
 */
export const findDeliveryForUpdate = (db: Executor, webhookId: string, id: string) =>
  db
    .selectFrom('webhookDeliveries')
    .selectAll()
    .where('webhookId', '=', webhookId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

export const listDeliveries = (
  db: Executor,
  webhookId: string,
  filter: { status?: string },
  limit: number,
  cursor: string | undefined,
) => {
  let q = db.selectFrom('webhookDeliveries').selectAll().where('webhookId', '=', webhookId);
  if (filter.status) q = q.where('status', '=', filter.status);
  return paginate(
    q,
    { column: 'createdAt', direction: 'desc', idColumn: 'id', valueType: 'instant' },
    limit,
    cursor,
  ).execute();
};

/** Ids of pending deliveries that are due and not being sent by anyone, oldest first. */
export const dueDeliveries = (db: Executor, now: string, limit: number) =>
  dueInQueue(db, 'webhookDeliveries', now, limit);

/** Take a due delivery for sending until `until`; false when another process took it first. */
export const claim = (db: Executor, id: string, now: string, until: string) =>
  claimInQueue(db, 'webhookDeliveries', id, now, until);

export const findDeliveryById = (db: Executor, id: string) =>
  db.selectFrom('webhookDeliveries').selectAll().where('id', '=', id).executeTakeFirst();

export const updateDelivery = (db: Executor, id: string, row: Partial<WebhookDeliveryRow>) =>
  db.updateTable('webhookDeliveries').set(row).where('id', '=', id).execute();

/** Deliveries waiting to be sent, across all webhooks (the metrics backlog gauge). */
export async function countPending(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('webhookDeliveries')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

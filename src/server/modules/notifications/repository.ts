import type { Executor } from '../../db/database';
import { toCount } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { NotificationRow } from '../../db/schema';

/** Insert unless this user was already told under the same dedupe key; answers whether it was new. */
export async function insertOnce(db: Executor, row: NotificationRow): Promise<boolean> {
  const result = await db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) => oc.columns(['userId', 'dedupeKey']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A user's own notifications, newest first. */
export function list(db: Executor, userId: string, unread: boolean, limit: number, cursor?: string) {
  let q = db.selectFrom('notifications').selectAll().where('userId', '=', userId);
  if (unread) q = q.where('readAt', 'is', null);
  return paginate(
    q,
    { column: 'createdAt', direction: 'desc', idColumn: 'id', valueType: 'instant' },
    limit,
    cursor,
  ).execute();
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return toCount(row?.n);
}

export const find = (db: Executor, userId: string, id: string) =>
  db
    .selectFrom('notifications')
    .selectAll()
    .where('userId', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function markRead(db: Executor, userId: string, id: string | null, at: string): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ readAt: at })
    .where('userId', '=', userId)
    .where('readAt', 'is', null);
  if (id) q = q.where('id', '=', id);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

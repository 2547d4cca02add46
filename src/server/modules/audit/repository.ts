import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { AuditEventRow, NewAuditEvent } from '../../db/schema';

interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** Lock the chain's head for this transaction (PostgreSQL row lock; SQLite writers are serial). */
export async function lockHead(db: Executor): Promise<{ lastSeq: number; lastHash: string }> {
  await db
    .updateTable('auditHead')
    .set((eb) => ({ lastSeq: eb.ref('lastSeq') }))
    .where('id', '=', 1)
    .execute();
  const head = await db
    .selectFrom('auditHead')
    .select(['lastSeq', 'lastHash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { lastSeq: Number(head.lastSeq), lastHash: head.lastHash };
}

export async function append(db: Executor, event: NewAuditEvent): Promise<void> {
  await db.insertInto('auditEvents').values(event).execute();
  await db
    .updateTable('auditHead')
    .set({ lastSeq: event.seq, lastHash: event.hash })
    .where('id', '=', 1)
    .execute();
}

export async function head(db: Executor): Promise<{ lastSeq: number; lastHash: string }> {
  const row = await db
    .selectFrom('auditHead')
    .select(['lastSeq', 'lastHash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { lastSeq: Number(row.lastSeq), lastHash: row.lastHash };
}

export function list(db: Executor, filter: AuditFilter, limit: number, cursor?: string) {
  let q = db.selectFrom('auditEvents').selectAll();
  if (filter.entityType) q = q.where('entityType', '=', filter.entityType);
  if (filter.entityId) q = q.where('entityId', '=', filter.entityId);
  if (filter.actorId) q = q.where('actorId', '=', filter.actorId);
  if (filter.action) q = q.where('action', '=', filter.action);
  // Stored instants are UTC ISO text on SQLite, compared as text: bring bounds to that form.
  if (filter.from) q = q.where('at', '>=', new Date(filter.from).toISOString());
  if (filter.to) q = q.where('at', '<', new Date(filter.to).toISOString());
  return paginate(
    q,
    { column: 'seq', direction: 'desc', idColumn: 'id', valueType: 'number' },
    limit,
    cursor,
  ).execute();
}

/** Events in chain order after `afterSeq`, a batch at a time (verification walks the whole chain). */
export function batchAfter(db: Executor, afterSeq: number, size: number): Promise<AuditEventRow[]> {
  return db
    .selectFrom('auditEvents')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(size)
    .execute();
}

/** The events about a vendor contact: on the contact itself, or a contact change that names it. */
export const eventsAboutContact = (db: Executor, contactId: string) =>
  db
    .selectFrom('auditEvents')
    .select(['id', 'seq', 'at', 'action'])
    .where((eb) =>
      eb.or([
        eb('entityId', '=', contactId),
        eb.and([eb('action', 'like', 'vendor.contact.%'), eb('changes', 'like', `%${contactId}%`)]),
      ]),
    )
    .orderBy('seq')
    .execute();

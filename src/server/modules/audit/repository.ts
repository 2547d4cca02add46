import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { AuditEventRow, NewAuditEvent } from '../../db/schema';
import type { Checkpoint, CheckpointReason } from './rules';

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

/** Note a signed checkpoint in the database (the anchor is the file; this says one was made). */
export async function recordCheckpoint(db: Executor, id: string, c: Checkpoint): Promise<void> {
  await db
    .insertInto('auditCheckpoints')
    .values({ id, ...c })
    .execute();
}

const toCheckpoint = (r: {
  seq: number;
  hash: string;
  at: string;
  reason: string;
  mac: string;
}): Checkpoint => ({
  seq: Number(r.seq),
  hash: r.hash,
  at: r.at,
  reason: r.reason as CheckpointReason,
  mac: r.mac,
});

/** How many checkpoints the database records, and the newest (by when it was written). */
export async function checkpointSummary(db: Executor): Promise<{ count: number; newest: Checkpoint | null }> {
  const counted = await db
    .selectFrom('auditCheckpoints')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const newest = await db
    .selectFrom('auditCheckpoints')
    .select(['seq', 'hash', 'at', 'reason', 'mac'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { count: Number(counted.n), newest: newest ? toCheckpoint(newest) : null };
}

/** Every checkpoint the database records, in the order they were written. */
export async function allCheckpoints(db: Executor): Promise<Checkpoint[]> {
  const rows = await db
    .selectFrom('auditCheckpoints')
    .select(['seq', 'hash', 'at', 'reason', 'mac'])
    .orderBy('id')
    .execute();
  return rows.map(toCheckpoint);
}

/** Every event on these entity types at or after an instant, oldest first (the register's rewind). */
export const eventsSince = (db: Executor, entityTypes: string[], at: string) =>
  db
    .selectFrom('auditEvents')
    .select(['seq', 'action', 'entityType', 'entityId', 'changes'])
    .where('entityType', 'in', entityTypes)
    .where('at', '>=', at)
    .orderBy('seq')
    .execute();

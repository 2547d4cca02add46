import type { Executor } from './database';

/**
 * The tables that work as a queue of things to send (mails, webhook deliveries): each row has a
 * `status`, the time of its next attempt, and a lease (`lockedUntil`) taken by the process sending it.
 */
type QueueTable = 'emailOutbox' | 'webhookDeliveries';

/** Ids of pending rows that are due and not leased by anyone, oldest first. */
export const dueInQueue = (db: Executor, table: QueueTable, now: string, limit: number) =>
  db
    .selectFrom(table)
    .select('id')
    .where('status', '=', 'pending')
    .where('nextAttemptAt', '<=', now)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
    .orderBy('nextAttemptAt')
    .orderBy('id')
    .limit(limit)
    .execute();

/**
 * Lease a due row for sending until `until`. Answers false when another process (or run) took it
 * first: the row count of this one conditional update decides.
 */
export async function claimInQueue(
  db: Executor,
  table: QueueTable,
  id: string,
  now: string,
  until: string,
): Promise<boolean> {
  const res = await db
    .updateTable(table)
    .set({ lockedUntil: until })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('nextAttemptAt', '<=', now)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

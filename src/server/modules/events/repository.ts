/** The only code that touches the events and event_consumptions tables. */
import type { EventType } from '../../../contracts/events';
import type { Executor } from '../../db/database';
import type { EventRow } from '../../db/schema';

export const insertEvent = (db: Executor, row: EventRow) => db.insertInto('events').values(row).execute();

/** Insert unless an event with the same dedupe key exists; answers whether it was inserted. */
export async function insertEventOnce(db: Executor, row: EventRow): Promise<boolean> {
  const res = await db
    .insertInto('events')
    .values(row)
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Events since `since` that the consumer has not handled, oldest first. */
export const unconsumed = (db: Executor, consumer: string, since: string, limit: number) =>
  db
    .selectFrom('events as e')
    .selectAll('e')
    .where('e.at', '>=', since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('eventConsumptions as c')
            .select('c.eventId')
            .where('c.consumer', '=', consumer)
            .whereRef('c.eventId', '=', 'e.id'),
        ),
      ),
    )
    .orderBy('e.at')
    .orderBy('e.id')
    .limit(limit)
    .execute();

/** Record that the consumer handles the event; answers false when another process took it first. */
export async function takeEvent(
  db: Executor,
  consumer: string,
  eventId: string,
  at: string,
): Promise<boolean> {
  const taken = await db
    .insertInto('eventConsumptions')
    .values({ consumer, eventId, at })
    .onConflict((oc) => oc.columns(['consumer', 'eventId']).doNothing())
    .executeTakeFirst();
  return Number(taken.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Events of an engagement or vendor, newest first. */
export function recent(
  db: Executor,
  filter: { engagementId?: string; vendorId?: string; type?: EventType },
  limit: number,
) {
  let q = db.selectFrom('events').selectAll();
  if (filter.engagementId) q = q.where('engagementId', '=', filter.engagementId);
  if (filter.vendorId) q = q.where('vendorId', '=', filter.vendorId);
  if (filter.type) q = q.where('type', '=', filter.type);
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

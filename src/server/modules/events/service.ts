/**
 * The event bus. A change publishes its domain event into the `events` table inside its own
 * transaction (an outbox: the event exists exactly when the change does). Consumers — in-app and
 * email notifications, webhooks, risk signals — each run from the scheduler and handle every event
 * once: the consumption row and the consumer's effects are written in one transaction, and the
 * (consumer, event) primary key makes a second process that raced for the same event skip it.
 */
import type { EventType } from '../../../contracts/events';
import type { Database, Executor } from '../../db/database';
import type { EventRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';

export interface DomainEvent {
  id: string;
  type: EventType;
  engagementId: string | null;
  vendorId: string | null;
  payload: Record<string, unknown>;
  at: string;
}

export interface PublishInput {
  type: EventType;
  engagementId?: string | null;
  vendorId?: string | null;
  payload: Record<string, unknown>;
}

/** Events older than this are no longer offered to consumers (a poisoned event stops retrying). */
export const CONSUME_LOOKBACK_MS = 7 * 24 * 3600_000;

export const toDomainEvent = (r: EventRow): DomainEvent => ({
  id: r.id,
  type: r.type as EventType,
  engagementId: r.engagementId,
  vendorId: r.vendorId,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  at: r.at,
});

export function createEventBus({ db, clock }: { db: Database['db']; clock: Clock }) {
  return {
    /** Publish inside the caller's transaction; answers the event as consumers will see it. */
    async publish(tx: Executor, input: PublishInput): Promise<DomainEvent> {
      const row: EventRow = {
        id: newId('evt'),
        type: input.type,
        engagementId: input.engagementId ?? null,
        vendorId: input.vendorId ?? null,
        payload: JSON.stringify(input.payload),
        at: clock.now().toISOString(),
        dedupeKey: null,
      };
      await tx.insertInto('events').values(row).execute();
      return toDomainEvent(row);
    },

    /**
     * Publish unless an event with the same `key` was published before (reminder jobs that run
     * hourly announce each reminder once); answers the event, or null when it already existed.
     */
    async publishOnce(tx: Executor, key: string, input: PublishInput): Promise<DomainEvent | null> {
      const row: EventRow = {
        id: newId('evt'),
        type: input.type,
        engagementId: input.engagementId ?? null,
        vendorId: input.vendorId ?? null,
        payload: JSON.stringify(input.payload),
        at: clock.now().toISOString(),
        dedupeKey: key,
      };
      const res = await tx
        .insertInto('events')
        .values(row)
        .onConflict((oc) => oc.column('dedupeKey').doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) > 0 ? toDomainEvent(row) : null;
    },

    /**
     * Hand each event this consumer has not handled yet (oldest first, at most `limit`) to
     * `handle`, one transaction per event. A handler that throws leaves its event for the next
     * run; the others go on. Answers how many were handled and the failures.
     */
    async consume(
      consumer: string,
      handle: (tx: Executor, event: DomainEvent) => Promise<void>,
      limit = 500,
    ): Promise<{ handled: number; failed: { eventId: string; error: unknown }[] }> {
      const since = new Date(clock.now().getTime() - CONSUME_LOOKBACK_MS).toISOString();
      const rows = await db
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
      let handled = 0;
      const failed: { eventId: string; error: unknown }[] = [];
      for (const row of rows) {
        try {
          await db.transaction().execute(async (tx) => {
            const taken = await tx
              .insertInto('eventConsumptions')
              .values({ consumer, eventId: row.id, at: clock.now().toISOString() })
              .onConflict((oc) => oc.columns(['consumer', 'eventId']).doNothing())
              .executeTakeFirst();
            if (Number(taken.numInsertedOrUpdatedRows ?? 0) === 0) return; // another process has it
            await handle(tx, toDomainEvent(row));
            handled++;
          });
        } catch (error) {
          failed.push({ eventId: row.id, error });
        }
      }
      return { handled, failed };
    },

    /** Events of an engagement or vendor, newest first (for activity views and tests). */
    recent(
      db2: Executor,
      filter: { engagementId?: string; vendorId?: string; type?: EventType },
      limit = 50,
    ) {
      let q = db2.selectFrom('events').selectAll();
      if (filter.engagementId) q = q.where('engagementId', '=', filter.engagementId);
      if (filter.vendorId) q = q.where('vendorId', '=', filter.vendorId);
      if (filter.type) q = q.where('type', '=', filter.type);
      return q
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
        .then((rs) => rs.map(toDomainEvent));
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;

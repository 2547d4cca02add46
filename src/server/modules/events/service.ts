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
import * as repo from './repository';

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
const CONSUME_LOOKBACK_MS = 7 * 24 * 3600_000;

const toDomainEvent = (r: EventRow): DomainEvent => ({
  id: r.id,
  type: r.type as EventType,
  engagementId: r.engagementId,
  vendorId: r.vendorId,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  at: r.at,
});

export function createEventBus({ db, clock }: { db: Database['db']; clock: Clock }) {
  const rowOf = (input: PublishInput, dedupeKey: string | null): EventRow => ({
    id: newId('evt'),
    type: input.type,
    engagementId: input.engagementId ?? null,
    vendorId: input.vendorId ?? null,
    payload: JSON.stringify(input.payload),
    at: clock.now().toISOString(),
    dedupeKey,
  });
  return {
    /** Publish inside the caller's transaction; answers the event as consumers will see it. */
    async publish(tx: Executor, input: PublishInput): Promise<DomainEvent> {
      const row = rowOf(input, null);
      await repo.insertEvent(tx, row);
      return toDomainEvent(row);
    },

    /**
     * Publish unless an event with the same `key` was published before (reminder jobs that run
     * hourly announce each reminder once); answers the event, or null when it already existed.
     */
    async publishOnce(tx: Executor, key: string, input: PublishInput): Promise<DomainEvent | null> {
      const row = rowOf(input, key);
      return (await repo.insertEventOnce(tx, row)) ? toDomainEvent(row) : null;
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
      const rows = await repo.unconsumed(db, consumer, since, limit);
      let handled = 0;
      const failed: { eventId: string; error: unknown }[] = [];
      for (const row of rows) {
        try {
          await db.transaction().execute(async (tx) => {
            // Another process has it.
            if (!(await repo.takeEvent(tx, consumer, row.id, clock.now().toISOString()))) return;
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
      return repo.recent(db2, filter, limit).then((rs) => rs.map(toDomainEvent));
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;

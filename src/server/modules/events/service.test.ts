import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app';
import { dialects } from '../../../../test/helpers/databases';

describe.each(dialects)('event bus on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('hands each event to each consumer once, retries a failed one, and skips what another run took', async () => {
    t = await createTestApp(dialect);
    const { events } = t.app.services;
    const db = t.app.database.db;
    const published = await db
      .transaction()
      .execute(async (tx) => [
        await events.publish(tx, { type: 'sla.breached', engagementId: null, payload: { n: 1 } }),
        await events.publish(tx, { type: 'message.created', vendorId: null, payload: { n: 2 } }),
      ]);
    expect(published.map((e) => e.payload)).toEqual([{ n: 1 }, { n: 2 }]);

    const seen: string[] = [];
    let failOnce = true;
    const first = await events.consume('test-a', async (_tx, e) => {
      if (e.type === 'message.created' && failOnce) {
        failOnce = false;
        throw new Error('flaky');
      }
      seen.push(e.type);
    });
    expect(first.handled).toBe(1);
    expect(first.failed.map((f) => f.eventId)).toEqual([published[1]!.id]);
    const second = await events.consume('test-a', async (_tx, e) => void seen.push(e.type));
    expect(second).toEqual({ handled: 1, failed: [] });
    expect(seen).toEqual(['sla.breached', 'message.created']);
    expect((await events.consume('test-a', async () => undefined)).handled).toBe(0);

    // Another consumer sees them all on its own account.
    expect((await events.consume('test-b', async () => undefined)).handled).toBe(2);
  });
});

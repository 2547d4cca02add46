import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../test/helpers/app';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/helpers/databases';
import { holderOf } from './leases';
import { createScheduler } from './scheduler';

describe.each(dialects)('scheduler leases on %s', (dialect) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
  });
  afterAll(() => tdb?.cleanup());

  it('runs a job in one process only, and another takes over when the lease expires or is given back', async () => {
    const clock = fakeClock('2027-03-01T00:00:00Z');
    const runs: string[] = [];
    const job = (who: string) => ({
      name: 'test.job',
      everyMs: 60_000,
      run: async () => void runs.push(who),
    });
    const a = createScheduler({ db: tdb.database.db, clock, jobs: [job('a')], holder: 'a' });
    const b = createScheduler({ db: tdb.database.db, clock, jobs: [job('b')], holder: 'b' });
    expect(await a.tick()).toEqual(['test.job']);
    expect(await b.tick()).toEqual([]);
    // Not due again until a minute has passed; then a renews its lease.
    expect(await a.tick()).toEqual([]);
    clock.advance(60_000);
    expect(await a.tick()).toEqual(['test.job']);
    expect(await b.tick()).toEqual([]);
    // a stops ticking (a crashed process): b takes over once the lease (two periods) runs out.
    clock.advance(119_000);
    expect(await b.tick()).toEqual([]);
    clock.advance(1_000);
    expect(await b.tick()).toEqual(['test.job']);
    expect((await holderOf(tdb.database.db, 'test.job'))?.holder).toBe('b');
    // Stopping gives the lease back at once.
    await b.stop();
    clock.advance(60_000);
    expect(await a.tick()).toEqual(['test.job']);
    expect(runs).toEqual(['a', 'a', 'b', 'a']);
  });

  it('reports a failing job and goes on', async () => {
    const clock = fakeClock('2027-03-01T00:00:00Z');
    const failures: string[] = [];
    const s = createScheduler({
      db: tdb.database.db,
      clock,
      holder: 'x',
      jobs: [{ name: 'test.failing', everyMs: 1000, run: async () => Promise.reject(new Error('boom')) }],
      onError: (name, err) => failures.push(`${name}: ${(err as Error).message}`),
    });
    expect(await s.tick()).toEqual([]);
    expect(failures).toEqual(['test.failing: boom']);
    await s.stop();
  });
});

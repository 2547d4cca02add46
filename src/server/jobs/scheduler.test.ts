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

  it('with a short lease, a takeover neither runs a job twice in its period nor waits after a run that died', async () => {
    const clock = fakeClock('2027-04-01T00:00:00Z');
    const runs: string[] = [];
    const job = (who: string) => ({
      name: 'test.short',
      everyMs: 60_000,
      run: async () => void runs.push(who),
    });
    const a = createScheduler({ db: tdb.database.db, clock, jobs: [job('a')], holder: 'a', leaseMs: 5_000 });
    const b = createScheduler({ db: tdb.database.db, clock, jobs: [job('b')], holder: 'b', leaseMs: 5_000 });
    expect(await a.tick()).toEqual(['test.short']);
    // a goes silent; b takes the lease after 5 s but the job ran 5 s ago: not due yet.
    clock.advance(5_000);
    expect(await b.tick()).toEqual([]);
    expect((await holderOf(tdb.database.db, 'test.short'))?.holder).toBe('b');
    clock.advance(55_000);
    expect(await b.tick()).toEqual(['test.short']);
    // b starts the next run a period later and dies in it: a run that never finished does not
    // count, so a runs the job as soon as b's lease has expired, not a period later.
    clock.advance(60_000);
    await tdb.database.db
      .insertInto('jobRuns')
      .values({
        id: 'run_dead',
        job: 'test.short',
        holder: 'b',
        startedAt: clock.now().toISOString(),
        finishedAt: null,
        outcome: 'running',
        error: null,
      })
      .execute();
    expect(await a.tick()).toEqual(['test.short']);
    expect(runs).toEqual(['a', 'b', 'a']);
    const rows = await tdb.database.db
      .selectFrom('jobRuns')
      .selectAll()
      .where('job', '=', 'test.short')
      .execute();
    expect(rows.map((r) => [r.holder, r.outcome])).toEqual(
      expect.arrayContaining([
        ['a', 'ok'],
        ['b', 'ok'],
        ['b', 'running'],
      ]),
    );
    await a.stop();
    await b.stop();
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../test/helpers/app';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/helpers/databases';
import { acquire, holderOf } from './leases';
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

  it('takes over a dead process’s job while one of its own jobs is stuck, and runs the others meanwhile', async () => {
    const clock = fakeClock('2027-03-01T00:00:00Z');
    const ran: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // A process that died holding the lease of `test.orphan`, which runs out in a second.
    await acquire(
      tdb.database.db,
      'test.orphan',
      'dead',
      clock.now().toISOString(),
      new Date(clock.now().getTime() + 1000).toISOString(),
    );
    const s = createScheduler({
      db: tdb.database.db,
      clock,
      holder: 'alive',
      tickMs: 10,
      jobs: [
        // Blocked (a lock held elsewhere, an endpoint that does not answer) until the test lets it go.
        { name: 'test.stuck', everyMs: 60_000, run: () => gate.then(() => void ran.push('stuck')) },
        { name: 'test.quick', everyMs: 60_000, run: async () => void ran.push('quick') },
        { name: 'test.orphan', everyMs: 60_000, run: async () => void ran.push('orphan') },
      ],
    });
    const until = async (what: string) => {
      const deadline = Date.now() + 5000;
      while (!ran.includes(what) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      return ran.includes(what);
    };
    s.start();
    try {
      expect(await until('quick'), 'the other jobs run while one is stuck').toBe(true);
      expect(ran).not.toContain('orphan');
      clock.advance(1500);
      expect(await until('orphan'), 'the dead process’s job is taken over once its lease runs out').toBe(
        true,
      );
      expect((await holderOf(tdb.database.db, 'test.orphan'))?.holder).toBe('alive');
      // The stuck job's lease stays renewed while it runs: it is not given away, nor started twice.
      clock.advance(60_000);
      await new Promise((r) => setTimeout(r, 100));
      expect((await holderOf(tdb.database.db, 'test.stuck'))?.holder).toBe('alive');
      const running = await tdb.database.db
        .selectFrom('jobRuns')
        .select('id')
        .where('job', '=', 'test.stuck')
        .execute();
      expect(running).toHaveLength(1);
    } finally {
      release();
      await s.stop();
    }
    // Let go, it finished (and, due again on the advanced clock, may have started once more).
    expect(ran).toContain('stuck');
  });
});

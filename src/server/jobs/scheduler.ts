/**
 * The in-process scheduler. Each job runs only in the process that holds its lease row in the
 * database, so several processes behind a load balancer share the work without running a job
 * twice. Tests call `tick()` directly with a fake clock instead of waiting for timers.
 */
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Clock } from '../lib/clock';
import { newId, ulid } from '../lib/ids';
import { acquire, release } from './leases';

export interface Job {
  name: string;
  /** How often the job runs. */
  everyMs: number;
  run(): Promise<unknown>;
}

export interface SchedulerOptions {
  db: Kysely<DB>;
  clock: Clock;
  jobs: Job[];
  /** Told when a job fails; the scheduler goes on with the next tick. */
  onError?: (job: string, err: unknown) => void;
  /** This process's name in the lease table. */
  holder?: string;
  /** How often the timer looks for due jobs. */
  tickMs?: number;
  /**
   * How long a lease lasts after each tick renews it; by default two periods of the job, so a
   * slow run is not taken over mid-way. Shorter leases hand a dead process's jobs over sooner.
   */
  leaseMs?: number;
  /** Told after each run (for metrics): the job, whether it failed, and how long it took. */
  onRun?: (job: string, outcome: 'ok' | 'failed', ms: number) => void;
}

/** Runs are kept this long in job_runs, then pruned by the job's next run. */
const JOB_RUNS_KEPT_MS = 7 * 24 * 60 * 60_000;

export function createScheduler(options: SchedulerOptions) {
  const { db, clock, jobs } = options;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${ulid().slice(-6)}`;
  let timer: NodeJS.Timeout | null = null;
  /** The timer's passes under way: a pass waiting on a long run does not hold the next one back. */
  const passes = new Set<Promise<unknown>>();
  /** Jobs claimed or running in this process: a job never runs twice at once in one process. */
  const busy = new Set<string>();

  /**
   * Take or renew the job's lease (renewed even while the job runs here, so a slow run is not
   * taken over while its process lives); answers whether this process starts it now — the lease
   * is held, it is not running here already, and it is due by its last finished run in the
   * database, so a process that takes a lease over neither runs the job again within its period
   * nor waits a period after a run that died with its process. A `true` answer reserves the job.
   */
  async function claim(job: Job, now: number): Promise<boolean> {
    const leaseMs = options.leaseMs ?? 2 * job.everyMs;
    const held = await acquire(
      db,
      job.name,
      holder,
      new Date(now).toISOString(),
      new Date(now + leaseMs).toISOString(),
    );
    if (!held || busy.has(job.name)) return false;
    busy.add(job.name);
    try {
      const last = await lastFinished(job.name);
      if (last === undefined || now - last >= job.everyMs) return true;
    } catch (err) {
      busy.delete(job.name);
      throw err;
    }
    busy.delete(job.name);
    return false;
  }

  /** One run of a claimed job, recorded in job_runs and timed; answers whether the job succeeded. */
  async function runOnce(job: Job, now: number): Promise<boolean> {
    try {
      const runId = newId('run');
      const startedAt = new Date(now).toISOString();
      await db
        .insertInto('jobRuns')
        .values({
          id: runId,
          job: job.name,
          holder,
          startedAt,
          finishedAt: null,
          outcome: 'running',
          error: null,
        })
        .execute();
      const started = performance.now();
      let outcome: 'ok' | 'failed' = 'ok';
      let error: string | null = null;
      try {
        await job.run();
      } catch (err) {
        outcome = 'failed';
        error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
        options.onError?.(job.name, err);
      }
      options.onRun?.(job.name, outcome, performance.now() - started);
      const finishedAt = clock.now().toISOString();
      await db.updateTable('jobRuns').set({ finishedAt, outcome, error }).where('id', '=', runId).execute();
      await db
        .deleteFrom('jobRuns')
        .where('job', '=', job.name)
        .where('startedAt', '<', new Date(now - JOB_RUNS_KEPT_MS).toISOString())
        .execute();
      return outcome === 'ok';
    } finally {
      busy.delete(job.name);
    }
  }

  /**
   * One pass: renew or take every lease and run each job that is due here, one after the other in
   * their order (a webhook's deliveries go out in the pass that queued them); answers the names of
   * the jobs that succeeded. Tests call this with a fake clock. The timer starts a pass every
   * `tickMs` even while an earlier one still waits on a run (blocked on a lock, or on an endpoint
   * that does not answer): the new pass skips the job that is running and goes on with the others,
   * so one long run neither delays the other jobs nor keeps this process from taking over a dead
   * process's lease as soon as it expires.
   */
  async function tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of jobs) {
      const now = clock.now().getTime();
      if (!(await claim(job, now))) continue;
      if (await runOnce(job, now)) ran.push(job.name);
    }
    return ran;
  }

  /** When the job's last finished run (by any process) started, in ms; undefined if it never finished one. */
  async function lastFinished(name: string): Promise<number | undefined> {
    const row = await db
      .selectFrom('jobRuns')
      .select('startedAt')
      .where('job', '=', name)
      .where('outcome', '!=', 'running')
      .orderBy('startedAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? new Date(row.startedAt).getTime() : undefined;
  }

  return {
    holder,
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        // At most one pass per job can be waiting on a run; beyond that, passes would only pile up.
        if (passes.size > jobs.length) return;
        const pass = tick()
          .catch((err) => options.onError?.('scheduler', err))
          .finally(() => passes.delete(pass));
        passes.add(pass);
      }, options.tickMs ?? 30_000);
      timer.unref();
    },
    /** Stop the timer, wait for the runs in progress, and give the leases back. */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await Promise.allSettled([...passes]);
      const now = clock.now().toISOString();
      for (const job of jobs) await release(db, job.name, holder, now).catch(() => undefined);
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;

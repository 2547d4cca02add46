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
  let running: Promise<void> | null = null;

  /**
   * Run each job that is due and whose lease this process holds (or takes now). Every tick renews
   * the leases this process holds; a job is due by its last finished run in the database, so a
   * process that takes a lease over neither runs the job again within its period nor waits a
   * period after a run that died with its process.
   */
  async function tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of jobs) {
      const now = clock.now().getTime();
      const leaseMs = options.leaseMs ?? 2 * job.everyMs;
      const held = await acquire(
        db,
        job.name,
        holder,
        new Date(now).toISOString(),
        new Date(now + leaseMs).toISOString(),
      );
      if (!held) continue;
      const last = await lastFinished(job.name);
      if (last !== undefined && now - last < job.everyMs) continue;
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
        ran.push(job.name);
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
        if (running) return;
        running = tick()
          .then(() => undefined)
          .catch((err) => options.onError?.('scheduler', err))
          .finally(() => {
            running = null;
          });
      }, options.tickMs ?? 30_000);
      timer.unref();
    },
    /** Stop the timer, wait for a run in progress, and give the leases back. */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running;
      const now = clock.now().toISOString();
      for (const job of jobs) await release(db, job.name, holder, now).catch(() => undefined);
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;

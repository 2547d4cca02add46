/**
 * The in-process scheduler. Each job runs only in the process that holds its lease row in the
 * database, so several processes behind a load balancer share the work without running a job
 * twice. Tests call `tick()` directly with a fake clock instead of waiting for timers.
 */
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Clock } from '../lib/clock';
import { ulid } from '../lib/ids';
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
}

export function createScheduler(options: SchedulerOptions) {
  const { db, clock, jobs } = options;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${ulid().slice(-6)}`;
  const lastRun = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  /** Run each job that is due and whose lease this process holds (or takes now). */
  async function tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of jobs) {
      const now = clock.now().getTime();
      const last = lastRun.get(job.name);
      if (last !== undefined && now - last < job.everyMs) continue;
      // The lease outlives one period so that a slow run is not taken over mid-way.
      const held = await acquire(
        db,
        job.name,
        holder,
        new Date(now).toISOString(),
        new Date(now + 2 * job.everyMs).toISOString(),
      );
      if (!held) continue;
      lastRun.set(job.name, now);
      try {
        await job.run();
        ran.push(job.name);
      } catch (err) {
        options.onError?.(job.name, err);
      }
    }
    return ran;
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

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsOf } from '../../src/server/jobs/index';
import type { Services } from '../../src/server/services';
import { PASSWORD } from '../helpers/app';
import { pgUrl } from '../helpers/databases';
import { createPgDatabase, type ServerProcess, signIn, startServer } from './server-process';

if (!pgUrl)
  console.warn(
    'test/ops/processes.test.ts: skipped, set OUTPOST_TEST_DATABASE_URL to run two processes on PostgreSQL',
  );

const LEASE_MS = 3000;
/** Every job's name and period (the closures are never called here); the checkpoint's period is the default. */
const JOBS = jobsOf({ audit: { checkpoints: { everyMs: 60 * 60_000 } } } as unknown as Services).map((j) => ({
  name: j.name,
  everyMs: j.everyMs,
}));

interface Run {
  job: string;
  holder: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: string;
}

describe.skipIf(!pgUrl)('two server processes on one PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let client: pg.Client;
  let dataDir: string;
  let a: ServerProcess;
  let b: ServerProcess;
  let started: number;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ id: string; body: string }> = [];

  const env = () => ({
    DATABASE_URL: database.url,
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_SECRET: 'ops-test-secret-ops-test-secret-0123456789',
    OUTPOST_SCHEDULER: 'on',
    OUTPOST_SCHEDULER_TICK_MS: '200',
    OUTPOST_JOB_LEASE_MS: String(LEASE_MS),
    OUTPOST_WEBHOOKS_ALLOW_PRIVATE: 'true',
  });
  const runs = async () => (await client.query<Run>('select * from job_runs order by started_at')).rows;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        received.push({ id: String(req.headers['webhook-id']), body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    database = await createPgDatabase(pgUrl!);
    dataDir = mkdtempSync(path.join(tmpdir(), 'outpost-ops-'));
    started = Date.now();
    a = await startServer(env());
    b = await startServer(env());
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await a?.stop('SIGKILL');
    await b?.stop('SIGKILL');
    await client?.end();
    await database?.drop();
    receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shares sessions: signed in on one process, the session works on the other', async () => {
    const setup = await fetch(`${a.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Olga Owner', email: 'owner@example.com', password: PASSWORD }),
    });
    expect(setup.status).toBe(201);
    const s = await signIn(a.url, 'owner@example.com', PASSWORD);
    const me = await fetch(`${b.url}/api/v1/me`, { headers: { cookie: s.cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { email: 'owner@example.com' } });
    // A change made through b with a's session (CSRF token included) is seen through a.
    const created = await fetch(`${b.url}/api/v1/vendors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: JSON.stringify({ name: 'Shared Session GmbH', country: 'DE' }),
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    expect((await fetch(`${a.url}/api/v1/vendors/${id}`, { headers: { cookie: s.cookie } })).status).toBe(
      200,
    );
    // Signing out on a ends the session on b as well.
    await fetch(`${a.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect((await fetch(`${b.url}/api/v1/me`, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('delivers each webhook once, whichever process queued the event', async () => {
    const s = await signIn(b.url, 'owner@example.com', PASSWORD);
    const post = (url: string, path: string, method: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
        body: JSON.stringify(body),
      });
    const hook = await post(a.url, '/api/v1/webhooks', 'POST', {
      url: receiverUrl,
      events: ['vendor.status_changed'],
    });
    expect(hook.status, await hook.clone().text()).toBe(201);
    // Two events, one through each process.
    for (const [i, via] of [a, b].entries()) {
      const v = await post(via.url, '/api/v1/vendors', 'POST', { name: `Hook Vendor ${i}`, country: 'PL' });
      const id = ((await v.json()) as { id: string }).id;
      const moved = await post(via.url, `/api/v1/vendors/${id}`, 'PATCH', { status: 'under_review' });
      expect(moved.status).toBe(200);
    }
    const deadline = Date.now() + 30_000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // Long enough for a second delivery, were one to happen.
    await new Promise((r) => setTimeout(r, 1500));
    expect(received).toHaveLength(2);
    expect(new Set(received.map((r) => r.id)).size).toBe(2);
    const rows = (await client.query('select status, attempts from webhook_deliveries')).rows;
    expect(rows).toEqual([
      { status: 'delivered', attempts: 1 },
      { status: 'delivered', attempts: 1 },
    ]);
  });

  it('runs each scheduled job exactly once per period across both processes', async () => {
    // Long enough for the ten-second jobs to come round twice more.
    const shortest = Math.min(...JOBS.map((j) => j.everyMs));
    await new Promise((r) => setTimeout(r, Math.max(0, started + 2.3 * shortest - Date.now())));
    const all = await runs();
    for (const job of JOBS) {
      const mine = all.filter((r) => r.job === job.name);
      expect(mine.length, `${job.name} ran`).toBeGreaterThanOrEqual(1);
      expect(
        mine.every((r) => r.outcome === 'ok'),
        `${job.name} succeeded`,
      ).toBe(true);
      for (let i = 1; i < mine.length; i++) {
        const gap = mine[i]!.started_at.getTime() - mine[i - 1]!.started_at.getTime();
        expect(gap, `${job.name}: runs ${i - 1} and ${i} ${gap} ms apart`).toBeGreaterThanOrEqual(
          job.everyMs,
        );
      }
      const window = Date.now() - started;
      expect(mine.length).toBeLessThanOrEqual(Math.floor(window / job.everyMs) + 1);
    }
    // The jobs with periods of minutes or hours ran once in all.
    for (const job of JOBS.filter((j) => j.everyMs >= 60_000))
      expect(all.filter((r) => r.job === job.name)).toHaveLength(1);
  });

  it('hands a job over when its process is killed in the middle of it, once the lease expires', async () => {
    // Hold a lock that the event consumers need, so the next consumer run blocks half-way.
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table event_consumptions in access exclusive mode');
      let stuck: Run | undefined;
      const deadline = Date.now() + 30_000;
      while (!stuck && Date.now() < deadline) {
        stuck = (await runs()).find((r) => r.outcome === 'running');
        if (!stuck) await new Promise((r) => setTimeout(r, 50));
      }
      expect(stuck, 'a job blocked half-way').toBeDefined();
      const victim = (await client.query('select holder from job_leases where name = $1', [stuck!.job]))
        .rows[0].holder as string;
      const [dead, alive] = victim.includes(String(a.child.pid)) ? [a, b] : [b, a];
      expect(victim).toContain(`:${dead.child.pid}:`);
      dead.child.kill('SIGKILL');
      await dead.exited;
      const killedAt = Date.now();
      await blocker.query('commit');

      // The other process takes the lease once it has expired and runs the job at once: the
      // killed run never finished, so it does not count as the period's run.
      let picked: Run | undefined;
      while (!picked && Date.now() < killedAt + LEASE_MS + 15_000) {
        picked = (await runs()).find(
          (r) =>
            r.job === stuck!.job &&
            r.holder !== victim &&
            r.outcome === 'ok' &&
            r.started_at > stuck!.started_at,
        );
        if (!picked) await new Promise((r) => setTimeout(r, 100));
      }
      expect(picked, `${stuck!.job} picked up by the other process`).toBeDefined();
      expect(picked!.holder).toContain(`:${alive.child.pid}:`);
      expect(picked!.started_at.getTime() - killedAt).toBeLessThan(LEASE_MS + 2000);
      const leftover = (await runs()).find((r) => r.outcome === 'running' && r.holder === victim);
      expect(leftover?.job).toBe(stuck!.job);
      // Every lease now belongs to the survivor, and the hourly jobs were not run a second time.
      await new Promise((r) => setTimeout(r, 1000));
      const holders = (await client.query('select distinct holder from job_leases')).rows.map(
        (r) => r.holder,
      );
      expect(holders).toEqual([picked!.holder]);
      for (const job of JOBS.filter((j) => j.everyMs >= 60_000))
        expect((await runs()).filter((r) => r.job === job.name)).toHaveLength(1);
    } finally {
      await blocker.end().catch(() => undefined);
    }
  });

  it('stops on SIGTERM within the bound, exit code 0, giving its leases back at once', async () => {
    const survivor = a.child.exitCode === null && a.child.signalCode === null ? a : b;
    const t0 = Date.now();
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const { rows } = await client.query('select name, expires_at from job_leases');
    expect(rows.length).toBe(JOBS.length);
    for (const r of rows) expect(new Date(r.expires_at).getTime()).toBeLessThanOrEqual(Date.now());
  });
});

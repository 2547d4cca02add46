import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../helpers/app';
import { pgUrl } from '../helpers/databases';
import { createPgDatabase, type ServerProcess, signIn, startServer } from './server-process';

/*
 * PostgreSQL only. SQLite is a file opened inside the server process: there is no connection that
 * a database restart, a fail-over or an idle-session reaper could cut, so there is nothing to lose.
 */
if (!pgUrl)
  console.warn(
    'test/ops/connection-loss.test.ts: skipped, set OUTPOST_TEST_DATABASE_URL to cut PostgreSQL connections',
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DATABASE_UNAVAILABLE = 'urn:outpost:problem:database-unavailable';

interface Answer {
  what: string;
  status: number;
  type: string;
  problem?: string;
  retryAfter: string | null;
}

/** Every answer must be a success, or a 503 problem+json saying the database is unavailable. */
function unacceptable(answers: Answer[]) {
  return answers.filter(
    (a) =>
      !(a.status >= 200 && a.status < 300) &&
      !(
        a.status === 503 &&
        a.type.startsWith('application/problem+json') &&
        a.problem === DATABASE_UNAVAILABLE &&
        a.retryAfter !== null &&
        Number(a.retryAfter) > 0
      ),
  );
}

/** A TCP relay in front of PostgreSQL: `down()` refuses connections and cuts those open, as a stopped server does. */
async function relayTo(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    url(database: string) {
      const u = new URL(database);
      u.host = `127.0.0.1:${port}`;
      return u.toString();
    },
    async down() {
      const closed = new Promise<void>((r) => server!.close(() => r()));
      for (const s of sockets) s.destroy();
      await closed;
    },
    up: listen,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => (server?.listening ? server.close(() => r()) : r()));
    },
  };
}

describe.skipIf(!pgUrl)('PostgreSQL connections lost under the server', () => {
  let database: { url: string; drop(): Promise<void> };
  let dataDir: string;
  let server: ServerProcess;
  let session: { cookie: string; csrf: string };

  const env = (databaseUrl: string) => ({
    DATABASE_URL: databaseUrl,
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_SECRET: 'pool-test-secret-pool-test-secret-0123456',
    // The jobs use the pool too: run them often, so that terminations hit them as well.
    OUTPOST_SCHEDULER: 'on',
    OUTPOST_SCHEDULER_TICK_MS: '200',
  });

  async function ask(url: string, what: string, method = 'GET', body?: unknown): Promise<Answer> {
    const res = await fetch(`${url}${what}`, {
      method,
      headers: {
        cookie: session.cookie,
        ...(method !== 'GET' ? { 'x-csrf-token': session.csrf, 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    let problem: string | undefined;
    if (type.startsWith('application/problem+json')) problem = (JSON.parse(text) as { type: string }).type;
    return {
      what: `${method} ${what}`,
      status: res.status,
      type,
      problem,
      retryAfter: res.headers.get('retry-after'),
    };
  }

  /** Cut every connection the server holds to its database; answers how many were cut. */
  async function terminateBackends(): Promise<number> {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    try {
      const { rows } = await c.query(
        `select pg_terminate_backend(pid) as cut from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid()`,
      );
      return rows.filter((r) => r.cut).length;
    } finally {
      await c.end();
    }
  }

  const alive = (s: ServerProcess) => s.child.exitCode === null && s.child.signalCode === null;

  beforeAll(async () => {
    database = await createPgDatabase(pgUrl!);
    dataDir = mkdtempSync(path.join(tmpdir(), 'outpost-pool-'));
    server = await startServer(env(database.url));
    const setup = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Olga Owner', email: 'owner@example.com', password: PASSWORD }),
    });
    expect(setup.status).toBe(201);
    session = await signIn(server.url, 'owner@example.com', PASSWORD);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('survives its backends terminated during load; every request is answered 2xx or 503 problem+json', async () => {
    const answers: Answer[] = [];
    const lost: string[] = [];
    let stop = false;
    let n = 0;
    const worker = async (w: number) => {
      while (!stop) {
        const i = n++;
        const step =
          i % 4 === 0
            ? ask(server.url, '/api/v1/vendors', 'POST', { name: `Cut ${w}-${i}`, country: 'DE' })
            : i % 4 === 1
              ? ask(server.url, '/api/v1/vendors?limit=20')
              : i % 4 === 2
                ? ask(server.url, '/api/v1/me')
                : ask(server.url, '/api/v1/ready');
        try {
          answers.push(await step);
        } catch (err) {
          lost.push(`${(err as Error).message} ${String((err as { cause?: unknown }).cause ?? '')}`);
        }
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));
    let cut = 0;
    for (let round = 0; round < 6; round++) {
      await sleep(300);
      cut += await terminateBackends();
    }
    await sleep(300);
    stop = true;
    await Promise.all(workers);

    expect(cut, 'backends terminated').toBeGreaterThan(0);
    expect(alive(server), `the process died:\n${server.stderr()}`).toBe(true);
    expect(lost, 'requests without an answer').toEqual([]);
    expect(unacceptable(answers), 'answers neither 2xx nor 503 problem+json').toEqual([]);
    expect(answers.filter((a) => a.status < 300).length).toBeGreaterThan(0);

    // Afterwards everything works again, without a restart.
    const deadline = Date.now() + 10_000;
    let ready = await ask(server.url, '/api/v1/ready');
    while (ready.status !== 200 && Date.now() < deadline) {
      await sleep(100);
      ready = await ask(server.url, '/api/v1/ready');
    }
    expect(ready.status).toBe(200);
    expect((await ask(server.url, '/api/v1/me')).status).toBe(200);
    const created = await ask(server.url, '/api/v1/vendors', 'POST', {
      name: 'After the cuts',
      country: 'DE',
    });
    expect(created.status).toBe(201);
    expect(alive(server)).toBe(true);
  });

  it('answers 503 problem+json with Retry-After while the database is unreachable, and 200 when it is back', async () => {
    const relay = await relayTo(new URL(database.url));
    const second = await startServer(env(relay.url(database.url)));
    try {
      expect((await ask(second.url, '/api/v1/ready')).status).toBe(200);
      expect((await ask(second.url, '/api/v1/vendors')).status).toBe(200);

      await relay.down();
      const during = [
        await ask(second.url, '/api/v1/ready'),
        await ask(second.url, '/api/v1/health'),
        await ask(second.url, '/api/v1/vendors'),
        await ask(second.url, '/api/v1/me'),
        await ask(second.url, '/api/v1/vendors', 'POST', { name: 'While down', country: 'DE' }),
      ];
      for (const a of during) {
        expect(a, a.what).toMatchObject({ status: 503, problem: DATABASE_UNAVAILABLE });
        expect(a.type, a.what).toMatch(/^application\/problem\+json/);
        expect(Number(a.retryAfter), a.what).toBeGreaterThan(0);
      }
      expect(alive(second), `the process died:\n${second.stderr()}`).toBe(true);

      await relay.up();
      const deadline = Date.now() + 10_000;
      let ready = await ask(second.url, '/api/v1/ready');
      while (ready.status !== 200 && Date.now() < deadline) {
        await sleep(100);
        ready = await ask(second.url, '/api/v1/ready');
      }
      expect(ready.status).toBe(200);
      expect((await ask(second.url, '/api/v1/vendors')).status).toBe(200);
      const created = await ask(second.url, '/api/v1/vendors', 'POST', { name: 'Back again', country: 'DE' });
      expect(created.status).toBe(201);
      expect(alive(second)).toBe(true);
    } finally {
      await second.stop('SIGKILL');
      await relay.close();
    }
  });
});

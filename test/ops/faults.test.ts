import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/server/db/database';
import { QUALITY_SOW, SERVICE_DESK } from '../api/quality-fixture';
import { PASSWORD } from '../helpers/app';
import { dialects, pgUrl } from '../helpers/databases';
import { createPgDatabase, type ServerProcess, signIn, startServer } from './server-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGKILL in the middle of a write, restart, and check that the write is all there or not at all
 * and that the audit trail still verifies. On PostgreSQL the test holds the audit chain's head row
 * locked, so the server's transaction stops after its own rows are written and before it commits:
 * the kill lands provably mid-transaction. On SQLite the test watches for the server's open write
 * transaction (another connection cannot start one) and kills while it is open.
 */
describe.each(dialects)('SIGKILL during writes on %s', (dialect: Dialect) => {
  let dataDir: string;
  let database: { url: string; drop(): Promise<void> } | undefined;
  let server: ServerProcess;
  let session: { cookie: string; csrf: string };

  const env = () => ({
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_SECRET: 'fault-test-secret-fault-test-secret-01234',
    OUTPOST_SCHEDULER: 'off',
    // The import parses on its thread from the first byte: the built server's import-worker.mjs.
    OUTPOST_IMPORT_THREAD_AFTER_KB: '0',
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const call = async (method: string, url: string, body?: unknown, raw?: { text: string; type: string }) => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: {
        cookie: session.cookie,
        ...(method !== 'GET' ? { 'x-csrf-token': session.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(raw ? { 'content-type': raw.type } : {}),
      },
      body: raw ? raw.text : body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, text, body: text ? JSON.parse(text) : undefined };
  };

  /** Run `sqlFn` against the same database the server uses. */
  async function query<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    if (database) {
      const c = new pg.Client({ connectionString: database.url });
      await c.connect();
      try {
        return (await c.query(text, params)).rows as T[];
      } finally {
        await c.end();
      }
    }
    const db = new SQLite(path.join(dataDir, 'outpost.sqlite'), { readonly: true });
    try {
      return db.prepare(text.replace(/\$\d+/g, '?')).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  /**
   * Hold the write that the server's transaction will need last; answers a function that waits
   * until the server is blocked inside its transaction, and one that lets go.
   */
  async function holdWrites(written: string) {
    if (database) {
      const c = new pg.Client({ connectionString: database.url });
      await c.connect();
      await c.query('begin');
      await c.query('select * from audit_head for update');
      return {
        async waitBlocked() {
          for (let i = 0; i < 600; i++) {
            // Blocked on a lock, and holding a write lock on the table it has already written to.
            const { rows } = await c.query(
              `select count(*)::int as n from pg_stat_activity a
               where a.datname = current_database() and a.pid <> pg_backend_pid()
                 and a.wait_event_type = 'Lock'
                 and exists (select 1 from pg_locks l join pg_class r on r.oid = l.relation
                             where l.pid = a.pid and r.relname = $1 and l.mode = 'RowExclusiveLock')`,
              [written],
            );
            if (rows[0].n > 0) return;
            await sleep(50);
          }
          const { rows } = await c.query(
            `select state, wait_event_type, wait_event, left(query, 120) as query from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid()`,
          );
          throw new Error(`the server never blocked inside its transaction: ${JSON.stringify(rows)}`);
        },
        async release() {
          await c.query('rollback').catch(() => undefined);
          await c.end();
        },
      };
    }
    // SQLite: a transaction cannot be paused from outside (a writer that finds the lock taken
    // fails at once rather than wait, when its transaction began with a read), so the test watches
    // for the server's open write transaction — another connection cannot begin one — and kills then.
    return {
      async waitBlocked() {
        const probe = new SQLite(path.join(dataDir, 'outpost.sqlite'), { timeout: 0 });
        try {
          for (let i = 0; i < 20_000; i++) {
            try {
              probe.exec('begin immediate');
              probe.exec('rollback');
            } catch (err) {
              if ((err as { code?: string }).code === 'SQLITE_BUSY') return;
              throw err;
            }
            await sleep(1);
          }
        } finally {
          probe.close();
        }
        throw new Error('the server never opened its write transaction');
      },
      async release() {},
    };
  }

  /** Wait until the server is stuck inside its transaction; fail with its answer if it answered instead. */
  async function blockedOrAnswered(
    hold: { waitBlocked(): Promise<void> },
    answer: Promise<{ status: number; text: string }>,
  ) {
    const answered = answer.then(
      (r) => {
        throw new Error(`the server answered before it could be killed: ${r.status} ${r.text.slice(0, 300)}`);
      },
      () => new Promise<never>(() => undefined), // the connection dies with the process: expected
    );
    await Promise.race([hold.waitBlocked(), answered]);
  }

  async function killAndRestart() {
    server.child.kill('SIGKILL');
    expect(await server.exited).toBe(null);
    server = await startServer(env());
  }

  async function auditVerifies() {
    const v = await call('GET', '/api/v1/audit-events/verify');
    expect(v.status, v.text).toBe(200);
    expect(v.body).toMatchObject({ ok: true });
  }

  let engagementId: string;
  let kpiId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'outpost-faults-'));
    if (dialect === 'postgres') database = await createPgDatabase(pgUrl!);
    server = await startServer(env());
    const setup = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Olga Owner', email: 'owner@example.com', password: PASSWORD }),
    });
    expect(setup.status).toBe(201);
    session = await signIn(server.url, 'owner@example.com', PASSWORD);
    const vendor = await call('POST', '/api/v1/vendors', { name: 'Kill Nine Ltd', country: 'DE' });
    const e = await call('POST', '/api/v1/engagements', {
      vendorId: vendor.body.id,
      title: 'Service desk',
      ...SERVICE_DESK,
    });
    expect(e.status, e.text).toBe(201);
    engagementId = e.body.id;
    expect((await call('PUT', `/api/v1/engagements/${engagementId}/sow`, QUALITY_SOW)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // SQLite's approval transaction lasts well under a millisecond and cannot be paused from outside.
  it.skipIf(dialect === 'sqlite')(
    'an SOW approval killed half-way leaves the version a draft; approving again works',
    async () => {
      session = await signIn(server.url, 'owner@example.com', PASSWORD);
      const hold = await holdWrites('sow_versions');
      try {
        const answer = call('POST', `/api/v1/engagements/${engagementId}/sow/approve`);
        await blockedOrAnswered(hold, answer);
        await killAndRestart();
      } finally {
        await hold.release();
      }
      const sow = await call('GET', `/api/v1/engagements/${engagementId}/sow/versions`);
      expect(sow.status, sow.text).toBe(200);
      expect(sow.body.items.map((v: { status: string }) => v.status)).toEqual(['draft']);
      await auditVerifies();
      const approved = await call('POST', `/api/v1/engagements/${engagementId}/sow/approve`);
      expect(approved.status, approved.text).toBe(200);
      kpiId = approved.body.kpis.find((k: { name: string }) => k.name === 'Average speed of answer').id;
      await auditVerifies();
    },
  );

  it('a CSV import killed half-way leaves no measurement behind; the same import then goes in whole', async () => {
    if (!kpiId) {
      const approved = await call('POST', `/api/v1/engagements/${engagementId}/sow/approve`);
      expect(approved.status, approved.text).toBe(200);
      kpiId = approved.body.kpis.find((k: { name: string }) => k.name === 'Average speed of answer').id;
    }
    // Large enough that the insert transaction stays open for a while on SQLite.
    const rows = dialect === 'sqlite' ? 100_000 : 5_000;
    const lines = ['engagement,kpi,at,value'];
    for (let i = 0; i < rows; i++) {
      const at = new Date(Date.UTC(2027, 2, 1) + i * 60_000).toISOString();
      lines.push(`${engagementId},${kpiId},${at},${(i % 50) + 1}`);
    }
    const csv = { text: `${lines.join('\n')}\n`, type: 'text/csv' };
    const count = async () =>
      Number(
        (
          await query<{ n: number | string }>(
            'select count(*) as n from measurements where engagement_id = $1',
            [engagementId],
          )
        )[0]!.n,
      );

    session = await signIn(server.url, 'owner@example.com', PASSWORD);
    const hold = await holdWrites('measurements');
    try {
      const answer = call('POST', '/api/v1/measurements/import', undefined, csv);
      await blockedOrAnswered(hold, answer);
      await killAndRestart();
    } finally {
      await hold.release();
    }
    expect(await count()).toBe(0);
    await auditVerifies();

    const again = await call('POST', '/api/v1/measurements/import', undefined, csv);
    expect(again.status, again.text).toBe(201);
    expect(again.body).toEqual({ inserted: rows });
    expect(await count()).toBe(rows);
    await auditVerifies();
  });
});

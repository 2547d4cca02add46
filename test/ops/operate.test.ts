import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { ConfigError, loadConfig } from '../../src/server/config';
import { loggerOptions } from '../../src/server/plugins/security';
import { createTestApp, type TestApp } from '../helpers/app';
import { createTestDatabase, dialects } from '../helpers/databases';

const TOKEN = 'metrics-token-0123456789abcdef';

describe.each(dialects)('operations endpoints on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { OUTPOST_METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => t?.close());

  it('answers ready when the database answers and every migration has run, and 503 when one has not', async () => {
    const ready = await t.call('GET', '/api/v1/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', database: dialect, migrations: { unknown: [] } });
    expect(ready.body.migrations.applied).toBeGreaterThan(10);

    // Forget one migration: the schema is not current any more.
    const db = t.db.database.db;
    const name = '2026-11-30T0800-operate';
    await sql`delete from kysely_migration where name = ${name}`.execute(db);
    try {
      const notReady = await t.call('GET', '/api/v1/ready');
      expect(notReady.status).toBe(503);
      expect(notReady.headers['content-type']).toContain('application/problem+json');
      expect(notReady.body.detail).toContain(name);
      // Health says alive all the same: the process is up, it should just not take traffic.
      expect((await t.call('GET', '/api/v1/health')).status).toBe(200);
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(
        db,
      );
    }
    expect((await t.call('GET', '/api/v1/ready')).status).toBe(200);
  });

  it('serves Prometheus metrics to the token only: requests by route pattern and status, pool, jobs, backlog', async () => {
    const owner = await t.owner();
    const v = await t.vendor();
    await t.call('GET', `/api/v1/vendors/${v.id}`, { as: owner });
    await t.call('GET', '/api/v1/vendors/vnd_nope', { as: owner });

    expect((await t.call('GET', '/metrics')).status).toBe(401);
    const wrong = await t.call('GET', '/metrics', {
      headers: { authorization: 'Bearer nope-nope-nope-nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('Bearer');

    const res = await t.call('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    const text = res.text;
    expect(text).toContain('# TYPE outpost_http_requests_total counter');
    expect(text).toMatch(
      /outpost_http_requests_total\{method="GET",route="\/api\/v1\/vendors\/:id",status="200"\} 1\n/,
    );
    expect(text).toMatch(
      /outpost_http_requests_total\{method="GET",route="\/api\/v1\/vendors\/:id",status="404"\} 1\n/,
    );
    expect(text).toMatch(
      /outpost_http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1\/vendors\/:id",status="200",le="\+Inf"\} 1\n/,
    );
    expect(text).toMatch(
      /outpost_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/vendors",status="201"\} 1\n/,
    );
    expect(text).toContain(`outpost_db_info{dialect="${dialect}"} 1`);
    expect(text).toMatch(/outpost_db_pool_connections\{state="total"\} \d+/);
    if (dialect === 'postgres') expect(text).toMatch(/outpost_db_pool_connections\{state="waiting"\} 0/);
    expect(text).toContain('outpost_webhook_backlog 0');
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    // Every sample line is `name{labels} value` or `name value`.
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#')))
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? [-+\d.e]+(Inf)?$/);
  });

  it('has no /metrics at all when no token is configured', async () => {
    const plain = await createTestApp(dialect);
    try {
      const res = await plain.call('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('job metrics and structured logs', () => {
  it('counts job runs and failures per job, and every request log line carries the request id', async () => {
    const tdb = await createTestDatabase('sqlite');
    const lines: any[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    const config = loadConfig(
      {
        OUTPOST_DATA_DIR: tdb.dataDir,
        OUTPOST_WEB_DIR: '/nonexistent',
        OUTPOST_METRICS_TOKEN: TOKEN,
        OUTPOST_SCHEDULER: 'on',
        OUTPOST_SCHEDULER_TICK_MS: '100',
      } as NodeJS.ProcessEnv,
      { secret: 'test-secret-test-secret-test-secret-1234' },
    );
    const app = await buildApp(config, {
      database: tdb.database,
      logger: { ...loggerOptions('info'), stream },
    });
    try {
      await app.ready();
      // The scheduler's first tick runs every job once.
      await expect
        .poll(
          async () => {
            const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
            return res.body;
          },
          { timeout: 20_000, interval: 200 },
        )
        .toMatch(/outpost_job_runs_total\{job="sla\.close"\} 1\n/);
      const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.body).toMatch(/outpost_job_failures_total\{job="sla\.close"\} 0\n/);
      const runs = await tdb.database.db
        .selectFrom('jobRuns')
        .selectAll()
        .where('job', '=', 'sla.close')
        .execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ outcome: 'ok', finishedAt: expect.any(String) });

      lines.length = 0;
      await app.inject({ url: '/api/v1/health', headers: { 'x-request-id': 'trace-abc-123' } });
      await app.inject({ url: '/api/v1/vendors' });
      const requestLines = lines.filter((l) => l.req || l.res || l.responseTime !== undefined);
      expect(requestLines.length).toBeGreaterThanOrEqual(4);
      for (const l of requestLines) {
        expect(l.reqId).toMatch(/^(trace-abc-123|req_[0-9A-Z]{26})$/);
        expect(typeof l.time).toBe('number');
        expect(typeof l.level).toBe('number');
      }
      expect(requestLines.filter((l) => l.reqId === 'trace-abc-123')).toHaveLength(2);
    } finally {
      await app.close();
      await tdb.cleanup();
    }
  });
});

describe('configuration at start-up', () => {
  it('names every bad variable on a line of its own', () => {
    let message = '';
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        OUTPOST_METRICS_TOKEN: 'short',
        OUTPOST_SCHEDULER_TICK_MS: '5',
        OUTPOST_JOB_LEASE_MS: 'soon',
        OUTPOST_FILE_KEYS: 'k1:c2hvcnQ=',
        OUTPOST_DATA_DIR: '/tmp',
        OUTPOST_SECRET: 'x'.repeat(40),
      } as NodeJS.ProcessEnv);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    for (const name of [
      'OUTPOST_FILE_KEYS',
      'PORT',
      'DATABASE_URL',
      'OUTPOST_METRICS_TOKEN',
      'OUTPOST_SCHEDULER_TICK_MS',
      'OUTPOST_JOB_LEASE_MS',
    ])
      expect(lines.filter((l) => l.startsWith(`  ${name}: `))).toHaveLength(1);
    // A malformed key list is found at start-up, not at the first upload.
    expect(lines).toContain('  OUTPOST_FILE_KEYS: File key "k1" must be 32 bytes in base64.');
    expect(lines).toHaveLength(7);
  });

  it('reads the operations settings', () => {
    const c = loadConfig({
      OUTPOST_DATA_DIR: '/tmp',
      OUTPOST_SECRET: 'x'.repeat(40),
      OUTPOST_METRICS_TOKEN: TOKEN,
      OUTPOST_SCHEDULER_TICK_MS: '250',
      OUTPOST_JOB_LEASE_MS: '3000',
    } as NodeJS.ProcessEnv);
    expect(c).toMatchObject({ metricsToken: TOKEN, schedulerTickMs: 250, jobLeaseMs: 3000 });
    const d = loadConfig({ OUTPOST_DATA_DIR: '/tmp', OUTPOST_SECRET: 'x'.repeat(40) } as NodeJS.ProcessEnv);
    expect(d).toMatchObject({ metricsToken: null, schedulerTickMs: 30_000, jobLeaseMs: null });
  });

  it('reads where and how often audit checkpoints are written, and names a bad value', () => {
    const base = { OUTPOST_DATA_DIR: '/tmp/outpost-data', OUTPOST_SECRET: 'x'.repeat(40) };
    expect(loadConfig(base as NodeJS.ProcessEnv)).toMatchObject({
      auditCheckpointFile: '/tmp/outpost-data/audit-checkpoints.jsonl',
      auditCheckpointEveryMs: 60 * 60_000,
    });
    expect(
      loadConfig({
        ...base,
        OUTPOST_AUDIT_CHECKPOINT_FILE: '/mnt/worm/outpost/checkpoints.jsonl',
        OUTPOST_AUDIT_CHECKPOINT_MINUTES: '5',
      } as NodeJS.ProcessEnv),
    ).toMatchObject({
      auditCheckpointFile: '/mnt/worm/outpost/checkpoints.jsonl',
      auditCheckpointEveryMs: 300_000,
    });
    for (const minutes of ['0', '1.5', 'hourly', '10081'])
      expect(() =>
        loadConfig({ ...base, OUTPOST_AUDIT_CHECKPOINT_MINUTES: minutes } as NodeJS.ProcessEnv),
      ).toThrow(/ {2}OUTPOST_AUDIT_CHECKPOINT_MINUTES: /);
  });
});

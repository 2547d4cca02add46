/**
 * `npm run soak -- --minutes 5 --clients 50 [--database-url postgres://…]`: a bounded soak run on
 * loopback. A real server (bench/server.ts, its own process) on a small generated data set;
 * `clients` concurrent clients mix reads (vendor list, engagement, SLA, portfolio) and writes
 * (create a vendor, post a batch of measurements). Reports errors and latency per 30-second
 * window; exits non-zero when any request failed. Not part of `npm test`.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import pg from 'pg';
import { createDatabase } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { mulberry32 } from '../src/server/demo/prng';
import { generate } from './data';
import { startBenchServer } from './server-process';

const o = new Command('soak')
  .option('--minutes <n>', 'how long', Number, 5)
  .option('--clients <n>', 'concurrent clients', Number, 50)
  .option('--window <seconds>', 'report window', Number, 30)
  .option('--database-url <url>', 'postgres://… (default: SQLite in a temporary folder)')
  .parse()
  .opts<{ minutes: number; clients: number; window: number; databaseUrl?: string }>();

interface Window {
  start: number;
  ok: number;
  errors: number;
  reads: number[];
  writes: number[];
  samples: string[];
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};

const dataDir = mkdtempSync(path.join(tmpdir(), 'outpost-soak-'));
const pgUrl = o.databaseUrl;
const schema = pgUrl ? `soak_${Date.now().toString(36)}` : undefined;
let child: ChildProcess | undefined;
let failed = 0;
try {
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  const database = createDatabase({ databaseUrl: pgUrl ?? null, dataDir, pgSchema: schema });
  await migrateToLatest(database.db);
  const data = await generate(database, {
    vendors: 200,
    engagements: 100,
    months: 2,
    perKpiDay: 2,
    seed: 7,
  });
  // The KPIs of the sampled engagements, for posting measurements.
  const sows = await database.db
    .selectFrom('sowVersions')
    .select(['engagementId', 'document'])
    .where('engagementId', 'in', data.sample.engagementIds)
    .execute();
  await database.destroy();
  const kpis = sows.map((s) => ({
    engagementId: s.engagementId,
    kpis: (JSON.parse(s.document).kpis as Array<{ id: string; aggregation: string }>).map((k) => k),
  }));

  const server = await startBenchServer({
    BENCH_DATA_DIR: dataDir,
    BENCH_DATABASE_URL: pgUrl ?? '',
    BENCH_PG_SCHEMA: schema ?? '',
  });
  child = server.child;
  const base = `http://127.0.0.1:${server.port}/api/v1`;
  const headers = { authorization: `Bearer ${data.token}`, 'content-type': 'application/json' };
  console.log(
    `Soak: ${o.clients} clients for ${o.minutes} min on ${pgUrl ? 'PostgreSQL' : 'SQLite'}, windows of ${o.window} s`,
  );
  console.log('| window | requests | errors | read p50 / p95 / p99 | write p50 / p95 / p99 |');
  console.log('| --- | ---: | ---: | ---: | ---: |');

  const started = Date.now();
  const endAt = started + o.minutes * 60_000;
  const windows: Window[] = [];
  const current = () => {
    const idx = Math.floor((Date.now() - started) / (o.window * 1000));
    while (windows.length <= idx)
      windows.push({
        start: windows.length * o.window,
        ok: 0,
        errors: 0,
        reads: [],
        writes: [],
        samples: [],
      });
    return windows[idx]!;
  };
  let reported = 0;
  const report = (upTo: number) => {
    for (; reported < upTo; reported++) {
      const w = windows[reported];
      if (!w) continue;
      console.log(
        `| ${w.start}–${w.start + o.window} s | ${w.ok + w.errors} | ${w.errors} | ` +
          `${pct(w.reads, 50)} / ${pct(w.reads, 95)} / ${pct(w.reads, 99)} ms | ` +
          `${pct(w.writes, 50)} / ${pct(w.writes, 95)} / ${pct(w.writes, 99)} ms |`,
      );
      for (const s of w.samples) console.log(`    error: ${s}`);
    }
  };
  const ticker = setInterval(() => report(Math.floor((Date.now() - started) / (o.window * 1000))), 1000);

  let seq = 0;
  async function one(rng: ReturnType<typeof mulberry32>, client: number) {
    const roll = rng.next();
    const e = rng.pick(kpis);
    let method = 'GET';
    let url: string;
    let body: string | undefined;
    let write = false;
    if (roll < 0.3) url = `${base}/vendors?country=${rng.pick(data.sample.countries)}&sort=name`;
    else if (roll < 0.5) url = `${base}/engagements/${e.engagementId}`;
    else if (roll < 0.65) url = `${base}/engagements/${e.engagementId}/sla?period=${data.lastMonth}`;
    else if (roll < 0.7) url = `${base}/quality/portfolio?period=${data.closedMonths.at(-1)}`;
    else if (roll < 0.8) {
      write = true;
      method = 'POST';
      url = `${base}/vendors`;
      body = JSON.stringify({
        name: `Soak vendor ${client}-${++seq}`,
        country: rng.pick(data.sample.countries),
      });
    } else {
      write = true;
      method = 'POST';
      url = `${base}/engagements/${e.engagementId}/measurements`;
      const at = Date.parse(`${data.lastMonth}-10T00:00:00Z`) + rng.int(0, 10 * 86_400_000);
      body = JSON.stringify({
        items: Array.from({ length: 20 }, (_, i) => {
          const k = e.kpis[i % e.kpis.length]!;
          const when = new Date(at + i * 60_000).toISOString();
          return k.aggregation === 'ratio'
            ? { kpiId: k.id, at: when, numerator: rng.int(60, 100), denominator: 100 }
            : { kpiId: k.id, at: when, value: rng.int(1, 90) };
        }),
      });
    }
    const t0 = performance.now();
    let problem: string | null = null;
    try {
      const res = await fetch(url, {
        method,
        headers: body ? headers : { authorization: headers.authorization },
        body,
      });
      const text = await res.text();
      if (res.status >= 400)
        problem = `${method} ${url.replace(base, '')} → ${res.status} ${text.slice(0, 200)}`;
    } catch (err) {
      problem = `${method} ${url.replace(base, '')} → ${(err as Error).message}`;
    }
    const ms = performance.now() - t0;
    const w = current();
    if (problem) {
      w.errors++;
      failed++;
      if (w.samples.length < 3) w.samples.push(problem);
    } else {
      w.ok++;
      (write ? w.writes : w.reads).push(ms);
    }
  }

  await Promise.all(
    Array.from({ length: o.clients }, async (_, c) => {
      const rng = mulberry32(1000 + c);
      while (Date.now() < endAt) await one(rng, c);
    }),
  );
  clearInterval(ticker);
  report(windows.length);
  const all = windows.reduce((n, w) => n + w.ok + w.errors, 0);
  console.log(`\n${all.toLocaleString('en')} requests, ${failed} errors${failed ? ' ✗' : ' ✓'}`);
} finally {
  if (child && child.exitCode === null) {
    const done = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
  if (pgUrl && schema) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
}
process.exitCode = failed ? 1 : 0;

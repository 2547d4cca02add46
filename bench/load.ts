/**
 * API latency under concurrent load (autocannon) on a generated data set, each route next to its
 * limits measured in the same run: a bare Fastify route returning a constant, and the same
 * queries through the driver alone behind the same kind of bare route. Also the server's RSS at
 * rest and under load. Used by run.ts; the server runs in a child process (bench/server.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createDatabase } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { type DataSummary, generate } from './data';
import { startBenchServer } from './server-process';

export interface LoadSize {
  vendors: number;
  engagements: number;
  months: number;
  perKpiDay: number;
  seed: number;
  connections: number;
  seconds: number;
}

const env = (name: string, fallback: number) => {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number(v);
};

/** The size of the load run: small by default (a few minutes here), the issue's size by env. */
export function loadSize(): LoadSize {
  return {
    vendors: env('OUTPOST_BENCH_VENDORS', 1000),
    engagements: env('OUTPOST_BENCH_ENGAGEMENTS', 1000),
    months: env('OUTPOST_BENCH_MONTHS', 2),
    perKpiDay: env('OUTPOST_BENCH_PER_KPI_DAY', 2),
    seed: env('OUTPOST_BENCH_SEED', 1),
    connections: env('OUTPOST_BENCH_CONNECTIONS', 50),
    seconds: env('OUTPOST_BENCH_SECONDS', 5),
  };
}

export interface Latency {
  what: string;
  path: string;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: number;
}

export interface LoadFigure {
  what: string;
  target: string;
  api: Latency;
  /** The same queries through the driver alone, behind a bare route. */
  raw: Latency;
  /** p95 of the API over p95 of the raw queries: the overhead of the app. */
  ratio: number;
  met: boolean | null;
}

export interface LoadResult {
  size: LoadSize;
  rows: Record<string, number>;
  generateSeconds: number;
  bare: Latency;
  figures: LoadFigure[];
  rss: { atRestMiB: number; underLoadMiB: number; target: string; met: boolean };
}

function rssMiB(pid: number) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

async function cannon(
  what: string,
  port: number,
  paths: string[],
  size: LoadSize,
  headers: Record<string, string> = {},
): Promise<Latency> {
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: size.connections,
    duration: size.seconds,
    headers,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  return {
    what,
    path: paths[0]!,
    p50: result.latency.p50,
    p95: percentile95(result),
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** autocannon reports p90 and p97.5, not p95: interpolate between them. */
function percentile95(r: autocannon.Result) {
  const { p90, p97_5 } = r.latency;
  return Math.round((p90 + ((95 - 90) / (97.5 - 90)) * (p97_5 - p90)) * 10) / 10;
}

/** The app and the limits each in a process of their own, so the app's RSS is the app's alone. */
async function startServers(envVars: Record<string, string>, children: ChildProcess[]) {
  const start = async (role: 'app' | 'limits') => {
    const started = await startBenchServer({ ...envVars, BENCH_ROLE: role });
    children.push(started.child);
    return started;
  };
  const app = await start('app');
  const limits = await start('limits');
  return { child: app.child, ports: { app: app.port, bare: limits.port } };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Generate the data set, start the server, and load each route and its limits in turn. */
export async function runLoad(pgUrl: string | undefined, log: (l: string) => void): Promise<LoadResult> {
  const size = loadSize();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'outpost-bench-load-'));
  const schema = pgUrl ? `bench_load_${Date.now().toString(36)}` : undefined;
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  const children: ChildProcess[] = [];
  try {
    const database = createDatabase({ databaseUrl: pgUrl ?? null, dataDir, pgSchema: schema });
    await migrateToLatest(database.db);
    log(
      `  generating ${size.vendors} vendors, ${size.engagements} engagements, ${size.months} months × ${size.perKpiDay} per KPI-day (seed ${size.seed})`,
    );
    const t0 = performance.now();
    let data: DataSummary;
    try {
      data = await generate(database, { ...size, log: (l) => log(`  ${l}`) });
    } finally {
      await database.destroy();
    }
    const generateSeconds = Math.round((performance.now() - t0) / 100) / 10;

    const server = await startServers(
      {
        BENCH_DATA_DIR: dataDir,
        BENCH_DATABASE_URL: pgUrl ?? '',
        BENCH_PG_SCHEMA: schema ?? '',
      },
      children,
    );
    const pid = server.child.pid!;
    const auth = { authorization: `Bearer ${data.token}` };
    const ids = data.sample.engagementIds;
    const countries = data.sample.countries;
    const month = data.lastMonth;
    const closed = data.closedMonths.at(-1) ?? month;
    const last4 = [...data.closedMonths.slice(-4)];
    while (last4.length < 4) last4.unshift(last4[0] ?? closed);

    // Warm both apps (JIT, statement caches) before measuring; the RSS at rest is after warm-up.
    const warm = { ...size, seconds: 1, connections: 4 };
    await cannon('warm', server.ports.app, ['/api/v1/vendors?sort=name'], warm, auth);
    await cannon('warm', server.ports.bare, ['/const'], warm);
    const atRest = rssMiB(pid);
    let peak = atRest;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssMiB(pid));
      } catch {}
    }, 200);

    log('  bare route (constant)');
    const bareLatency = await cannon('bare route returning a constant', server.ports.bare, ['/const'], size);
    const routes = [
      {
        what: `vendor list, country filter, sorted by name (${size.connections} concurrent)`,
        target: 'p95 ≤ 25 ms',
        limitMs: 25,
        api: countries.map((c) => `/api/v1/vendors?country=${c}&sort=name`),
        raw: countries.map((c) => `/raw/vendors?country=${c}`),
      },
      {
        what: 'engagement page',
        target: '',
        limitMs: null,
        api: ids.map((id) => `/api/v1/engagements/${id}`),
        raw: ids.map((id) => `/raw/engagement?id=${id}`),
      },
      {
        what: `SLA evaluation of the open month (${month})`,
        target: '',
        limitMs: null,
        api: ids.map((id) => `/api/v1/engagements/${id}/sla?period=${month}`),
        raw: ids.map((id) => {
          const start = new Date(Date.parse(`${month}-01T00:00:00Z`) - 3_600_000).toISOString();
          const next = new Date(Date.parse(`${month}-01T00:00:00Z`));
          next.setUTCMonth(next.getUTCMonth() + 1);
          const end = new Date(next.getTime() - 7_200_000).toISOString();
          return `/raw/sla?id=${id}&start=${start}&end=${end}`;
        }),
      },
      {
        what: `portfolio dashboard (GET /api/v1/quality/portfolio, ${closed})`,
        target: 'p95 ≤ 300 ms',
        limitMs: 300,
        api: [`/api/v1/quality/portfolio?period=${closed}`],
        raw: [`/raw/portfolio?period=${closed}&periods=${last4.join(',')}`],
      },
    ];
    const figures: LoadFigure[] = [];
    for (const r of routes) {
      log(`  ${r.what}`);
      const api = await cannon(r.what, server.ports.app, r.api, size, auth);
      const raw = await cannon(`${r.what}: driver alone`, server.ports.bare, r.raw, size);
      figures.push({
        what: r.what,
        target: r.target ? `${r.target}; overhead ≤ 3×` : 'overhead ≤ 3×',
        api,
        raw,
        ratio: round(api.p95 / Math.max(raw.p95, 0.1)),
        met:
          api.errors === 0 &&
          api.non2xx === 0 &&
          (r.limitMs === null || api.p95 <= r.limitMs) &&
          api.p95 / Math.max(raw.p95, 0.1) <= 3,
      });
    }
    clearInterval(sampler);
    return {
      size,
      rows: data.rows,
      generateSeconds,
      bare: bareLatency,
      figures,
      rss: { atRestMiB: atRest, underLoadMiB: peak, target: '≤ 250 MB under load', met: peak <= 250 },
    };
  } finally {
    for (const c of children) await stop(c);
    rmSync(dataDir, { recursive: true, force: true });
    if (pgUrl && schema) {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  }
}

/** The load table, in Markdown. */
export function printLoad(title: string, r: LoadResult) {
  console.log(`\n${title}`);
  console.log(
    `Data: ${Object.entries(r.rows)
      .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
      .join(
        ', ',
      )} (generated in ${r.generateSeconds} s); ${r.size.connections} connections, ${r.size.seconds} s per route`,
  );
  console.log(
    `Bare route returning a constant: p50 ${r.bare.p50} ms, p95 ${r.bare.p95} ms, p99 ${r.bare.p99} ms, ${r.bare.rps.toLocaleString('en')} req/s`,
  );
  console.log(
    '| route | p50 | p95 | p99 | req/s | errors | driver alone p50 / p95 (limit) | ratio p95 | target |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const f of r.figures)
    console.log(
      `| ${f.what} | ${f.api.p50} ms | ${f.api.p95} ms | ${f.api.p99} ms | ${f.api.rps} | ${f.api.errors + f.api.non2xx} | ` +
        `${f.raw.p50} / ${f.raw.p95} ms | ${f.ratio.toFixed(2)}× | ${f.target} ${f.met ? '✓' : '✗'} |`,
    );
  console.log(
    `Server RSS: ${r.rss.atRestMiB} MiB at rest, ${r.rss.underLoadMiB} MiB under load (target ${r.rss.target} ${r.rss.met ? '✓' : '✗'})`,
  );
}

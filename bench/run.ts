/**
 * `npm run bench`: the quality capability's speed targets, each next to the raw speed of the
 * same work done directly through the database driver (the limit on this machine). Writes JSON
 * to bench/results/. Not a test: it asserts nothing and runs for a minute or two.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { tuneHeapForServing } from '../src/server/lib/heap';
import { printLoad, runLoad } from './load';
import { benchScreening, printScreening } from './screening';
import { ACTOR, engagementWithKpis, MONTH, measurementCsv, openWorld, portfolio, type World } from './setup';
import { measureWebBundle, printWebBundle } from './web-bundle';

const root = path.join(import.meta.dirname, '..');
const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(fn: () => Promise<unknown> | unknown, runs = RUNS) {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

interface Figure {
  what: string;
  value: number;
  unit: 'ms' | 'rows/s';
  target: string;
  limit: number;
  /** value ÷ limit for times, limit ÷ value for rates: 1 means as fast as the raw driver. */
  ratio: number;
  met: boolean;
}

/** Run a SQL text through the driver itself (no Kysely, no service). */
function rawRunner(world: World, pool: pg.Pool | null) {
  return async (text: string, params: unknown[]) => {
    if (world.dialect === 'sqlite') return world.database.sqlite!.prepare(text).all(...params);
    let i = 0;
    return (
      await pool!.query(
        text.replace(/\?/g, () => `$${++i}`),
        params,
      )
    ).rows;
  };
}

async function bench(
  world: World,
  pgUrl: string | undefined,
  rows: number,
): Promise<{ figures: Figure[]; data: object }> {
  const { services } = world;
  const pool = pgUrl
    ? new pg.Pool({ connectionString: pgUrl, options: `-c search_path=${await schemaOf(world)}` })
    : null;
  const raw = rawRunner(world, pool);
  const vendor = await services.vendors.create(ACTOR, { name: 'Bench Care', country: 'PH' } as never);
  const e = await engagementWithKpis(services, vendor.id);
  const figures: Figure[] = [];

  // CSV import through the service, and the raw insert loop into the same table. The file is made
  // first and handed over as bytes, as an upload arrives, so its generation is not timed.
  const csvChunks: Buffer[] = [];
  for await (const chunk of measurementCsv(e.id, e.kpis, rows)) csvChunks.push(Buffer.from(chunk as string));
  const t0 = performance.now();
  const { inserted } = await services.quality.importer.importCsv(ACTOR, Readable.from(csvChunks));
  const importRate = inserted / ((performance.now() - t0) / 1000);
  const rawRate = await rawInsertRate(world, pool, e, Math.min(rows, 300_000));
  figures.push({
    what: `CSV import (${rows.toLocaleString('en')} rows)`,
    value: Math.round(importRate),
    unit: 'rows/s',
    target: '≥ 100,000 rows/s (SQLite)',
    limit: Math.round(rawRate),
    ratio: rawRate / importRate,
    met: world.dialect !== 'sqlite' || importRate >= 100_000,
  });

  // The month's SLA of 10 KPIs over those measurements.
  const sla = await timed(() => services.quality.measurements.sla(ACTOR, e.id, MONTH, 'client'));
  const aggregate =
    'select kpi_id, count(*) as n, sum(value) as s, min(value) as lo, max(value) as hi, sum(numerator) as sn, ' +
    'sum(denominator) as sd from measurements where engagement_id = ? and source = ? and at >= ? and at < ? group by kpi_id';
  const rawSla = await timed(() =>
    raw(aggregate, [e.id, 'client', '2027-02-28T23:00:00.000Z', '2027-03-31T22:00:00.000Z']),
  );
  figures.push({
    what: `monthly SLA of 10 KPIs (${rows.toLocaleString('en')} measurements)`,
    value: round(sla),
    unit: 'ms',
    target: '≤ 250 ms (SQLite)',
    limit: round(rawSla),
    ratio: sla / rawSla,
    met: world.dialect !== 'sqlite' || sla <= 250,
  });

  // The portfolio of 500 engagements with four closed months each.
  await portfolio(world, 500);
  const port = await timed(() => services.quality.measurements.portfolio(ACTOR, MONTH));
  const rawPort = await timed(async () => {
    await raw(
      'select p.engagement_id, p.period, p.kpis_evaluated, p.kpis_met, e.title, e.function, e.vendor_id, v.name ' +
        'from sla_periods p join engagements e on e.id = p.engagement_id join vendors v on v.id = e.vendor_id ' +
        "where p.granularity = 'month' and p.source = 'client' and p.period in (?, ?, ?, ?)",
      ['2026-12', '2027-01', '2027-02', MONTH],
    );
    await raw(
      "select currency, sum(credit) from sla_periods where granularity = 'month' and source = 'client' and period <= ? group by currency",
      [MONTH],
    );
  });
  figures.push({
    what: 'portfolio of 500 engagements',
    value: round(port),
    unit: 'ms',
    target: '≤ 300 ms (SQLite)',
    limit: round(rawPort),
    ratio: port / rawPort,
    met: world.dialect !== 'sqlite' || port <= 300,
  });
  await pool?.end();
  return { figures, data: { measurements: inserted, kpis: 10, engagements: 501, slaPeriods: 2000 } };
}

/** The limit for inserts: a prepared insert loop (SQLite) or multi-row INSERTs (PostgreSQL), rolled back. */
async function rawInsertRate(
  world: World,
  pool: pg.Pool | null,
  e: { id: string; kpis: Array<{ id: string }> },
  n: number,
) {
  const columns =
    'engagement_id, kpi_id, at, value, numerator, denominator, source, external_id, batch_id, created_at';
  const row = (i: number) => [
    e.id,
    e.kpis[i % 10]!.id,
    new Date(Date.parse('2027-06-01T00:00:00Z') + i * 1000).toISOString(),
    i % 700,
    null,
    null,
    'client',
    null,
    'bat_raw',
    '2027-05-15T12:00:00.000Z',
  ];
  const t0 = performance.now();
  if (world.dialect === 'sqlite') {
    const db = world.database.sqlite!;
    const stmt = db.prepare(`insert into measurements (${columns}) values (?,?,?,?,?,?,?,?,?,?)`);
    db.exec('begin');
    for (let i = 0; i < n; i++) stmt.run(...row(i));
    const rate = n / ((performance.now() - t0) / 1000);
    db.exec('rollback');
    return rate;
  }
  const client = await pool!.connect();
  await client.query('begin');
  for (let i = 0; i < n; i += 1000) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let j = i; j < Math.min(n, i + 1000); j++) {
      tuples.push(
        `(${row(j)
          .map((_, k) => `$${values.length + k + 1}`)
          .join(',')})`,
      );
      values.push(...row(j));
    }
    await client.query(`insert into measurements (${columns}) values ${tuples.join(',')}`, values);
  }
  const rate = n / ((performance.now() - t0) / 1000);
  await client.query('rollback');
  client.release();
  return rate;
}

async function schemaOf(world: World) {
  const { sql } = await import('kysely');
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(world.database.db);
  return rows[0]!.s;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function print(dialect: string, figures: Figure[]) {
  console.log(`\n${dialect}`);
  console.log('| what | figure | target | raw driver (limit) | ratio to limit |');
  console.log('| --- | ---: | --- | ---: | ---: |');
  for (const f of figures)
    console.log(
      `| ${f.what} | ${f.value.toLocaleString('en')} ${f.unit}${f.met ? '' : ' ✗'} | ${f.target} | ` +
        `${f.limit.toLocaleString('en')} ${f.unit} | ${f.ratio.toFixed(2)}× |`,
    );
}

/** A failed part is recorded in the results (and the run goes on) instead of losing the others. */
async function guarded<T>(fn: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await fn();
  } catch (err) {
    console.error(`  failed: ${(err as Error).message}`);
    process.exitCode = 1;
    return { error: (err as Error).message };
  }
}

async function main() {
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  console.log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`,
  );
  const results: Record<string, unknown> = { at: new Date().toISOString(), machine };
  // The quality half runs the app in this process: with the heap tuned as `outpost serve` tunes it.
  tuneHeapForServing();
  // OUTPOST_BENCH_ONLY=web, =load or =quality runs one part; all run by default (=screening: below).
  const only = process.env.OUTPOST_BENCH_ONLY;
  // OUTPOST_BENCH_DATABASES=postgres skips SQLite (PostgreSQL runs when its URL is set).
  const skipSqlite = process.env.OUTPOST_BENCH_DATABASES === 'postgres';
  const sqliteRows = Number(process.env.OUTPOST_BENCH_IMPORT_ROWS || 1_000_000);
  const pgRows = Number(process.env.OUTPOST_BENCH_IMPORT_ROWS || 200_000);
  const pgUrl = process.env.OUTPOST_BENCH_DATABASE_URL;
  const log = (l: string) => console.log(l);
  // The web bundle first: it needs no database and takes seconds (the build is skipped when fresh).
  if (only === undefined || only === 'web') {
    results.web = await guarded(async () => {
      const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-web.mjs'), '--if-stale'], {
        cwd: root,
        encoding: 'utf8',
      });
      if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}${build.stderr}`);
      const figures = measureWebBundle(path.join(root, 'dist/web'));
      printWebBundle(figures);
      return figures;
    });
  }
  if (only !== 'load' && only !== 'web' && only !== 'screening' && !skipSqlite) {
    const sqliteWorld = await openWorld();
    try {
      const r = await bench(sqliteWorld, undefined, sqliteRows);
      print(`SQLite (${sqliteRows.toLocaleString('en')} measurements in one month, 10 KPIs)`, r.figures);
      results.sqlite = r;
    } finally {
      await sqliteWorld.cleanup();
    }
  }
  if (only !== 'quality' && only !== 'web' && only !== 'screening' && !skipSqlite) {
    console.log('\nSQLite: API under load');
    results.sqliteLoad = await guarded(async () => {
      const r = await runLoad(undefined, log);
      printLoad('SQLite: API latency under load', r);
      return r;
    });
  }
  if (pgUrl && only !== 'load' && only !== 'web' && only !== 'screening') {
    const world = await openWorld(pgUrl);
    try {
      // The service's PostgreSQL import goes through a staging table; 200,000 rows keep the run short.
      const r = await bench(world, pgUrl, pgRows);
      print(`PostgreSQL (${pgRows.toLocaleString('en')} measurements in one month, 10 KPIs)`, r.figures);
      results.postgres = r;
    } finally {
      await world.cleanup();
    }
  }
  if (pgUrl && only !== 'quality' && only !== 'web' && only !== 'screening') {
    console.log('\nPostgreSQL: API under load');
    results.postgresLoad = await guarded(async () => {
      const r = await runLoad(pgUrl, log);
      printLoad('PostgreSQL: API latency under load', r);
      return r;
    });
  }
  // Sanctions screening takes a minute to set up, so it runs only when asked for:
  // OUTPOST_BENCH_ONLY=screening npm run bench.
  if (only === 'screening') {
    for (const url of [...(skipSqlite ? [] : [undefined]), ...(pgUrl ? [pgUrl] : [])]) {
      const world = await openWorld(url);
      try {
        const r = await benchScreening(world);
        printScreening(`${url ? 'PostgreSQL' : 'SQLite'}: sanctions screening`, r);
        results[url ? 'postgresScreening' : 'sqliteScreening'] = r;
      } finally {
        await world.cleanup();
      }
    }
  }
  if (!pgUrl)
    console.log('\n(PostgreSQL skipped: set OUTPOST_BENCH_DATABASE_URL=postgres://… to include it)');
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), file)}`);
}

await main();

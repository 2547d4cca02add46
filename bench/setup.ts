/**
 * The benchmark's data: a deterministic generator (seeded) for one engagement's month of
 * measurements over 10 KPIs, and a portfolio of engagements with closed SLA months.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { loadConfig } from '../src/server/config';
import { createDatabase, type Database } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { mulberry32 } from '../src/server/demo/prng';
import { newId } from '../src/server/lib/ids';
import { systemActor } from '../src/server/policy';
import { createServices, type Services } from '../src/server/services';
import { GOOD_SOW } from '../test/fixtures/sow';

export const ACTOR = systemActor('bench');
export const MONTH = '2027-03';
const MONTH_START = Date.parse('2027-03-01T00:00:00Z');
const MONTH_MS = Date.parse('2027-04-01T00:00:00Z') - MONTH_START - 3_600_000;

/** Ten KPIs covering every aggregation. */
export const KPIS = [
  { name: 'Service level', aggregation: 'ratio', direction: 'at_least', target: 80, creditPct: 2 },
  { name: 'First contact resolution', aggregation: 'ratio', direction: 'at_least', target: 70, creditPct: 1 },
  { name: 'Average speed of answer', aggregation: 'mean', direction: 'at_most', target: 20, creditPct: 1 },
  { name: 'Average handle time', aggregation: 'mean', direction: 'at_most', target: 300, creditPct: 1 },
  { name: 'Customer satisfaction', aggregation: 'mean', direction: 'at_least', target: 4, creditPct: 1 },
  {
    name: 'Handle time p95',
    aggregation: 'percentile',
    p: 95,
    direction: 'at_most',
    target: 600,
    creditPct: 1,
  },
  { name: 'Backlog', aggregation: 'sum', direction: 'at_most', target: 1e9, creditPct: 0 },
  { name: 'Shortest shift cover', aggregation: 'min', direction: 'at_least', target: 1, creditPct: 0 },
  { name: 'Longest outage', aggregation: 'max', direction: 'at_most', target: 60, creditPct: 1 },
  { name: 'Escalations', aggregation: 'count', direction: 'at_most', target: 1e9, creditPct: 0 },
].map((k) => ({ unit: 'n', period: 'month', weight: 1, p: null, ...k }));

export interface World {
  database: Database;
  services: Services;
  dialect: 'sqlite' | 'postgres';
  cleanup(): Promise<void>;
}

/** A fresh, migrated database (a temporary SQLite file, or a PostgreSQL schema of its own). */
export async function openWorld(pgUrl?: string): Promise<World> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'outpost-bench-'));
  const config = loadConfig(
    { OUTPOST_DATA_DIR: dataDir, OUTPOST_SCHEDULER: 'off', LOG_LEVEL: 'silent' } as never,
    {
      secret: 'bench-secret-bench-secret-bench-secret-12',
      databaseUrl: pgUrl ?? null,
    },
  );
  let schema: string | undefined;
  if (pgUrl) {
    schema = `bench_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  const database = createDatabase({ databaseUrl: pgUrl ?? null, dataDir, pgSchema: schema });
  await migrateToLatest(database.db);
  const clock = { now: () => new Date('2027-05-15T12:00:00Z') };
  const services = createServices({ database, clock, config });
  return {
    database,
    services,
    dialect: pgUrl ? 'postgres' : 'sqlite',
    async cleanup() {
      await database.destroy();
      if (pgUrl && schema) {
        const c = new pg.Client({ connectionString: pgUrl });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      }
    },
  };
}

/** An engagement in Berlin time with the ten KPIs approved; answers its id and KPI ids. */
export async function engagementWithKpis(services: Services, vendorId: string, title = 'Bench service desk') {
  const e = await services.engagements.create(ACTOR, {
    vendorId,
    title,
    function: 'customer_service',
    startDate: '2027-01-01',
    endDate: '2027-12-31',
    timezone: 'Europe/Berlin',
    currency: 'EUR',
    monthlyFee: 10_000_000,
    budget: 150_000_000,
  });
  await services.sows.saveDraft(ACTOR, e.id, { ...GOOD_SOW, kpis: KPIS, creditCapPct: 10 } as never);
  const sow = await services.sows.approve(ACTOR, e.id);
  return { id: e.id, kpis: sow.kpis.map((k) => ({ id: k.id, aggregation: k.aggregation })) };
}

/** `rows` measurements spread over March 2027, as CSV lines (streamed, never one big string). */
export function measurementCsv(
  engagementId: string,
  kpis: Array<{ id: string; aggregation: string }>,
  rows: number,
) {
  const rng = mulberry32(20_270_301);
  function* lines() {
    yield 'engagement,kpi,at,value,numerator,denominator,source,external_id\n';
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      const kpi = kpis[i % kpis.length]!;
      const at = new Date(MONTH_START + Math.floor((i / rows) * MONTH_MS)).toISOString();
      const line =
        kpi.aggregation === 'ratio'
          ? `${engagementId},${kpi.id},${at},,${rng.int(60, 100)},100,client,\n`
          : `${engagementId},${kpi.id},${at},${rng.int(1, 700)},,,client,\n`;
      chunk += line;
      if (chunk.length > 64_000) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  return Readable.from(lines());
}

/** `count` engagements over 50 vendors, each with four closed client months ending with MONTH. */
export async function portfolio(world: World, count: number) {
  const { services, database } = world;
  const vendors: string[] = [];
  for (let v = 0; v < 50; v++)
    vendors.push(
      (await services.vendors.create(ACTOR, { name: `Bench vendor ${v}`, country: 'PH' } as never)).id,
    );
  const rng = mulberry32(500);
  const months = ['2026-12', '2027-01', '2027-02', MONTH];
  const rows = [];
  for (let i = 0; i < count; i++) {
    const e = await services.engagements.create(ACTOR, {
      vendorId: vendors[i % vendors.length]!,
      title: `Bench engagement ${i}`,
      function: (['customer_service', 'accounting', 'payroll', 'it'] as const)[i % 4]!,
      startDate: '2026-01-01',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      monthlyFee: 1_000_000,
      budget: 12_000_000,
    });
    for (const [m, month] of months.entries()) {
      const met = i % 10 === 0 ? 8 - m : rng.int(5, 8);
      rows.push({
        id: newId('slp'),
        engagementId: e.id,
        period: month,
        granularity: 'month',
        source: 'client',
        startsAt: `${month}-01T00:00:00.000Z`,
        endsAt: `${month}-28T00:00:00.000Z`,
        status: 'closed',
        results: '{"kpis":[],"credit":{"amount":0,"currency":"EUR","capped":false,"waivedByEarnBack":0}}',
        kpisEvaluated: 8,
        kpisMet: met,
        credit: (8 - met) * 10_000,
        currency: 'EUR',
        closedAt: '2027-04-05T00:00:00.000Z',
        reopenedAt: null,
        note: null,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await database.db
      .insertInto('slaPeriods')
      .values(rows.slice(i, i + 500))
      .execute();
}

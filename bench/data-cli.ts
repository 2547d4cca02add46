/**
 * `npm run bench:data -- --vendors N --engagements M --months K --measurements-per-kpi-day D
 * --seed S [--database-url postgres://…] [--data-dir DIR]`: write the deterministic benchmark data
 * set into an empty database (SQLite in the data directory, or PostgreSQL), printing rows/s per
 * table. Prints the admin's API token for load tests.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { sql } from 'kysely';
import { createDatabase } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { generate } from './data';

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${v}`);
  return n;
};

const program = new Command('bench:data')
  .description('Write a deterministic benchmark data set into an empty database')
  .option('--vendors <n>', 'vendors', int, 1000)
  .option('--engagements <n>', 'engagements', int, 5000)
  .option('--months <n>', 'months of measurements (the last one open)', int, 3)
  .option('--measurements-per-kpi-day <n>', 'measurements per KPI per day', int, 4)
  .option('--seed <n>', 'seed of the pseudo-random generator', int, 1)
  .option('--database-url <url>', 'postgres://… (default: SQLite in the data directory)')
  .option('--data-dir <dir>', 'data directory for SQLite', path.resolve('data/bench'))
  .option('--last-month <YYYY-MM>', 'the last month of measurements', '2027-03')
  .parse();

const o = program.opts<{
  vendors: number;
  engagements: number;
  months: number;
  measurementsPerKpiDay: number;
  seed: number;
  databaseUrl?: string;
  dataDir: string;
  lastMonth: string;
}>();

if (o.months < 1) throw new Error('--months must be at least 1');
if (o.engagements > 0 && o.vendors < 1) throw new Error('engagements need at least one vendor');
mkdirSync(o.dataDir, { recursive: true });
const database = createDatabase({ databaseUrl: o.databaseUrl ?? null, dataDir: o.dataDir });
try {
  await migrateToLatest(database.db);
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from vendors`.execute(database.db);
  if (Number(rows[0]!.n) > 0) {
    console.error(
      'The database already has vendors: generate into an empty database (a new --data-dir or schema).',
    );
    process.exitCode = 1;
  } else {
    console.log(
      `Generating into ${o.databaseUrl ? 'PostgreSQL' : path.join(o.dataDir, 'outpost.sqlite')}: ` +
        `${o.vendors} vendors, ${o.engagements} engagements, ${o.months} months, ` +
        `${o.measurementsPerKpiDay} measurements per KPI per day, seed ${o.seed}`,
    );
    const t0 = performance.now();
    const summary = await generate(database, {
      vendors: o.vendors,
      engagements: o.engagements,
      months: o.months,
      perKpiDay: o.measurementsPerKpiDay,
      seed: o.seed,
      lastMonth: o.lastMonth,
      log: (l) => console.log(l),
    });
    const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    const s = (performance.now() - t0) / 1000;
    console.log(
      `Done: ${total.toLocaleString('en')} rows in ${s.toFixed(1)} s (${Math.round(total / s).toLocaleString('en')} rows/s overall)`,
    );
    console.log(`Skipped: ${summary.skipped.join('; ')}`);
    console.log(
      `Sign in as ${summary.users[1]!.email} / "${summary.password}", or use the API token ${summary.token}`,
    );
  }
} finally {
  await database.destroy();
}

/**
 * The server under load, in a process of its own so that the load generator does not share its
 * event loop. `BENCH_ROLE=app`: the real app on 127.0.0.1, alone in its process so that its RSS
 * is its own; prints `{"app":port}`. `BENCH_ROLE=limits`: a tiny Fastify app with the limits —
 * `/const` (a bare route returning a constant) and `/raw/<name>` (the same query through the
 * driver alone, serialised as JSON); prints `{"bare":port}`. Either on its first line of output.
 * Environment: BENCH_ROLE, BENCH_DATA_DIR, BENCH_DATABASE_URL, BENCH_PG_SCHEMA.
 */
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { createDatabase } from '../src/server/db/database';
import { tuneHeapForServing } from '../src/server/lib/heap';

const dataDir = process.env.BENCH_DATA_DIR!;
const url = process.env.BENCH_DATABASE_URL || null;
const schema = process.env.BENCH_PG_SCHEMA || undefined;
const role = process.env.BENCH_ROLE === 'limits' ? 'limits' : 'app';
const port = (a: { server: { address(): unknown } }) => (a.server.address() as { port: number }).port;

/** The same SQL as the repositories run, through better-sqlite3 or pg alone. */
const QUERIES: Record<string, { sql: string[]; params: (q: Record<string, string>) => unknown[][] }> = {
  vendors: {
    sql: ['select * from vendors where country = ? order by name asc, id asc limit 51'],
    params: (q) => [[q.country]],
  },
  engagement: {
    sql: [
      'select * from engagements where id = ?',
      "select * from sow_versions where engagement_id = ? and status = 'approved'",
    ],
    params: (q) => [[q.id], [q.id]],
  },
  sla: {
    sql: [
      "select * from sow_versions where engagement_id = ? and status = 'approved'",
      'select kpi_id, sum(n) as n, sum(total) as s, min(lo) as lo, max(hi) as hi, sum(num) as num, sum(den) as den ' +
        "from measurement_rollups where engagement_id = ? and source = 'client' and bucket >= ? and bucket < ? group by kpi_id",
    ],
    params: (q) => [[q.id], [q.id, q.start, q.end]],
  },
  portfolio: {
    sql: [
      'select p.engagement_id, p.period, p.kpis_evaluated, p.kpis_met, e.title, e.function, e.vendor_id, v.name ' +
        'from sla_periods p join engagements e on e.id = p.engagement_id join vendors v on v.id = e.vendor_id ' +
        "where p.granularity = 'month' and p.source = 'client' and p.period in (?, ?, ?, ?)",
      "select currency, sum(credit) as credit from sla_periods where granularity = 'month' and source = 'client' and period <= ? group by currency",
    ],
    params: (q) => [q.periods!.split(','), [q.period]],
  },
};

async function startLimits() {
  let run: (text: string, params: unknown[]) => Promise<unknown[]>;
  if (url) {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      options: `-c TimeZone=UTC${schema ? ` -c search_path=${schema}` : ''}`,
    });
    run = async (text, params) => {
      let i = 0;
      return (
        await pool.query(
          text.replace(/\?/g, () => `$${++i}`),
          params,
        )
      ).rows;
    };
  } else {
    const sqlite = new SQLite(`${dataDir}/outpost.sqlite`, { readonly: true });
    const prepared = new Map<string, SQLite.Statement>();
    run = async (text, params) => {
      let s = prepared.get(text);
      if (!s) {
        s = sqlite.prepare(text);
        prepared.set(text, s);
      }
      return s.all(...params);
    };
  }

  const bare = Fastify({ logger: false });
  bare.get('/const', async () => ({ ok: true }));
  bare.get<{ Params: { name: string }; Querystring: Record<string, string> }>(
    '/raw/:name',
    async (request) => {
      const q = QUERIES[request.params.name]!;
      const params = q.params(request.query);
      const out: unknown[] = [];
      for (const [i, text] of q.sql.entries()) out.push(await run(text, params[i]!));
      return out;
    },
  );
  await bare.listen({ host: '127.0.0.1', port: 0 });

  process.stdout.write(`${JSON.stringify({ bare: port(bare) })}\n`);
}

if (role === 'app') {
  tuneHeapForServing(); // as `outpost serve` does
  const database = createDatabase({ databaseUrl: url, dataDir, pgSchema: schema });
  const config = loadConfig(
    {
      OUTPOST_DATA_DIR: dataDir,
      OUTPOST_WEB_DIR: '/nonexistent',
      OUTPOST_SCHEDULER: 'off',
      LOG_LEVEL: 'silent',
    } as never,
    { secret: 'bench-secret-bench-secret-bench-secret-12', databaseUrl: url },
  );
  const app = await buildApp(config, { database, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ app: port(app) })}\n`);
} else await startLimits();

import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database';
import type { MeasurementRow, SlaPeriodRow } from '../../db/schema';
import type { Totals } from './rules';

/** A measurement as written: instants already normalised to ISO UTC. */
export type NewMeasurement = MeasurementRow;

export { BUCKET_MS, type RollupDelta, RollupSums } from './rollup-sums';

import { joinEngagementAndVendor } from '../engagements/queries';
import type { RollupDelta } from './rollup-sums';

const plus = (col: string) =>
  sql<number>`case when excluded.${sql.ref(col)} is null then measurement_rollups.${sql.ref(col)} else coalesce(measurement_rollups.${sql.ref(col)}, 0) + excluded.${sql.ref(col)} end`;
const pick = (col: string, op: '<' | '>') =>
  sql<number>`case when measurement_rollups.${sql.ref(col)} is null or excluded.${sql.ref(col)} ${sql.raw(op)} measurement_rollups.${sql.ref(col)} then excluded.${sql.ref(col)} else measurement_rollups.${sql.ref(col)} end`;

/** Add bucket sums to the stored roll-ups (one statement per 500 buckets; CASE works on both engines). */
export async function upsertRollups(db: Executor, deltas: Iterable<RollupDelta>) {
  const all = [...deltas];
  for (let i = 0; i < all.length; i += 500) {
    await db
      .insertInto('measurementRollups')
      .values(all.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['engagementId', 'kpiId', 'source', 'bucket']).doUpdateSet({
          n: sql<number>`measurement_rollups.n + excluded.n`,
          total: plus('total'),
          lo: pick('lo', '<'),
          hi: pick('hi', '>'),
          num: plus('num'),
          den: plus('den'),
        }),
      )
      .execute();
  }
}

/**
 * The same upsert through one prepared statement on SQLite's own connection (the CSV import's
 * path: building thousands of multi-row statements through the query builder costs more than the
 * writes). Must run inside the caller's open transaction on that connection.
 */
export function upsertRollupsSqlite(sqlite: NonNullable<Database['sqlite']>, deltas: Iterable<RollupDelta>) {
  const plainPlus = (c: string) =>
    `${c} = case when excluded.${c} is null then measurement_rollups.${c} else coalesce(measurement_rollups.${c}, 0) + excluded.${c} end`;
  const plainPick = (c: string, op: string) =>
    `${c} = case when measurement_rollups.${c} is null or excluded.${c} ${op} measurement_rollups.${c} then excluded.${c} else measurement_rollups.${c} end`;
  const stmt = sqlite.prepare(
    'insert into measurement_rollups (engagement_id, kpi_id, source, bucket, n, total, lo, hi, num, den) ' +
      'values (?,?,?,?,?,?,?,?,?,?) on conflict (engagement_id, kpi_id, source, bucket) do update set ' +
      [
        'n = measurement_rollups.n + excluded.n',
        plainPlus('total'),
        plainPick('lo', '<'),
        plainPick('hi', '>'),
        plainPlus('num'),
        plainPlus('den'),
      ].join(', '),
  );
  for (const d of deltas)
    stmt.run(d.engagementId, d.kpiId, d.source, d.bucket, d.n, d.total, d.lo, d.hi, d.num, d.den);
}

/** Insert measurements in multi-row statements (the API batch path; the CSV import has its own). */
export async function insertMeasurements(db: Executor, rows: NewMeasurement[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('measurements')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Which (kpi, source, externalId) of a list are already stored. */
export async function existingExternalIds(
  db: Executor,
  keys: Array<{ kpiId: string; source: string; externalId: string }>,
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const rows = await db
      .selectFrom('measurements')
      .select(['kpiId', 'source', 'externalId'])
      .where('externalId', 'in', [...new Set(chunk.map((k) => k.externalId))])
      .where('kpiId', 'in', [...new Set(chunk.map((k) => k.kpiId))])
      .execute();
    for (const r of rows) found.add(`${r.kpiId}\u0000${r.source}\u0000${r.externalId}`);
  }
  return found;
}

/** Per-KPI sums of a period, from the roll-ups (the period is a whole number of buckets). */
export async function periodTotals(
  db: Executor,
  engagementId: string,
  source: string,
  start: string,
  end: string,
): Promise<Map<string, Totals>> {
  const rows = await db
    .selectFrom('measurementRollups')
    .select((eb) => [
      'kpiId',
      eb.fn.sum<number>('n').as('n'),
      eb.fn.sum<number | null>('total').as('sum'),
      eb.fn.min<number | null>('lo').as('min'),
      eb.fn.max<number | null>('hi').as('max'),
      eb.fn.sum<number | null>('num').as('num'),
      eb.fn.sum<number | null>('den').as('den'),
    ])
    .where('engagementId', '=', engagementId)
    .where('source', '=', source)
    .where('bucket', '>=', start)
    .where('bucket', '<', end)
    .groupBy('kpiId')
    .execute();
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return new Map(
    rows.map((r) => [
      r.kpiId,
      { n: Number(r.n), sum: num(r.sum), min: num(r.min), max: num(r.max), num: num(r.num), den: num(r.den) },
    ]),
  );
}

/**
 * The value at a 1-based rank of a KPI's values in a period (ascending), of `n` values. Read
 * from whichever end is nearer, so the database keeps a small top-N heap instead of sorting all.
 */
export async function valueAtRank(
  db: Executor,
  where: { engagementId: string; kpiId: string; source: string; start: string; end: string },
  rank: number,
  n: number,
): Promise<number | null> {
  const fromTop = rank > n / 2;
  const row = await db
    .selectFrom('measurements')
    .select('value')
    .where('engagementId', '=', where.engagementId)
    .where('kpiId', '=', where.kpiId)
    .where('source', '=', where.source)
    .where('at', '>=', where.start)
    .where('at', '<', where.end)
    .where('value', 'is not', null)
    .orderBy('value', fromTop ? 'desc' : 'asc')
    .limit(1)
    .offset(fromTop ? n - rank : rank - 1)
    .executeTakeFirst();
  return row ? Number(row.value) : null;
}

// Idempotency keys

export const findIdempotency = (db: Executor, key: string, engagementId: string) =>
  db
    .selectFrom('idempotencyKeys')
    .selectAll()
    .where('key', '=', key)
    .where('engagementId', '=', engagementId)
    .executeTakeFirst();

export const insertIdempotency = (
  db: Executor,
  row: { key: string; engagementId: string; requestHash: string; response: string; createdAt: string },
) => db.insertInto('idempotencyKeys').values(row).execute();

/** Delete up to `limit` idempotency keys stored before `before`; answers how many. */
export async function deleteIdempotencyBefore(db: Executor, before: string, limit: number) {
  const result = await db
    .deleteFrom('idempotencyKeys')
    .where(({ eb, refTuple, selectFrom }) =>
      eb(
        refTuple('key', 'engagementId'),
        'in',
        selectFrom('idempotencyKeys')
          .select(['key', 'engagementId'])
          .where('createdAt', '<', before)
          .limit(limit)
          .$asTuple('key', 'engagementId'),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// SLA settings

export const findSettings = (db: Executor, engagementId: string) =>
  db.selectFrom('slaSettings').selectAll().where('engagementId', '=', engagementId).executeTakeFirst();

export async function saveSettings(
  db: Executor,
  row: {
    engagementId: string;
    earnBackEnabled: number;
    earnBackPeriods: number;
    graceHours: number;
    updatedAt: string;
  },
) {
  await db
    .insertInto('slaSettings')
    .values(row)
    .onConflict((oc) =>
      oc.column('engagementId').doUpdateSet({
        earnBackEnabled: row.earnBackEnabled,
        earnBackPeriods: row.earnBackPeriods,
        graceHours: row.graceHours,
        updatedAt: row.updatedAt,
      }),
    )
    .execute();
}

// Closed periods

export const periodsOf = (db: Executor, engagementId: string, granularity: string, source: string) =>
  db
    .selectFrom('slaPeriods')
    .selectAll()
    .where('engagementId', '=', engagementId)
    .where('granularity', '=', granularity)
    .where('source', '=', source)
    .orderBy('startsAt')
    .execute();

export const insertPeriod = (db: Executor, row: SlaPeriodRow) =>
  db.insertInto('slaPeriods').values(row).execute();

export const updatePeriod = (db: Executor, id: string, patch: Partial<SlaPeriodRow>) =>
  db.updateTable('slaPeriods').set(patch).where('id', '=', id).execute();

/** Closed periods of an engagement and source that overlap [from, to): late data re-opens them. */
export const closedOverlapping = (
  db: Executor,
  engagementId: string,
  source: string,
  from: string,
  to: string,
) =>
  db
    .selectFrom('slaPeriods')
    .selectAll()
    .where('engagementId', '=', engagementId)
    .where('source', '=', source)
    .where('status', '=', 'closed')
    .where('startsAt', '<', to)
    .where('endsAt', '>', from)
    .execute();

/** Closed monthly client periods of every engagement for some months, with vendor and function. */
export function portfolioRows(db: Executor, months: string[]) {
  return joinEngagementAndVendor(
    db
      .selectFrom('slaPeriods')
      .select([
        'slaPeriods.engagementId',
        'slaPeriods.period',
        'slaPeriods.kpisEvaluated',
        'slaPeriods.kpisMet',
      ]),
    'slaPeriods.engagementId',
    { title: 'title', function: 'function', vendorId: 'vendorId' },
    { vendorName: 'name' },
  )
    .where('slaPeriods.granularity', '=', 'month')
    .where('slaPeriods.source', '=', 'client')
    .where('slaPeriods.period', 'in', months)
    .execute();
}

/** Closed client months with a credit, of some engagements: the spend module's credit lines. */
export async function closedMonthCredits(db: Executor, engagementIds: string[]) {
  const out: Array<{ engagementId: string; period: string; credit: number; currency: string }> = [];
  for (let i = 0; i < engagementIds.length; i += 500) {
    const rows = await db
      .selectFrom('slaPeriods')
      .select(['engagementId', 'period', 'credit', 'currency'])
      .where('engagementId', 'in', engagementIds.slice(i, i + 500))
      .where('granularity', '=', 'month')
      .where('source', '=', 'client')
      .where('status', '=', 'closed')
      .where('credit', '>', 0)
      .orderBy('period')
      .execute();
    out.push(...rows.map((r) => ({ ...r, credit: Number(r.credit) })));
  }
  return out;
}

/** Closed client months with how many KPIs were evaluated and met, by engagement and newest month first. */
const closedClientMonths = (db: Executor) =>
  db
    .selectFrom('slaPeriods')
    .select(['engagementId', 'period', 'kpisEvaluated', 'kpisMet'])
    .where('granularity', '=', 'month')
    .where('source', '=', 'client')
    .where('status', '=', 'closed')
    .orderBy('engagementId')
    .orderBy('period', 'desc');

const toClosedMonth = (r: {
  engagementId: string;
  period: string;
  kpisEvaluated: unknown;
  kpisMet: unknown;
}) => ({
  engagementId: r.engagementId,
  period: r.period,
  evaluated: Number(r.kpisEvaluated),
  met: Number(r.kpisMet),
});

/** Closed client months since a month (YYYY-MM): for the risk signals. */
export async function closedMonthsSince(db: Executor, since: string) {
  return (await closedClientMonths(db).where('period', '>=', since).execute()).map(toClosedMonth);
}

/** Closed client months of some engagements: for a vendor's track record. */
export async function closedMonthsOf(db: Executor, engagementIds: string[]) {
  const out: Array<ReturnType<typeof toClosedMonth>> = [];
  for (let i = 0; i < engagementIds.length; i += 500) {
    const rows = await closedClientMonths(db)
      .where('engagementId', 'in', engagementIds.slice(i, i + 500))
      .execute();
    out.push(...rows.map(toClosedMonth));
  }
  return out;
}

/** Proposed credits of closed client months up to a month, per currency. */
export function creditsUpTo(db: Executor, month: string) {
  return db
    .selectFrom('slaPeriods')
    .select((eb) => ['currency', eb.fn.sum<number>('credit').as('amount')])
    .where('granularity', '=', 'month')
    .where('source', '=', 'client')
    .where('period', '<=', month)
    .groupBy('currency')
    .orderBy('currency')
    .execute();
}

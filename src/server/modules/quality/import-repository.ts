/**
 * How the CSV import writes measurements (see import.ts): SQLite through prepared multi-row
 * statements on the open transaction's connection, PostgreSQL through a temporary staging table
 * checked for duplicates in SQL and copied over in one statement.
 */
import { type Kysely, sql } from 'kysely';
import type { MeasurementSource } from '../../../contracts/quality';
import type { Database, Executor } from '../../db/database';
import type { NewMeasurement } from './repository';

/** A line whose external id is taken already: where the earlier use is. */
interface Clash {
  line: number;
  externalId: string;
  where: 'stored' | 'earlier in the file' | 'earlier in the file or stored';
}

export interface Writer {
  /** Buffer or write a row (a promise when it had to wait for the database). Fields as positions: imports are hot. */
  add(
    engagementId: string,
    kpiId: string,
    at: string,
    value: number | null,
    numerator: number | null,
    denominator: number | null,
    source: string,
    externalId: string | null,
    line: number,
  ): Promise<void> | undefined;
  /** Write what is buffered; answers the rows that clash by (kpi, source, external id), by line. */
  finish(): Promise<{ count: number; listed: Clash[] }>;
}

const INSERT_COLUMNS =
  'engagement_id, kpi_id, at, value, numerator, denominator, source, external_id, batch_id, created_at';

/** Rows per multi-row insert on SQLite: fewer statement calls, well under the variable limit. */
const SQLITE_CHUNK = 64;

/**
 * Prepared multi-row inserts on the transaction's own connection; the unique index finds
 * duplicates. A chunk that hits one is rolled back by SQLite as a statement and written again row
 * by row, so each clashing line is named (the import then fails as a whole anyway).
 */
export function sqliteWriter(
  database: Database,
  batchId: string,
  createdAt: string,
  maxReported: number,
): Writer {
  const sqlite = database.sqlite!;
  const tuple = '(?,?,?,?,?,?,?,?,?,?)';
  const insert = `insert into measurements (${INSERT_COLUMNS}) values `;
  const one = sqlite.prepare(insert + tuple);
  const many = sqlite.prepare(insert + Array(SQLITE_CHUNK).fill(tuple).join(','));
  const params: unknown[] = [];
  let lines: number[] = [];
  // Rows are written in line order, so the first listed are the first clashes of the file.
  const duplicates: Clash[] = [];
  let clashes = 0;
  const isUnique = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
  const oneByOne = () => {
    for (let i = 0; i < lines.length; i++) {
      try {
        one.run(params.slice(i * 10, i * 10 + 10));
      } catch (err) {
        if (!isUnique(err)) throw err;
        const externalId = params[i * 10 + 7];
        if (clashes++ >= maxReported) continue;
        duplicates.push({
          line: lines[i]!,
          externalId: String(externalId),
          where: 'earlier in the file or stored',
        });
      }
    }
  };
  const flush = () => {
    if (lines.length === SQLITE_CHUNK) {
      try {
        many.run(params);
      } catch (err) {
        if (!isUnique(err)) throw err;
        oneByOne();
      }
    } else oneByOne();
    params.length = 0;
    lines = [];
  };
  return {
    add(engagementId, kpiId, at, value, numerator, denominator, source, externalId, line) {
      params.push(
        engagementId,
        kpiId,
        at,
        value,
        numerator,
        denominator,
        source,
        externalId,
        batchId,
        createdAt,
      );
      lines.push(line);
      if (lines.length === SQLITE_CHUNK) flush();
      return undefined;
    },
    async finish() {
      if (lines.length) flush();
      return { count: clashes, listed: duplicates };
    },
  };
}

/** A staging table on the transaction's connection, filled in batches and checked in SQL. */
export async function pgWriter(
  tx: Executor,
  batchId: string,
  createdAt: string,
  maxReported: number,
): Promise<Writer> {
  const t = tx as unknown as Kysely<any>;
  await sql`create temporary table measurement_staging (line integer not null, engagement_id text not null, kpi_id text not null, at timestamptz not null, value double precision, numerator double precision, denominator double precision, source text not null, external_id text, batch_id text not null, created_at timestamptz not null) on commit drop`.execute(
    t,
  );
  let buffer: Array<NewMeasurement & { line: number }> = [];
  const flush = async () => {
    if (!buffer.length) return;
    const rows = buffer;
    buffer = [];
    await t.insertInto('measurementStaging').values(rows).execute();
  };
  return {
    async add(engagementId, kpiId, at, value, numerator, denominator, source, externalId, line) {
      buffer.push({
        engagementId,
        kpiId,
        at,
        value,
        numerator,
        denominator,
        source: source as MeasurementSource,
        externalId,
        batchId,
        createdAt,
        line,
      });
      if (buffer.length >= 1000) await flush();
    },
    async finish() {
      await flush();
      await sql`create index on measurement_staging (kpi_id, source, external_id, line)`.execute(t);
      // A line that clashes both earlier in the file and with a stored row is counted once.
      const { rows } = await sql<{ line: number; externalId: string; stored: boolean; total: string }>`
        with clashes as (
          select s.line, s.external_id, false as stored from measurement_staging s
           where s.external_id is not null and exists (select 1 from measurement_staging e where e.kpi_id = s.kpi_id
             and e.source = s.source and e.external_id = s.external_id and e.line < s.line)
          union all
          select s.line, s.external_id, true as stored from measurement_staging s join measurements m
            on m.kpi_id = s.kpi_id and m.source = s.source and m.external_id = s.external_id)
        select line, external_id, stored, count(*) over () as total
          from (select distinct on (line) line, external_id, stored from clashes order by line, stored desc) c
         order by line limit ${maxReported}`.execute(t);
      if (rows.length)
        return {
          count: Number(rows[0]!.total),
          listed: rows.map((r) => ({
            line: Number(r.line),
            externalId: r.externalId,
            where: r.stored ? 'stored' : 'earlier in the file',
          })),
        };
      await sql`insert into measurements (${sql.raw(INSERT_COLUMNS)}) select ${sql.raw(INSERT_COLUMNS)} from measurement_staging`.execute(
        t,
      );
      return { count: 0, listed: [] };
    },
  };
}

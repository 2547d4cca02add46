/**
 * The CSV import of measurements: streamed (any size), every row checked, all or nothing in one
 * transaction, per-row errors with line numbers. SQLite writes through prepared statements on the
 * connection of the open transaction; PostgreSQL loads a temporary staging table in batches,
 * checks duplicates in SQL and copies the rows over in one statement. A killed process commits
 * nothing.
 */
import type { Readable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import type { MeasurementSource } from '../../../contracts/quality';
import type { Database, Executor } from '../../db/database';
import { type FieldError, invalid } from '../../errors';
import type { Clock } from '../../lib/clock';
import { type CsvRecord, CsvSyntaxError, csvBatches } from '../../lib/csv-stream';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import { contextOf, type QualityEngagements, reopenLate } from './evaluation';
import * as repo from './repository';
import { figureProblems, type KpiSpec } from './rules';

export const COLUMNS = [
  'engagement',
  'kpi',
  'at',
  'value',
  'numerator',
  'denominator',
  'source',
  'external_id',
] as const;
/** Errors listed in a failed import's answer; the detail gives the total. */
export const MAX_REPORTED = 1000;
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;
const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export interface ImportDeps {
  database: Database;
  audit: AuditRecorder;
  clock: Clock;
  engagements: QualityEngagements;
}

interface Known {
  kpis: Map<string, KpiSpec>;
  byName: Map<string, KpiSpec>;
}

export function createMeasurementImport({ database, audit, clock, engagements }: ImportDeps) {
  const { db } = database;

  /** Import a CSV stream; `onRows` is told the number of rows read so far (for progress bars). */
  async function importCsv(actor: Actor, input: Readable, onRows?: (rows: number) => void) {
    authorize(actor, 'measurement', 'import');
    const createdAt = clock.now().toISOString();
    const batchId = newId('bat');
    const errors: FieldError[] = [];
    let errorCount = 0;
    const fail = (line: number, field: string, message: string) => {
      errorCount++;
      if (errors.length < MAX_REPORTED) errors.push({ line, field, message });
    };

    return db.transaction().execute(async (tx) => {
      const writer =
        database.dialect === 'sqlite'
          ? sqliteWriter(database, batchId, createdAt)
          : await pgWriter(tx, batchId, createdAt);
      const sums = new repo.RollupSums();
      const engagementCache = new Map<string, Known | null>();
      const lookup = async (id: string): Promise<Known | null> => {
        let known: Known | null = null;
        try {
          const ctx = await contextOf(tx, engagements, actor, id);
          if (ctx.approved)
            known = {
              kpis: new Map(ctx.kpis.map((k) => [k.id, k])),
              byName: new Map(ctx.kpis.map((k) => [k.name, k])),
            };
        } catch {
          known = null;
        }
        engagementCache.set(id, known);
        return known;
      };

      // Records come in batches and are checked synchronously: a promise per row would cost
      // more than the insert itself. The reader gives each record the line it starts on.
      // A client that goes away mid-upload fails the import (and so rolls it back).
      const interrupted = new Promise<never>((_, reject) => {
        input.once('aborted', () => reject(new Error('the upload was interrupted')));
      });
      interrupted.catch(() => undefined);
      const batches = csvBatches(input);
      let index: number[] = [];
      let rows = 0;
      // The row being checked, and helpers over it made once (not per row: imports are hot).
      let record: string[] = [];
      let line = 0;
      let bad = false;
      const cell = (c: number) => {
        const v = record[index[c]!];
        return v === undefined ? '' : v.trim();
      };
      const number = (c: number, field: string) => {
        const text = cell(c);
        if (text === '') return null;
        const n = Number(text);
        if (!Number.isFinite(n)) {
          fail(line, field, 'must be a number');
          bad = true;
        }
        return n;
      };
      for (;;) {
        let next: IteratorResult<CsvRecord[]>;
        try {
          next = await Promise.race([batches.next(), interrupted]);
        } catch (err) {
          if (!(err instanceof CsvSyntaxError)) throw err;
          fail(err.line, 'file', err.message);
          break;
        }
        if (next.done) break;
        for (const item of next.value) {
          record = item.fields;
          line = item.line;
          if (record.length === 1 && record[0] === '') continue;
          if (!index.length) {
            index = header(record, line, fail);
            if (!index.length) break;
            continue;
          }
          rows++;
          const engagementId = cell(0);
          let known = engagementCache.get(engagementId);
          if (known === undefined) known = engagementId ? await lookup(engagementId) : null;
          if (!known) {
            fail(
              line,
              'engagement',
              engagementId ? 'is not an engagement with an approved SOW that you may reach' : 'is required',
            );
            continue;
          }
          const kpiText = cell(1);
          const kpi = known.kpis.get(kpiText) ?? known.byName.get(kpiText);
          if (!kpi) {
            fail(
              line,
              'kpi',
              kpiText
                ? `"${kpiText}" is neither the id nor the exact name of a KPI of the approved SOW`
                : 'is required',
            );
            continue;
          }
          const atText = cell(2);
          const canonical = CANONICAL.test(atText);
          const atMs = canonical || INSTANT.test(atText) ? Date.parse(atText) : Number.NaN;
          if (Number.isNaN(atMs)) {
            fail(line, 'at', 'must be an ISO 8601 instant with an offset, such as 2027-03-14T09:30:00Z');
            continue;
          }
          bad = false;
          const value = number(3, 'value');
          const numerator = number(4, 'numerator');
          const denominator = number(5, 'denominator');
          const sourceText = cell(6);
          if (sourceText && sourceText !== 'client' && sourceText !== 'vendor') {
            fail(line, 'source', 'must be client or vendor');
            continue;
          }
          if (bad) continue;
          // The common valid shapes pass without building a list; anything else gets the full check.
          if (!figuresPlainlyFine(kpi, value, numerator, denominator)) {
            const problems = figureProblems(kpi, { value, numerator, denominator });
            if (problems.length) {
              for (const p of problems) fail(line, p.field, p.message);
              continue;
            }
          }
          // A vendor user always reports as the vendor.
          const source: MeasurementSource =
            actor.role === 'vendor' ? 'vendor' : ((sourceText || 'client') as MeasurementSource);
          const externalId = cell(7) || null;
          const at = canonical ? atText : new Date(atMs).toISOString();
          const added = writer.add(
            engagementId,
            kpi.id,
            at,
            value,
            numerator,
            denominator,
            source,
            externalId,
            line,
          );
          if (!(typeof added === 'boolean' ? added : await added)) {
            fail(
              line,
              'external_id',
              `"${externalId}" is already used for this KPI and source (earlier in the file or stored)`,
            );
            continue;
          }
          sums.add(engagementId, kpi.id, source, atMs, value, numerator, denominator);
        }
        if (!index.length) break;
        onRows?.(rows);
      }
      await batches.return(undefined);
      if (!index.length && !errorCount) fail(1, 'body', 'is empty: the first line must name the columns');
      for (const d of await writer.finish()) fail(d.line, 'external_id', d.message);
      if (errorCount) {
        errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        throw invalid(
          errors,
          `The CSV has ${errorCount} problem${errorCount === 1 ? '' : 's'}` +
            (errorCount > errors.length ? ` (the first ${errors.length} are listed)` : '') +
            '; nothing was imported.',
        );
      }
      if (database.dialect === 'sqlite') repo.upsertRollupsSqlite(database.sqlite!, sums.deltas());
      else await repo.upsertRollups(tx, sums.deltas());
      // Late data: closed periods holding any of these 15-minute buckets re-open.
      for (const { engagementId, source, buckets } of sums.touched().values())
        await reopenLate(
          tx,
          engagementId,
          source,
          [...buckets, ...buckets.map((b) => b + repo.BUCKET_MS - 1)],
          createdAt,
        );
      for (const engagementId of sums.engagements)
        await audit.record(tx, actor, {
          action: 'measurements.import',
          entityType: 'engagement',
          entityId: engagementId,
          changes: { batch: { before: null, after: { id: batchId } } },
        });
      return { inserted: rows };
    });
  }

  return { importCsv };
}

/** True for the valid figures of a KPI (value only, or a ratio's parts); false means: check fully. */
function figuresPlainlyFine(
  kpi: KpiSpec,
  value: number | null,
  numerator: number | null,
  denominator: number | null,
): boolean {
  if (kpi.aggregation === 'ratio')
    return value === null && numerator !== null && numerator >= 0 && denominator !== null && denominator > 0;
  return numerator === null && denominator === null && value !== null;
}

/** Column positions from the header line; reports unknown or missing columns. */
function header(record: string[], line: number, fail: (l: number, f: string, m: string) => void): number[] {
  const names = record.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  for (const u of unknown)
    fail(line, u || '(empty)', `is not a known column; the columns are ${COLUMNS.join(', ')}`);
  const required = ['engagement', 'kpi', 'at'];
  for (const r of required) if (!names.includes(r)) fail(line, r, 'column is missing');
  if (unknown.length || required.some((r) => !names.includes(r))) return [];
  return COLUMNS.map((c) => names.indexOf(c)).map((i) => (i < 0 ? 10_000 : i));
}

interface Writer {
  /** False when the row clashes with another by (kpi, source, external id). Fields as positions: imports are hot. */
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
  ): Promise<boolean> | boolean;
  /** Write what is buffered; answers duplicates found only now (PostgreSQL). */
  finish(): Promise<Array<{ line: number; message: string }>>;
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
function sqliteWriter(database: Database, batchId: string, createdAt: string): Writer {
  const sqlite = database.sqlite!;
  const tuple = '(?,?,?,?,?,?,?,?,?,?)';
  const insert = `insert into measurements (${INSERT_COLUMNS}) values `;
  const one = sqlite.prepare(insert + tuple);
  const many = sqlite.prepare(insert + Array(SQLITE_CHUNK).fill(tuple).join(','));
  const params: unknown[] = [];
  let lines: number[] = [];
  const duplicates: Array<{ line: number; message: string }> = [];
  const isUnique = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
  const oneByOne = () => {
    for (let i = 0; i < lines.length; i++) {
      try {
        one.run(params.slice(i * 10, i * 10 + 10));
      } catch (err) {
        if (!isUnique(err)) throw err;
        const externalId = params[i * 10 + 7];
        duplicates.push({
          line: lines[i]!,
          message: `"${externalId}" is already used for this KPI and source (earlier in the file or stored)`,
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
      return true;
    },
    async finish() {
      if (lines.length) flush();
      return duplicates;
    },
  };
}

/** A staging table on the transaction's connection, filled in batches and checked in SQL. */
async function pgWriter(tx: Executor, batchId: string, createdAt: string): Promise<Writer> {
  const t = tx as unknown as Kysely<any>;
  await sql`create temporary table measurement_staging (line integer not null, engagement_id text not null, kpi_id text not null, at timestamptz not null, value double precision, numerator double precision, denominator double precision, source text not null, external_id text, batch_id text not null, created_at timestamptz not null) on commit drop`.execute(
    t,
  );
  let buffer: Array<repo.NewMeasurement & { line: number }> = [];
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
      return true;
    },
    async finish() {
      await flush();
      await sql`create index on measurement_staging (kpi_id, source, external_id, line)`.execute(t);
      const { rows } = await sql<{ line: number; externalId: string; stored: boolean }>`
        select s.line, s.external_id, false as stored from measurement_staging s
         where s.external_id is not null and exists (select 1 from measurement_staging e where e.kpi_id = s.kpi_id
           and e.source = s.source and e.external_id = s.external_id and e.line < s.line)
        union all
        select s.line, s.external_id, true as stored from measurement_staging s join measurements m
          on m.kpi_id = s.kpi_id and m.source = s.source and m.external_id = s.external_id
        order by 1 limit ${MAX_REPORTED + 1}`.execute(t);
      if (rows.length)
        return rows.map((r) => ({
          line: Number(r.line),
          message: `"${r.externalId}" is already used for this KPI and source (${r.stored ? 'stored' : 'earlier in the file'})`,
        }));
      await sql`insert into measurements (${sql.raw(INSERT_COLUMNS)}) select ${sql.raw(INSERT_COLUMNS)} from measurement_staging`.execute(
        t,
      );
      return [];
    },
  };
}

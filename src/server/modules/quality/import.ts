/**
 * The CSV import of measurements: streamed (any size), every row checked, all or nothing in one
 * transaction, per-row errors with line numbers. Reading and the checks that need no database run
 * in `import-parse.ts`; past the first MiB they move to a worker thread, so parsing one part of a
 * large file overlaps writing the part before (the two halves of the work take about as long
 * each). SQLite writes through prepared statements on the connection of the open transaction;
 * PostgreSQL loads a temporary staging table in batches, checks duplicates in SQL and copies the
 * rows over in one statement. A killed process commits nothing.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { setImmediate as turn } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import type { MeasurementSource } from '../../../contracts/quality';
import type { Database, Executor } from '../../db/database';
import { type FieldError, invalid } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import { contextOf, type QualityEngagements, reopenLate } from './evaluation';
import { MeasurementCsvParser, type ParsedBatch, SOURCE_VENDOR } from './import-parse';
import { ParserThread } from './import-thread';
import * as repo from './repository';
import type { RollupGroup } from './rollup-sums';
import { figureProblems, type KpiSpec } from './rules';

export { COLUMNS } from './import-parse';
/** Errors listed in a failed import's answer; the detail gives the total. */
export const MAX_REPORTED = 1000;
/** Bytes read before parsing moves to a worker thread: a thread costs about 0.2 s to start. */
export const PARSER_THREAD_AFTER_BYTES = 1 << 20;
/** Pieces of text handed to the parser thread and not yet answered: enough to keep both busy. */
const IN_FLIGHT = 4;

export interface ImportDeps {
  database: Database;
  audit: AuditRecorder;
  clock: Clock;
  engagements: QualityEngagements;
  /** Bytes before the parser moves to a thread (0: from the start; Infinity: never). */
  parserThreadAfterBytes?: number;
}

interface Known {
  kpis: Map<string, KpiSpec>;
  byName: Map<string, KpiSpec>;
}

/** An (engagement, KPI) pair of texts as read, resolved once. */
type Resolved =
  | { ok: true; engagementId: string; kpi: KpiSpec }
  | { ok: false; field: string; message: string };

export function createMeasurementImport({
  database,
  audit,
  clock,
  engagements,
  parserThreadAfterBytes = PARSER_THREAD_AFTER_BYTES,
}: ImportDeps) {
  const { db } = database;

  /** Import a CSV stream; `onRows` is told the number of rows read so far (for progress bars). */
  async function importCsv(actor: Actor, input: Readable, onRows?: (rows: number) => void) {
    authorize(actor, 'measurement', 'import');
    const createdAt = clock.now().toISOString();
    const batchId = newId('bat');
    const vendor = actor.role === 'vendor';
    const listed: FieldError[] = [];
    let errorCount = 0;
    const fail = (line: number, field: string, message: string) => {
      errorCount++;
      if (listed.length < MAX_REPORTED) listed.push({ line, field, message });
    };

    return db.transaction().execute(async (tx) => {
      const writer =
        database.dialect === 'sqlite'
          ? sqliteWriter(database, batchId, createdAt)
          : await pgWriter(tx, batchId, createdAt);
      const engagementCache = new Map<string, Known | null>();
      const known = async (id: string): Promise<Known | null> => {
        if (engagementCache.has(id)) return engagementCache.get(id)!;
        let k: Known | null = null;
        try {
          const ctx = await contextOf(tx, engagements, actor, id);
          if (ctx.approved)
            k = {
              kpis: new Map(ctx.kpis.map((x) => [x.id, x])),
              byName: new Map(ctx.kpis.map((x) => [x.name, x])),
            };
        } catch {
          k = null;
        }
        engagementCache.set(id, k);
        return k;
      };
      const byTexts = new Map<string, Resolved>();
      const resolve = async (engagementId: string, kpiText: string): Promise<Resolved> => {
        const key = `${engagementId}\u0000${kpiText}`;
        let r = byTexts.get(key);
        if (r) return r;
        const k = engagementId ? await known(engagementId) : null;
        const kpi = k && (k.kpis.get(kpiText) ?? k.byName.get(kpiText));
        if (!k)
          r = {
            ok: false,
            field: 'engagement',
            message: engagementId
              ? 'is not an engagement with an approved SOW that you may reach'
              : 'is required',
          };
        else if (!kpi)
          r = {
            ok: false,
            field: 'kpi',
            message: kpiText
              ? `"${kpiText}" is neither the id nor the exact name of a KPI of the approved SOW`
              : 'is required',
          };
        else r = { ok: true, engagementId, kpi };
        byTexts.set(key, r);
        return r;
      };

      // Each parser numbers the (engagement, KPI) texts it meets; these are its tables.
      let headerSeen = false;
      let stopped = false;
      let rowsRead = 0;
      const take = async (table: Resolved[], b: ParsedBatch) => {
        for (let k = 0; k < b.newPairs.length; k += 2)
          table.push(await resolve(b.newPairs[k]!, b.newPairs[k + 1]!));
        for (const e of b.errors) fail(e.line ?? 1, e.field, e.message);
        const { problems } = b;
        let p = 0;
        for (let i = 0; i < b.count; i++) {
          const r = table[b.pair[i]!]!;
          const line = b.line[i]!;
          // The engagement and KPI are named first; then what the parser found in the row.
          if (!r.ok) {
            fail(line, r.field, r.message);
            while (p < problems.length && problems[p]!.row === i) p++;
            continue;
          }
          if (p < problems.length && problems[p]!.row === i) {
            for (; p < problems.length && problems[p]!.row === i; p++)
              fail(line, problems[p]!.field, problems[p]!.message);
            continue;
          }
          const v = b.value[i]!;
          const n = b.numerator[i]!;
          const d = b.denominator[i]!;
          const value = Number.isNaN(v) ? null : v;
          const numerator = Number.isNaN(n) ? null : n;
          const denominator = Number.isNaN(d) ? null : d;
          // The common valid shapes pass without building a list; anything else gets the full check.
          if (!figuresPlainlyFine(r.kpi, value, numerator, denominator)) {
            const found = figureProblems(r.kpi, { value, numerator, denominator });
            if (found.length) {
              for (const f of found) fail(line, f.field, f.message);
              continue;
            }
          }
          const added = writer.add(
            r.engagementId,
            r.kpi.id,
            b.at[i]!,
            value,
            numerator,
            denominator,
            b.source[i] === SOURCE_VENDOR ? 'vendor' : 'client',
            b.externalId ? b.externalId[i]! : null,
            line,
          );
          if (added) await added;
        }
        if (b.headerSeen) headerSeen = true;
        if (b.stopped) stopped = true;
        rowsRead = b.rows;
        onRows?.(b.rows);
      };

      // A client that goes away mid-upload fails the import (and so rolls it back).
      const interrupted = new Promise<never>((_, reject) => {
        input.once('aborted', () => reject(new Error('the upload was interrupted')));
      });
      interrupted.catch(() => undefined);
      const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
      const decoder = new StringDecoder('utf8');
      const local = new MeasurementCsvParser(vendor);
      const localTable: Resolved[] = [];
      const threadTable: Resolved[] = [];
      let thread: ParserThread | null = null;
      let moved = false;
      let threadRollups: RollupGroup[] = [];
      const fromThread = async () => {
        const m = await thread!.next();
        await take(threadTable, m.batch);
        if (m.type === 'end') threadRollups = m.rollups;
      };
      let bytes = 0;
      try {
        if (parserThreadAfterBytes <= 0) {
          thread = ParserThread.start(vendor);
          if (await thread?.settled()) {
            thread!.send({ type: 'start', state: local.state() });
            moved = true;
          }
        }
        while (!stopped) {
          const next = await Promise.race([chunks.next(), interrupted]);
          if (next.done) break;
          const chunk = next.value;
          const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
          bytes += chunk.length;
          if (moved) {
            thread!.send({ type: 'text', text });
            while (thread!.inFlight >= IN_FLIGHT) await fromThread();
            continue;
          }
          await take(localTable, local.push(text));
          if (!thread && bytes >= parserThreadAfterBytes && !stopped) thread = ParserThread.start(vendor);
          // Until the thread is up (a few pieces later) this thread parses on. Its "ready" is an
          // event: let the loop turn, since a stream served from memory never yields on its own.
          if (thread && !thread.ready) await turn();
          if (thread?.ready && !stopped) {
            thread.send({ type: 'start', state: local.state() });
            moved = true;
          }
        }
        const rest = decoder.end();
        if (moved) {
          if (!stopped) thread!.send({ type: 'end', text: rest });
          while (thread!.inFlight > 0) await fromThread();
        } else if (!stopped) await take(localTable, local.end(rest));
      } finally {
        await chunks.return?.();
        await thread?.stop();
      }

      if (!headerSeen && !errorCount) fail(1, 'body', 'is empty: the first line must name the columns');
      const duplicates = await writer.finish();
      if (errorCount || duplicates.count) {
        errorCount += duplicates.count;
        const errors = [
          ...listed,
          ...duplicates.listed.map((d) => ({ line: d.line, field: 'external_id', message: d.message })),
        ]
          .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
          .slice(0, MAX_REPORTED);
        throw invalid(
          errors,
          `The CSV has ${errorCount} problem${errorCount === 1 ? '' : 's'}` +
            (errorCount > errors.length ? ` (the first ${errors.length} are listed)` : '') +
            '; nothing was imported.',
        );
      }
      // Every row was good, so every pair in the parsers' sums resolved.
      const sums = new repo.RollupSums();
      for (const g of [...local.rollups(), ...threadRollups]) {
        const r = byTexts.get(`${g.engagementId}\u0000${g.kpiId}`);
        if (r?.ok) sums.mergeGroup(r.engagementId, r.kpi.id, g.source, g.buckets);
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
      return { inserted: rowsRead };
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

interface Writer {
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
  finish(): Promise<{ count: number; listed: Array<{ line: number; message: string }> }>;
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
  // Rows are written in line order, so the first listed are the first clashes of the file.
  const duplicates: Array<{ line: number; message: string }> = [];
  let clashes = 0;
  const isUnique = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
  const oneByOne = () => {
    for (let i = 0; i < lines.length; i++) {
      try {
        one.run(params.slice(i * 10, i * 10 + 10));
      } catch (err) {
        if (!isUnique(err)) throw err;
        const externalId = params[i * 10 + 7];
        if (clashes++ >= MAX_REPORTED) continue;
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
      return undefined;
    },
    async finish() {
      if (lines.length) flush();
      return { count: clashes, listed: duplicates };
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
         order by line limit ${MAX_REPORTED}`.execute(t);
      if (rows.length)
        return {
          count: Number(rows[0]!.total),
          listed: rows.map((r) => ({
            line: Number(r.line),
            message: `"${r.externalId}" is already used for this KPI and source (${r.stored ? 'stored' : 'earlier in the file'})`,
          })),
        };
      await sql`insert into measurements (${sql.raw(INSERT_COLUMNS)}) select ${sql.raw(INSERT_COLUMNS)} from measurement_staging`.execute(
        t,
      );
      return { count: 0, listed: [] };
    },
  };
}

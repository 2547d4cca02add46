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
import type { Database } from '../../db/database';
import { type FieldError, invalid } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import { contextOf, type QualityEngagements, reopenLate } from './evaluation';
import { MeasurementCsvParser, type ParsedBatch, SOURCE_VENDOR } from './import-parse';
import { pgWriter, sqliteWriter } from './import-repository';
import { ParserThread } from './import-thread';
import * as repo from './repository';
import type { RollupGroup } from './rollup-sums';
import { figureProblems, type KpiSpec } from './rules';

export { COLUMNS } from './import-parse';

/** Errors listed in a failed import's answer; the detail gives the total. */
const MAX_REPORTED = 1000;
/** Bytes read before parsing moves to a worker thread: a thread costs about 0.2 s to start. */
const PARSER_THREAD_AFTER_BYTES = 1 << 20;
/** Pieces of text handed to the parser thread and not yet answered: enough to keep both busy. */
const IN_FLIGHT = 4;

interface ImportDeps {
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

  /**
   * Import a CSV stream; `onRows` is told the number of rows read so far (for progress bars).
   * With `dryRun` every check runs — duplicates too, by writing in the transaction — and the
   * transaction is then rolled back: the answer is what would be imported (decision 111).
   */
  async function importCsv(
    actor: Actor,
    input: Readable,
    onRows?: (rows: number) => void,
    options: { dryRun?: boolean } = {},
  ): Promise<{ inserted: number; checked?: number }> {
    try {
      return await run(actor, input, onRows, options.dryRun === true);
    } catch (e) {
      if (e instanceof DryRunDone) return { inserted: 0, checked: e.rows };
      throw e;
    }
  }

  async function run(
    actor: Actor,
    input: Readable,
    onRows: ((rows: number) => void) | undefined,
    dryRun: boolean,
  ) {
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
          ? sqliteWriter(database, batchId, createdAt, MAX_REPORTED)
          : await pgWriter(tx, batchId, createdAt, MAX_REPORTED);
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
          ...duplicates.listed.map((d) => ({
            line: d.line,
            field: 'external_id',
            message: `"${d.externalId}" is already used for this KPI and source (${d.where})`,
          })),
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
      // Every row is good: a dry run stops here and rolls back what the writer wrote.
      if (dryRun) throw new DryRunDone(rowsRead);
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

/** Thrown to roll a dry run's transaction back once every row has been checked. */
class DryRunDone extends Error {
  constructor(readonly rows: number) {
    super('dry run');
  }
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

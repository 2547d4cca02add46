/**
 * The first half of the CSV measurement import: reading the text and checking each row as far as
 * that can go without the database (instant, numbers, source), summing the 15-minute roll-ups and
 * packing the rows into typed columns. It is pure and synchronous, so it runs either on the
 * importing thread or, for large files, on a worker thread of its own (`import-worker.ts`) while
 * the importing thread checks engagements and KPIs and writes. The checks that need the database
 * (engagement, KPI, figures for the KPI's aggregation, duplicates) are the importer's.
 */
import type { FieldError } from '../../errors';
import { type CsvRecord, CsvSyntaxError, scanRecords } from '../../lib/csv-stream';
import { textProblem } from '../../lib/input-text';
import { type RollupGroup, RollupSums } from './rollup-sums';

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
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;
const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Source codes in a batch: a vendor user's rows are always the vendor's. */
export const SOURCE_CLIENT = 1;
export const SOURCE_VENDOR = 2;

/** A problem of one row, found here; the importer reports it unless the row's engagement or KPI fails first. */
interface RowProblem {
  /** Index of the row in its batch. */
  row: number;
  field: string;
  message: string;
}

/**
 * The rows of one piece of text, as columns (typed arrays cross threads without copying). Every
 * row read is here, bad ones too, so the importer can name the engagement or KPI first.
 */
export interface ParsedBatch {
  count: number;
  /** Rows read so far in the whole file, for progress bars. */
  rows: number;
  /** Index into this parser's (engagement, KPI) texts; `newPairs` extends that list. */
  pair: Int32Array;
  line: Int32Array;
  /** ISO UTC instants ('' for a row with a problem). */
  at: string[];
  /** NaN stands for an empty cell. */
  value: Float64Array;
  numerator: Float64Array;
  denominator: Float64Array;
  source: Uint8Array;
  /** Null when no row of the batch has an external id. */
  externalId: Array<string | null> | null;
  /** Engagement and KPI texts first seen in this batch, in index order: [engagement, kpi, engagement, kpi, …]. */
  newPairs: string[];
  problems: RowProblem[];
  /** Problems of the file itself (header, CSV syntax); the parser stops after one. */
  errors: FieldError[];
  headerSeen: boolean;
  stopped: boolean;
}

/** Where a parser is in the file, so another thread can carry on from there. */
export interface ParserState {
  pending: string;
  line: number;
  started: boolean;
  index: number[];
  rows: number;
}

export class MeasurementCsvParser {
  private pending = '';
  private line = 1;
  private started = false;
  private index: number[] = [];
  private rows = 0;
  private stopped = false;
  private readonly pairs = new Map<string, Map<string, number>>();
  private pairCount = 0;
  private readonly sums = new RollupSums();

  constructor(
    private readonly vendor: boolean,
    state?: ParserState,
  ) {
    if (state) {
      this.pending = state.pending;
      this.line = state.line;
      this.started = state.started;
      this.index = state.index;
      this.rows = state.rows;
    }
  }

  /** Where this parser stands; its rows so far stay its own (their pair indices and sums). */
  state(): ParserState {
    return {
      pending: this.pending,
      line: this.line,
      started: this.started,
      index: this.index,
      rows: this.rows,
    };
  }

  /** Sums of the rows without problems, keyed by the engagement and KPI texts as read. */
  rollups(): RollupGroup[] {
    return this.sums.exportGroups();
  }

  /** The complete records of a piece of decoded text. */
  push(text: string): ParsedBatch {
    return this.read(text, false);
  }

  /** The rest of the file: the last record may end without a line break. */
  end(text = ''): ParsedBatch {
    return this.read(text, true);
  }

  private read(text: string, final: boolean): ParsedBatch {
    const errors: FieldError[] = [];
    let records: CsvRecord[] = [];
    let nul = false;
    if (!this.stopped) {
      if (!this.started && text.length) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        this.started = true;
      }
      this.pending += text;
      // Decoded UTF-8 has no lone surrogates; NUL is the one character to look for in the cells.
      nul = this.pending.includes('\u0000');
      try {
        const scan = scanRecords(this.pending, this.line, final);
        this.pending = this.pending.slice(scan.consumed);
        this.line = scan.line;
        records = scan.records;
      } catch (err) {
        if (!(err instanceof CsvSyntaxError)) throw err;
        errors.push({ line: err.line, field: 'file', message: err.message });
        this.stopped = true;
      }
    }
    return this.check(records, errors, nul);
  }

  private check(records: CsvRecord[], errors: FieldError[], nul: boolean): ParsedBatch {
    const n = records.length;
    const pair = new Int32Array(n);
    const lines = new Int32Array(n);
    const at: string[] = [];
    const value = new Float64Array(n);
    const numerator = new Float64Array(n);
    const denominator = new Float64Array(n);
    const source = new Uint8Array(n);
    let externalId: Array<string | null> | null = null;
    const newPairs: string[] = [];
    const problems: RowProblem[] = [];
    const { vendor, sums } = this;
    let index = this.index;
    let count = 0;
    // The record being checked, and helpers over it made once (not per row: imports are hot).
    let record: string[] = [];
    let bad = false;
    const cell = (c: number) => {
      const v = record[index[c]!];
      return v === undefined ? '' : v.trim();
    };
    const number = (c: number, field: string) => {
      const text = cell(c);
      if (text === '') return Number.NaN;
      const x = Number(text);
      if (!Number.isFinite(x)) {
        problems.push({ row: count - 1, field, message: 'must be a number' });
        bad = true;
      }
      return x;
    };
    let lastEngagement: string | undefined;
    let kpis: Map<string, number> | undefined;
    for (let r = 0; r < n && !this.stopped; r++) {
      const item = records[r]!;
      record = item.fields;
      if (record.length === 1 && record[0] === '') continue;
      // A cell the databases cannot store stops the file, before its texts are looked up.
      const unstorable = nul ? record.findIndex((f) => textProblem(f) !== null) : -1;
      if (unstorable >= 0) {
        errors.push({
          line: item.line,
          field: (index.length ? COLUMNS[index.indexOf(unstorable)] : undefined) ?? 'file',
          message: textProblem(record[unstorable]!)!,
        });
        this.stopped = true;
        continue;
      }
      if (!index.length) {
        index = this.index = header(record, item.line, errors);
        if (!index.length) this.stopped = true;
        continue;
      }
      this.rows++;
      const i = count++;
      lines[i] = item.line;
      const engagement = cell(0);
      const kpi = cell(1);
      if (engagement !== lastEngagement) {
        lastEngagement = engagement;
        kpis = this.pairs.get(engagement);
        if (!kpis) {
          kpis = new Map();
          this.pairs.set(engagement, kpis);
        }
      }
      let p = kpis!.get(kpi);
      if (p === undefined) {
        p = this.pairCount++;
        kpis!.set(kpi, p);
        newPairs.push(engagement, kpi);
      }
      pair[i] = p;
      const atText = cell(2);
      const canonical = CANONICAL.test(atText);
      const atMs = canonical || INSTANT.test(atText) ? Date.parse(atText) : Number.NaN;
      if (Number.isNaN(atMs)) {
        problems.push({
          row: i,
          field: 'at',
          message: 'must be an ISO 8601 instant with an offset, such as 2027-03-14T09:30:00Z',
        });
        at.push('');
        continue;
      }
      bad = false;
      const v = number(3, 'value');
      const num = number(4, 'numerator');
      const den = number(5, 'denominator');
      value[i] = v;
      numerator[i] = num;
      denominator[i] = den;
      const sourceText = cell(6);
      if (sourceText && sourceText !== 'client' && sourceText !== 'vendor') {
        problems.push({ row: i, field: 'source', message: 'must be client or vendor' });
        bad = true;
      }
      if (bad) {
        at.push('');
        continue;
      }
      const s = vendor || sourceText === 'vendor' ? SOURCE_VENDOR : SOURCE_CLIENT;
      source[i] = s;
      at.push(canonical ? atText : new Date(atMs).toISOString());
      const ext = cell(7);
      if (ext) {
        if (!externalId) externalId = new Array<string | null>(n).fill(null);
        externalId[i] = ext;
      }
      sums.add(
        engagement,
        kpi,
        s === SOURCE_VENDOR ? 'vendor' : 'client',
        atMs,
        Number.isNaN(v) ? null : v,
        Number.isNaN(num) ? null : num,
        Number.isNaN(den) ? null : den,
      );
    }
    return {
      count,
      rows: this.rows,
      pair,
      line: lines,
      at,
      value,
      numerator,
      denominator,
      source,
      externalId,
      newPairs,
      problems,
      errors,
      headerSeen: index.length > 0,
      stopped: this.stopped,
    };
  }
}

/** Column positions from the header line; reports unknown or missing columns. */
function header(record: string[], line: number, errors: FieldError[]): number[] {
  const names = record.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  for (const u of unknown)
    errors.push({
      line,
      field: u || '(empty)',
      message: `is not a known column; the columns are ${COLUMNS.join(', ')}`,
    });
  const required = ['engagement', 'kpi', 'at'];
  for (const r of required)
    if (!names.includes(r)) errors.push({ line, field: r, message: 'column is missing' });
  if (unknown.length || required.some((r) => !names.includes(r))) return [];
  return COLUMNS.map((c) => names.indexOf(c)).map((i) => (i < 0 ? 10_000 : i));
}

import { parse } from 'csv-parse/sync';
import type { FieldError } from '../../errors';
import { csvText, csvUnescape } from '../../lib/csv';
import { splitList } from './rules';

/** The columns of the vendor CSV, in export order. Lists (languages, services) are `;`-separated. */
export const VENDOR_CSV_COLUMNS = [
  'id',
  'name',
  'legal_name',
  'country',
  'timezone',
  'languages',
  'services',
  'website',
  'status',
  'criticality',
  'owner_email',
  'notes',
  'created_at',
  'updated_at',
] as const;
const REQUIRED = ['name', 'country'];
/** Written by export, ignored by import, so an export can be edited and imported back. */
const IGNORED_ON_IMPORT = new Set(['created_at', 'updated_at']);

interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

/** Parse the text into rows keyed by header; problems with the file itself are field errors on line 1. */
export function parseVendorCsv(text: string): { rows: CsvRow[]; errors: FieldError[] } {
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: false,
      skip_empty_lines: true,
      info: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return {
      rows: [],
      errors: [{ field: 'file', line: e.lines ?? 1, message: e.message.replace(/^Invalid [^:]+: /, '') }],
    };
  }
  if (records.length === 0)
    return {
      rows: [],
      errors: [{ field: 'file', line: 1, message: 'is empty; the first line must name the columns' }],
    };
  const header = records[0]!.record.map((h) => h.toLowerCase());
  const errors: FieldError[] = [];
  const known = new Set<string>(VENDOR_CSV_COLUMNS);
  for (const h of header)
    if (!known.has(h)) errors.push({ field: h || '(blank)', line: 1, message: 'is not a known column' });
  for (const r of REQUIRED)
    if (!header.includes(r)) errors.push({ field: r, line: 1, message: 'column is missing' });
  if (new Set(header).size !== header.length)
    errors.push({ field: 'header', line: 1, message: 'names a column twice' });
  if (errors.length) return { rows: [], errors };
  // csv-parse reports the line a record ends on and miscounts a CRLF inside quotes as two
  // lines; people look for the line a row starts on, so count lines here from the cells.
  let consumed = 1 + lineBreaks(records[0]!.record);
  const rows = records.slice(1).map(({ record, info }) => {
    const cells: Record<string, string> = {};
    header.forEach((h, i) => {
      if (!IGNORED_ON_IMPORT.has(h)) cells[h] = csvUnescape(record[i] ?? '');
    });
    const line = 1 + consumed + info.empty_lines;
    consumed += 1 + lineBreaks(record);
    return { line, cells };
  });
  return { rows, errors };
}

const lineBreaks = (record: string[]) =>
  record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/** A CSV row as the create/update body it stands for; blank cells are absent. */
export function rowToBody(cells: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const text = (k: string) => (cells[k] ? cells[k] : undefined);
  body.name = cells.name ?? '';
  if (cells.country !== undefined) body.country = cells.country.toUpperCase();
  if (text('legal_name')) body.legalName = text('legal_name');
  if (text('timezone')) body.timezone = text('timezone');
  if (text('languages')) body.languages = splitList(cells.languages);
  if (text('services')) body.services = splitList(cells.services);
  if (text('website')) body.website = text('website');
  if (text('status')) body.status = text('status');
  if (text('criticality')) body.criticality = text('criticality');
  if (text('notes')) body.notes = text('notes');
  return body;
}

/** A page of the vendor CSV; the first carries the byte order mark and the header. */
export function toCsv(
  rows: Array<Record<(typeof VENDOR_CSV_COLUMNS)[number], string>>,
  first: boolean,
): string {
  const cells = rows.map((r) => VENDOR_CSV_COLUMNS.map((c) => r[c] ?? ''));
  return csvText(first ? [[...VENDOR_CSV_COLUMNS], ...cells] : cells, { bom: first });
}

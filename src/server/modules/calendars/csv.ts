/**
 * Holiday days from CSV: a header line naming `date` and `name` (and optionally `kind`: added or
 * removed), then one day a line. Problems name the CSV line. Pure: text in, days out.
 */
import { parse } from 'csv-parse/sync';
import type { HolidayDayKind } from '../../../contracts/calendars';
import type { FieldError } from '../../errors';

interface CsvDay {
  date: string;
  name: string;
  kind: HolidayDayKind;
  line: number;
}

const COLUMNS = new Set(['date', 'name', 'kind']);

/** A real calendar date YYYY-MM-DD (not 2027-02-30). */
function isCalendarDate(v: string): boolean {
  if (!/^\d{4}-\d\d-\d\d$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export function parseHolidayCsv(
  text: string,
  years: readonly number[],
): { days: CsvDay[]; skipped: number; errors: FieldError[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      info: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return {
      days: [],
      skipped: 0,
      errors: [{ field: 'file', line: e.lines ?? 1, message: e.message.replace(/^Invalid [^:]+: /, '') }],
    };
  }
  if (records.length === 0)
    return {
      days: [],
      skipped: 0,
      errors: [{ field: 'file', line: 1, message: 'is empty; the first line must be date,name' }],
    };
  const header = records[0]!.record.map((h) => h.toLowerCase());
  const errors: FieldError[] = [];
  for (const h of header)
    if (!COLUMNS.has(h))
      errors.push({ field: h || '(blank)', line: 1, message: 'is not a known column (date, name, kind)' });
  for (const r of ['date', 'name'])
    if (!header.includes(r)) errors.push({ field: r, line: 1, message: 'column is missing' });
  if (errors.length) return { days: [], skipped: 0, errors };
  const col = (name: string) => header.indexOf(name);
  const wanted = new Set(years);
  const days: CsvDay[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const date = record[col('date')] ?? '';
    const name = record[col('name')] ?? '';
    const kind = (col('kind') >= 0 ? record[col('kind')] || 'added' : 'added').toLowerCase();
    if (!isCalendarDate(date)) errors.push({ field: 'date', line, message: 'must be a date YYYY-MM-DD' });
    else if (kind !== 'added' && kind !== 'removed')
      errors.push({ field: 'kind', line, message: 'must be added or removed' });
    else if (kind === 'added' && !name) errors.push({ field: 'name', line, message: 'is required' });
    else if (name.length > 200)
      errors.push({ field: 'name', line, message: 'must be at most 200 characters' });
    else if (seen.has(date))
      errors.push({ field: 'date', line, message: `appears twice (also on line ${seen.get(date)})` });
    else {
      seen.set(date, line);
      if (wanted.has(Number(date.slice(0, 4)))) days.push({ date, name, kind, line });
      else skipped++;
    }
  }
  return { days, skipped, errors };
}

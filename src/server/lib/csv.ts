/**
 * The one CSV writer of every export. csv-stringify writes RFC 4180 (CRLF line ends, quotes where
 * needed) and neutralises formulas by OWASP's rule (`escape_formulas`: a cell starting with `=`,
 * `+`, `-`, `@`, tab or carriage return, or their full-width forms, gets a `'` in front); here
 * such cells are also quoted, and a cell that already starts with `'` before one of those
 * characters gets one more, so that `csvUnescape` undoes the prefix exactly on import.
 *
 * Only text is neutralised: a number cell (a JS number, or `csvNumber` for exact decimal text
 * such as an amount from minor units) is written as it is, so `-12.50` stays a number a
 * spreadsheet can add up. A number cannot be a formula; a string always may be.
 *
 * Files are UTF-8 with a byte order mark: Excel reads a CSV without one in the system's legacy
 * code page ("MÃ¼ller"), and every importer of Outpost skips it. An export asked with `?bom=0`
 * (contracts `CsvBom`) goes without it, through `withBom`.
 */
import { stringify } from 'csv-stringify/sync';
import { decimalText } from '../../contracts/money';

/** The media type of every CSV export. */
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** Cells a spreadsheet would run, after any `'` already in front (see csvUnescape). */
const FORMULA = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const ESCAPED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A number as exact decimal text ("-1234.50"): written as it is, never prefixed. */
class CsvNumber {
  constructor(readonly text: string) {}
}

/** Decimal text ("-37.50", from `toFixed`) as a number cell; anything else stays text, neutralised. */
export const csvNumber = (text: string): CsvNumber | string =>
  DECIMAL.test(text) ? new CsvNumber(text) : text;

/** An amount in minor units as an exact number cell in major units: 123456 EUR → 1234.56, 4200000 JPY → 4200000. */
export const csvAmount = (minor: number, currency: string): CsvNumber | string =>
  csvNumber(decimalText(minor, currency));

/** A cell: text (neutralised), a number (as it is), or blank. */
export type CsvCell = string | number | CsvNumber | null | undefined;

/**
 * Rows as CSV text, every line ending CRLF. `bom: false` for a later page of a file whose first
 * page was written with one (the vendor export streams pages).
 */
export function csvText(rows: CsvCell[][], { bom = true }: { bom?: boolean } = {}): string {
  return stringify(rows, {
    bom,
    record_delimiter: 'windows',
    escape_formulas: true,
    cast: {
      string: (v) => (FORMULA.test(v) ? { value: v.startsWith("'") ? `'${v}` : v, quoted: true } : v),
      object: (v) => {
        if (v instanceof CsvNumber) return { value: v.text, escape_formulas: false };
        throw new Error('a CSV cell is text, a number or blank');
      },
    },
  });
}

/** A CSV file with its byte order mark (`bom` `1`, the default) or without (`0`). */
export function withBom(text: string, bom: '0' | '1'): string {
  const bare = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return bom === '1' ? `\uFEFF${bare}` : bare;
}

/** Undo the writer's `'` on import, so that an exported file imported back gives the same values. */
export const csvUnescape = (value: string): string => (ESCAPED.test(value) ? value.slice(1) : value);

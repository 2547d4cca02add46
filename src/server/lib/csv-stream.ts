/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes,
 * CRLF or LF, a leading BOM) built for bulk imports: lines without a quote take a fast path
 * (a plain split), and every record carries the line it starts on, so errors can name it.
 */
import { StringDecoder } from 'node:string_decoder';

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

interface Scan {
  records: CsvRecord[];
  /** Index in the text where unconsumed input starts. */
  consumed: number;
  line: number;
}

/** Parse the complete records of `text`; an incomplete last record is left unconsumed unless `final`. */
export function scanRecords(text: string, startLine: number, final: boolean): Scan {
  const records: CsvRecord[] = [];
  let pos = 0;
  let line = startLine;
  const n = text.length;
  while (pos < n) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? n : nl;
    if (nl === -1 && !final) break;
    const quote = text.indexOf('"', pos);
    if (quote === -1 || quote > end) {
      let raw = text.slice(pos, end);
      if (raw.endsWith('\r')) raw = raw.slice(0, -1);
      records.push({ fields: raw.split(','), line });
      line++;
      pos = end + 1;
      continue;
    }
    // The slow path: walk the record character by character.
    const fields: string[] = [];
    let field = '';
    let i = pos;
    let inQuotes = false;
    let breaks = 0;
    let done = false;
    let quotedField = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (inQuotes) {
        if (c === 34) {
          if (text.charCodeAt(i + 1) === 34) {
            field += '"';
            i += 2;
            continue;
          }
          if (i + 1 >= n && !final) break; // a doubled quote may still arrive
          inQuotes = false;
          i++;
          continue;
        }
        if (c === 10) breaks++;
        field += text[i];
        i++;
        continue;
      }
      if (c === 34) {
        if (field.length > 0 || quotedField) {
          throw new CsvSyntaxError(
            line + breaks,
            'a quote inside an unquoted field; quote the whole field and double the quote',
          );
        }
        inQuotes = true;
        quotedField = true;
        i++;
        continue;
      }
      if (c === 44) {
        fields.push(field);
        field = '';
        quotedField = false;
        i++;
        continue;
      }
      if (c === 13 && text.charCodeAt(i + 1) === 10) {
        i++;
        continue;
      }
      if (c === 10) {
        done = true;
        i++;
        break;
      }
      if (quotedField) {
        throw new CsvSyntaxError(line + breaks, 'text after a closing quote; separate fields with commas');
      }
      field += text[i];
      i++;
    }
    if (!done && !(final && i >= n && !inQuotes)) {
      if (final) throw new CsvSyntaxError(line, 'a quoted field is never closed');
      break; // wait for more input
    }
    fields.push(field);
    records.push({ fields, line });
    line += 1 + breaks;
    pos = i;
  }
  return { records, consumed: Math.min(pos, n), line };
}

/** Records of a byte or text stream, in batches as they arrive. */
export async function* csvBatches(input: AsyncIterable<Buffer | string>): AsyncGenerator<CsvRecord[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 1;
  let started = false;
  for await (const chunk of input) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (!started && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      started = true;
    }
    pending += text;
    const scan = scanRecords(pending, line, false);
    pending = pending.slice(scan.consumed);
    line = scan.line;
    if (scan.records.length) yield scan.records;
  }
  pending += decoder.end();
  if (!started && pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
  const scan = scanRecords(pending, line, true);
  if (scan.records.length) yield scan.records;
}

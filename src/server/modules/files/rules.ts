/**
 * Content sniffing for uploads: what a file is, decided from its bytes, never from its name.
 * Pure: the sniffer is fed chunks as they stream in and keeps only bounded state (the first
 * bytes, the last bytes of a ZIP for its central directory, a sample of text), except that a
 * text that may be JSON is kept whole, since only a full parse can say it is JSON.
 */
import type { ALLOWED_FILE_TYPES } from '../../../contracts/files';

type AllowedType = (typeof ALLOWED_FILE_TYPES)[number];

export type Verdict =
  | { allowed: true; contentType: AllowedType; kind: string }
  | { allowed: false; kind: string };

/** The allow-list as users know it, for messages. */
const ALLOWED_LABELS = 'PDF, PNG, JPEG, DOCX, XLSX, CSV, TXT, JSON';

const DOCX: AllowedType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX: AllowedType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HEAD_BYTES = 16;
/** A ZIP's central directory is read from its last bytes; 1 MiB holds ~15,000 entries. */
const ZIP_TAIL_BYTES = 1024 * 1024;
const CSV_SAMPLE_CHARS = 64 * 1024;

const startsWith = (buf: Uint8Array, sig: readonly number[]) =>
  buf.length >= sig.length && sig.every((b, i) => buf[i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = ascii('%PDF-');
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];

/** Signatures of refused kinds, so that the refusal can say what the file looked like. */
const KNOWN_REFUSED: Array<[readonly number[], string]> = [
  [ascii('MZ'), 'Windows executable'],
  [[0x7f, 0x45, 0x4c, 0x46], 'ELF executable'],
  [[0xcf, 0xfa, 0xed, 0xfe], 'Mach-O executable'],
  [[0xca, 0xfe, 0xba, 0xbe], 'Mach-O or Java class file'],
  [ascii('GIF8'), 'GIF image'],
  [ascii('RIFF'), 'RIFF media file (WebP, WAV or AVI)'],
  [[0x1f, 0x8b], 'gzip archive'],
  [ascii('Rar!'), 'RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], '7-Zip archive'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'legacy Office (OLE) document'],
  [[0x25, 0x21, 0x50, 0x53], 'PostScript document'],
  [[0x49, 0x49, 0x2a, 0x00], 'TIFF image'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'TIFF image'],
  [[0x00, 0x61, 0x73, 0x6d], 'WebAssembly module'],
  [ascii('SQLite format 3'), 'SQLite database'],
];

/**
 * The names in a ZIP's central directory, read from the archive's last bytes; null when the
 * end-of-central-directory record or the directory itself is not inside `tail`.
 */
export function zipEntryNames(tail: Uint8Array): string[] | null {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  // The end record is 22 bytes plus a comment of up to 64 KiB: search backwards for it.
  const lowest = Math.max(0, tail.length - 22 - 0xffff);
  for (let at = tail.length - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    if (at + 22 + view.getUint16(at + 20, true) !== tail.length) continue;
    const entries = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 12, true);
    const start = at - size;
    if (start < 0 || entries === 0xffff || size === 0xffffffff) return null;
    const names: string[] = [];
    let p = start;
    const decoder = new TextDecoder();
    for (let i = 0; i < entries; i++) {
      if (p + 46 > at || view.getUint32(p, true) !== 0x02014b50) return null;
      const nameLength = view.getUint16(p + 28, true);
      const extraLength = view.getUint16(p + 30, true);
      const commentLength = view.getUint16(p + 32, true);
      if (p + 46 + nameLength > at) return null;
      names.push(decoder.decode(tail.subarray(p + 46, p + 46 + nameLength)));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return null;
}

/** A ZIP is DOCX or XLSX only when it is an OOXML package with a Word or an Excel body, not both. */
export function classifyZip(names: string[] | null): Verdict {
  if (!names) return { allowed: false, kind: 'ZIP archive with an unreadable directory' };
  const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
  const ooxml = names.includes('[Content_Types].xml');
  const word = has('word/');
  const excel = has('xl/');
  if (ooxml && word && !excel) return { allowed: true, contentType: DOCX, kind: 'Word document (DOCX)' };
  if (ooxml && excel && !word) return { allowed: true, contentType: XLSX, kind: 'Excel workbook (XLSX)' };
  if (ooxml && has('ppt/')) return { allowed: false, kind: 'PowerPoint presentation (PPTX)' };
  if (ooxml) return { allowed: false, kind: 'Office Open XML package that is neither DOCX nor XLSX' };
  if (names.includes('mimetype') && names.includes('META-INF/manifest.xml'))
    return { allowed: false, kind: 'OpenDocument file' };
  return { allowed: false, kind: 'ZIP archive' };
}

/** Quote-aware count of commas in one CSV line. */
function commasIn(line: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) count++;
  }
  return count;
}

/** Two or more lines, each with the same (non-zero) number of separating commas. */
export function looksCommaSeparated(sample: string, complete: boolean): boolean {
  const lines = sample.split(/\r?\n/);
  if (!complete) lines.pop(); // the last line of a sample may be cut short
  const rows = lines.filter((l) => l.trim() !== '').slice(0, 20);
  if (rows.length < 2) return false;
  const commas = commasIn(rows[0]!);
  return commas > 0 && rows.every((r) => commasIn(r) === commas);
}

/** Control characters other than tab, LF and CR (and DEL) mark binary data, not text. */
function hasControlBytes(chunk: Uint8Array): boolean {
  for (const b of chunk) {
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return true;
  }
  return false;
}

const lowerName = (name: string) => name.toLowerCase();

/** How a text upload is classified: JSON, then CSV, then plain text. The name only breaks ties. */
function classifyText(text: string | null, csvSample: string, name: string): Verdict {
  if (text !== null) {
    try {
      JSON.parse(text.replace(/^\uFEFF/, ''));
      return { allowed: true, contentType: 'application/json', kind: 'JSON' };
    } catch {
      // not JSON after all
    }
  }
  if (lowerName(name).endsWith('.csv') || looksCommaSeparated(csvSample, csvSample.length < CSV_SAMPLE_CHARS))
    return { allowed: true, contentType: 'text/csv', kind: 'CSV' };
  return { allowed: true, contentType: 'text/plain', kind: 'plain text' };
}

interface Sniffer {
  /** Feed the next chunk of the upload, in order. */
  push(chunk: Uint8Array): void;
  /** What the whole content is; call once, after the last chunk. */
  finish(): Verdict;
}

/**
 * A sniffer for one upload. `name` is the client's file name: it only chooses among text
 * types (a `.json` name lets any JSON value count; a `.csv` name makes text CSV), never admits one.
 */
export function createSniffer(name: string): Sniffer {
  let head = new Uint8Array(0);
  let total = 0;
  // ZIP: the most recent chunks, trimmed to ZIP_TAIL_BYTES, kept only while the head allows a ZIP.
  let tail: Uint8Array[] | null = [];
  let tailBytes = 0;
  // Text: decoded incrementally; a fatal decoder throws on the first invalid UTF-8 sequence.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let isText = true;
  let csvSample = '';
  let jsonParts: string[] | null = [];
  let started = false; // seen the first non-whitespace character
  const nameIsJson = lowerName(name).endsWith('.json');

  function keepText(text: string) {
    if (csvSample.length < CSV_SAMPLE_CHARS) csvSample += text.slice(0, CSV_SAMPLE_CHARS - csvSample.length);
    if (!jsonParts) return;
    if (!started) {
      const first = text.replace(/^[\s\uFEFF]+/, '')[0];
      if (first !== undefined) {
        started = true;
        // Only an object or array counts as JSON by content; other values need a .json name.
        if (!nameIsJson && first !== '{' && first !== '[') jsonParts = null;
      }
    }
    jsonParts?.push(text);
  }

  return {
    push(chunk) {
      if (chunk.length === 0) return;
      total += chunk.length;
      if (head.length < HEAD_BYTES) {
        const merged = new Uint8Array(Math.min(HEAD_BYTES, head.length + chunk.length));
        merged.set(head);
        merged.set(chunk.subarray(0, merged.length - head.length), head.length);
        head = merged;
      }
      if (tail) {
        const mayBeZip = head.subarray(0, 4).every((b, i) => b === ZIP[i]);
        if (!mayBeZip) {
          tail = null;
        } else {
          tail.push(chunk);
          tailBytes += chunk.length;
          while (tail.length > 1 && tailBytes - tail[0]!.length >= ZIP_TAIL_BYTES) {
            tailBytes -= tail.shift()!.length;
          }
        }
      }
      if (isText) {
        if (hasControlBytes(chunk)) {
          isText = false;
        } else {
          try {
            keepText(decoder.decode(chunk, { stream: true }));
          } catch {
            isText = false;
          }
        }
        if (!isText) {
          jsonParts = null;
          csvSample = '';
        }
      }
    },

    finish() {
      if (total === 0) return { allowed: false, kind: 'empty file' };
      if (startsWith(head, PDF))
        return { allowed: true, contentType: 'application/pdf', kind: 'PDF document' };
      if (startsWith(head, PNG)) return { allowed: true, contentType: 'image/png', kind: 'PNG image' };
      if (startsWith(head, JPEG)) return { allowed: true, contentType: 'image/jpeg', kind: 'JPEG image' };
      if (startsWith(head, ZIP) && tail) {
        const bytes = new Uint8Array(tailBytes);
        let at = 0;
        for (const part of tail) {
          bytes.set(part, at);
          at += part.length;
        }
        return classifyZip(zipEntryNames(bytes));
      }
      if (startsWith(head, EMPTY_ZIP)) return { allowed: false, kind: 'empty ZIP archive' };
      for (const [sig, kind] of KNOWN_REFUSED) if (startsWith(head, sig)) return { allowed: false, kind };
      if (isText) {
        try {
          keepText(decoder.decode());
        } catch {
          isText = false; // the content ends inside a multi-byte sequence
        }
      }
      if (!isText) return { allowed: false, kind: 'binary data (or text that is not UTF-8)' };
      return classifyText(jsonParts ? jsonParts.join('') : null, csvSample, name);
    },
  };
}

/** Convenience for whole buffers (tests, small inputs). */
export function sniff(content: Uint8Array, name: string): Verdict {
  const sniffer = createSniffer(name);
  sniffer.push(content);
  return sniffer.finish();
}

/** The message of a refused upload, naming what was detected. */
export const refusalMessage = (kind: string) =>
  `The file's content is not an allowed type (${ALLOWED_LABELS}); it looks like ${withArticle(kind)}.`;

function withArticle(kind: string): string {
  if (/^(binary|text|plain)/.test(kind)) return kind;
  return /^[AEIOU]/i.test(kind) ? `an ${kind}` : `a ${kind}`;
}

/**
 * A file name safe to store and to send back: no path, no control characters, at most 255
 * characters; `file` when nothing is left.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const limited = [...cleaned].slice(0, 255).join('');
  return limited === '' || limited === '.' || limited === '..' ? 'file' : limited;
}

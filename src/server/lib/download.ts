/**
 * How every download names its file: RFC 6266 `Content-Disposition: attachment` with an ASCII
 * `filename` for old clients and the real name in `filename*` (RFC 8187: UTF-8, every byte outside
 * `attr-char` percent-encoded). A header value is sent as Latin-1 bytes, so a raw `Łódź` or
 * `日本語` in `filename="…"` is refused by Node (the 500 of issue 16) or mangled. The tests read
 * every header back with the maintained `content-disposition` parser.
 */

/**
 * RFC 8187's `ext-value` of a name: `UTF-8''` and its UTF-8 bytes, each outside `attr-char`
 * percent-encoded. `encodeURIComponent` leaves only `attr-char` and `*'()` unescaped, so those
 * four are escaped too (as the `content-disposition` package does).
 */
const extValue = (name: string) =>
  `UTF-8''${encodeURIComponent(name).replace(/[*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/** Letters no Unicode decomposition turns into ASCII, spelled as people write them without it. */
const SPELLED: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ø: 'O',
  ø: 'o',
  ß: 'ss',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Þ: 'Th',
  þ: 'th',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
};

/**
 * The ASCII stand-in of a file name: diacritics dropped (`Łódź` → `Lodz`, `Tiếng Việt` →
 * `Tieng Viet`); any other run of characters outside printable ASCII, and `"`, `\`, `%` (which
 * some clients decode), one `_`. A name that starts with such a run starts with `fallback`
 * instead (`日本語サポート-v1.pdf` → `sow-v1.pdf`), and so does a name with no letter or digit left.
 */
export function asciiFileName(name: string, fallback = 'download'): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ŁłĐđØøßÆæŒœÞþıĦħ]/g, (c) => SPELLED[c] ?? c)
    .replace(/[^\x20-\x7e]+/g, '_')
    .replace(/["\\%]+/g, '_')
    .replace(/^_[-_\s]*/, `${fallback}-`)
    .replace(/^(.*)-(\.[^.]*)?$/, '$1$2');
  const dot = folded.lastIndexOf('.');
  const base = dot > 0 ? folded.slice(0, dot) : folded;
  return /[A-Za-z0-9]/.test(base) ? folded : `${fallback}${dot > 0 ? folded.slice(dot) : ''}`;
}

/**
 * A name or title as part of a file name, in its own script: letters, marks and digits kept,
 * every other run (spaces, punctuation, `/`, `\`, control characters) one `-`, at most 80
 * characters; `fallback` when nothing is left.
 */
export function fileNamePart(text: string, fallback: string): string {
  const part = [
    ...text
      .normalize('NFC')
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, ''),
  ]
    .slice(0, 80)
    .join('')
    .replace(/-+$/, '');
  return part || fallback;
}

/**
 * `Content-Disposition` for a file the browser should save as `name` (any script): an ASCII
 * `filename` always, and the exact name in `filename*`.
 */
export function attachment(name: string, fallback?: string): string {
  return `attachment; filename="${asciiFileName(name, fallback)}"; filename*=${extValue(name)}`;
}

/**
 * A file answer in the OpenAPI document: its media types, and the `Content-Disposition` header
 * every download sends (test/api/downloads.test.ts finds the downloads by it).
 */
export function fileResponse<C extends Record<string, { schema: unknown }>>(description: string, content: C) {
  return {
    description,
    content,
    headers: {
      'Content-Disposition': {
        type: 'string',
        description:
          'RFC 6266: `attachment; filename="<ASCII stand-in>"; filename*=UTF-8\'\'<the name, percent-encoded>`',
      },
    },
  };
}

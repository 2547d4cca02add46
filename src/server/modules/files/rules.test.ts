import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyZip,
  cleanFileName,
  createSniffer,
  looksCommaSeparated,
  refusalMessage,
  sniff,
  zipEntryNames,
} from './rules';
import { buildZip, samples } from './test-samples';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Feed `content` in pieces cut at `cuts`. */
function sniffChunked(content: Buffer, name: string, cuts: number[]) {
  const sniffer = createSniffer(name);
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    sniffer.push(content.subarray(at, cut));
    at = cut;
  }
  sniffer.push(content.subarray(at));
  return sniffer.finish();
}

describe('sniffing allowed types by content', () => {
  it.each([
    ['pdf', 'report.pdf', 'application/pdf'],
    ['png', 'logo.png', 'image/png'],
    ['jpeg', 'photo.jpg', 'image/jpeg'],
    ['docx', 'sow.docx', DOCX],
    ['xlsx', 'rates.xlsx', XLSX],
    ['json', 'answers.json', 'application/json'],
    ['csv', 'vendors.csv', 'text/csv'],
    ['txt', 'notes.txt', 'text/plain'],
  ] as const)('recognises %s', (sample, name, type) => {
    expect(sniff(samples[sample], name)).toMatchObject({ allowed: true, contentType: type });
  });

  it('ignores the name for binary types: content wins both ways', () => {
    expect(sniff(samples.png, 'invoice.pdf')).toMatchObject({ allowed: true, contentType: 'image/png' });
    expect(sniff(samples.pdf, 'picture.png')).toMatchObject({
      allowed: true,
      contentType: 'application/pdf',
    });
    expect(sniff(samples.docx, 'rates.xlsx')).toMatchObject({ contentType: DOCX });
    expect(sniff(samples.xlsx, 'no-extension')).toMatchObject({ contentType: XLSX });
  });

  it('never admits a type because of the name', () => {
    expect(sniff(samples.elf, 'notes.txt')).toEqual({ allowed: false, kind: 'ELF executable' });
    expect(sniff(samples.exe, 'report.pdf')).toEqual({ allowed: false, kind: 'Windows executable' });
    expect(sniff(Buffer.from([0x00, 0x01, 0x02, 0xff]), 'data.csv')).toMatchObject({ allowed: false });
  });
});

describe('ZIP archives', () => {
  it('refuses a ZIP that is not OOXML, even with a word/ folder', () => {
    expect(sniff(samples.zip, 'sow.docx')).toEqual({ allowed: false, kind: 'ZIP archive' });
  });

  it('refuses other OOXML packages and ambiguous ones', () => {
    expect(sniff(samples.pptx, 'deck.docx')).toEqual({
      allowed: false,
      kind: 'PowerPoint presentation (PPTX)',
    });
    const both = buildZip({
      '[Content_Types].xml': '<Types/>',
      'word/document.xml': '<w/>',
      'xl/workbook.xml': '<x/>',
    });
    expect(sniff(both, 'x.docx').allowed).toBe(false);
  });

  it('refuses a ZIP whose directory cannot be read (truncated, or trailing bytes)', () => {
    expect(sniff(samples.docx.subarray(0, samples.docx.length - 10), 'a.docx')).toMatchObject({
      allowed: false,
    });
    expect(sniff(Buffer.concat([samples.docx, Buffer.from('junk')]), 'a.docx')).toMatchObject({
      allowed: false,
      kind: 'ZIP archive with an unreadable directory',
    });
  });

  it('reads the central directory names', () => {
    expect(zipEntryNames(samples.xlsx)).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml']);
    expect(zipEntryNames(Buffer.from('not a zip at all, just some text'))).toBeNull();
    expect(classifyZip(null).allowed).toBe(false);
  });

  it('finds the directory of a large DOCX whose head and tail arrive in many chunks', () => {
    const big = buildZip({
      '[Content_Types].xml': '<Types/>',
      'word/media/image1.png': Buffer.alloc(3 * 1024 * 1024, 7),
      'word/document.xml': '<w:document/>',
    });
    const cuts = Array.from({ length: 60 }, (_, i) => (i + 1) * 64 * 1024);
    expect(sniffChunked(big, 'big.docx', cuts)).toMatchObject({ allowed: true, contentType: DOCX });
  });
});

describe('text types', () => {
  it('takes JSON by content when it is an object or array, whatever the name', () => {
    expect(sniff(Buffer.from('  [1, 2, 3]'), 'numbers.txt')).toMatchObject({
      contentType: 'application/json',
    });
    expect(sniff(Buffer.from('\uFEFF{"a":1}'), 'bom.txt')).toMatchObject({ contentType: 'application/json' });
  });

  it('takes any JSON value only with a .json name', () => {
    expect(sniff(Buffer.from('42'), 'answer.txt')).toMatchObject({ contentType: 'text/plain' });
    expect(sniff(Buffer.from('42'), 'answer.JSON')).toMatchObject({ contentType: 'application/json' });
  });

  it('answers text/plain for a .json name whose content does not parse', () => {
    expect(sniff(Buffer.from('{"a": 1,'), 'broken.json')).toMatchObject({ contentType: 'text/plain' });
  });

  it('takes CSV by name, or by comma-separated lines', () => {
    expect(sniff(Buffer.from('just one line'), 'list.csv')).toMatchObject({ contentType: 'text/csv' });
    expect(sniff(Buffer.from('a,b\n1,2\n3,4\n'), 'export.txt')).toMatchObject({ contentType: 'text/csv' });
    expect(sniff(Buffer.from('Hello, world.\nBye now.\n'), 'letter.txt')).toMatchObject({
      contentType: 'text/plain',
    });
  });

  it('counts commas outside quotes only', () => {
    expect(looksCommaSeparated('name,note\n"Smith, J.",ok\n', true)).toBe(true);
    expect(looksCommaSeparated('name,note\n"Smith, J.",ok,extra\n', true)).toBe(false);
  });

  it('refuses control bytes and invalid UTF-8', () => {
    expect(sniff(Buffer.from('abc\u0000def'), 'a.txt')).toMatchObject({ allowed: false });
    expect(sniff(Buffer.from('bell\u0007'), 'a.txt')).toMatchObject({ allowed: false });
    expect(sniff(Buffer.from('caf\xe9', 'latin1'), 'latin1.csv')).toMatchObject({ allowed: false });
    // ends in the middle of a two-byte sequence
    expect(sniff(Buffer.from([0x61, 0xc3]), 'cut.txt')).toMatchObject({ allowed: false });
  });

  it('accepts a multi-byte character split across chunks', () => {
    const text = Buffer.from('Zürich, São Paulo, 東京');
    for (let cut = 1; cut < text.length; cut++) {
      expect(sniffChunked(text, 'cities.txt', [cut])).toMatchObject({
        allowed: true,
        contentType: 'text/plain',
      });
    }
  });

  it('refuses an empty file', () => {
    expect(sniff(Buffer.alloc(0), 'empty.txt')).toEqual({ allowed: false, kind: 'empty file' });
  });
});

describe('the verdict does not depend on how the content is chunked', () => {
  const all = Object.entries(samples);
  it('for every sample and any cut points', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.array(fc.nat(), { maxLength: 8 }), ([key, content], raw) => {
        const cuts = raw.map((n) => n % (content.length + 1));
        expect(sniffChunked(content, `${key}.bin`, cuts)).toEqual(sniff(content, `${key}.bin`));
      }),
    );
  });

  it('for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(fc.nat(), { maxLength: 4 }), (bytes, raw) => {
        const content = Buffer.from(bytes);
        const cuts = raw.map((n) => n % (content.length + 1));
        expect(sniffChunked(content, 'x.txt', cuts)).toEqual(sniff(content, 'x.txt'));
      }),
    );
  });
});

describe('names and messages', () => {
  it('names the detected kind and the allow-list in the refusal', () => {
    expect(refusalMessage('ELF executable')).toBe(
      "The file's content is not an allowed type (PDF, PNG, JPEG, DOCX, XLSX, CSV, TXT, JSON); it looks like an ELF executable.",
    );
  });

  it('cleans file names', () => {
    expect(cleanFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(cleanFileName(undefined)).toBe('file');
    expect(cleanFileName('..')).toBe('file');
    expect([...cleanFileName('é'.repeat(300))]).toHaveLength(255);
  });
});

import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, CsvSyntaxError, csvBatches } from './csv-stream';

async function readAll(chunks: Array<string | Buffer>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of csvBatches(Readable.from(chunks))) out.push(...batch);
  return out;
}

describe('csvBatches', () => {
  it('reads plain and quoted fields, doubled quotes, CRLF and line breaks inside quotes, with the line each record starts on', async () => {
    const text = '\uFEFFa,b,c\r\n1,"two, with comma","say ""hi"""\n"multi\nline",x,\n\nlast,row,here';
    expect(await readAll([text])).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', 'two, with comma', 'say "hi"'], line: 2 },
      { fields: ['multi\nline', 'x', ''], line: 3 },
      { fields: [''], line: 5 },
      { fields: ['last', 'row', 'here'], line: 6 },
    ]);
  });

  it('gives the same records however the input is cut into chunks, even inside a character or a quote', async () => {
    const text = 'é,"a ""q"" b"\r\n"x\ny",ü\nplain,line\n';
    const bytes = Buffer.from(text);
    const whole = await readAll([bytes]);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await readAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
    }
  });

  it('agrees with csv-parse on well-formed files (property)', async () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é') }),
      fc.constant(''),
    );
    const row = fc.array(field, { minLength: 2, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 7 }),
        async (rows, size) => {
          const width = rows[0]!.length;
          const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
          const text = `${table.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\n')}\n`;
          const chunks: string[] = [];
          for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
          const ours = (await readAll(chunks)).map((r) => r.fields);
          expect(ours).toEqual(parse(text, { relax_column_count: true }));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('names the line of a quote that is never closed or text after a closing quote', async () => {
    await expect(readAll(['a,b\n1,"open\n2,3\n'])).rejects.toMatchObject({ line: 2 });
    await expect(readAll(['a,b\n1,"x"y\n'])).rejects.toBeInstanceOf(CsvSyntaxError);
    await expect(readAll(['a,b\nfoo"bar,1\n'])).rejects.toMatchObject({ line: 2 });
  });
});

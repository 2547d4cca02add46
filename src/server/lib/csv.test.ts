import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvAmount, csvNumber, csvText, csvUnescape } from './csv';

/** What a spreadsheet sees: csv-parse, an independent reader, one row of cells. */
const cells = (text: string): string[] =>
  (parse(text, { bom: true, record_delimiter: '\r\n' }) as string[][])[0]!;
/** OWASP's first characters, and the full-width forms Apple Numbers folds into them. */
const FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

describe('csvText', () => {
  it('prefixes and quotes text cells a spreadsheet would run as a formula', () => {
    const hostile = ['=HYPERLINK("http://x","y")', '@cmd', '+1+1', '-2+3', '\t=1', '\r=1', '＝1', '-12.50'];
    const text = csvText([hostile]);
    for (const v of hostile) expect(text).toContain(`"'${v.replaceAll('"', '""')}"`);
    expect(cells(text)).toEqual(hostile.map((v) => `'${v}`));
  });

  it('leaves ordinary text and numbers alone, negative amounts included', () => {
    const text = csvText([
      ['Acme', '', 'a=b', 'Mañana S.A.', "'quoted", -12.5, csvAmount(-1250, 'EUR'), null],
    ]);
    expect(text).toBe("\uFEFFAcme,,a=b,Mañana S.A.,'quoted,-12.5,-12.50,\r\n");
  });

  it('writes UTF-8 with a byte order mark, CRLF after every line, none after a later page', () => {
    expect(csvText([['a', 'b'], [], ['c']])).toBe('\uFEFFa,b\r\n\r\nc\r\n');
    expect(csvText([['d']], { bom: false })).toBe('d\r\n');
  });

  it('refuses a cell that is neither text, a number nor blank', () => {
    expect(() => csvText([[{ value: '=1' } as never]])).toThrow();
  });
});

describe('csvNumber and csvAmount', () => {
  it('write decimal text as a number, anything else as neutralised text', () => {
    expect(csvText([[csvNumber('-37.50'), csvNumber('-2+3'), csvNumber('NaN')]], { bom: false })).toBe(
      `-37.50,"'-2+3",NaN\r\n`,
    );
  });

  it('turns minor units into exact major units', () => {
    expect(
      csvText([[csvAmount(123456, 'EUR'), csvAmount(-5, 'EUR'), csvAmount(1500, 'JPY')]], { bom: false }),
    ).toBe('1234.56,-0.05,1500\r\n');
  });
});

describe('csvUnescape', () => {
  it('undoes the writer for every value, and no cell starts with a formula character (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '\n', '"', ',', 'a', '＝') }),
        (v) => {
          const [cell] = cells(csvText([[v, 'end']]));
          expect(FORMULA.test(cell!)).toBe(false);
          expect(csvUnescape(cell!)).toBe(v);
        },
      ),
    );
  });
});

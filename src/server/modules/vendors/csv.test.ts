import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVendorCsv, rowToBody, toCsv, VENDOR_CSV_COLUMNS } from './csv';

describe('parseVendorCsv', () => {
  it('keys rows by header, case-insensitively, and ignores the export-only columns', () => {
    const { rows, errors } = parseVendorCsv(
      '\uFEFFName,COUNTRY,created_at,updated_at\r\nAcme,de,2026-01-01,2026-01-02\r\n',
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([{ line: 2, cells: { name: 'Acme', country: 'de' } }]);
  });

  it('numbers rows by the line they start on, past quoted multi-line cells and blank lines', () => {
    const text = [
      'name,country,notes',
      'Alpha,DE,"first',
      'second',
      'third"',
      'Beta,PL,plain',
      '',
      'Gamma,FR,"x"',
    ].join('\n');
    const { rows, errors } = parseVendorCsv(text);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.cells.name, r.line])).toEqual([
      ['Alpha', 2],
      ['Beta', 5],
      ['Gamma', 7],
    ]);
    expect(rows[0]!.cells.notes).toBe('first\nsecond\nthird');
  });

  it('counts a CRLF inside quotes as one line', () => {
    const { rows } = parseVendorCsv('name,country,notes\r\nAlpha,DE,"a\r\nb"\r\nBeta,PL,\r\n');
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('reports an unclosed quote as a file problem with its line', () => {
    const { rows, errors } = parseVendorCsv('name,country\nAcme,DE\n"Broken,PL\n');
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: 'file', line: 3 });
    expect(errors[0]!.message).toMatch(/quote/i);
  });

  it('reports a row with the wrong number of cells', () => {
    const { errors } = parseVendorCsv('name,country\nAcme,DE\nBeta,PL,extra\n');
    expect(errors).toEqual([{ field: 'file', line: 3, message: expect.stringMatching(/expect 2, got 3/) }]);
  });

  it('names every unknown column and every missing required one', () => {
    const { rows, errors } = parseVendorCsv('title,colour,legal_name\nA,red,B\n');
    expect(rows).toEqual([]);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'title', line: 1, message: 'is not a known column' },
        { field: 'colour', line: 1, message: 'is not a known column' },
        { field: 'name', line: 1, message: 'column is missing' },
        { field: 'country', line: 1, message: 'column is missing' },
      ]),
    );
    expect(errors).toHaveLength(4);
  });

  it('refuses a column named twice and an empty file', () => {
    expect(parseVendorCsv('name,country,Name\nA,DE,B\n').errors).toEqual([
      { field: 'header', line: 1, message: 'names a column twice' },
    ]);
    expect(parseVendorCsv('').errors).toEqual([
      { field: 'file', line: 1, message: expect.stringMatching(/empty/) },
    ]);
  });
});

describe('rowToBody', () => {
  it('maps columns to body fields, splits lists and leaves blank cells out', () => {
    expect(
      rowToBody({
        name: 'Acme',
        country: 'de',
        legal_name: 'Acme GmbH',
        timezone: '',
        languages: 'de; en',
        services: 'payroll;accounting',
        website: '',
        status: 'approved',
        criticality: 'high',
        notes: 'n',
      }),
    ).toEqual({
      name: 'Acme',
      country: 'DE',
      legalName: 'Acme GmbH',
      languages: ['de', 'en'],
      services: ['payroll', 'accounting'],
      status: 'approved',
      criticality: 'high',
      notes: 'n',
    });
  });
});

describe('toCsv', () => {
  const row = (over: Partial<Record<(typeof VENDOR_CSV_COLUMNS)[number], string>>) =>
    Object.fromEntries(VENDOR_CSV_COLUMNS.map((c) => [c, over[c] ?? ''])) as Record<
      (typeof VENDOR_CSV_COLUMNS)[number],
      string
    >;

  it('writes the byte order mark and header once and defuses formula cells', () => {
    const text = toCsv([row({ name: '=HYPERLINK("x")', country: 'DE' })], true);
    expect(text.startsWith('\uFEFFid,')).toBe(true);
    const [header, first] = parse(text, { bom: true }) as string[][];
    expect(header).toEqual([...VENDOR_CSV_COLUMNS]);
    expect(first![1]).toBe(`'=HYPERLINK("x")`);
    expect(toCsv([row({ name: 'A' })], false).startsWith('id,')).toBe(false);
  });

  it('round-trips through parseVendorCsv with the same cells and lines (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', 'é', ';') });
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: cell, notes: cell }), { minLength: 1, maxLength: 5 }),
        (items) => {
          // Unquoted cells are trimmed on import, so keep whitespace away from the ends.
          const rows = items.map((i) => row({ name: `N${i.name}N`, country: 'DE', notes: `<${i.notes}>` }));
          const parsed = parseVendorCsv(toCsv(rows, true));
          expect(parsed.errors).toEqual([]);
          expect(parsed.rows.map((r) => r.cells.name)).toEqual(rows.map((r) => r.name));
          expect(parsed.rows.map((r) => r.cells.notes)).toEqual(rows.map((r) => r.notes));
          let line = 2;
          for (const [i, r] of parsed.rows.entries()) {
            expect(r.line).toBe(line);
            line += 1 + (rows[i]!.name.split('\n').length - 1) + (rows[i]!.notes.split('\n').length - 1);
          }
        },
      ),
    );
  });
});

/**
 * Every CSV export, found in the OpenAPI document (each operation whose answer declares
 * `text/csv`), with hostile values seeded into the records it reads — a legal name a vendor user
 * sets for its own vendor among them — and read back with csv-parse, a parser we did not write.
 * No cell may start with a character a spreadsheet runs as a formula unless the writer put `'` in
 * front (OWASP's rule); number cells, negative amounts included, stay numbers; every line ends
 * CRLF (RFC 4180); the file is UTF-8 with a byte order mark; and each hostile value comes back
 * whole once the `'` is taken off. Every one declares `bom` (`1` by default: a byte order mark so
 * that Excel reads any script; `0`: plain UTF-8) and keeps to it, names in Polish, Japanese and
 * Korean among the values. A new CSV export fails here until it has a probe below.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';
const HOSTILE = ['=HYPERLINK("http://x","y")', '@cmd', '+1+1', '-2+3', '\t=1', '\r=1'];
/** The legal name a vendor user gives its own vendor (only the client renames a vendor). */
const OWN_NAME = '=HYPERLINK("http://x","own")';
/** OWASP's first characters, and the full-width forms Apple Numbers folds into them. */
const FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A number cell: not a formula, and a spreadsheet must still add it up. */
const NUMBER = /^-?\d+(\.\d+)?$/;
/** The writer's prefix: one `'` before a cell that (after any `'` of its own) would run. */
const PREFIXED = /^'(?='*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/;
/** Names Excel mangles without a byte order mark (it reads the legacy code page instead). */
const SCRIPTS = ['Dział Usług Łódź', '株式会社テスト', '주식회사 고객센터'];

interface Operation {
  parameters?: Array<{ in: string; name: string; schema?: { enum?: string[]; default?: unknown } }>;
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

/** What each export reads, seeded in beforeAll: its path parameters and the values it must carry. */
interface Seeded {
  vendorTexts: string[];
  vendorNames: string[];
  /** Vendors named in Polish, Japanese and Korean (not hostile: checked by the BOM test). */
  scriptVendorNames: string[];
  flowTexts: string[];
  caseTexts: string[];
  caseId: string;
}
const PROBES: Record<string, (s: Seeded) => { params?: Record<string, string>; expects: string[] }> = {
  'GET /api/v1/vendors/export': (s) => ({
    expects: [...s.vendorNames, ...s.vendorTexts, ...s.scriptVendorNames],
  }),
  'GET /api/v1/reports/portfolio': (s) => ({ expects: [...s.vendorNames, ...s.scriptVendorNames] }),
  'GET /api/v1/data-flows/export': (s) => ({ expects: [...s.vendorNames, ...s.flowTexts] }),
  'GET /api/v1/business-cases/{id}/export': (s) => ({ params: { id: s.caseId }, expects: s.caseTexts }),
};

const option = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  deliveryModel: 'nearshore',
  currency: 'EUR',
  pricing: { model: 'per_fte_month', ratePerFteMonth: 300_000, fte: 8 },
  transitionCost: 5_000_000,
  ...extra,
});

describe.each(dialects)('CSV exports on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let doc: Doc;
  const seeded: Seeded = {
    vendorTexts: [],
    vendorNames: [],
    scriptVendorNames: [],
    flowTexts: [],
    caseTexts: [],
    caseId: '',
  };

  const ok = async (method: 'POST' | 'PATCH' | 'PUT', url: string, body: unknown, as = owner) => {
    const res = await t.call(method, url, { as, body });
    expect(res.status, `${method} ${url}: ${res.text}`).toBeLessThan(300);
    return res.body;
  };
  /** A flow for the vendor, on an engagement titled with a hostile value. */
  const flow = async (vendorId: string, h: string) => {
    const e = await ok('POST', `${V1}/engagements`, {
      vendorId,
      title: h,
      function: 'customer_service',
      startDate: '2027-01-01',
      budget: 100_000,
    });
    const f = await ok('POST', `${V1}/engagements/${e.id}/data-flows`, {
      categories: ['personal_basic'],
      classification: 'confidential',
      dataSubjects: [h],
      recordVolume: 1000,
      purpose: h,
      processingCountries: ['PL'],
      storageCountries: ['IE'],
      subProcessors: [{ name: h, country: 'IE', purpose: 'Ticketing' }],
      transferMechanism: 'none',
      legalBasis: 'contract',
      retention: 'P2Y',
      exitHandling: { action: 'delete', certificate: false },
    });
    seeded.flowTexts.push(e.title, f.purpose, f.dataSubjects[0]);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    const org = await t.call('GET', `${V1}/settings/organisation`, { as: owner });
    await ok('PUT', `${V1}/settings/organisation`, { ...org.body, name: 'Northwind', currency: 'EUR' });
    doc = (await t.call('GET', `${V1}/openapi.json`)).body;

    for (const [i, h] of HOSTILE.entries()) {
      // Names are trimmed on the way in, so a tab or CR in front reaches the file through the notes.
      const v = await t.vendor({ name: /^\s/.test(h) ? `${h} #${i}` : h, legalName: h, notes: h });
      seeded.vendorNames.push(v.name);
      seeded.vendorTexts.push(v.legalName, v.notes);
      await flow(v.id, h);
    }
    for (const name of SCRIPTS) {
      const v = await t.vendor({ name, legalName: name });
      seeded.scriptVendorNames.push(v.name);
      await flow(v.id, `@${name}`);
    }
    // A vendor user gives its own vendor a legal name (the name itself only the client changes).
    const own = await t.vendor({ name: 'Own Vendor Ltd' });
    const vendorUser = await t.user('vendor', own.id);
    const renamed = await ok('PATCH', `${V1}/vendors/${own.id}`, { legalName: OWN_NAME }, vendorUser);
    expect(renamed.legalName).toBe(OWN_NAME);
    seeded.vendorTexts.push(OWN_NAME);
    await flow(own.id, '@own');

    // The last option costs more than staying in-house: negative savings, written as numbers.
    const c = await ok('POST', `${V1}/business-cases`, {
      name: HOSTILE[0],
      function: 'customer_service',
      currency: 'EUR',
      horizonYears: 3,
      discountRatePct: 10,
      inHouse: { roles: [{ title: 'Agent', fte: 10, annualSalary: 4_000_000 }] },
      options: [
        ...HOSTILE.slice(0, 4).map((h) => option(h)),
        option(SCRIPTS[1]!),
        option('-Dear', { pricing: { model: 'fixed_monthly', monthlyFee: 90_000_000 } }),
      ],
      seed: 7,
    });
    seeded.caseId = c.id;
    seeded.caseTexts.push(
      ...c.options.map((o: { name: string }) => o.name).filter((n: string) => n !== SCRIPTS[1]),
    );

    for (const value of [
      ...seeded.vendorNames,
      ...seeded.vendorTexts,
      ...seeded.flowTexts,
      ...seeded.caseTexts,
    ])
      expect(value, 'every seeded value is hostile as stored').toMatch(FORMULA);
    expect(seeded.vendorTexts).toEqual(expect.arrayContaining(['\t=1', '\r=1']));
  });
  afterAll(() => t?.close());

  const csvOperations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) =>
          Object.entries(op.responses ?? {}).some(
            ([status, r]) => status.startsWith('2') && Object.keys(r.content ?? {}).includes('text/csv'),
          ),
        )
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, op })),
    );

  it('finds every CSV export in the OpenAPI document, and each has a probe', () => {
    expect(
      csvOperations()
        .map((o) => o.key)
        .sort(),
    ).toEqual(Object.keys(PROBES).sort());
  });

  it('writes no cell a spreadsheet would run, CRLF line ends, a BOM, and every hostile value back whole', async () => {
    for (const { key, path, op } of csvOperations()) {
      const probe = PROBES[key]!(seeded);
      let url = path.replace(/\{(\w+)\}/g, (_, name: string) => probe.params?.[name] ?? `{${name}}`);
      const format = op.parameters?.find((p) => p.in === 'query' && p.name === 'format');
      if (format) {
        expect(format.schema?.enum, key).toContain('csv');
        url += '?format=csv';
      }
      const res = await t.call('GET', url, { as: owner });
      expect(res.status, `${key}: ${res.text}`).toBe(200);
      expect.soft(res.headers['content-type'], key).toBe('text/csv; charset=utf-8');
      const text = res.text;
      expect.soft(text.startsWith('\uFEFF'), `${key} starts with a byte order mark`).toBe(true);
      expect.soft(text.endsWith('\r\n'), `${key} ends its last line with CRLF`).toBe(true);
      // No value seeded here holds a line feed, so every LF in the file ends a line.
      expect.soft(text.match(/(?<!\r)\n/g) ?? [], `${key} ends every line with CRLF`).toEqual([]);

      const rows = parse(text, {
        bom: true,
        record_delimiter: '\r\n',
        relax_column_count: true,
      }) as string[][];
      const cells = rows.flat();
      const running = cells.filter((c) => FORMULA.test(c) && !NUMBER.test(c));
      expect.soft(running, `${key}: cells a spreadsheet would run`).toEqual([]);
      for (const c of cells.filter((c) => PREFIXED.test(c)))
        expect.soft(text, `${key}: a prefixed cell is quoted`).toContain(`"${c.replaceAll('"', '""')}"`);
      const values = new Set(cells.map((c) => c.replace(PREFIXED, '')));
      for (const v of probe.expects)
        expect.soft(values.has(v), `${key} carries ${JSON.stringify(v)}`).toBe(true);
      if (key === 'GET /api/v1/business-cases/{id}/export')
        expect
          .soft(
            cells.filter((c) => /^-\d/.test(c) && NUMBER.test(c)),
            'negative amounts stay numbers',
          )
          .not.toEqual([]);
    }
  });
});

describe.each(dialects)('CSV byte order mark on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let doc: Doc;
  let caseId = '';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    doc = (await t.call('GET', `${V1}/openapi.json`)).body;
    for (const name of SCRIPTS) await t.vendor({ name, legalName: name });
    const c = await t.call('POST', `${V1}/business-cases`, {
      as: owner,
      body: {
        name: SCRIPTS[1],
        function: 'customer_service',
        currency: 'EUR',
        horizonYears: 3,
        discountRatePct: 10,
        inHouse: { roles: [{ title: 'Agent', fte: 10, annualSalary: 4_000_000 }] },
        options: SCRIPTS.map((name) => option(name)),
        seed: 7,
      },
    });
    expect(c.status, c.text).toBe(201);
    caseId = c.body.id;
  });
  afterAll(() => t?.close());

  it('offers ?bom on every CSV export: 1 (the default) starts with a BOM, 0 is plain UTF-8, else 422', async () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) =>
          Object.entries(op.responses ?? {}).some(
            ([status, r]) => status.startsWith('2') && Object.keys(r.content ?? {}).includes('text/csv'),
          ),
        )
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, op })),
    );
    expect(operations.map((o) => o.key).sort()).toEqual(Object.keys(PROBES).sort());
    for (const { key, path, op } of operations) {
      const bom = op.parameters?.find((p) => p.in === 'query' && p.name === 'bom');
      expect(bom?.schema?.enum, `${key} declares bom`).toEqual(['0', '1']);
      expect(bom?.schema?.default, `${key}: bom by default`).toBe('1');
      const base = path.replace('{id}', caseId);
      const format = op.parameters?.some((p) => p.in === 'query' && p.name === 'format') ? 'format=csv&' : '';
      const get = (bom: string) =>
        t.app.inject({ method: 'GET', url: `${base}?${format}${bom}`, headers: { cookie: owner.cookie! } });
      const [withMark, plain, byDefault, bad] = await Promise.all([
        get('bom=1'),
        get('bom=0'),
        get(''),
        get('bom=2'),
      ]);
      for (const res of [withMark, plain, byDefault]) expect(res.statusCode, `${key}: ${res.body}`).toBe(200);
      // The raw bytes: EF BB BF is the UTF-8 byte order mark.
      expect([...withMark.rawPayload.subarray(0, 3)], `${key}?bom=1`).toEqual([0xef, 0xbb, 0xbf]);
      expect([...byDefault.rawPayload.subarray(0, 3)], key).toEqual([0xef, 0xbb, 0xbf]);
      expect(plain.rawPayload[0], `${key}?bom=0`).not.toBe(0xef);
      expect(
        withMark.rawPayload.subarray(3).equals(plain.rawPayload),
        `${key}: the same file but the mark`,
      ).toBe(true);
      // Read as Excel does with the mark: strict UTF-8, every name in its own script.
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(withMark.rawPayload);
      const cells = (
        parse(text, { record_delimiter: '\r\n', relax_column_count: true }) as string[][]
      ).flat();
      // The record of processing has no entry here (its rows are flows, seeded in the test above).
      const expected = key.includes('data-flows') ? [] : SCRIPTS;
      for (const name of expected) expect.soft(cells, `${key} carries ${name}`).toContain(name);
      expect(bad.statusCode, key).toBe(422);
      expect(
        bad.json().errors?.map((e: { field: string }) => e.field),
        key,
      ).toContain('bom');
    }
  });
});

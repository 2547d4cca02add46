/**
 * The DORA register of information: the package unzips (fflate) to the structure of the EBA's
 * plain-csv format, every CSV has the columns of its template (written out here again from the
 * ITS, Regulation (EU) 2024/2956 Annex I, with the DPM's codes), every link between templates
 * resolves (checked by parsing the CSVs with csv-parse), what is missing is reported rather than
 * dropped, and a past reference date gives the values that held then (the audit trail).
 */
import { parse as parseDisposition } from 'content-disposition';
import { parse as parseCsv } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';
const ORG_LEI = '7LTWFZYICNSX8D621K86'; // Deutsche Bank AG
const BARCLAYS = 'G5GSEF7VJP5I7OUK5573';
const APPLE = 'HWUPKR0MPOU8FGXBT394';
const HSBC = 'MP6I5ZYZBEU3UXPYFY54';

const c = (n: number) => Array.from({ length: n }, (_, i) => `c${String((i + 1) * 10).padStart(4, '0')}`);
/** The columns per template, from Annex I of the ITS (B_03.03's link column is c0031 in the DPM). */
const COLUMNS: Record<string, string[]> = {
  'b_01.01': c(6),
  'b_01.02': c(11),
  'b_01.03': c(4),
  'b_02.01': c(5),
  'b_02.02': c(18),
  'b_02.03': c(3),
  'b_03.01': c(3),
  'b_03.02': c(3),
  'b_03.03': ['c0010', 'c0020', 'c0031'],
  'b_04.01': c(4),
  'b_05.01': c(12),
  'b_05.02': c(7),
  'b_06.01': c(10),
  'b_07.01': c(12),
  'b_99.01': c(19),
};

const FLOW = {
  categories: ['personal_basic'],
  classification: 'restricted',
  dataSubjects: ['customers'],
  recordVolume: 1000,
  purpose: 'Payment processing',
  processingCountries: ['IE'],
  storageCountries: ['DE'],
  transferMechanism: 'none',
  legalBasis: 'contract',
  retention: 'P2Y',
  exitHandling: { action: 'delete', certificate: true },
};

describe.each(dialects)('DORA register of information on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let viewer: Session;
  let vendorUser: Session;
  let barclays: string;
  let nolei: string;
  let e1: string;
  let e2: string;

  const ok = async (method: 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown) => {
    const res = await t.call(method, `${V1}${url}`, { as: owner, body });
    expect(res.status, res.text).toBeLessThan(300);
    return res.body;
  };
  const active = async (body: Record<string, unknown>) => {
    const e = await ok('POST', '/engagements', {
      function: 'it',
      startDate: '2027-01-01',
      monthlyFee: 100_000,
      budget: 10_000_000,
      ...body,
    });
    await ok('PUT', `/engagements/${e.id}/sow`, GOOD_SOW);
    await ok('POST', `/engagements/${e.id}/sow/approve`);
    await ok('PATCH', `/engagements/${e.id}`, { status: 'active' });
    return e.id as string;
  };
  const download = async (referenceDate: string) => {
    const res = await t.call('GET', `${V1}/registers/dora?referenceDate=${referenceDate}`, { as: viewer });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const name = parseDisposition(String(res.headers['content-disposition'])).parameters.filename!;
    const files = unzipSync(new Uint8Array(res.bytes));
    const csv = (path: string) => parseCsv(strFromU8(files[path]!), { bom: true }) as string[][];
    return { name, files, csv };
  };

  beforeAll(async () => {
    clock = fakeClock('2027-03-10T10:00:00Z');
    t = await createTestApp(dialect, { clock });
    owner = await t.owner();
    viewer = await t.user('viewer');
    await ok('PUT', '/settings/organisation', {
      name: 'Northwind Bank',
      country: 'DE',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      workdays: [1, 2, 3, 4, 5],
      hours: { start: '09:00', end: '17:00' },
      lei: ORG_LEI.toLowerCase(),
    });
    await ok('PUT', '/registers/dora/settings', {
      entityType: 'credit_institution',
      competentAuthority: 'BaFin',
      level: 'IND',
    });
    barclays = (
      await ok('POST', '/vendors', {
        name: 'Barclays',
        legalName: 'Barclays Bank PLC',
        country: 'GB',
        lei: BARCLAYS,
      })
    ).id;
    nolei = (await ok('POST', '/vendors', { name: 'Nolei Services', country: 'PL' })).id;
    vendorUser = await t.user('vendor', barclays);
    e1 = await active({
      vendorId: barclays,
      title: 'Card payments',
      ictServiceType: 'S19',
      supportsCriticalFunction: true,
    });
    e2 = await active({
      vendorId: nolei,
      title: 'Helpdesk',
      ictServiceType: 'S03',
      supportsCriticalFunction: false,
    });
    await ok('POST', `/engagements/${e1}/data-flows`, {
      ...FLOW,
      subProcessors: [
        { name: 'Hosting Bank', country: 'GB', purpose: 'Hosting', lei: HSBC, rank: 2 },
        { name: 'Backup Ltd', country: 'IE', purpose: 'Backups', lei: null, rank: 3 },
      ],
    });
    await ok('POST', '/registers/dora/functions', {
      identifier: 'F-PAY',
      name: 'Payments',
      licensedActivity: 'Payment services',
      criticality: 'yes',
      rtoHours: 4,
      rpoHours: 1,
      discontinuingImpact: 'high',
      engagementIds: [e1],
    });
    await ok('PUT', `/engagements/${e1}/exit-plan`, {
      substitutability: 'medium_complexity',
      reintegration: 'difficult',
    });
  }, 60_000);
  afterAll(() => t.close());

  it('refuses an LEI whose check digits are wrong, naming the field; nothing written', async () => {
    const bad = await t.call('POST', `${V1}/vendors`, {
      as: owner,
      body: { name: 'Wrong LEI', country: 'DE', lei: 'G5GSEF7VJP5I7OUK5574' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['lei']);
    const org = await t.call('PUT', `${V1}/settings/organisation`, {
      as: owner,
      body: {
        name: 'X',
        country: 'DE',
        timezone: 'UTC',
        currency: 'EUR',
        workdays: [1],
        hours: { start: '09:00', end: '17:00' },
        lei: '7LTWFZYICNSX8D621K68',
      },
    });
    expect(org.status).toBe(422);
    expect((await t.call('GET', `${V1}/settings/organisation`, { as: owner })).body.lei).toBe(ORG_LEI);
    const vendors = await t.call('GET', `${V1}/vendors?limit=100`, { as: owner });
    expect(vendors.body.items.map((v: { name: string }) => v.name)).not.toContain('Wrong LEI');
  });

  it('builds the package: exact structure, the ITS columns in order, every link resolving', async () => {
    const { name, files, csv } = await download('2027-03-10');
    expect(name).toMatch(new RegExp(`^${ORG_LEI}\\.IND_DE_DORA010100_DORA_2027-03-10_\\d{17}\\.zip$`));
    const root = name.replace(/\.zip$/, '');
    expect(Object.keys(files).sort()).toEqual(
      [
        'META-INF/reportPackage.json',
        'reports/report.json',
        'reports/parameters.csv',
        'reports/FilingIndicators.csv',
        ...Object.keys(COLUMNS).map((k) => `reports/${k}.csv`),
      ]
        .map((p) => `${root}/${p}`)
        .sort(),
    );
    const json = (p: string) => JSON.parse(strFromU8(files[`${root}/${p}`]!));
    expect(json('META-INF/reportPackage.json').documentInfo.documentType).toBe(
      'https://xbrl.org/report-package/2023',
    );
    expect(json('reports/report.json').documentInfo.documentType).toBe('https://xbrl.org/2021/xbrl-csv');
    expect(Object.fromEntries(csv(`${root}/reports/parameters.csv`).slice(1))).toEqual({
      entityID: `rs:${ORG_LEI}.IND`,
      refPeriod: '2027-03-10',
      baseCurrency: 'iso4217:EUR',
      decimalsInteger: '0',
      decimalsMonetary: '-3',
    });
    const indicators = csv(`${root}/reports/FilingIndicators.csv`);
    expect(indicators[0]).toEqual(['templateID', 'reported']);
    expect(indicators.slice(1).map((r) => r[0])).toEqual(Object.keys(COLUMNS).map((k) => k.toUpperCase()));

    const table: Record<string, Array<Record<string, string>>> = {};
    for (const [code, columns] of Object.entries(COLUMNS)) {
      const [header, ...rows] = csv(`${root}/reports/${code}.csv`);
      expect(header, code).toEqual(columns);
      for (const r of rows) expect(r.length, code).toBe(columns.length);
      table[code] = rows.map((r) => Object.fromEntries(columns.map((col, i) => [col, r[i]!])));
    }
    const keys = (code: string, col: string) => new Set(table[code]!.map((r) => r[col]));
    const links: Array<[string, string, string, string]> = [
      ['b_02.02', 'c0010', 'b_02.01', 'c0010'],
      ['b_02.02', 'c0030', 'b_05.01', 'c0010'],
      ['b_02.02', 'c0050', 'b_06.01', 'c0010'],
      ['b_03.01', 'c0010', 'b_02.01', 'c0010'],
      ['b_03.02', 'c0020', 'b_05.01', 'c0010'],
      ['b_04.01', 'c0010', 'b_02.01', 'c0010'],
      ['b_05.02', 'c0010', 'b_02.01', 'c0010'],
      ['b_05.02', 'c0030', 'b_05.01', 'c0010'],
      ['b_05.02', 'c0060', 'b_05.01', 'c0010'],
      ['b_06.01', 'c0040', 'b_01.02', 'c0010'],
      ['b_07.01', 'c0010', 'b_02.01', 'c0010'],
    ];
    for (const [from, col, to, key] of links)
      for (const r of table[from]!)
        if (r[col]) expect(keys(to, key).has(r[col]!), `${from} ${col} ${r[col]}`).toBe(true);

    expect(table['b_01.01']![0]).toMatchObject({
      c0010: ORG_LEI,
      c0030: 'eba_GA:DE',
      c0040: 'eba_CT:x12',
      c0050: 'BaFin',
    });
    expect([...keys('b_02.01', 'c0010')].sort()).toEqual([e1, e2].sort());
    // Annual expense: 1,000.00 a month, twelve months, in major units.
    expect(table['b_02.01']!.find((r) => r.c0010 === e1)!.c0050).toBe('12000.00');
    const e1Row = table['b_02.02']!.find((r) => r.c0010 === e1)!;
    expect(e1Row).toMatchObject({
      c0020: ORG_LEI,
      c0030: BARCLAYS,
      c0050: 'F-PAY',
      c0060: 'eba_TA:S19',
      c0150: 'eba_GA:DE',
      c0160: 'eba_GA:IE',
      c0170: 'eba_ZZ:x793',
    });
    // The vendor without an LEI and the engagement without a function are still rows, with the gaps.
    const e2Row = table['b_02.02']!.find((r) => r.c0010 === e2)!;
    expect(e2Row).toMatchObject({ c0030: '', c0050: '', c0060: 'eba_TA:S03' });
    expect(table['b_05.01']!.map((r) => r.c0060).sort()).toEqual([
      'Backup Ltd',
      'Barclays',
      'Hosting Bank',
      'Nolei Services',
    ]);
    expect(table['b_05.02']).toEqual([
      {
        c0010: e1,
        c0020: 'eba_TA:S19',
        c0030: HSBC,
        c0040: 'eba_qCO:qx2000',
        c0050: '2',
        c0060: BARCLAYS,
        c0070: 'eba_qCO:qx2000',
      },
      {
        c0010: e1,
        c0020: 'eba_TA:S19',
        c0030: '',
        c0040: '',
        c0050: '3',
        c0060: HSBC,
        c0070: 'eba_qCO:qx2000',
      },
    ]);
    expect(table['b_07.01']).toEqual([
      expect.objectContaining({
        c0010: e1,
        c0020: BARCLAYS,
        c0050: 'eba_ZZ:x961',
        c0080: 'eba_BT:x28',
        c0090: 'eba_ZZ:x966',
      }),
    ]);
  });

  it('reports every gap with the record to fix instead of dropping it', async () => {
    const view = await t.call('GET', `${V1}/registers/dora/view?referenceDate=2027-03-10`, { as: viewer });
    expect(view.status, view.text).toBe(200);
    const issues = view.body.issues as Array<{
      template: string;
      column: string;
      message: string;
      record: { href: string } | null;
    }>;
    const about = (href: string) =>
      issues.filter((i) => i.record?.href === href).map((i) => `${i.template} ${i.column}`);
    expect(about(`/vendors/${nolei}`)).toContain('B_05.01 c0010');
    expect(about(`/engagements/${e2}`)).toContain('B_02.02 c0050');
    expect(
      issues.some(
        (i) => i.template === 'B_05.02' && i.column === 'c0030' && i.message.includes('Backup Ltd'),
      ),
    ).toBe(true);
    // The cross-template checks: the empty provider code and function identifier are named.
    expect(issues.some((i) => i.template === 'B_02.02' && i.column === 'c0030' && i.record === null)).toBe(
      true,
    );
    expect(issues.some((i) => i.template === 'B_02.02' && i.column === 'c0050' && i.record === null)).toBe(
      true,
    );
    expect(view.body.templates.map((x: { code: string }) => x.code)).toEqual(
      Object.keys(COLUMNS).map((k) => k.toUpperCase()),
    );
  });

  it('gives the values that held on a past reference date, from the audit trail', async () => {
    clock.set('2027-04-20T10:00:00Z');
    // Sessions idle out over forty days: sign in again.
    owner = await t.login(owner.email!);
    viewer = await t.login(viewer.email!);
    vendorUser = await t.login(vendorUser.email!);
    await ok('PATCH', `/vendors/${barclays}`, { lei: APPLE });
    await ok('PATCH', `/engagements/${e1}`, { ictServiceType: 'S17' });
    await ok('PUT', `/engagements/${e1}/exit-plan`, { substitutability: 'easy', reintegration: 'easy' });
    const late = (await ok('POST', '/vendors', { name: 'Late Vendor', country: 'FR', lei: HSBC })).id;
    const e3 = await active({
      vendorId: late,
      title: 'Later',
      ictServiceType: 'S01',
      supportsCriticalFunction: false,
    });

    const past = await download('2027-03-31');
    const root = past.name.replace(/\.zip$/, '');
    const rows = (code: string) => past.csv(`${root}/reports/${code}.csv`).slice(1);
    expect(
      rows('b_02.02')
        .find((r) => r[0] === e1)!
        .slice(2, 6),
    ).toEqual([BARCLAYS, 'eba_qCO:qx2000', 'F-PAY', 'eba_TA:S19']);
    expect(rows('b_02.01').map((r) => r[0])).not.toContain(e3);
    expect(rows('b_05.01').map((r) => r[5])).not.toContain('Late Vendor');
    expect(rows('b_07.01')[0]![4]).toBe('eba_ZZ:x961');

    const now = await download('2027-04-20');
    const rootNow = now.name.replace(/\.zip$/, '');
    const rowsNow = (code: string) => now.csv(`${rootNow}/reports/${code}.csv`).slice(1);
    expect(
      rowsNow('b_02.02')
        .find((r) => r[0] === e1)!
        .slice(2, 6),
    ).toEqual([APPLE, 'eba_qCO:qx2000', 'F-PAY', 'eba_TA:S17']);
    expect(rowsNow('b_02.01').map((r) => r[0])).toContain(e3);
    const view = await t.call('GET', `${V1}/registers/dora/view?referenceDate=2027-03-31`, { as: viewer });
    expect(view.body.reconstructed).toBeGreaterThan(0);
  });

  it('keeps functions with unique identifiers and existing engagements (422 naming the field)', async () => {
    const dup = await t.call('POST', `${V1}/registers/dora/functions`, {
      as: owner,
      body: { identifier: 'F-PAY', name: 'Again', criticality: 'no', engagementIds: [] },
    });
    expect(dup.status).toBe(422);
    expect(dup.body.errors[0].field).toBe('identifier');
    const unknown = await t.call('POST', `${V1}/registers/dora/functions`, {
      as: owner,
      body: {
        identifier: 'F-X',
        name: 'X',
        criticality: 'no',
        engagementIds: ['eng_01JD3ZQ8N0000000000000000'],
      },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('engagementIds.0');
  });

  it('answers a vendor user 404 on every register route', async () => {
    for (const url of [
      '/registers/dora',
      '/registers/dora/view',
      '/registers/dora/functions',
      '/registers/dora/settings',
    ])
      expect((await t.call('GET', `${V1}${url}`, { as: vendorUser })).status, url).toBe(404);
  });
});

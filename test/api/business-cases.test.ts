import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { extractPdfText } from '../helpers/pdf-text';
import { expectProblem } from '../helpers/problem';

const URL = '/api/v1/business-cases';

/**
 * The worked example of rules.test.ts, through the API (amounts in euro cents):
 * in-house 56,000,000 / 57,680,000 / 59,410,400; option A (EUR, per FTE-month) costs
 * 38,680,000 / 34,313,600 / 34,959,872; option B (USD hourly at 0.9) 45,000,000 / 36,000,000 / 36,000,000.
 */
type Body = Record<string, unknown> & { options: Array<Record<string, unknown>> };
const body = (extra: Record<string, unknown> = {}): Body => ({
  name: 'Customer service 2027',
  function: 'customer_service',
  currency: 'EUR',
  horizonYears: 3,
  discountRatePct: 10,
  fxRates: { USD: 0.9 },
  inHouse: {
    roles: [{ title: 'Agent', fte: 10, annualSalary: 4_000_000, benefitsPct: 25, overheadPerFte: 500_000 }],
    otherAnnualCosts: 1_000_000,
    salaryEscalationPct: 3,
  },
  options: [
    {
      name: 'Option A',
      deliveryModel: 'nearshore',
      currency: 'EUR',
      pricing: { model: 'per_fte_month', ratePerFteMonth: 300_000, fte: 8 },
      transitionCost: 5_000_000,
      governancePct: 10,
      retainedAnnualCosts: 2_000_000,
      annualEscalationPct: 2,
    },
    {
      name: 'Option B',
      deliveryModel: 'offshore',
      currency: 'USD',
      pricing: { model: 'hourly', hourlyRate: 2_500, hoursPerYear: 16_000 },
      transitionCost: 10_000_000,
    },
  ],
  seed: 7,
  ...extra,
});

/** Set a dotted path (`options.0.pricing.fte`) in a body. */
function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let at = target as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[keys.at(-1)!] = value;
}

describe.each(dialects)('business cases on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let auditor: Session;
  let vendorUser: Session;
  let vendorA: string;
  let vendorB: string;

  const create = async (b: Record<string, unknown> = body()) => {
    const res = await t.call('POST', URL, { as: manager, body: b });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const count = async () => (await t.call('GET', `${URL}?limit=200`, { as: owner })).body.items.length;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    auditor = await t.user('auditor');
    vendorA = (await t.vendor({ name: 'Manila Care', country: 'PH' })).id;
    vendorB = (await t.vendor({ name: 'Krakow Desk', country: 'PL' })).id;
    vendorUser = await t.user('vendor', vendorA);
  });
  afterAll(() => t?.close());

  it('creates a case: option ids and defaults are filled in, the seed is kept', async () => {
    const c = await create(body({ inHouse: { roles: [{ title: 'Clerk', fte: 2, annualSalary: 100 }] } }));
    expect(c.id).toMatch(/^bcs_[0-9A-Z]{26}$/);
    expect(c.options.map((o: { id: string }) => o.id)).toEqual([
      expect.stringMatching(/^opt_/),
      expect.stringMatching(/^opt_/),
    ]);
    expect(c.inHouse).toEqual({
      roles: [{ title: 'Clerk', fte: 2, annualSalary: 100, benefitsPct: 30, overheadPerFte: 0 }],
      otherAnnualCosts: 0,
      salaryEscalationPct: 0,
    });
    expect(c.options[1]).toMatchObject({
      governancePct: 0,
      retainedAnnualCosts: 0,
      vendorId: null,
      engagementId: null,
    });
    expect(c).toMatchObject({ seed: 7, ownerId: manager.userId, function: 'customer_service' });
    const read = await t.call('GET', `${URL}/${c.id}`, { as: viewer });
    expect(read.body).toEqual(c);
    // A case without a seed gets one, and keeps it.
    const { seed: _s, ...noSeed } = body();
    const seeded = await create(noSeed);
    expect(Number.isInteger(seeded.seed)).toBe(true);
  });

  it('analyses the worked example as hand-computed', async () => {
    const c = await create();
    const res = await t.call('GET', `${URL}/${c.id}/analysis`, { as: auditor });
    expect(res.status, res.text).toBe(200);
    const a = res.body;
    const [A, B] = c.options.map((o: { id: string }) => o.id);
    expect(a.currency).toBe('EUR');
    expect(a.years).toEqual([
      {
        year: 1,
        inHouse: 56_000_000,
        options: [
          { optionId: A, cost: 38_680_000, savings: 17_320_000 },
          { optionId: B, cost: 45_000_000, savings: 11_000_000 },
        ],
      },
      {
        year: 2,
        inHouse: 57_680_000,
        options: [
          { optionId: A, cost: 34_313_600, savings: 23_366_400 },
          { optionId: B, cost: 36_000_000, savings: 21_680_000 },
        ],
      },
      {
        year: 3,
        inHouse: 59_410_400,
        options: [
          { optionId: A, cost: 34_959_872, savings: 24_450_528 },
          { optionId: B, cost: 36_000_000, savings: 23_410_400 },
        ],
      },
    ]);
    expect(a.options[0]).toMatchObject({
      optionId: A,
      totalInHouse: 173_090_400,
      totalCost: 107_953_472,
      totalSavings: 65_136_928,
      savingsPct: 37.63,
      npv: 53_426_573,
      paybackMonths: 3,
    });
    expect(a.options[1]).toMatchObject({ optionId: B, npv: 45_505_935, paybackMonths: 6 });
    expect(a.best).toBe(A);
    expect(a.options[0].sensitivity[0]).toMatchObject({ driver: 'salaries' });
    expect(a.options[1].sensitivity.map((s: { driver: string }) => s.driver)).toContain('exchangeRate');
    const { p10, p50, p90, probabilityOfLoss } = a.options[0].risk;
    expect(p10).toBeLessThanOrEqual(p50);
    expect(p50).toBeLessThanOrEqual(p90);
    expect(probabilityOfLoss).toBe(0);
    // Same seed, same answer.
    expect((await t.call('GET', `${URL}/${c.id}/analysis`, { as: viewer })).body).toEqual(a);
  });

  it('replaces a case: sent option ids stay, new options get ids, the seed stays unless sent', async () => {
    const c = await create();
    const [a] = c.options;
    const next = body({ seed: undefined, name: 'Renamed', horizonYears: 5 });
    next.options = [{ ...next.options[0]!, id: a.id, name: 'A, revised' }, next.options[1]!];
    const res = await t.call('PUT', `${URL}/${c.id}`, { as: manager, body: next });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', horizonYears: 5, seed: 7 });
    expect(res.body.options[0]).toMatchObject({ id: a.id, name: 'A, revised' });
    expect(res.body.options[1].id).not.toBe(c.options[1].id);
    const analysis = await t.call('GET', `${URL}/${c.id}/analysis`, { as: viewer });
    expect(analysis.body.years).toHaveLength(5);
    const audit = await t.call('GET', `/api/v1/audit-events?entityId=${c.id}`, { as: owner });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'businessCase.update',
      'businessCase.create',
    ]);
    expect(audit.body.items[0].changes.name).toEqual({ before: 'Customer service 2027', after: 'Renamed' });
  });

  it.each([
    ['a negative amount', 'options.0.transitionCost', -1, 'options.0.transitionCost'],
    ['no FTE in a bid', 'options.0.pricing.fte', 0, 'options.0.pricing.fte'],
    ['no FTE in a role', 'inHouse.roles.0.fte', -2, 'inHouse.roles.0.fte'],
    ['a currency without a rate', 'fxRates', {}, 'fxRates'],
    ['a horizon of 11 years', 'horizonYears', 11, 'horizonYears'],
    ['a horizon of 0 years', 'horizonYears', 0, 'horizonYears'],
    ['a field of another pricing model', 'options.1.pricing.monthlyFee', 5, 'options.1.pricing.monthlyFee'],
    ['an unknown pricing model', 'options.1.pricing', { model: 'barter' }, 'options.1.pricing.model'],
    ['an unknown field', 'discount', 3, 'discount'],
    ['a negative salary', 'inHouse.roles.0.annualSalary', -100, 'inHouse.roles.0.annualSalary'],
    ['a zero exchange rate', 'fxRates.USD', 0, 'fxRates.USD'],
    [
      'an unknown driver in the risk ranges',
      'riskRanges',
      { luck: { lowPct: -5, highPct: 5 } },
      'riskRanges.luck',
    ],
    [
      'a vendor that does not exist',
      'options.0.vendorId',
      'vnd_01JD3ZQ8N00000000000000000',
      'options.0.vendorId',
    ],
    [
      'an engagement that does not exist',
      'options.0.engagementId',
      'eng_01JD3ZQ8N00000000000000000',
      'options.0.engagementId',
    ],
  ] as const)(
    'answers 422 for %s, naming the field, and writes nothing',
    async (_what, path, value, field) => {
      const before = await count();
      const b = body();
      setPath(b, path, value);
      const res = await t.call('POST', URL, { as: manager, body: b });
      expectProblem(res, 422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await count()).toBe(before);
    },
  );

  it('links options to vendors and to an engagement of the same vendor', async () => {
    const eng = await t.call('POST', '/api/v1/engagements', {
      as: manager,
      body: { vendorId: vendorA, title: 'Care desk', function: 'customer_service', startDate: '2027-01-01' },
    });
    expect(eng.status, eng.text).toBe(201);
    const b = body();
    b.options[0] = {
      ...b.options[0]!,
      vendorId: vendorA,
      engagementId: eng.body.id,
    };
    b.options[1] = { ...b.options[1]!, vendorId: vendorB };
    const c = await create(b);
    expect(c.options[0]).toMatchObject({ vendorId: vendorA, engagementId: eng.body.id });
    const wrong = body();
    wrong.options[1] = {
      ...wrong.options[1]!,
      vendorId: vendorB,
      engagementId: eng.body.id,
    };
    const res = await t.call('PUT', `${URL}/${c.id}`, { as: manager, body: wrong });
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([
      { field: 'options.1.engagementId', message: 'must be an engagement of the option’s vendor' },
    ]);
    // A vendor named in a bid is not deleted from under the case.
    const del = await t.call('DELETE', `/api/v1/vendors/${vendorB}`, { as: owner });
    expect(del.status).toBe(409);
    expect(del.text).toContain('business case');
  });

  it('keeps competitors’ bids from vendor users: 404 on every route', async () => {
    const c = await create();
    for (const [method, url] of [
      ['GET', URL],
      ['GET', `${URL}/${c.id}`],
      ['GET', `${URL}/${c.id}/analysis`],
      ['GET', `${URL}/${c.id}/export?format=csv`],
      ['PUT', `${URL}/${c.id}`],
      ['DELETE', `${URL}/${c.id}`],
      ['POST', URL],
    ] as const) {
      const res = await t.call(method, url, {
        as: vendorUser,
        body: method === 'GET' || method === 'DELETE' ? undefined : body(),
      });
      expectProblem(res, 404);
      expect(res.text).not.toContain('Option A');
    }
    expectProblem(await t.call('POST', URL, { as: viewer, body: body() }), 403);
    expectProblem(await t.call('DELETE', `${URL}/${c.id}`, { as: auditor }), 403);
    expectProblem(await t.call('GET', URL), 401);
    expectProblem(await t.call('GET', `${URL}/bcs_01JD3ZQ8N00000000000000000`, { as: viewer }), 404);
  });

  it('lists with search, function filter and stable paging', async () => {
    for (const name of ['Payroll Alpha', 'Payroll Beta', 'Payroll Gamma'])
      await create(body({ name, function: 'payroll' }));
    const first = await t.call('GET', `${URL}?function=payroll&sort=name&limit=2`, { as: viewer });
    expect(first.body.items.map((c: { name: string }) => c.name)).toEqual(['Payroll Alpha', 'Payroll Beta']);
    const second = await t.call(
      'GET',
      `${URL}?function=payroll&sort=name&limit=2&cursor=${first.body.nextCursor}`,
      {
        as: viewer,
      },
    );
    expect(second.body).toMatchObject({ items: [{ name: 'Payroll Gamma' }], nextCursor: null });
    const found = await t.call('GET', `${URL}?q=beta`, { as: viewer });
    expect(found.body.items.map((c: { name: string }) => c.name)).toEqual(['Payroll Beta']);
    const recent = await t.call('GET', `${URL}?limit=1`, { as: viewer });
    expect(recent.body.items[0].name).toBe('Payroll Gamma');
  });

  it('exports the year table and summary as CSV', async () => {
    const c = await create();
    const res = await t.call('GET', `${URL}/${c.id}/export?format=csv`, { as: viewer });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('business-case-customer-service-2027.csv');
    const rows = parse(res.text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
    expect(rows[0]).toEqual([
      'Year',
      'In-house (EUR)',
      'Option A cost (EUR)',
      'Option A savings (EUR)',
      'Option B cost (EUR)',
      'Option B savings (EUR)',
    ]);
    expect(rows[1]).toEqual(['1', '560000.00', '386800.00', '173200.00', '450000.00', '110000.00']);
    expect(rows[3]).toEqual(['3', '594104.00', '349598.72', '244505.28', '360000.00', '234104.00']);
    expect(rows[4]).toEqual(['Total', '1730904.00', '1079534.72', '651369.28', '1170000.00', '560904.00']);
    const summary = Object.fromEntries(rows.slice(5).map((r) => [r[0], r.slice(1)]));
    expect(summary.Summary).toEqual(['Option A', 'Option B']);
    expect(summary['NPV of savings at 10% (EUR)']).toEqual(['534265.73', '455059.35']);
    expect(summary['Payback month']).toEqual(['3', '6']);
    expect(summary['Savings %']).toEqual(['37.63', '32.41']);
    expect(summary['Best option']).toEqual(['Option A']);
  });

  it('exports a two-page PDF brief with the summary, the year table and the assumptions', async () => {
    const c = await create();
    const res = await t.call('GET', `${URL}/${c.id}/export?format=pdf`, { as: manager });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const raw = await t.app.inject({
      method: 'GET',
      url: `${URL}/${c.id}/export?format=pdf`,
      headers: { cookie: manager.cookie! },
    });
    const text = await extractPdfText(raw.rawPayload);
    expect(text).toContain('Business case: Customer service 2027');
    expect(text).toContain(
      'Option A saves €651.4K over 3 years, NPV €534.3K, pays back in month 3; most sensitive to the salaries.',
    );
    expect(text).toContain('Year by year');
    expect(text).toContain('€386,800.00');
    expect(text).toContain('Assumptions');
    expect(text).toContain('1 USD = 0.9 EUR');
    expect(text).toContain('page 2 of 2');
    expect(text).not.toContain('page 3');
  });

  it('deletes a case with its audit event', async () => {
    const c = await create();
    expect((await t.call('DELETE', `${URL}/${c.id}`, { as: manager })).status).toBe(204);
    expectProblem(await t.call('GET', `${URL}/${c.id}`, { as: manager }), 404);
    expectProblem(await t.call('DELETE', `${URL}/${c.id}`, { as: manager }), 404);
    const audit = await t.call('GET', `/api/v1/audit-events?entityId=${c.id}&action=businessCase.delete`, {
      as: owner,
    });
    expect(audit.body.items).toHaveLength(1);
  });
});

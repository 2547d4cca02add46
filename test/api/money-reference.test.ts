/**
 * Money in twelve currencies through the API, on both databases (issue 16): business cases (the
 * analysis — annual cost, NPV, payback, chance of a loss, the winner — its CSV and its PDF
 * brief), invoices with their SLA credits, and budget vs actual in the organisation's euros.
 *
 * Every expected figure is computed here, independently of the app: plain arithmetic in major
 * units with each currency's exponent read from ISO's own list (test/helpers/iso-4217.ts), and a
 * Monte Carlo of its own for the chance of a loss. Nothing here calls src/contracts/money.ts.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { ISO_EXPONENTS } from '../helpers/iso-4217';
import { extractPdfText } from '../helpers/pdf-text';

const V1 = '/api/v1';

/** Each currency with a rate (EUR per unit, as rates are written) and a partner's monthly fee in major units. */
const CURRENCIES = [
  // The examples: ¥4,200,000 a month is €311,472.00 a year; KWD 7,500.000 is €250,200.00.
  { code: 'JPY', eurPer: 0.00618, fee: '4200000' },
  { code: 'KWD', eurPer: 2.78, fee: '7500.000' },
  { code: 'KRW', eurPer: 0.00068, fee: '38000000' },
  { code: 'ISK', eurPer: 0.0066, fee: '3900000' },
  { code: 'BHD', eurPer: 2.44, fee: '8600.505' },
  { code: 'OMR', eurPer: 2.39, fee: '8750.250' },
  { code: 'TND', eurPer: 0.29, fee: '72000.375' },
  { code: 'CLF', eurPer: 41.5, fee: '505.1234' },
  { code: 'EUR', eurPer: 1, fee: '21000.50' },
  { code: 'USD', eurPer: 0.92, fee: '22800.25' },
  { code: 'INR', eurPer: 0.0107, fee: '1950000.75' },
  { code: 'PLN', eurPer: 0.23, fee: '91000.40' },
] as const;

// Plain arithmetic with the ISO exponent.

const expOf = (code: string) => {
  const e = ISO_EXPONENTS.get(code);
  if (e === undefined) throw new Error(`no ISO exponent for ${code}`);
  return e;
};
/** "7500.125" KWD → 7500125: the decimal text's digits, as minor units. */
function minorOf(text: string, code: string): number {
  const [whole, frac = ''] = text.split('.');
  if (frac.length > expOf(code)) throw new Error(`${text} has more decimals than ${code}`);
  return Number(`${whole}${frac.padEnd(expOf(code), '0')}`);
}
const major = (minor: number, code: string) => minor / 10 ** expOf(code);
/** Major units → whole minor units, half away from zero. */
const toMinorRef = (value: number, code: string) => {
  const scaled = value * 10 ** expOf(code);
  return Math.sign(scaled) * Math.round(Math.abs(scaled));
};
/** Exact decimal text of minor units (what a CSV cell holds): 7500125 KWD → "7500.125". */
function decimal(minor: number, code: string): string {
  const e = BigInt(expOf(code));
  const abs = BigInt(Math.abs(minor));
  const frac = e > 0n ? `.${(abs % 10n ** e).toString().padStart(Number(e), '0')}` : '';
  return `${minor < 0 ? '-' : ''}${abs / 10n ** e}${frac}`;
}
/** How an amount is written in English with the ISO number of decimals (spaces as pdf.js gives them). */
const written = (minor: number, code: string) =>
  new Intl.NumberFormat('en', {
    style: 'currency',
    currency: code,
    minimumFractionDigits: expOf(code),
    maximumFractionDigits: expOf(code),
  })
    .format(decimal(minor, code) as `${number}`)
    .replace(/\s/g, ' ');
/** Within one minor unit (rounding at the end), or a relative 1e-9 for very large figures. */
function expectNear(got: number, majorValue: number, code: string, what: string) {
  const want = majorValue * 10 ** expOf(code);
  expect(Math.abs(got - want), `${what}: ${got} against ${want}`).toBeLessThanOrEqual(
    Math.max(1, Math.abs(want) * 1e-9),
  );
}

// The business case, as the test builds and computes it.

interface CaseSpec {
  caseCurrency: string;
  quote: string;
  /** Units of the case currency per one unit of the quote currency. */
  rate: number;
  /** The partner's monthly fee, quote-currency minor units. */
  fee: number;
}

const HORIZON = 3;
const DISCOUNT = 8;
const FTE = 10;
const BENEFITS = 25;
const SALARY_ESC = 2;
const GOVERNANCE = 8;
const VENDOR_ESC = 3;

/** A case where the partner's option roughly breaks even, so every figure matters; option B is in the case currency. */
function caseBody(s: CaseSpec) {
  const c = s.caseCurrency;
  const annual = major(s.fee, s.quote) * 12 * s.rate; // case-currency major units
  const m = (v: number) => toMinorRef(v, c);
  const overhead = m((annual * 0.02) / FTE);
  const other = m(annual * 0.03);
  const retained = m(annual * 0.05);
  // In-house ≈ 1.1 × the partner's yearly fee with governance, plus the retained costs.
  const target = annual * (1 + GOVERNANCE / 100) * 1.1 + major(retained, c);
  const salary = m(((target - major(other, c)) / FTE - major(overhead, c)) / (1 + BENEFITS / 100));
  return {
    name: `Reference ${c} from ${s.quote}`,
    function: 'customer_service',
    currency: c,
    horizonYears: HORIZON,
    discountRatePct: DISCOUNT,
    fxRates: s.quote === c ? {} : { [s.quote]: s.rate },
    inHouse: {
      roles: [
        { title: 'Agent', fte: FTE, annualSalary: salary, benefitsPct: BENEFITS, overheadPerFte: overhead },
      ],
      otherAnnualCosts: other,
      salaryEscalationPct: SALARY_ESC,
    },
    options: [
      {
        name: `Partner ${s.quote}`,
        deliveryModel: 'offshore',
        currency: s.quote,
        pricing: { model: 'fixed_monthly', monthlyFee: s.fee },
        transitionCost: s.fee * 2,
        governancePct: GOVERNANCE,
        retainedAnnualCosts: retained,
        annualEscalationPct: VENDOR_ESC,
      },
      {
        name: `Nearshore ${c}`,
        deliveryModel: 'nearshore',
        currency: c,
        pricing: { model: 'per_fte_month', ratePerFteMonth: m((annual * 1.12) / (8 * 12)), fte: 8 },
        transitionCost: 0,
        governancePct: GOVERNANCE,
        retainedAnnualCosts: retained,
        annualEscalationPct: VENDOR_ESC,
      },
    ],
    seed: 42,
  };
}
type Body = ReturnType<typeof caseBody>;
type Factors = Record<string, number>;
const DRIVERS = [
  'salaries',
  'benefitsPct',
  'overhead',
  'vendorRate',
  'volume',
  'governancePct',
  'transitionCost',
  'exchangeRate',
  'salaryEscalation',
  'vendorEscalation',
];

/** The model of docs/business-cases.md in major units of the case currency, at some driver factors. */
function reference(b: Body, index: number, f: Factors = {}) {
  const c = b.currency;
  const x = (d: string) => f[d] ?? 1;
  const o = b.options[index]!;
  const role = b.inHouse.roles[0]!;
  const base =
    role.fte *
      (major(role.annualSalary, c) * x('salaries') * (1 + (role.benefitsPct * x('benefitsPct')) / 100) +
        major(role.overheadPerFte, c) * x('overhead')) +
    major(b.inHouse.otherAnnualCosts, c);
  const rate =
    (o.currency === c ? 1 : (b.fxRates as Record<string, number>)[o.currency]!) *
    (o.currency === c ? 1 : x('exchangeRate'));
  const p = o.pricing as { model: string; monthlyFee?: number; ratePerFteMonth?: number; fte?: number };
  const fee =
    p.model === 'fixed_monthly'
      ? major(p.monthlyFee!, o.currency) * x('vendorRate') * 12
      : major(p.ratePerFteMonth!, o.currency) * x('vendorRate') * p.fte! * x('volume') * 12;
  const inHouse: number[] = [];
  const cost: number[] = [];
  for (let y = 0; y < b.horizonYears; y++) {
    inHouse.push(base * (1 + (b.inHouse.salaryEscalationPct * x('salaryEscalation')) / 100) ** y);
    cost.push(
      fee *
        rate *
        (1 + (o.annualEscalationPct * x('vendorEscalation')) / 100) ** y *
        (1 + (o.governancePct * x('governancePct')) / 100) +
        major(o.retainedAnnualCosts, c) +
        (y === 0 ? major(o.transitionCost, o.currency) * x('transitionCost') * rate : 0),
    );
  }
  const savings = inHouse.map((v, y) => v - cost[y]!);
  const npv = savings.reduce((s, v, y) => s + v / (1 + b.discountRatePct / 100) ** (y + 1), 0);
  // Payback: the transition at month 0, each year's other savings spread evenly over its months.
  const transition = major(o.transitionCost, o.currency) * rate;
  let cumulative = -transition;
  let payback: number | null = null;
  for (let y = 0; y < savings.length && payback === null; y++)
    for (let month = 1; month <= 12; month++) {
      cumulative += (savings[y]! + (y === 0 ? transition : 0)) / 12;
      if (cumulative >= -1e-9) {
        payback = y * 12 + month;
        break;
      }
    }
  return { inHouse, cost, savings, npv, total: savings.reduce((a, v) => a + v, 0), payback };
}

/** The drivers that move an option (the others have nothing to move). */
function drivers(b: Body, index: number): string[] {
  const o = b.options[index]!;
  return DRIVERS.filter(
    (d) =>
      !(d === 'volume' && o.pricing.model === 'fixed_monthly') &&
      !(d === 'transitionCost' && o.transitionCost === 0) &&
      !(d === 'exchangeRate' && o.currency === b.currency),
  );
}

/** The share of runs with a loss, each driver drawn from a triangular −20% / 0 / +20% (this test's own generator). */
function chanceOfLoss(b: Body, index: number, runs = 20_000): number {
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  // Inverse CDF of the triangular distribution on [0.8, 1.2] with mode 1.
  const triangular = (u: number) => (u < 0.5 ? 0.8 + Math.sqrt(u * 0.08) : 1.2 - Math.sqrt((1 - u) * 0.08));
  const active = drivers(b, index);
  let losses = 0;
  for (let i = 0; i < runs; i++) {
    const f: Factors = {};
    for (const d of active) f[d] = triangular(next());
    if (reference(b, index, f).total < 0) losses++;
  }
  return losses / runs;
}

describe.each(dialects)('money in twelve currencies on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let manager: Session;
  const engagements = new Map<string, string>();
  const kpis = new Map<string, string>();

  const pdfText = async (url: string) => {
    const raw = await t.app.inject({ method: 'GET', url, headers: { cookie: manager.cookie! } });
    expect(raw.statusCode, raw.body).toBe(200);
    return extractPdfText(raw.rawPayload);
  };

  beforeAll(async () => {
    clock = fakeClock('2027-01-20T10:00:00Z');
    const env = { OUTPOST_SESSION_IDLE_MINUTES: '1000000', OUTPOST_SESSION_ABSOLUTE_HOURS: '100000' };
    t = await createTestApp(dialect, { clock, env });
    owner = await t.owner();
    const org = await t.call('PUT', `${V1}/settings/organisation`, {
      as: owner,
      body: {
        name: 'Northwind',
        country: 'DE',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        workdays: [1, 2, 3, 4, 5],
        hours: { start: '09:00', end: '17:00' },
      },
    });
    expect(org.status, org.text).toBe(200);
    manager = await t.user('manager');
    // One partner per currency, each with an active engagement billed in its currency.
    for (const { code, fee } of CURRENCIES) {
      const vendor = await t.vendor({ name: `Partner ${code}` });
      const monthly = minorOf(fee, code);
      const e = await t.call('POST', `${V1}/engagements`, {
        as: owner,
        body: {
          vendorId: vendor.id,
          title: `Service desk in ${code}`,
          function: 'customer_service',
          timezone: 'Europe/Berlin',
          startDate: '2027-01-01',
          endDate: '2027-12-31',
          currency: code,
          monthlyFee: monthly,
          budget: monthly * 12,
        },
      });
      expect(e.status, e.text).toBe(201);
      const sow = await t.call('PUT', `${V1}/engagements/${e.body.id}/sow`, { as: owner, body: GOOD_SOW });
      expect(sow.status, sow.text).toBe(200);
      const approved = await t.call('POST', `${V1}/engagements/${e.body.id}/sow/approve`, { as: owner });
      expect(approved.status, approved.text).toBe(200);
      const on = await t.call('PATCH', `${V1}/engagements/${e.body.id}`, {
        as: owner,
        body: { status: 'active' },
      });
      expect(on.status, on.text).toBe(200);
      engagements.set(code, e.body.id);
      kpis.set(code, approved.body.kpis[0].id);
      // January's service level is 50% against at least 80%: the SOW's 5% credit of the fee.
      const m = await t.call('POST', `${V1}/engagements/${e.body.id}/measurements`, {
        as: owner,
        body: {
          items: [
            { kpiId: approved.body.kpis[0].id, at: '2027-01-15T10:00:00Z', numerator: 50, denominator: 100 },
          ],
        },
      });
      expect(m.status, m.text).toBe(201);
      if (code !== 'EUR') {
        const r = await t.call('POST', `${V1}/exchange-rates`, {
          as: manager,
          body: { currency: code, date: '2027-01-01', rate: CURRENCIES.find((c) => c.code === code)!.eurPer },
        });
        expect(r.status, r.text).toBe(201);
      }
    }
    clock.set('2027-02-05T10:00:00Z');
    for (const id of engagements.values()) {
      const closed = await t.call('POST', `${V1}/sla/close`, { as: owner, body: { engagementId: id } });
      expect(closed.status, closed.text).toBe(200);
    }
  });
  afterAll(() => t?.close());

  const specs: Array<[string, CaseSpec]> = CURRENCIES.flatMap(({ code, eurPer, fee }) => {
    // A partner quoting in the currency, in a euro case; and a case kept in the currency, with a euro quote.
    const quoted: [string, CaseSpec] = [
      `EUR case, partner quoting ${code}`,
      { caseCurrency: 'EUR', quote: code, rate: eurPer, fee: minorOf(fee, code) },
    ];
    if (code === 'EUR') return [quoted];
    const euroFee = toMinorRef(Number(fee) * eurPer, 'EUR');
    return [
      quoted,
      [
        `${code} case, partner quoting EUR`,
        { caseCurrency: code, quote: 'EUR', rate: 1 / eurPer, fee: euroFee },
      ],
    ];
  });

  it('writes the issue’s examples as they are: ¥4,200,000 and KWD 7,500.000 a month in a euro case', async () => {
    for (const [code, yearly] of [
      ['JPY', 31_147_200],
      ['KWD', 25_020_000],
    ] as const) {
      const spec = specs.find(([, s]) => s.quote === code && s.caseCurrency === 'EUR')![1];
      const body = caseBody(spec);
      body.horizonYears = 1;
      body.options = [
        {
          ...body.options[0]!,
          governancePct: 0,
          transitionCost: 0,
          retainedAnnualCosts: 0,
          annualEscalationPct: 0,
        },
      ];
      const created = await t.call('POST', `${V1}/business-cases`, { as: manager, body });
      expect(created.status, created.text).toBe(201);
      const a = await t.call('GET', `${V1}/business-cases/${created.body.id}/analysis`, { as: manager });
      // €311,472.00 (not €3,114.72) and €250,200.00 (not €2,502,000.00) a year.
      expect(a.body.years[0].options[0].cost, code).toBe(yearly);
    }
  });

  it.each(specs)('analyses a business case: %s', async (_label, spec) => {
    const body = caseBody(spec);
    const created = await t.call('POST', `${V1}/business-cases`, { as: manager, body });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    const res = await t.call('GET', `${V1}/business-cases/${id}/analysis`, { as: manager });
    expect(res.status, res.text).toBe(200);
    const a = res.body;
    const c = spec.caseCurrency;
    expect(a.currency).toBe(c);
    const refs = body.options.map((_, i) => reference(body, i));
    refs.forEach((ref, i) => {
      const o = a.options[i];
      a.years.forEach((y: any, n: number) => {
        expectNear(y.inHouse, ref.inHouse[n]!, c, `in-house year ${n + 1}`);
        expectNear(y.options[i].cost, ref.cost[n]!, c, `option ${i} cost year ${n + 1}`);
        expectNear(y.options[i].savings, ref.savings[n]!, c, `option ${i} savings year ${n + 1}`);
      });
      expectNear(
        o.totalCost,
        ref.cost.reduce((s, v) => s + v, 0),
        c,
        `option ${i} total cost`,
      );
      expectNear(o.totalSavings, ref.total, c, `option ${i} total savings`);
      expectNear(o.npv, ref.npv, c, `option ${i} NPV`);
      expect(o.paybackMonths, `option ${i} payback`).toBe(ref.payback);
      // The server's simulation (2,000 runs, seeded by the option's id, so a new stream each test
      // run) against this test's 20,000: two binomial estimates of the same chance differ by more
      // than 5.5 standard errors of their difference about once in 26 million checks.
      const p = chanceOfLoss(body, i);
      const se = Math.sqrt(Math.max(p * (1 - p), 0.01) * (1 / 2_000 + 1 / 20_000));
      expect(Math.abs(o.risk.probabilityOfLoss - p), `option ${i} chance of a loss`).toBeLessThan(5.5 * se);
    });
    const bestRef = refs
      .map((r, i) => ({ i, npv: r.npv }))
      .filter((r) => r.npv > 0)
      .sort((x, y) => y.npv - x.npv)[0];
    expect(a.best).toBe(bestRef ? created.body.options[bestRef.i].id : null);

    // The CSV: the same figures, exact decimal text with the case currency's decimals.
    const csv = await t.call('GET', `${V1}/business-cases/${id}/export?format=csv`, { as: manager });
    expect(csv.status).toBe(200);
    const rows = parse(csv.text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
    expect(rows[0]![1]).toBe(`In-house (${c})`);
    const decimals = new RegExp(expOf(c) ? `^-?\\d+\\.\\d{${expOf(c)}}$` : '^-?\\d+$');
    a.years.forEach((y: any, n: number) => {
      const row = rows[1 + n]!;
      expect(row[1]).toBe(decimal(y.inHouse, c));
      expect(row[2]).toMatch(decimals);
      expect(Number(row[2])).toBeCloseTo(refs[0]!.cost[n]!, expOf(c) - 1);
    });
    const summary = Object.fromEntries(rows.map((r) => [r[0], r.slice(1)]));
    expect(summary[`Total cost (${c})`]).toEqual(a.options.map((o: any) => decimal(o.totalCost, c)));
    expect(summary[`NPV of savings at ${DISCOUNT}% (${c})`]).toEqual(
      a.options.map((o: any) => decimal(o.npv, c)),
    );
    expect(summary['Payback month']).toEqual(refs.map((r) => (r.payback === null ? '' : String(r.payback))));
    expect(summary['Probability of loss']).toEqual(
      a.options.map((o: any) => o.risk.probabilityOfLoss.toFixed(4)),
    );
    const bestName = bestRef ? body.options[bestRef.i]!.name : 'none';
    expect(summary['Best option']).toEqual([bestName]);

    // The PDF brief: the figures written with the case currency's decimals.
    // pdf.js hands a minus sign over as its own item ("- €26,264.13").
    const text = (await pdfText(`${V1}/business-cases/${id}/export?format=pdf`)).replace(/(^|\s)- /g, '$1-');
    for (const o of a.options) {
      expect(text).toContain(written(o.totalCost, c));
      expect(text).toContain(written(o.npv, c));
      expect(text).toContain(`${(o.risk.probabilityOfLoss * 100).toFixed(1)}%`);
    }
    expect(text).toContain(written(a.years[0].inHouse, c));
    // The partner's fee in the currency it was quoted in.
    expect(text).toContain(`${written(spec.fee, spec.quote)} a month, fixed`);
  });

  it.each(CURRENCIES.map((c) => [c.code, c] as const))(
    'credits, invoices and budgets in %s as plain arithmetic says',
    async (code, { fee, eurPer }) => {
      const monthly = minorOf(fee, code);
      const id = engagements.get(code)!;
      // The SOW's 5% credit of the month's fee, to the currency's minor unit.
      const credit = toMinorRef(major(monthly, code) * 0.05, code);
      const amount = toMinorRef(major(monthly, code) * 1.07, code); // the partner bills 7% extra work
      const inv = await t.call('POST', `${V1}/invoices`, {
        as: manager,
        body: {
          engagementId: id,
          number: `INV-${code}-1`,
          periodStart: '2027-01-01',
          periodEnd: '2027-01-31',
          amount,
          currency: code,
        },
      });
      expect(inv.status, inv.text).toBe(201);
      expect(inv.body.credits).toEqual([{ period: '2027-01', amount: credit, currency: code }]);
      expect(inv.body.creditTotal).toBe(credit);
      expect(inv.body.net).toBe(amount - credit);

      // Budget vs actual in the organisation's euros, at the rate of 1 January.
      const spend = await t.call('GET', `${V1}/spend?groupBy=engagement&from=2027-01&to=2027-01`, {
        as: manager,
      });
      expect(spend.status, spend.text).toBe(200);
      expect(spend.body.currency).toBe('EUR');
      const row = spend.body.rows.find((r: any) => r.key === id);
      expect(row, `no row for ${code}`).toBeDefined();
      expectNear(row.budget, major(monthly, code) * eurPer, 'EUR', `${code} budget`);
      expectNear(row.actual, major(amount, code) * eurPer, 'EUR', `${code} actual`);
      expectNear(row.credits, major(credit, code) * eurPer, 'EUR', `${code} credits`);
      expect(row.net).toBe(row.actual - row.credits);
    },
  );
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DRIVERS } from '../../../contracts/business-cases';
import {
  analyse,
  applicableDrivers,
  evaluate,
  inHouseYears,
  type ModelInput,
  type ModelOption,
  nearestRank,
  npv,
  optionYears,
  paybackMonths,
  risk,
  roundMinor,
  sensitivity,
  triangular,
} from './rules';

/**
 * The worked example, every figure in euro cents.
 * In-house: 10 FTE × (40,000.00 × 1.25 + 5,000.00 overhead) + 10,000.00 other = 560,000.00 a year,
 * rising 3% a year: Y1 56,000,000; Y2 57,680,000; Y3 56,000,000 × 1.0609 = 59,410,400.
 */
const CASE: ModelInput = {
  currency: 'EUR',
  horizonYears: 3,
  discountRatePct: 10,
  fxRates: { USD: 0.9 },
  inHouse: {
    roles: [{ title: 'Agent', fte: 10, annualSalary: 4_000_000, benefitsPct: 25, overheadPerFte: 500_000 }],
    otherAnnualCosts: 1_000_000,
    salaryEscalationPct: 3,
  },
  options: [],
  seed: 42,
};

/**
 * Option A, in EUR: 3,000.00 per FTE-month × 8 FTE × 12 = 28,800,000 a year, +2% a year, +10%
 * governance, 2,000,000 retained, 5,000,000 transition in year 1.
 * Y1 28,800,000 × 1.1 + 2,000,000 + 5,000,000 = 38,680,000
 * Y2 28,800,000 × 1.02 × 1.1 + 2,000,000 = 34,313,600
 * Y3 28,800,000 × 1.0404 × 1.1 + 2,000,000 = 34,959,872
 */
const A: ModelOption = {
  id: 'opt_A',
  name: 'Option A',
  deliveryModel: 'nearshore',
  currency: 'EUR',
  pricing: { model: 'per_fte_month', ratePerFteMonth: 300_000, fte: 8 },
  transitionCost: 5_000_000,
  governancePct: 10,
  retainedAnnualCosts: 2_000_000,
  annualEscalationPct: 2,
};

/**
 * Option B, quoted in USD at 0.9 EUR per USD: 25.00 USD an hour × 16,000 hours = 40,000,000 USD
 * = 36,000,000 EUR a year, flat; transition 10,000,000 USD = 9,000,000 EUR.
 * Y1 45,000,000; Y2 36,000,000; Y3 36,000,000.
 */
const B: ModelOption = {
  id: 'opt_B',
  name: 'Option B',
  deliveryModel: 'offshore',
  currency: 'USD',
  pricing: { model: 'hourly', hourlyRate: 2_500, hoursPerYear: 16_000 },
  transitionCost: 10_000_000,
  governancePct: 0,
  retainedAnnualCosts: 0,
  annualEscalationPct: 0,
};

const worked: ModelInput = { ...CASE, options: [A, B] };

describe('the worked example', () => {
  const a = analyse(worked);

  it('costs the in-house side and each option year by year', () => {
    expect(a.years.map((y) => y.inHouse)).toEqual([56_000_000, 57_680_000, 59_410_400]);
    expect(a.years.map((y) => y.options[0]!.cost)).toEqual([38_680_000, 34_313_600, 34_959_872]);
    expect(a.years.map((y) => y.options[1]!.cost)).toEqual([45_000_000, 36_000_000, 36_000_000]);
    // Savings A: 56,000,000 − 38,680,000 = 17,320,000; 23,366,400; 24,450,528.
    expect(a.years.map((y) => y.options[0]!.savings)).toEqual([17_320_000, 23_366_400, 24_450_528]);
    expect(a.years.map((y) => y.options[1]!.savings)).toEqual([11_000_000, 21_680_000, 23_410_400]);
  });

  it('totals, savings %, NPV and payback of option A', () => {
    // NPV at 10%: 17,320,000/1.1 + 23,366,400/1.21 + 24,450,528/1.331
    //   = 15,745,454.545 + 19,311,074.380 + 18,370,043.576 = 53,426,572.502 → 53,426,573.
    // Payback: −5,000,000 at month 0, then (17,320,000 + 5,000,000)/12 = 1,860,000 a month:
    //   after month 2 −1,280,000, after month 3 +580,000 → month 3.
    expect(a.options[0]).toMatchObject({
      optionId: 'opt_A',
      totalInHouse: 173_090_400,
      totalCost: 107_953_472,
      totalSavings: 65_136_928,
      savingsPct: 37.63, // 65,136,928 / 173,090,400 = 37.6317%
      npv: 53_426_573,
      paybackMonths: 3,
    });
  });

  it('converts option B from USD and pays back in month 6', () => {
    // NPV: 11,000,000/1.1 + 21,680,000/1.21 + 23,410,400/1.331 = 45,505,935.39 → 45,505,935.
    // Payback: −9,000,000, then 20,000,000/12 = 1,666,666.67 a month: 5 months −666,666.67, 6 months +1,000,000.
    expect(a.options[1]).toMatchObject({
      totalCost: 117_000_000,
      totalSavings: 56_090_400,
      savingsPct: 32.41, // 32.4053%
      npv: 45_505_935,
      paybackMonths: 6,
    });
    expect(a.best).toBe('opt_A');
  });

  it('moves NPV by the hand-computed amount when the transition cost moves 20%', () => {
    // 20% of 5,000,000 spent in year 1, discounted one year: 1,000,000 / 1.1 = 909,090.91.
    const row = a.options[0]!.sensitivity.find((s) => s.driver === 'transitionCost')!;
    const base = evaluate(worked, A).npv;
    expect(row.npvLow).toBe(roundMinor(base + 909_090.909_090_9));
    expect(row.npvHigh).toBe(roundMinor(base - 909_090.909_090_9));
  });

  it('ranks drivers by swing: salaries first, then the vendor rate before the equal volume', () => {
    const drivers = a.options[0]!.sensitivity.map((s) => s.driver);
    expect(drivers.slice(0, 3)).toEqual(['salaries', 'vendorRate', 'volume']);
    expect(new Set(drivers)).toEqual(
      new Set([
        'salaries',
        'benefitsPct',
        'overhead',
        'vendorRate',
        'volume',
        'governancePct',
        'transitionCost',
        'salaryEscalation',
        'vendorEscalation',
      ]),
    );
    // Option B has no governance or escalation of its own, but an exchange rate.
    expect(applicableDrivers(worked, B)).toEqual([
      'salaries',
      'benefitsPct',
      'overhead',
      'vendorRate',
      'volume',
      'transitionCost',
      'exchangeRate',
      'salaryEscalation',
    ]);
  });

  it('answers null when an option never pays back, and best is null when no NPV is positive', () => {
    const dear: ModelOption = {
      ...A,
      id: 'opt_D',
      pricing: { model: 'fixed_monthly', monthlyFee: 6_000_000 },
    };
    const c = { ...CASE, options: [dear] };
    expect(paybackMonths(c, dear)).toBeNull();
    const out = analyse(c, 200);
    expect(out.best).toBeNull();
    expect(out.options[0]!.npv).toBeLessThan(0);
    expect(out.options[0]!.risk.probabilityOfLoss).toBe(1);
  });
});

describe('rounding', () => {
  it('rounds half away from zero, ignoring binary noise', () => {
    expect(roundMinor(2.5)).toBe(3);
    expect(roundMinor(-2.5)).toBe(-3);
    expect(roundMinor(2.4999)).toBe(2);
    expect(roundMinor(1.005 * 1000)).toBe(1005); // 1004.9999999999999 in binary
    expect(Object.is(roundMinor(-0.4), 0)).toBe(true);
  });

  it('rounds only at the end: half an FTE at an odd salary', () => {
    // 0.5 × 333 = 166.5 per year, three years: 499.5 in total → 500, while each year shows 167.
    const c: ModelInput = {
      ...CASE,
      inHouse: {
        roles: [{ title: 'Half', fte: 0.5, annualSalary: 333, benefitsPct: 0, overheadPerFte: 0 }],
        otherAnnualCosts: 0,
        salaryEscalationPct: 0,
      },
      options: [
        {
          ...B,
          id: 'opt_Z',
          currency: 'EUR',
          transitionCost: 0,
          pricing: { model: 'fixed_monthly', monthlyFee: 0 },
        },
      ],
    };
    const out = analyse(c, 10);
    expect(out.years.map((y) => y.inHouse)).toEqual([167, 167, 167]);
    expect(out.options[0]!.totalInHouse).toBe(500);
  });
});

describe('helpers', () => {
  it('draws from a triangular distribution by its inverse CDF', () => {
    expect(triangular(0, 0.8, 1, 1.2)).toBeCloseTo(0.8);
    expect(triangular(0.5, 0.8, 1, 1.2)).toBeCloseTo(1);
    expect(triangular(1, 0.8, 1, 1.2)).toBeCloseTo(1.2);
    expect(triangular(0.3, 1, 1, 1)).toBe(1);
  });

  it('takes percentiles by nearest rank', () => {
    const xs = Array.from({ length: 10 }, (_, i) => i + 1); // 1..10
    expect(nearestRank(xs, 10)).toBe(1); // ceil(1) = rank 1
    expect(nearestRank(xs, 50)).toBe(5);
    expect(nearestRank(xs, 90)).toBe(9);
    expect(nearestRank([7], 10)).toBe(7);
  });
});

// Property tests: arbitrary cases within the contract's ranges.
const amount = (max: number) => fc.integer({ min: 0, max });
const roleArb = fc.record({
  title: fc.constant('Role'),
  fte: fc.double({ min: 0.1, max: 200, noNaN: true }),
  annualSalary: amount(20_000_000),
  benefitsPct: fc.double({ min: 0, max: 80, noNaN: true }),
  overheadPerFte: amount(2_000_000),
});
const pricingArb = fc.oneof(
  fc.record({
    model: fc.constant('per_fte_month' as const),
    ratePerFteMonth: amount(2_000_000),
    fte: fc.double({ min: 0.1, max: 200, noNaN: true }),
  }),
  fc.record({
    model: fc.constant('hourly' as const),
    hourlyRate: amount(20_000),
    hoursPerYear: fc.double({ min: 1, max: 400_000, noNaN: true }),
  }),
  fc.record({
    model: fc.constant('per_unit' as const),
    unitPrice: amount(10_000),
    unitsPerYear: fc.double({ min: 1, max: 2_000_000, noNaN: true }),
  }),
  fc.record({ model: fc.constant('fixed_monthly' as const), monthlyFee: amount(20_000_000) }),
);
const optionArb = fc.record({
  id: fc.constant('opt_P'),
  name: fc.constant('P'),
  deliveryModel: fc.constant('offshore' as const),
  currency: fc.constantFrom('EUR', 'USD'),
  pricing: pricingArb,
  transitionCost: amount(50_000_000),
  governancePct: fc.double({ min: 0, max: 30, noNaN: true }),
  retainedAnnualCosts: amount(5_000_000),
  annualEscalationPct: fc.double({ min: -5, max: 10, noNaN: true }),
});
const caseArb = fc.record({
  currency: fc.constant('EUR'),
  horizonYears: fc.integer({ min: 1, max: 10 }),
  discountRatePct: fc.double({ min: 0, max: 30, noNaN: true }),
  fxRates: fc.record({ USD: fc.double({ min: 0.01, max: 100, noNaN: true }) }),
  inHouse: fc.record({
    roles: fc.array(roleArb, { minLength: 1, maxLength: 4 }),
    otherAnnualCosts: amount(10_000_000),
    salaryEscalationPct: fc.double({ min: -5, max: 10, noNaN: true }),
  }),
  options: fc.array(optionArb, { minLength: 1, maxLength: 1 }),
  seed: fc.integer({ min: 0, max: 2_147_483_647 }),
}) as fc.Arbitrary<ModelInput>;

describe('properties', () => {
  it('savings are in-house minus cost in every year (and within a minor unit once rounded)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const o = c.options[0]!;
        const run = evaluate(c, o);
        const ih = inHouseYears(c);
        const cost = optionYears(c, o);
        for (const [i, s] of run.savings.entries()) expect(s).toBe(ih[i]! - cost[i]!);
        for (const y of analyse(c, 20).years) {
          const row = y.options[0]!;
          expect(row.savings).toBe(roundMinor(ih[y.year - 1]! - cost[y.year - 1]!));
          expect(Math.abs(row.savings - (y.inHouse - row.cost))).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('NPV falls as the discount rate rises when every year saves', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0.1, max: 20, noNaN: true }), (c, step) => {
        const { savings } = evaluate(c, c.options[0]!);
        fc.pre(savings.every((s) => s > 1));
        expect(npv(savings, c.discountRatePct + step)).toBeLessThan(npv(savings, c.discountRatePct));
      }),
    );
  });

  it('a cheaper option without transition cost pays back in month 1', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const o = { ...c.options[0]!, transitionCost: 0 };
        fc.pre(evaluate(c, o).savings[0]! > 0);
        expect(paybackMonths(c, o)).toBe(1);
      }),
    );
  });

  it('the Monte Carlo answers the same for the same seed, in order P10 ≤ P50 ≤ P90', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const o = c.options[0]!;
        const first = risk(c, o, 300);
        expect(risk(c, o, 300)).toEqual(first);
        expect(first.p10).toBeLessThanOrEqual(first.p50);
        expect(first.p50).toBeLessThanOrEqual(first.p90);
        expect(first.probabilityOfLoss).toBeGreaterThanOrEqual(0);
        expect(first.probabilityOfLoss).toBeLessThanOrEqual(1);
      }),
      { numRuns: 40 },
    );
  });

  it('sensitivity is sorted by swing and names only known drivers', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const rows = sensitivity(c, c.options[0]!);
        const swings = rows.map((r) => Math.abs(r.npvHigh - r.npvLow));
        for (let i = 1; i < swings.length; i++) expect(swings[i]!).toBeLessThanOrEqual(swings[i - 1]! + 1);
        for (const r of rows) expect(DRIVERS).toContain(r.driver);
      }),
    );
  });
});

describe('the risk range', () => {
  it('changes with the seed, and a narrow range narrows it', () => {
    const one = risk(worked, A);
    expect(risk({ ...worked, seed: 43 }, A)).not.toEqual(one);
    const narrow = risk(
      { ...worked, riskRanges: Object.fromEntries(DRIVERS.map((d) => [d, { lowPct: -1, highPct: 1 }])) },
      A,
    );
    expect(narrow.p90 - narrow.p10).toBeLessThan(one.p90 - one.p10);
    // With every driver at its value, the range collapses onto the NPV.
    const fixed = risk(
      { ...worked, riskRanges: Object.fromEntries(DRIVERS.map((d) => [d, { lowPct: 0, highPct: 0 }])) },
      A,
      50,
    );
    expect(fixed.p10).toBe(53_426_573);
    expect(fixed.p90).toBe(53_426_573);
  });
});

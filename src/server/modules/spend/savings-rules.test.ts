import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSavings, type PlanOption } from './savings-rules';

const inHouse = {
  roles: [{ title: 'Agent', fte: 2, annualSalary: 6_000_000, benefitsPct: 0, overheadPerFte: 0 }],
  otherAnnualCosts: 0,
  salaryEscalationPct: 0,
};
const option = (governancePct: number): PlanOption => ({
  id: 'opt_1',
  name: 'Acme',
  deliveryModel: 'offshore',
  currency: 'USD',
  pricing: { model: 'per_fte_month', ratePerFteMonth: 200_000, fte: 2 },
  transitionCost: 0,
  governancePct,
  retainedAnnualCosts: 0,
  annualEscalationPct: 0,
});

describe('savings realised', () => {
  it('explains the whole variance: the lines add up to realised − planned, and realised equals baseline − actual', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.option(fc.double({ min: 0.5, max: 5, noNaN: true }), { nil: null }),
        fc.double({ min: 0.5, max: 1.5, noNaN: true }),
        fc.integer({ min: 0, max: 30 }),
        (gross, credits, quantity, rate, gov) => {
          const result = computeSavings({
            case: { currency: 'EUR', horizonYears: 1, fxRates: { USD: 0.9 }, inHouse },
            option: option(gov),
            startMonth: '2027-01',
            currentMonth: '2027-01',
            invoices: new Map([['2027-01', [{ gross, credits, quantity, rate }]]]),
          });
          const m = result.months[0]!;
          const l = m.lines!;
          expect(l.rate + l.volume + l.credits + l.currency).toBe(m.variance);
          expect(m.realisedSavings).toBe(m.plannedSavings + m.variance!);
          // Rounding each line may move the total by a few minor units, never more.
          expect(Math.abs(m.realisedSavings! - (m.baseline - m.actualCost!))).toBeLessThanOrEqual(4);
        },
      ),
    );
  });
  it('has no realised figure for a month without invoices or in the future', () => {
    const result = computeSavings({
      case: { currency: 'EUR', horizonYears: 1, fxRates: { USD: 0.9 }, inHouse },
      option: option(10),
      startMonth: '2027-01',
      currentMonth: '2027-01',
      invoices: new Map([['2027-02', [{ gross: 1, credits: 0, quantity: null, rate: 0.8 }]]]),
    });
    expect(result.months.map((m) => m.realisedSavings)).toEqual(Array(12).fill(null));
    expect(result.totals.planned).toBe(604_000 * 12);
  });
});

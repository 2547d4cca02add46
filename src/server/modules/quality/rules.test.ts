import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SlaKpiResult } from '../../../contracts/quality';
import {
  actualOf,
  creditFor,
  disagree,
  earnedBack,
  evaluateKpi,
  figureProblems,
  isClosable,
  type KpiSpec,
  nearestRank,
  parsePeriod,
  periodAt,
  shiftPeriod,
  totalsOf,
  worsening,
} from './rules';

const kpi = (over: Partial<KpiSpec> = {}): KpiSpec => ({
  id: 'kpi_1',
  name: 'Average speed of answer',
  aggregation: 'mean',
  p: null,
  direction: 'at_most',
  target: 20,
  creditPct: 5,
  ...over,
});
const values = (...v: number[]) => totalsOf(v.map((value) => ({ value })));
const result = (kpiId: string, met: SlaKpiResult['met'], creditPct = 5): SlaKpiResult => ({
  kpiId,
  name: kpiId,
  actual: 1,
  target: 1,
  met,
  samples: 1,
  margin: 0,
  creditPct,
});

describe('periods in the engagement’s time zone', () => {
  it('reads a month, an ISO week and a day as [start, end) instants', () => {
    expect(parsePeriod('2027-03', 'Europe/Berlin')).toEqual({
      key: '2027-03',
      granularity: 'month',
      start: '2027-02-28T23:00:00.000Z',
      // Summer time starts on 28 March: April begins at UTC+2.
      end: '2027-03-31T22:00:00.000Z',
    });
    expect(parsePeriod('2027-W11', 'UTC')).toMatchObject({
      granularity: 'week',
      start: '2027-03-15T00:00:00.000Z',
      end: '2027-03-22T00:00:00.000Z',
    });
    expect(parsePeriod('2027-03-14', 'Asia/Manila')).toMatchObject({
      start: '2027-03-13T16:00:00.000Z',
      end: '2027-03-14T16:00:00.000Z',
    });
  });

  it('refuses periods that do not exist', () => {
    for (const bad of ['2027-13', '2027-02-30', '2027-W54', '2027-W53', '27-03', '2027-3']) {
      expect(parsePeriod(bad, 'UTC'), bad).toBeNull();
    }
    expect(parsePeriod('2026-W53', 'UTC')?.start).toBe('2026-12-28T00:00:00.000Z');
    expect(parsePeriod('2020-W53', 'UTC')).not.toBeNull();
  });

  it('puts 23:30 local on the last day of a DST month in that month', () => {
    // 31 March 2027, 23:30 in Berlin is 21:30 UTC (summer time), still March there.
    const at = '2027-03-31T21:30:00.000Z';
    expect(periodAt(at, 'month', 'Europe/Berlin').key).toBe('2027-03');
    expect(periodAt(at, 'month', 'UTC').key).toBe('2027-03');
    // 31 October 2027, 23:30 in New York is 03:30 UTC on 1 November.
    expect(periodAt('2027-11-01T03:30:00.000Z', 'month', 'America/New_York').key).toBe('2027-10');
    expect(periodAt('2027-11-01T03:30:00.000Z', 'month', 'UTC').key).toBe('2027-11');
    const march = parsePeriod('2027-03', 'Europe/Berlin')!;
    expect(at >= march.start && at < march.end).toBe(true);
  });

  it('steps periods forward and back, across years and DST', () => {
    const dec = parsePeriod('2027-12', 'Europe/Berlin')!;
    expect(shiftPeriod(dec, 1, 'Europe/Berlin').key).toBe('2028-01');
    expect(shiftPeriod(dec, -12, 'Europe/Berlin').key).toBe('2026-12');
    expect(shiftPeriod(parsePeriod('2027-W52', 'UTC')!, 1, 'UTC').key).toBe('2028-W01');
  });

  it('every instant falls in exactly the period periodAt names (property)', () => {
    const zones = [
      'UTC',
      'Europe/Berlin',
      'America/New_York',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.constantFrom(...zones),
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        (ms, zone, g) => {
          const p = periodAt(new Date(ms), g, zone);
          const at = new Date(ms).toISOString();
          // Every period boundary is on a quarter hour, so the 15-minute roll-ups tile it.
          return (
            at >= p.start &&
            at < p.end &&
            Date.parse(p.start) % 900_000 === 0 &&
            Date.parse(p.end) % 900_000 === 0
          );
        },
      ),
    );
  });

  it('closes a period only after its end plus the grace', () => {
    const march = parsePeriod('2027-03', 'UTC')!;
    expect(isClosable(march, new Date('2027-04-02T23:59:59Z'), 48)).toBe(false);
    expect(isClosable(march, new Date('2027-04-03T00:00:00Z'), 48)).toBe(true);
  });
});

describe('aggregations', () => {
  it('answers the published average speed of answer: waits of 10, 15 and 18 s average 14.33 s', () => {
    const r = evaluateKpi(kpi(), values(10, 15, 18));
    expect(r.actual).toBeCloseTo(14.33, 2);
    expect(r).toMatchObject({ met: true, samples: 3, target: 20 });
    expect(r.margin).toBeCloseTo(5.67, 2);
  });

  it('sums, counts, takes min and max', () => {
    const t = values(4, -2, 9, 1);
    expect(actualOf(kpi({ aggregation: 'sum' }), t)).toBe(12);
    expect(actualOf(kpi({ aggregation: 'count' }), t)).toBe(4);
    expect(actualOf(kpi({ aggregation: 'min' }), t)).toBe(-2);
    expect(actualOf(kpi({ aggregation: 'max' }), t)).toBe(9);
  });

  it('takes the nearest-rank percentile', () => {
    const sorted = [15, 20, 35, 40, 50];
    expect(nearestRank(sorted, 5)).toBe(15);
    expect(nearestRank(sorted, 30)).toBe(20);
    expect(nearestRank(sorted, 40)).toBe(20);
    expect(nearestRank(sorted, 50)).toBe(35);
    expect(nearestRank(sorted, 99.9)).toBe(50);
    expect(nearestRank([], 90)).toBeNull();
    const p90 = kpi({ aggregation: 'percentile', p: 90 });
    expect(actualOf(p90, values(...sorted), nearestRank(sorted, 90))).toBe(50);
  });

  it('nearest rank is always a member with at least p% at or below it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.1, max: 99.9, noNaN: true }),
        (xs, p) => {
          const sorted = [...xs].sort((a, b) => a - b);
          const v = nearestRank(sorted, p)!;
          const atOrBelow = sorted.filter((x) => x <= v).length;
          const below = sorted.filter((x) => x < v).length;
          return (
            sorted.includes(v) && atOrBelow / sorted.length >= p / 100 && below / sorted.length < p / 100
          );
        },
      ),
    );
  });

  it('takes the ratio of sums, not the mean of ratios', () => {
    // A busy hour (80 of 100 answered in time) and a quiet one (1 of 10).
    const t = totalsOf([
      { numerator: 80, denominator: 100 },
      { numerator: 1, denominator: 10 },
    ]);
    const sl = kpi({ aggregation: 'ratio', direction: 'at_least', target: 80 });
    expect(actualOf(sl, t)).toBeCloseTo((81 / 110) * 100, 10);
    expect(actualOf(sl, t)).not.toBeCloseTo(((0.8 + 0.1) / 2) * 100, 3);
    expect(evaluateKpi(sl, t).met).toBe(false);
  });

  it('reports a period without samples as no_data, never as met', () => {
    for (const aggregation of ['mean', 'sum', 'min', 'max', 'count', 'percentile', 'ratio'] as const) {
      const r = evaluateKpi(kpi({ aggregation, p: 95 }), totalsOf([]), null);
      expect(r, aggregation).toMatchObject({ met: 'no_data', actual: null, samples: 0, margin: null });
    }
  });

  it('compares by direction; the margin is positive on the right side of the target', () => {
    expect(evaluateKpi(kpi({ direction: 'at_least', target: 10 }), values(12))).toMatchObject({
      met: true,
      margin: 2,
    });
    expect(evaluateKpi(kpi({ direction: 'at_least', target: 10 }), values(10))).toMatchObject({
      met: true,
      margin: 0,
    });
    expect(evaluateKpi(kpi({ direction: 'at_most', target: 10 }), values(12))).toMatchObject({
      met: false,
      margin: -2,
    });
  });

  it('the mean lies between min and max, whatever the values (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 100 }),
        (xs) => {
          const t = values(...xs);
          const mean = actualOf(kpi(), t)!;
          return mean >= t.min! - 1e-6 && mean <= t.max! + 1e-6;
        },
      ),
    );
  });
});

describe('service credits', () => {
  const terms = { monthlyFee: 100_000, currency: 'EUR', creditCapPct: 10 };
  const off = { enabled: false, periods: 3 };

  it('answers the published example: 10% at risk, 50% to the pool, 40% to one SLA → 2,000', () => {
    const creditPct = 10 * 0.5 * 0.4;
    const credit = creditFor([result('a', false, creditPct)], terms, off);
    expect(credit).toEqual({ amount: 2000, currency: 'EUR', capped: false, waivedByEarnBack: 0 });
  });

  it('sums breached KPIs only, and not no_data', () => {
    const credit = creditFor(
      [result('a', false, 3), result('b', true, 4), result('c', 'no_data', 5)],
      terms,
      off,
    );
    expect(credit.amount).toBe(3000);
  });

  it('caps the credit at creditCapPct of the monthly fee', () => {
    const credit = creditFor([result('a', false, 8), result('b', false, 7)], terms, off);
    expect(credit).toMatchObject({ amount: 10_000, capped: true });
    expect(
      creditFor([result('a', false, 8), result('b', false, 7)], { ...terms, creditCapPct: null }, off).amount,
    ).toBe(15_000);
  });

  it('waives a breached KPI met in each of the next N periods (earn-back)', () => {
    const on = { enabled: true, periods: 2 };
    const breached = [result('a', false, 4), result('b', false, 3)];
    const following = [
      [result('a', true), result('b', false)],
      [result('a', true), result('b', true)],
    ];
    expect(creditFor(breached, terms, on, following)).toMatchObject({ amount: 3000, waivedByEarnBack: 4000 });
    // Not yet known: no waiver.
    expect(creditFor(breached, terms, on, following.slice(0, 1))).toMatchObject({
      amount: 7000,
      waivedByEarnBack: 0,
    });
    // Earn-back off: no waiver.
    expect(creditFor(breached, terms, off, following)).toMatchObject({ amount: 7000, waivedByEarnBack: 0 });
    expect(earnedBack('a', 2, [[result('a', true)], [result('a', 'no_data')]])).toBe(false);
  });

  it('never exceeds the cap nor goes negative (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(true, false, 'no_data' as const), fc.integer({ min: 0, max: 100 })),
          { maxLength: 20 },
        ),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (rows, cap, fee) => {
          const c = creditFor(
            rows.map(([met, pct], i) => result(`k${i}`, met, pct)),
            { monthlyFee: fee, currency: 'EUR', creditCapPct: cap },
            off,
          );
          return c.amount >= 0 && c.amount <= Math.round((cap / 100) * fee);
        },
      ),
    );
  });
});

describe('measurement figures, trends and reconciliation', () => {
  it('wants numerator and denominator for ratio KPIs and a value for the others', () => {
    const ratio = { aggregation: 'ratio' as const, name: 'SL' };
    expect(figureProblems(ratio, { value: null, numerator: 8, denominator: 10 })).toEqual([]);
    expect(figureProblems(ratio, { value: 3, numerator: null, denominator: 0 }).map((p) => p.field)).toEqual([
      'value',
      'numerator',
      'denominator',
    ]);
    expect(
      figureProblems(
        { aggregation: 'mean', name: 'ASA' },
        { value: null, numerator: 1, denominator: null },
      ).map((p) => p.field),
    ).toEqual(['numerator', 'value']);
    expect(
      figureProblems(
        { aggregation: 'count', name: 'Incidents' },
        { value: null, numerator: null, denominator: null },
      ),
    ).toEqual([]);
  });

  it('spots three periods in a row getting worse', () => {
    expect(worsening([90, 80, 70, 60])).toBe(true);
    expect(worsening([90, 80, 80, 60])).toBe(false);
    expect(worsening([null, 80, 70, 60])).toBe(false);
    expect(worsening([80, 70, 60])).toBe(false);
  });

  it('flags a disagreement only when both sides have data', () => {
    expect(disagree(true, false)).toBe(true);
    expect(disagree(true, true)).toBe(false);
    expect(disagree(true, 'no_data')).toBe(false);
  });
});

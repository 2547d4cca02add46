import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deliveryStats,
  dueAt,
  isOnTime,
  periodMonths,
  reviewProblems,
  scoreFromRate,
  summarise,
  trend,
  weightedTotal,
} from './review-rules';

describe('on time in the engagement’s time zone', () => {
  it('counts the whole due date in Manila and nothing after it', () => {
    expect(dueAt('2027-01-20', 'Asia/Manila')).toBe('2027-01-20T15:59:59.999Z');
    expect(isOnTime('2027-01-20T15:59:59.999Z', '2027-01-20', 'Asia/Manila')).toBe(true);
    expect(isOnTime('2027-01-20T16:00:00.000Z', '2027-01-20', 'Asia/Manila')).toBe(false);
    expect(isOnTime('2027-01-20T16:00:00.000Z', null, 'Asia/Manila')).toBeNull();
  });
  it('follows a daylight-saving change (Berlin, 2027-03-28 has 23 hours)', () => {
    expect(dueAt('2027-03-28', 'Europe/Berlin')).toBe('2027-03-28T21:59:59.999Z');
    expect(dueAt('2027-03-27', 'Europe/Berlin')).toBe('2027-03-27T22:59:59.999Z');
  });
});

describe('where a deliverable stands', () => {
  const now = new Date('2027-02-01T00:00:00Z');
  it('is late once its due date passed without an accepted hand-in', () => {
    expect(summarise([], '2027-01-20', 'UTC', now)).toMatchObject({ status: 'not_submitted', onTime: false });
    expect(summarise([], '2027-03-20', 'UTC', now)).toMatchObject({ onTime: null, firstPass: null });
  });
  it('takes on-time from the accepted hand-in and first pass from the first review', () => {
    const s = summarise(
      [
        { cycle: 2, submittedAt: '2027-01-22T00:00:00Z', onTime: false, status: 'accepted' },
        { cycle: 1, submittedAt: '2027-01-19T00:00:00Z', onTime: true, status: 'rejected' },
      ],
      '2027-01-20',
      'UTC',
      now,
    );
    expect(s).toMatchObject({ status: 'accepted', cycles: 2, onTime: false, firstPass: false });
  });
});

describe('delivery rates', () => {
  it('divides only what can be counted', () => {
    const stats = deliveryStats([
      { status: 'accepted', cycles: 1, onTime: true, acceptedAt: 'x', firstPass: true },
      { status: 'accepted', cycles: 3, onTime: false, acceptedAt: 'x', firstPass: false },
      { status: 'submitted', cycles: 1, onTime: null, acceptedAt: null, firstPass: null },
    ]);
    expect(stats).toMatchObject({ onTimeRate: 50, firstPassRate: 50, meanCycles: 2, onTimeCounted: 2 });
    expect(deliveryStats([])).toMatchObject({ onTimeRate: null, firstPassRate: null, meanCycles: null });
  });
});

describe('review checks', () => {
  it('wants every criterion judged once and a decision that fits', () => {
    expect(reviewProblems(2, [{ index: 0, passed: true }], 'accepted', '')[0]!.field).toBe('criteria');
    expect(
      reviewProblems(
        1,
        [
          { index: 0, passed: true },
          { index: 0, passed: true },
        ],
        'accepted',
        '',
      )[0]!.message,
    ).toContain('twice');
    expect(reviewProblems(1, [{ index: 0, passed: false }], 'accepted', '')[0]!.field).toBe('decision');
    expect(reviewProblems(1, [{ index: 0, passed: true }], 'rejected', '')[0]!.field).toBe('comment');
    expect(reviewProblems(1, [{ index: 0, passed: true }], 'rejected', 'Late and sloppy')).toEqual([]);
    expect(reviewProblems(0, [], 'accepted', '')).toEqual([]);
  });
});

describe('scorecard maths', () => {
  it('maps the five scores onto 0–100 with weights', () => {
    const lines = (s: number[], w = [30, 25, 15, 15, 15]) => s.map((score, i) => ({ score, weight: w[i]! }));
    expect(weightedTotal(lines([1, 1, 1, 1, 1]))).toBe(0);
    expect(weightedTotal(lines([5, 5, 5, 5, 5]))).toBe(100);
    expect(weightedTotal(lines([5, 4, 3, 2, 1]))).toBe(60);
    expect(
      weightedTotal([
        { score: null, weight: 0 },
        { score: 3, weight: 1 },
      ]),
    ).toBe(50);
    expect(weightedTotal([{ score: null, weight: 1 }])).toBeNull();
  });
  it('stays between 0 and 100 and rises with any score', () => {
    const line = fc.record({
      score: fc.integer({ min: 1, max: 5 }),
      weight: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.nat(4), (ls, k) => {
        fc.pre(ls.some((l) => l.weight > 0));
        const total = weightedTotal(ls)!;
        expect(total).toBeGreaterThanOrEqual(0);
        expect(total).toBeLessThanOrEqual(100);
        const i = k % ls.length;
        if (ls[i]!.score < 5) {
          const better = ls.map((l, j) => (j === i ? { ...l, score: l.score + 1 } : l));
          expect(weightedTotal(better)!).toBeGreaterThanOrEqual(total);
        }
      }),
    );
  });
  it('reads periods and rates', () => {
    expect(periodMonths('2027-Q2', 'quarterly')).toEqual(['2027-04', '2027-05', '2027-06']);
    expect(periodMonths('2027-04', 'quarterly')).toBeNull();
    expect(periodMonths('2027-00', 'monthly')).toBeNull();
    expect([100, 95, 90, 70, 60, 10].map(scoreFromRate)).toEqual([5, 5, 4, 3, 2, 1]);
  });
  it('reports the trend of the last two published totals in period order', () => {
    expect(
      trend([
        { period: '2027-02', total: 50 },
        { period: '2027-01', total: 60 },
      ]),
    ).toMatchObject({
      direction: 'down',
      change: -10,
    });
    expect(trend([{ period: '2027-01', total: 60 }]).direction).toBeNull();
  });
});

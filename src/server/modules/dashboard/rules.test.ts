import { describe, expect, it } from 'vitest';
import { attainment, countBy, lastMonths, savingsTotals } from './rules';

describe('countBy', () => {
  it('counts per key, most first, ties in alphabetical order', () => {
    const vendors = [
      { country: 'PH' },
      { country: 'IN' },
      { country: 'PH' },
      { country: 'BG' },
      { country: 'IN' },
      { country: 'PH' },
      { country: 'AR' },
    ];
    expect(countBy(vendors, (v) => v.country)).toEqual([
      { key: 'PH', count: 3 },
      { key: 'IN', count: 2 },
      { key: 'AR', count: 1 },
      { key: 'BG', count: 1 },
    ]);
    expect(countBy([], String)).toEqual([]);
  });
});

describe('lastMonths', () => {
  it('lists the months before today’s, oldest first', () => {
    expect(lastMonths('2027-05-17', 3)).toEqual(['2027-02', '2027-03', '2027-04']);
  });

  it('crosses into the year before', () => {
    expect(lastMonths('2027-02-01', 4)).toEqual(['2026-10', '2026-11', '2026-12', '2027-01']);
    expect(lastMonths('2027-01-31', 1)).toEqual(['2026-12']);
    // A year back from March: March of the year before through February.
    const year = lastMonths('2027-03-31', 12);
    expect([year.length, year[0], year[11], new Set(year).size]).toEqual([12, '2026-03', '2027-02', 12]);
    expect(year).toEqual([...year].sort());
  });
});

describe('attainment', () => {
  it('sums KPIs met over KPIs evaluated and counts the months with a breach', () => {
    // 7 of 8, 4 of 4 and 2 of 3: 13 of 15, two months short.
    const a = attainment([
      { evaluated: 8, met: 7 },
      { evaluated: 4, met: 4 },
      { evaluated: 3, met: 2 },
    ]);
    expect(a).toEqual({ kpisEvaluated: 15, kpisMet: 13, attainment: 13 / 15, breachedPeriods: 2 });
  });

  it('has no attainment when nothing was evaluated', () => {
    expect(attainment([])).toEqual({ kpisEvaluated: 0, kpisMet: 0, attainment: null, breachedPeriods: 0 });
    expect(attainment([{ evaluated: 0, met: 0 }]).attainment).toBeNull();
  });
});

describe('savingsTotals', () => {
  it('sums each figure per currency, currencies in alphabetical order', () => {
    expect(
      savingsTotals([
        { currency: 'USD', plannedToDate: 100_00, realised: 80_00, variance: -20_00 },
        { currency: 'EUR', plannedToDate: 50_00, realised: 60_00, variance: 10_00 },
        { currency: 'USD', plannedToDate: 30_00, realised: 45_00, variance: 15_00 },
      ]),
    ).toEqual([
      { currency: 'EUR', plannedToDate: 5000, realised: 6000, variance: 1000 },
      { currency: 'USD', plannedToDate: 13000, realised: 12500, variance: -500 },
    ]);
    expect(savingsTotals([])).toEqual([]);
  });
});

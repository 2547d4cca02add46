import { describe, expect, it } from 'vitest';
import { percent, previousQuarter, quarterMonths, quarterOf, sumByCurrency } from './rules';

describe('quarters', () => {
  it('lists a quarter’s three months', () => {
    expect(quarterMonths('2027-Q1')).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(quarterMonths('2027-Q2')).toEqual(['2027-04', '2027-05', '2027-06']);
    expect(quarterMonths('2027-Q3')).toEqual(['2027-07', '2027-08', '2027-09']);
    expect(quarterMonths('2027-Q4')).toEqual(['2027-10', '2027-11', '2027-12']);
  });

  it('refuses what is not a quarter', () => {
    for (const q of ['2027-Q0', '2027-Q5', '2027-q1', '27-Q1', '2027-Q1 ', '2027-03', ''])
      expect(quarterMonths(q)).toBeNull();
  });

  it('finds the quarter of a date, at both ends of each quarter', () => {
    expect(quarterOf('2027-01-01')).toBe('2027-Q1');
    expect(quarterOf('2027-03-31')).toBe('2027-Q1');
    expect(quarterOf('2027-04-01')).toBe('2027-Q2');
    expect(quarterOf('2027-06-30')).toBe('2027-Q2');
    expect(quarterOf('2027-07-01')).toBe('2027-Q3');
    expect(quarterOf('2027-09-30')).toBe('2027-Q3');
    expect(quarterOf('2027-10-01')).toBe('2027-Q4');
    expect(quarterOf('2027-12-31')).toBe('2027-Q4');
  });

  it('steps back a quarter, into the year before from the first', () => {
    expect(previousQuarter('2027-Q3')).toBe('2027-Q2');
    expect(previousQuarter('2027-Q2')).toBe('2027-Q1');
    expect(previousQuarter('2027-Q1')).toBe('2026-Q4');
  });
});

describe('figures', () => {
  it('writes a share met as a percentage with one decimal', () => {
    expect(percent(1, 3)).toBe('33.3%');
    expect(percent(2, 3)).toBe('66.7%');
    expect(percent(3, 3)).toBe('100.0%');
    expect(percent(0, 5)).toBe('0.0%');
    expect(percent(0, 0)).toBe('no data');
  });

  it('sums minor units per currency, currencies in alphabetical order', () => {
    expect(
      sumByCurrency([
        { currency: 'USD', amount: 1250 },
        { currency: 'EUR', amount: 300 },
        { currency: 'USD', amount: -250 },
        { currency: 'BRL', amount: 7 },
      ]),
    ).toEqual([
      { currency: 'BRL', amount: 7 },
      { currency: 'EUR', amount: 300 },
      { currency: 'USD', amount: 1000 },
    ]);
    expect(sumByCurrency([])).toEqual([]);
  });
});

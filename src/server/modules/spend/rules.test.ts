import { describe, expect, it } from 'vitest';
import {
  allocateCredits,
  canMove,
  INVOICE_TRANSITIONS,
  inNotice,
  monthlyBudget,
  noticeDeadlineOf,
  RateBook,
  readiness,
} from './rules';

describe('invoice life cycle', () => {
  it('goes received → approved → paid, disputes before payment, and resubmits a disputed one', () => {
    expect(canMove('received', 'approved')).toBe(true);
    expect(canMove('approved', 'paid')).toBe(true);
    expect(canMove('received', 'disputed')).toBe(true);
    expect(canMove('approved', 'disputed')).toBe(true);
    expect(canMove('disputed', 'received')).toBe(true);
    expect(canMove('received', 'paid')).toBe(false);
    expect(canMove('disputed', 'approved')).toBe(false);
    expect(INVOICE_TRANSITIONS.paid).toEqual([]);
  });
});

describe('monthly budget', () => {
  it('prorates the monthly fee by the days of the month inside the term', () => {
    const terms = { startDate: '2027-01-16', endDate: '2027-03-10', monthlyFee: 31_000, budget: 0 };
    expect(monthlyBudget(terms, '2027-01')).toBe(16_000); // 16 of 31 days
    expect(monthlyBudget(terms, '2027-02')).toBe(31_000);
    expect(monthlyBudget(terms, '2027-03')).toBe(10_000); // 10 of 31 days
    expect(monthlyBudget(terms, '2027-04')).toBe(0);
  });
  it('spreads a budget without a fee over the term’s days, or per 365 days when open-ended', () => {
    expect(
      monthlyBudget(
        { startDate: '2027-01-01', endDate: '2027-12-31', monthlyFee: 0, budget: 365_000 },
        '2027-02',
      ),
    ).toBe(28_000);
    expect(
      monthlyBudget({ startDate: '2027-01-01', endDate: null, monthlyFee: 0, budget: 365_000 }, '2031-01'),
    ).toBe(31_000);
  });
});

describe('rate book', () => {
  const book = new RateBook('EUR', [
    { currency: 'USD', date: '2027-01-15', rate: 0.8 },
    { currency: 'USD', date: '2026-12-01', rate: 0.85 },
    { currency: 'JPY', date: '2027-01-01', rate: 0.0062 },
  ]);
  it('takes the latest rate on or before the date, and 1 for the organisation’s currency', () => {
    expect(book.rate('USD', '2027-01-14')).toBe(0.85);
    expect(book.rate('USD', '2027-01-15')).toBe(0.8);
    expect(book.rate('EUR', '1999-01-01')).toBe(1);
  });
  it('converts minor units across currencies with different minor digits', () => {
    // ¥10,000 (no minor digits) at 0.0062 = €62.00 = 6,200 cents.
    expect(book.toOrg(10_000, 'JPY', '2027-02-01')).toBeCloseTo(6_200, 6);
    // $100.00 in yen on 2027-01-20: 10,000 cents × 0.8 / 0.0062 / 100 ≈ ¥12,903.
    expect(book.convert(10_000, 'USD', 'JPY', '2027-01-20')).toBeCloseTo(12_903.2258, 3);
  });
  it('notes every currency and date it lacks instead of guessing', () => {
    const b = new RateBook('EUR', []);
    expect(b.toOrg(100, 'GBP', '2027-01-31')).toBeUndefined();
    expect(b.missingList()).toEqual([{ currency: 'GBP', date: '2027-01-31' }]);
  });
});

describe('SLA credits', () => {
  it('go to the invoice whose period holds the month’s last day, else the last one overlapping the month', () => {
    const invoices = [
      { id: 'a', periodStart: '2027-01-01', periodEnd: '2027-01-31', createdAt: '1' },
      { id: 'b', periodStart: '2027-02-01', periodEnd: '2027-02-14', createdAt: '2' },
      { id: 'c', periodStart: '2027-02-15', periodEnd: '2027-02-27', createdAt: '3' },
    ];
    const out = allocateCredits(invoices, [
      { period: '2027-01', amount: 100, currency: 'EUR' },
      { period: '2027-02', amount: 50, currency: 'EUR' },
      { period: '2027-03', amount: 70, currency: 'EUR' },
      { period: '2027-01', amount: 0, currency: 'EUR' },
    ]);
    expect(out.get('a')).toEqual([{ period: '2027-01', amount: 100, currency: 'EUR' }]);
    expect(out.get('c')).toEqual([{ period: '2027-02', amount: 50, currency: 'EUR' }]);
    expect(out.has('b')).toBe(false);
    expect([...out.values()].flat().some((l) => l.period === '2027-03')).toBe(false);
  });
});

describe('renewal terms and readiness', () => {
  it('ends the term at the renewal date, else the end date; notice runs from the deadline to the end', () => {
    const e = { endDate: '2027-12-31', renewalDate: '2027-06-30', noticePeriodDays: 30 };
    expect(noticeDeadlineOf(e)).toBe('2027-05-31');
    expect(inNotice(e, '2027-05-30')).toBe(false);
    expect(inNotice(e, '2027-05-31')).toBe(true);
    expect(inNotice(e, '2027-07-01')).toBe(false);
    expect(noticeDeadlineOf({ endDate: null, renewalDate: null, noticePeriodDays: 30 })).toBeNull();
  });
  it('counts done items in whole percent and the overdue ones', () => {
    const items = [
      { done: true, dueDate: null },
      { done: false, dueDate: '2027-01-01' },
      { done: false, dueDate: '2027-03-01' },
    ];
    expect(readiness(items, '2027-02-01')).toEqual({ total: 3, done: 1, overdue: 1, readiness: 33 });
    expect(readiness([], '2027-02-01').readiness).toBe(0);
  });
});

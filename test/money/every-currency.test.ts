/**
 * Money in every active ISO 4217 currency (issue 16): the exponents of src/contracts/money.ts
 * against ISO's own XML, and properties over every currency — format → parse and convert →
 * format → parse round-trip, and the business-case model and the spend rate book give what plain
 * arithmetic with the ISO exponent gives. The reference arithmetic here never calls the money module.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Currency } from '../../src/contracts/common';
import {
  CURRENCY_CODES,
  convertMinor,
  decimalText,
  formatMoney,
  ISO_4217_PUBLISHED,
  isCurrency,
  minorDigits,
  parseMoney,
  toMajor,
  toMinor,
} from '../../src/contracts/money';
import { analyse, type ModelInput } from '../../src/server/modules/business-cases/rules';
import { creditFor } from '../../src/server/modules/quality/rules';
import { monthlyBudget, RateBook } from '../../src/server/modules/spend/rules';
import { ISO_EXPONENTS, ISO_NO_MINOR_UNIT, ISO_PUBLISHED, isoMajor } from '../helpers/iso-4217';

/** The ISO exponent; XCG is newer than the list (ISO amendment: 2). */
const exp = (code: string) => (code === 'XCG' ? 2 : ISO_EXPONENTS.get(code)!);
/** Exact decimal text of minor units by BigInt arithmetic: the reference for what a format shows. */
function referenceDecimal(minor: number, code: string): string {
  const e = BigInt(exp(code));
  const abs = BigInt(Math.abs(minor));
  const scale = 10n ** e;
  const frac = e > 0n ? `.${(abs % scale).toString().padStart(Number(e), '0')}` : '';
  return `${minor < 0 ? '-' : ''}${abs / scale}${frac}`;
}

const currency = fc.constantFrom(...CURRENCY_CODES);
const amount = fc.integer({ min: -1e15, max: 1e15 });
const runs = { numRuns: 2000 };

describe('ISO 4217 exponents', () => {
  it('are ISO list one: every code with a minor unit, with its exponent, and nothing else', () => {
    // XCG (Caribbean guilder, 2025) is newer than the dataset's list; money.ts adds it until the dataset has it.
    expect(ISO_EXPONENTS.has('XCG'), 'the dataset has XCG now: drop it from NEWER_THAN_DATASET').toBe(false);
    expect([...CURRENCY_CODES]).toEqual([...new Set([...ISO_EXPONENTS.keys(), 'XCG'])].sort());
    for (const c of CURRENCY_CODES) expect(minorDigits(c), c).toBe(exp(c));
    expect(new Set(CURRENCY_CODES.map(minorDigits))).toEqual(new Set([0, 2, 3, 4]));
    expect(ISO_4217_PUBLISHED).toBe(ISO_PUBLISHED);
  });

  it('still write amounts stored in a withdrawn code earlier versions took, and refuse new ones', () => {
    for (const c of ['HRK', 'SLL', 'ZWL']) {
      expect(ISO_EXPONENTS.has(c), c).toBe(false);
      expect(Currency.safeParse(c).success, c).toBe(false);
      expect(formatMoney(123456, c).replace(/\s/g, ' '), c).toBe(`${c} 1,234.56`);
      expect(parseMoney(formatMoney(-5, c), c)).toBe(-5);
    }
  });

  it('are ISO’s where CLDR (Intl) shows other digits, and for the funds Intl does not know', () => {
    const iso: Record<string, number> = {
      JPY: 0,
      KRW: 0,
      ISK: 0,
      CLP: 0,
      KWD: 3,
      BHD: 3,
      OMR: 3,
      TND: 3,
      IQD: 3,
      CLF: 4,
      UYW: 4,
      IDR: 2,
      HUF: 2,
      PKR: 2,
      COP: 2,
      EUR: 2,
      INR: 2,
    };
    for (const [c, e] of Object.entries(iso)) {
      expect(ISO_EXPONENTS.get(c), c).toBe(e);
      expect(minorDigits(c), c).toBe(e);
      expect(Currency.safeParse(c).success, c).toBe(true);
    }
    // Intl puts a no-break space between a code and the number.
    expect(formatMoney(123456, 'IDR')).toBe('IDR\u00a01,234.56');
    expect(formatMoney(1234567, 'IQD')).toBe('IQD\u00a01,234.567');
    expect(formatMoney(12345678, 'CLF')).toBe('CLF\u00a01,234.5678');
    expect(formatMoney(4_200_000, 'JPY')).toBe('¥4,200,000');
    expect(formatMoney(7_500_000, 'KWD')).toBe('KWD\u00a07,500.000');
  });

  it('refuse codes without a minor unit, withdrawn and made-up codes, with a clear message', () => {
    for (const c of [...ISO_NO_MINOR_UNIT, 'XYZ', 'EURO', 'eur', '']) {
      expect(isCurrency(c), c).toBe(false);
      expect(Currency.safeParse(c).error?.issues[0]?.message, c).toMatch(/ISO 4217/);
      expect(() => minorDigits(c)).toThrow(/ISO 4217/);
    }
  });
});

describe('money in every currency', () => {
  it('formats with exactly the ISO decimals, and parses back what it formats', () => {
    fc.assert(
      fc.property(currency, amount, (c, m) => {
        const text = formatMoney(m, c);
        // English writes sign, symbol ("€", "CLF ", "Cg."), then the number with group commas.
        expect(text.replace(/^(-?)\D*/, '$1').replace(/,/g, '')).toBe(referenceDecimal(m, c));
        expect(parseMoney(text, c)).toBe(m);
        expect(decimalText(m, c)).toBe(referenceDecimal(m, c));
        expect(parseMoney(decimalText(m, c), c)).toBe(m);
      }),
      runs,
    );
  });

  it('refuses more decimals than the currency has', () => {
    fc.assert(
      fc.property(currency, fc.integer({ min: 0, max: 1e9 }), (c, m) => {
        expect(parseMoney(`${referenceDecimal(m, c)}${exp(c) ? '' : '.'}5`, c)).toBeNull();
      }),
      runs,
    );
  });

  it('goes to major units and back', () => {
    fc.assert(
      fc.property(currency, amount, (c, m) => {
        expect(toMajor(m, c)).toBeCloseTo(isoMajor(m, c), 12 - Math.log10(Math.abs(m) + 1));
        expect(toMinor(toMajor(m, c), c)).toBe(m);
      }),
      runs,
    );
  });

  it('converts → formats → parses: any two currencies at any rate, as plain arithmetic with both exponents', () => {
    fc.assert(
      fc.property(
        currency,
        currency,
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.double({ min: 1e-5, max: 1e5, noNaN: true }),
        (from, to, m, rate) => {
          const reference = isoMajor(m, from) * rate * 10 ** exp(to);
          const converted = convertMinor(m, from, to, rate);
          if (from !== to)
            expect(Math.abs(converted - reference)).toBeLessThanOrEqual(Math.abs(reference) * 1e-12);
          const minor = Math.round(converted) || 0; // never -0
          if (!Number.isSafeInteger(minor)) return;
          expect(parseMoney(formatMoney(minor, to), to)).toBe(minor);
        },
      ),
      runs,
    );
  });

  it('converts invoices in the rate book with both exponents (rates are kept per major unit)', () => {
    fc.assert(
      fc.property(
        currency,
        currency,
        fc.integer({ min: 0, max: 1e12 }),
        fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
        (org, from, m, rate) => {
          const book = new RateBook(org, [{ currency: from, date: '2027-01-01', rate }]);
          const got = book.toOrg(m, from, '2027-01-31')!;
          const reference = from === org ? m : isoMajor(m, from) * rate * 10 ** exp(org);
          expect(Math.abs(got - reference)).toBeLessThanOrEqual(Math.max(1e-9, reference * 1e-12));
        },
      ),
      runs,
    );
  });
});

describe('a business case in every currency', () => {
  /**
   * One role in-house, one option at a fixed monthly fee quoted in another currency, no
   * escalation: the reference is a few lines of arithmetic in major units.
   */
  it('costs, saves, discounts and pays back as plain arithmetic with the ISO exponents says', () => {
    fc.assert(
      fc.property(
        currency,
        currency,
        fc.integer({ min: 1, max: 1e9 }), // monthly fee, quote-currency minor units
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }), // case currency per quote currency
        fc.double({ min: 0.5, max: 2, noNaN: true }), // in-house cost against the option's
        fc.integer({ min: 0, max: 1e9 }), // transition, quote-currency minor units
        (caseCurrency, quote, fee, rate, ratio, transition) => {
          const r = quote === caseCurrency ? 1 : rate;
          const annualMajor = (fee / 10 ** exp(quote)) * 12 * r;
          const transitionMajor = (transition / 10 ** exp(quote)) * r;
          const salaryMinor = Math.round(annualMajor * ratio * 10 ** exp(caseCurrency));
          if (salaryMinor < 1 || salaryMinor > 1e15) return;
          const input: ModelInput = {
            currency: caseCurrency,
            horizonYears: 3,
            discountRatePct: 8,
            fxRates: quote === caseCurrency ? {} : { [quote]: rate },
            inHouse: {
              roles: [
                { title: 'Agent', fte: 1, annualSalary: salaryMinor, benefitsPct: 0, overheadPerFte: 0 },
              ],
              otherAnnualCosts: 0,
              salaryEscalationPct: 0,
            },
            options: [
              {
                id: 'opt_1',
                name: 'Partner',
                deliveryModel: 'offshore',
                currency: quote,
                pricing: { model: 'fixed_monthly', monthlyFee: fee },
                transitionCost: transition,
                governancePct: 0,
                retainedAnnualCosts: 0,
                annualEscalationPct: 0,
              },
            ],
            seed: 1,
          };
          const a = analyse(input, 50);
          const o = a.options[0]!;
          const scale = 10 ** exp(caseCurrency);
          const inHouseMajor = salaryMinor / scale;
          const costs = [annualMajor + transitionMajor, annualMajor, annualMajor];
          const savings = costs.map((c) => inHouseMajor - c);
          const npvMajor = savings.reduce((s, v, i) => s + v / 1.08 ** (i + 1), 0);
          // Each figure within one minor unit (rounding at the end) or a relative 1e-9 (binary noise).
          const close = (got: number, major: number) =>
            expect(Math.abs(got - major * scale)).toBeLessThanOrEqual(
              Math.max(1, Math.abs(major * scale) * 1e-9),
            );
          close(a.years[0]!.options[0]!.cost, costs[0]!);
          close(a.years[1]!.options[0]!.cost, annualMajor);
          close(o.totalCost, costs[0]! + 2 * annualMajor);
          close(o.totalSavings, savings[0]! + savings[1]! + savings[2]!);
          close(o.npv, npvMajor);
          // Payback: transition at month 0, each year's other savings spread evenly over its months.
          const monthly = (inHouseMajor - annualMajor) / 12;
          const months = monthly > 0 ? Math.ceil(transitionMajor / monthly - 1e-9) : null;
          const expected = months === null ? null : months === 0 ? 1 : months <= 36 ? months : null;
          // A payback exactly on a month boundary may land either side of binary noise.
          if (
            months === null ||
            Math.abs(transitionMajor / monthly - Math.round(transitionMajor / monthly)) > 1e-6
          )
            expect(o.paybackMonths).toBe(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('SLA credits and budgets in every currency', () => {
  it('credit a share of the fee to the currency’s minor unit, and budget a month of it in the organisation’s currency', () => {
    fc.assert(
      fc.property(
        currency,
        currency,
        fc.integer({ min: 1, max: 1e12 }), // monthly fee, minor units
        fc.integer({ min: 1, max: 20 }), // credit %
        fc.double({ min: 1e-4, max: 1e4, noNaN: true }), // organisation currency per fee currency
        (c, org, fee, pct, rate) => {
          const kpi = { kpiId: 'k', name: 'Service level', actual: 50, target: 80, samples: 1, margin: -30 };
          const credit = creditFor(
            [{ ...kpi, met: false, creditPct: pct }],
            { monthlyFee: fee, currency: c, creditCapPct: null },
            { enabled: false, periods: 0 },
          );
          // pct% of the fee in major units, back to whole minor units (half up: the amounts are positive).
          const major = (fee / 10 ** exp(c)) * (pct / 100);
          expect(credit.amount).toBe(Math.round(Number((major * 10 ** exp(c)).toPrecision(15))));
          expect(credit.currency).toBe(c);
          // January, the whole month inside the term: the fee, at the month-end rate.
          const book = new RateBook(org, [{ currency: c, date: '2027-01-01', rate }]);
          const budget = monthlyBudget(
            { startDate: '2027-01-01', endDate: null, monthlyFee: fee, budget: 0 },
            '2027-01',
          );
          const inOrg = book.toOrg(budget, c, '2027-01-31')!;
          const reference = c === org ? fee : (fee / 10 ** exp(c)) * rate * 10 ** exp(org);
          expect(Math.abs(inOrg - reference)).toBeLessThanOrEqual(Math.max(1e-9, reference * 1e-12));
        },
      ),
      runs,
    );
  });
});

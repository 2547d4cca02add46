/**
 * Money is an integer amount in minor units of an ISO 4217 currency. This module is the only place
 * that knows how many minor units a currency has: its ISO 4217 exponent ("minor unit"), from the
 * `currency-codes` package, a maintained copy of ISO's list one. Every conversion between
 * currencies, every format, parse, CSV cell and PDF figure goes through it; no other file scales
 * an amount by 100 (test/architecture/money.test.ts enforces it).
 *
 * Not `Intl`: Intl follows CLDR's display digits (IDR, HUF, PKR… show 0 decimals, ISO says 2; IQD
 * shows 0, ISO says 3) and its data varies with the ICU build. Intl is used only to write numbers,
 * always with the ISO exponent as the number of decimals.
 */
import { data as ISO_4217_LIST_ONE, publishDate } from 'currency-codes';

/**
 * Codes of list one whose minor unit is "N.A." (precious metals, the SDR, European bond units, the
 * test code and "no currency"): nobody invoices in them. The dataset writes 0 for them, so they are
 * named here (test/architecture/money.test.ts checks this list against ISO's XML in the package).
 */
const NO_MINOR_UNIT = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
]);

/**
 * Added to list one after the dataset's list was published: the Caribbean guilder (replacing ANG
 * from 2025-03-31, exponent 2). money.test checks the dataset still lacks it: once a newer
 * `currency-codes` has it, this entry goes.
 */
const NEWER_THAN_DATASET: ReadonlyMap<string, number> = new Map([['XCG', 2]]);

/**
 * Withdrawn codes that earlier versions accepted (they took Intl's list): amounts stored in them
 * are still written and converted, with their last ISO exponent (list three), but no new amount
 * may use them.
 */
const WITHDRAWN: ReadonlyMap<string, number> = new Map([
  ['HRK', 2],
  ['SLL', 2],
  ['ZWL', 2],
]);

const EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...ISO_4217_LIST_ONE.filter((c) => !NO_MINOR_UNIT.has(c.code)).map((c): [string, number] => [
    c.code,
    c.digits,
  ]),
  ...NEWER_THAN_DATASET,
]);

/** Every currency Outpost accepts: ISO 4217 list one (active codes) with a minor unit. */
export const CURRENCY_CODES: readonly string[] = [...EXPONENTS.keys()].sort();

/** The date of the ISO 4217 list the exponents come from (newer codes need a newer `currency-codes`). */
export const ISO_4217_PUBLISHED: string = publishDate;

export const isCurrency = (code: string): boolean => EXPONENTS.has(code);

/** The ISO 4217 exponent: 0 for JPY, 2 for EUR, 3 for KWD, 4 for CLF. Throws for a code not in the list. */
export function minorDigits(currency: string): number {
  const digits = EXPONENTS.get(currency) ?? WITHDRAWN.get(currency);
  if (digits === undefined) throw new Error(`not an ISO 4217 currency with a minor unit: ${currency}`);
  return digits;
}

/** Minor units as a number of major units, for charts and arithmetic (inexact past 2^53). */
export const toMajor = (minor: number, currency: string): number => minor / 10 ** minorDigits(currency);

/** Major units (a typed 1234.56) as whole minor units, rounded half away from zero. */
export function toMinor(major: number, currency: string): number {
  const scaled = Number((major * 10 ** minorDigits(currency)).toPrecision(15));
  const r = Math.sign(scaled) * Math.round(Math.abs(scaled));
  return r === 0 ? 0 : r;
}

/**
 * Units of `to` per one unit of `from` (how exchange rates are written and stored) as a factor for
 * minor units: 0.0062 EUR per JPY is 0.62 euro cents per yen; 2.98 EUR per KWD is 0.298 cents per fils.
 */
export function minorRate(rate: number, from: string, to: string): number {
  return (rate * 10 ** minorDigits(to)) / 10 ** minorDigits(from);
}

/** An amount in minor units of `from` in minor units of `to` at `rate` (units of `to` per unit of `from`), unrounded. */
export function convertMinor(minor: number, from: string, to: string, rate: number): number {
  if (from === to) return minor;
  return minor * minorRate(rate, from, to);
}

/** Minor units as exact decimal text with the currency's decimals: 123456 EUR → "1234.56", 7 KWD → "0.007". */
export function decimalText(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new Error(`not a whole number of minor units: ${minor}`);
  const digits = minorDigits(currency);
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const frac = digits ? `.${abs.slice(abs.length - digits)}` : '';
  return `${minor < 0 ? '-' : ''}${whole}${frac}`;
}

/** Intl formats the exact decimal text (no binary rounding), with the ISO number of decimals. */
function numberFormat(currency: string, locale: string, options: Intl.NumberFormatOptions) {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, ...options });
}
type DecimalString = `${number}`;
const exact = (minor: number, currency: string) => decimalText(minor, currency) as DecimalString;

/** 123456 EUR → "€1,234.56"; 4200000 JPY → "¥4,200,000"; 7500000 KWD → "KWD 7,500.000" (English by default, so exported documents read the same everywhere). */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const digits = minorDigits(currency);
  return numberFormat(currency, locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(exact(minor, currency));
}

/** "€1.2M": a compact amount for summaries and chart axes; `symbol: false` gives "1.2M". */
export function compactMoney(minor: number, currency: string, locale = 'en', symbol = true): string {
  const options: Intl.NumberFormatOptions = { notation: 'compact', maximumFractionDigits: 1 };
  const text = exact(minor, currency);
  return symbol
    ? numberFormat(currency, locale, options).format(text)
    : new Intl.NumberFormat(locale, options).format(text);
}

/** The symbol or code `formatMoney` writes in English for a currency ("€", "¥", "KWD"). */
function englishSymbol(currency: string): string {
  return (
    numberFormat(currency, 'en', {})
      .formatToParts(0)
      .find((p) => p.type === 'currency')?.value ?? currency
  );
}

/**
 * Decimal text in the currency → minor units: "1234.56", "1,234.56" and what `formatMoney` writes
 * in English ("€1,234.56", "-¥4,200,000", "KWD 7,500.000") all parse; more decimals than the
 * currency has, or anything else, is null.
 */
export function parseMoney(text: string, currency: string): number | null {
  if (!isCurrency(currency) && !WITHDRAWN.has(currency)) return null;
  let clean = text.replace(/[\s,]/g, '');
  for (const mark of [currency, englishSymbol(currency)]) clean = clean.replace(mark.replace(/\s/g, ''), '');
  if (!/^-?\d+(\.\d+)?$/.test(clean)) return null;
  const digits = minorDigits(currency);
  const negative = clean.startsWith('-');
  const [whole = '', frac = ''] = clean.replace('-', '').split('.');
  if (frac.length > digits) return null;
  const value = Number(`${whole}${frac.padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(value)) return null;
  return negative && value !== 0 ? -value : value;
}

/** Money is an integer in minor units with an ISO 4217 code; these turn it into text and back. */

export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** 123456 EUR → "€1,234.56" (English formatting, so exported documents read the same everywhere). */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits }).format(
    minor / 10 ** digits,
  );
}

/** "1234.56" in EUR → 123456; null when the text is not an amount. */
export function parseMoney(text: string, currency: string): number | null {
  const clean = text.replace(/[\s,]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(clean)) return null;
  const digits = minorDigits(currency);
  const [whole, frac = ''] = clean.replace('-', '').split('.');
  if (frac.length > digits) return null;
  const value = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || 0);
  return clean.startsWith('-') ? -value : value;
}

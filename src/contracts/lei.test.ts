import { describe, expect, it } from 'vitest';
import { Lei } from './dora';
import { isLei, leiCheckDigits, leiProblem } from './lei';

// LEIs published by GLEIF for well-known entities (also quoted in public code across the corpus).
const REAL = {
  'Deutsche Bank AG': '7LTWFZYICNSX8D621K86',
  'BNP Paribas': 'R0MUWSFPU8MPRO8K5P83',
  'Barclays Bank PLC': 'G5GSEF7VJP5I7OUK5573',
  'HSBC Bank plc': 'MP6I5ZYZBEU3UXPYFY54',
  'Apple Inc.': 'HWUPKR0MPOU8FGXBT394',
  'Bloomberg Finance L.P.': '5493001KJTIIGC8Y1R12',
};

/** ISO 7064 MOD 97-10 the long way: letters to numbers, one BigInt, remainder 1 (independent of lei.ts). */
function reference(code: string): boolean {
  const digits = [...code].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
  return BigInt(digits) % 97n === 1n;
}

describe('LEI check digits (ISO 17442, ISO 7064 MOD 97-10)', () => {
  it.each(Object.entries(REAL))('accepts the LEI of %s', (_name, lei) => {
    expect(reference(lei)).toBe(true);
    expect(isLei(lei)).toBe(true);
    expect(leiCheckDigits(lei.slice(0, 18))).toBe(lei.slice(18));
  });

  it('refuses a changed check digit, a changed character and two swapped characters', () => {
    for (const bad of [
      '7LTWFZYICNSX8D621K87',
      '7LTWFZYICNSX8D621K96',
      'R0MUWSFPU8MPRO8K5P38',
      'G5GSEF7VJP5I7OUL5573',
      'MP6I5ZYZBEU3UXPYFY45',
    ]) {
      expect(reference(bad)).toBe(false);
      expect(isLei(bad)).toBe(false);
      expect(leiProblem(bad)).toMatch(/check digits/);
    }
  });

  it('refuses codes of the wrong shape', () => {
    for (const bad of [
      '',
      '7LTWFZYICNSX8D621K8',
      '7LTWFZYICNSX8D621K866',
      '7LTWFZYICNSX8D621KA6',
      '7ltwfzyicnsx8d621k86',
      '7LTWFZYICNSX8D621K8 ',
    ])
      expect(isLei(bad)).toBe(false);
  });

  it('agrees with the reference on random prefixes with computed check digits', () => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    let seed = 17442;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 500; n++) {
      const prefix = Array.from({ length: 18 }, () => alphabet[next() % 36]).join('');
      const lei = prefix + leiCheckDigits(prefix);
      expect(reference(lei)).toBe(true);
      const other = prefix + String((Number(lei.slice(18)) + 1 + (next() % 97)) % 100).padStart(2, '0');
      expect(isLei(other)).toBe(reference(other));
    }
  });

  it('the schema upper-cases and names the problem', () => {
    expect(Lei.parse(' 7ltwfzyicnsx8d621k86 ')).toBe('7LTWFZYICNSX8D621K86');
    const r = Lei.safeParse('7LTWFZYICNSX8D621K87');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/check digits/);
  });
});

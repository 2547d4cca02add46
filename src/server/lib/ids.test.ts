import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId, ulid } from './ids';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The millisecond time a ULID's first ten characters encode. */
const timeOf = (id: string) => [...id.slice(0, 10)].reduce((t, c) => t * 32 + ALPHABET.indexOf(c), 0);

describe('ulid', () => {
  it('is 26 Crockford base32 characters', () => {
    for (let i = 0; i < 100; i++) expect(ulid()).toMatch(ULID);
  });

  it('encodes its time in the first ten characters', () => {
    const t = Date.UTC(2026, 11, 1, 10, 30);
    expect(timeOf(ulid(t))).toBe(t);
    expect(ulid(0).slice(0, 10)).toBe('0000000000');
  });

  it('sorts by time as text (property)', () => {
    const time = fc.integer({ min: 0, max: 2 ** 48 - 1 });
    fc.assert(
      fc.property(time, time, (a, b) => {
        fc.pre(a !== b);
        const [x, y] = [ulid(a), ulid(b)];
        expect(x < y).toBe(a < b);
      }),
    );
  });

  it('does not repeat', () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 10_000 }, () => ulid(now)));
    expect(ids.size).toBe(10_000);
  });
});

describe('newId', () => {
  it('prefixes a ULID with the resource', () => {
    expect(newId('vnd')).toMatch(/^vnd_[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});

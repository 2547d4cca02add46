import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, isTimeZone } from '../../../contracts/common';
import { VENDOR_STATUSES } from '../../../contracts/vendor-values';
import type { VendorStatus } from '../../../contracts/vendors';
import { allowedTransitions, canTransition, defaultTimeZone, splitList, TRANSITIONS } from './rules';

/** Every status reachable from `from` by allowed steps, breadth first. */
function reachable(from: VendorStatus): Set<VendorStatus> {
  const seen = new Set<VendorStatus>([from]);
  const queue = [from];
  while (queue.length) {
    for (const next of TRANSITIONS[queue.shift()!]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

describe('vendor life cycle', () => {
  it('reaches every status from prospect', () => {
    expect([...reachable('prospect')].sort()).toEqual([...VENDOR_STATUSES].sort());
  });

  it('can come back to prospect from every status (no dead end)', () => {
    for (const s of VENDOR_STATUSES) expect(reachable(s).has('prospect')).toBe(true);
  });

  it('follows the documented main path', () => {
    const path: VendorStatus[] = [
      'prospect',
      'under_review',
      'approved',
      'active',
      'suspended',
      'offboarded',
    ];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('refuses skipping steps', () => {
    expect(canTransition('prospect', 'active')).toBe(false);
    expect(canTransition('prospect', 'approved')).toBe(false);
    expect(canTransition('offboarded', 'active')).toBe(false);
    expect(canTransition('active', 'under_review')).toBe(false);
  });

  it('lets any vendor be offboarded', () => {
    for (const s of VENDOR_STATUSES) expect(canTransition(s, 'offboarded')).toBe(true);
  });

  it('allows staying put, and otherwise exactly the listed transitions (property)', () => {
    const status = fc.constantFrom(...VENDOR_STATUSES);
    fc.assert(
      fc.property(status, status, (from, to) => {
        expect(canTransition(from, to)).toBe(from === to || allowedTransitions(from).includes(to));
        expect(allowedTransitions(from)).not.toContain(from);
      }),
    );
  });

  it('names only known statuses', () => {
    for (const s of VENDOR_STATUSES) {
      for (const next of allowedTransitions(s)) expect(VENDOR_STATUSES).toContain(next);
    }
  });
});

describe('defaultTimeZone', () => {
  it('gives a valid IANA zone for every country code', () => {
    const bad = COUNTRY_CODES.filter((c) => !isTimeZone(defaultTimeZone(c)));
    expect(bad).toEqual([]);
  });

  it('picks the main business zone of countries that span several', () => {
    expect(defaultTimeZone('US')).toBe('America/New_York');
    expect(defaultTimeZone('IN')).toBe('Asia/Kolkata');
    expect(defaultTimeZone('UA')).toBe('Europe/Kyiv');
    expect(defaultTimeZone('PH')).toBe('Asia/Manila');
    expect(defaultTimeZone('PL')).toBe('Europe/Warsaw');
  });

  it('falls back to UTC for something that is not a country', () => {
    expect(defaultTimeZone('ZZ')).toBe('UTC');
  });
});

describe('splitList', () => {
  it('splits on semicolons, trims and drops blanks', () => {
    expect(splitList(' en ; fil;;')).toEqual(['en', 'fil']);
    expect(splitList(undefined)).toEqual([]);
  });
});

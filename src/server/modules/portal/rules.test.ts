import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashToken, invitationState, newToken } from './rules';

describe('invitation tokens', () => {
  it('are 256 random bits in URL-safe base64: 43 characters, different each time', () => {
    const tokens = Array.from({ length: 50 }, newToken);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(50);
  });

  it('are stored as their SHA-256 in hex', () => {
    // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const t = newToken();
    expect(hashToken(t)).toBe(createHash('sha256').update(t, 'utf8').digest('hex'));
    expect(hashToken(t)).not.toBe(hashToken(newToken()));
  });
});

describe('invitationState', () => {
  const expiresAt = '2027-03-10T12:00:00.000Z';

  it('can be used until the instant it expires', () => {
    expect(invitationState({ acceptedAt: null, expiresAt }, new Date('2027-03-10T11:59:59.999Z'))).toBeNull();
    expect(invitationState({ acceptedAt: null, expiresAt }, new Date('2027-03-10T12:00:00.000Z'))).toBe(
      'expired',
    );
    expect(invitationState({ acceptedAt: null, expiresAt }, new Date('2027-04-01T00:00:00Z'))).toBe(
      'expired',
    );
  });

  it('is used once accepted, even after it would have expired', () => {
    const accepted = { acceptedAt: '2027-03-09T08:00:00.000Z', expiresAt };
    expect(invitationState(accepted, new Date('2027-03-09T09:00:00Z'))).toBe('used');
    expect(invitationState(accepted, new Date('2027-05-01T00:00:00Z'))).toBe('used');
  });

  it('compares instants, whatever offset the expiry is written with', () => {
    // 14:00 at UTC+02:00 is 12:00 UTC.
    const row = { acceptedAt: null, expiresAt: '2027-03-10T14:00:00+02:00' };
    expect(invitationState(row, new Date('2027-03-10T11:59:00Z'))).toBeNull();
    expect(invitationState(row, new Date('2027-03-10T12:00:00Z'))).toBe('expired');
  });
});

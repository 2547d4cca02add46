import { createHash, randomBytes } from 'node:crypto';

/** A fresh invitation token: 256 random bits, URL-safe. */
export const newToken = () => randomBytes(32).toString('base64url');

/** What is stored instead of the token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Why an invitation cannot be used now, or null when it can. */
export function invitationState(
  row: { acceptedAt: string | null; expiresAt: string },
  now: Date,
): 'used' | 'expired' | null {
  if (row.acceptedAt) return 'used';
  if (Date.parse(row.expiresAt) <= now.getTime()) return 'expired';
  return null;
}

/**
 * Used and expired invitations are deleted this many days after their use or expiry (the prune
 * job): long enough that an old link still answers "used" or "expired" for a while, short enough
 * that invitees' names and emails are not kept for good. The audit trail keeps who was invited
 * and who joined.
 */
export const SPENT_INVITATION_RETENTION_DAYS = 30;

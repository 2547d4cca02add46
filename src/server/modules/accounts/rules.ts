import type { Role } from '../../../contracts/accounts';

/** How repeated failed sign-ins are slowed, then refused. */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  /** Failures before each further attempt is slowed. */
  slowAfter: 3,
  stepDelayMs: 250,
  maxDelayMs: 2000,
  lockAfterAccount: 10,
  lockAfterAddress: 50,
  lockMs: 15 * 60_000,
};

export interface FailureRecord {
  count: number;
  firstAt: string;
  lockedUntil: string | null;
}

interface ThrottleDecision {
  lockedForSeconds: number;
  delayMs: number;
}

/** What to do with a sign-in, given the failures recorded for its account or address. */
export function throttle(record: FailureRecord | undefined, now: Date): ThrottleDecision {
  if (!record) return { lockedForSeconds: 0, delayMs: 0 };
  if (record.lockedUntil && Date.parse(record.lockedUntil) > now.getTime()) {
    return {
      lockedForSeconds: Math.ceil((Date.parse(record.lockedUntil) - now.getTime()) / 1000),
      delayMs: 0,
    };
  }
  if (now.getTime() - Date.parse(record.firstAt) > THROTTLE.windowMs)
    return { lockedForSeconds: 0, delayMs: 0 };
  const over = record.count - THROTTLE.slowAfter;
  return {
    lockedForSeconds: 0,
    delayMs: over > 0 ? Math.min(THROTTLE.maxDelayMs, over * THROTTLE.stepDelayMs) : 0,
  };
}

/** The record after one more failure; a stale window starts again, the limit reached locks. */
export function afterFailure(record: FailureRecord | undefined, now: Date, limit: number): FailureRecord {
  const stale =
    !record ||
    now.getTime() - Date.parse(record.firstAt) > THROTTLE.windowMs ||
    (record.lockedUntil !== null && Date.parse(record.lockedUntil) <= now.getTime());
  const count = stale ? 1 : record.count + 1;
  const firstAt = stale ? now.toISOString() : record.firstAt;
  const lockedUntil = count >= limit ? new Date(now.getTime() + THROTTLE.lockMs).toISOString() : null;
  return { count, firstAt, lockedUntil };
}

interface UserState {
  id: string;
  role: Role;
  disabled: boolean;
}

/** Why a user change is refused: the actor's role may not (forbidden) or the state forbids it (conflict). */
interface Refusal {
  kind: 'forbidden' | 'conflict';
  reason: string;
}

/**
 * May `actor` change `target` as asked? Returns why not, or null. Only an owner touches owners;
 * nobody locks themselves out; the last active owner stays an active owner.
 */
export function userChangeRefusal(
  actor: { id: string; role: Role },
  target: UserState,
  change: { role?: Role; disabled?: boolean },
  activeOwners: number,
): Refusal | null {
  const touchesOwner = target.role === 'owner' || change.role === 'owner';
  if (touchesOwner && actor.role !== 'owner')
    return { kind: 'forbidden', reason: 'Only an owner may grant, change or disable an owner account.' };
  if (actor.id === target.id && change.role !== undefined && change.role !== target.role) {
    return { kind: 'conflict', reason: 'You cannot change your own role.' };
  }
  if (actor.id === target.id && change.disabled === true)
    return { kind: 'conflict', reason: 'You cannot disable your own account.' };
  const losesOwner =
    target.role === 'owner' &&
    !target.disabled &&
    ((change.role !== undefined && change.role !== 'owner') || change.disabled === true);
  if (losesOwner && activeOwners <= 1)
    return { kind: 'conflict', reason: 'The last active owner cannot be demoted or disabled.' };
  return null;
}

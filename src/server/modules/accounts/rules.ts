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

/**
 * The bounds one counted attempt is judged by (the repository applies them in one statement): a
 * record whose window began before `windowStart`, or whose lock ended by `now`, starts again at 1;
 * a count that reaches `limit` locks until `lockUntil`; a record locked after `now` is not counted.
 */
export interface AttemptWindow {
  now: string;
  windowStart: string;
  lockUntil: string;
  limit: number;
}

export function attemptWindow(now: Date, limit: number): AttemptWindow {
  return {
    now: now.toISOString(),
    windowStart: new Date(now.getTime() - THROTTLE.windowMs).toISOString(),
    lockUntil: new Date(now.getTime() + THROTTLE.lockMs).toISOString(),
    limit,
  };
}

/** How long an attempt waits before its password is checked, given the failures counted before it. */
export function delayAfter(failures: number): number {
  const over = failures - THROTTLE.slowAfter;
  return over > 0 ? Math.min(THROTTLE.maxDelayMs, over * THROTTLE.stepDelayMs) : 0;
}

/** Whole seconds until a lock ends, at least 1 (the Retry-After of a refused attempt). */
export function lockedForSeconds(lockedUntil: string | null, now: Date): number {
  const ms = lockedUntil ? Date.parse(lockedUntil) - now.getTime() : 0;
  return Math.max(1, Math.min(THROTTLE.lockMs / 1000, Math.ceil(ms / 1000)));
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

/** API tokens expire: 90 days after creation unless another date is chosen, at most 366 days ahead (decision 89). */
const TOKEN_DEFAULT_DAYS = 90;
const TOKEN_MAX_DAYS = 366;
const DAY_MS = 86_400_000;

/** When a token made at `at` stops working, or why the requested date is refused. */
export function tokenExpiry(
  at: Date,
  requested: string | undefined,
): { expiresAt: string } | { refused: string } {
  if (requested === undefined)
    return { expiresAt: new Date(at.getTime() + TOKEN_DEFAULT_DAYS * DAY_MS).toISOString() };
  const when = Date.parse(requested);
  if (when <= at.getTime()) return { refused: 'must be in the future' };
  if (when > at.getTime() + TOKEN_MAX_DAYS * DAY_MS)
    return { refused: `must be at most ${TOKEN_MAX_DAYS} days ahead` };
  return { expiresAt: new Date(when).toISOString() };
}

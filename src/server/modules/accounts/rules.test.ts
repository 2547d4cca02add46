import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../contracts/accounts';
import { afterFailure, type FailureRecord, THROTTLE, throttle, userChangeRefusal } from './rules';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** The record after `n` failures, one a second, starting at T0. */
function failures(n: number, limit = THROTTLE.lockAfterAccount): FailureRecord | undefined {
  let record: FailureRecord | undefined;
  for (let i = 0; i < n; i++) record = afterFailure(record, at(i * 1000), limit);
  return record;
}

describe('throttle', () => {
  it('lets a first attempt through at once', () => {
    expect(throttle(undefined, T0)).toEqual({ lockedForSeconds: 0, delayMs: 0 });
  });

  it('does not slow the first few failures', () => {
    for (let n = 1; n <= THROTTLE.slowAfter; n++) {
      expect(throttle(failures(n), at(n * 1000)).delayMs).toBe(0);
    }
  });

  it('slows each further attempt by a growing step, up to the cap', () => {
    const delays = [4, 5, 6, 7, 8, 9].map((n) => throttle(failures(n), at(n * 1000)).delayMs);
    expect(delays).toEqual([250, 500, 750, 1000, 1250, 1500]);
    const capped = throttle({ count: 40, firstAt: T0.toISOString(), lockedUntil: null }, at(1000));
    expect(capped.delayMs).toBe(THROTTLE.maxDelayMs);
  });

  it('refuses while locked and says for how many seconds', () => {
    const locked = failures(THROTTLE.lockAfterAccount)!;
    expect(locked.lockedUntil).not.toBeNull();
    const decision = throttle(locked, at(10_000));
    expect(decision.delayMs).toBe(0);
    expect(decision.lockedForSeconds).toBe(
      Math.ceil((Date.parse(locked.lockedUntil!) - at(10_000).getTime()) / 1000),
    );
    expect(decision.lockedForSeconds).toBeGreaterThan(14 * 60);
  });

  it('forgets failures once the window has passed', () => {
    const record = failures(8)!;
    expect(throttle(record, at(THROTTLE.windowMs + 1)).delayMs).toBe(0);
  });

  it('lets the account in again after the lock ends', () => {
    const locked = failures(THROTTLE.lockAfterAccount)!;
    const after = new Date(Date.parse(locked.lockedUntil!) + 1);
    expect(throttle(locked, after).lockedForSeconds).toBe(0);
  });

  it('never answers a negative or over-long wait (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 2 * THROTTLE.windowMs }),
        fc.option(fc.integer({ min: -THROTTLE.lockMs, max: THROTTLE.lockMs }), { nil: null }),
        (count, elapsed, lockOffset) => {
          const record: FailureRecord = {
            count,
            firstAt: T0.toISOString(),
            lockedUntil: lockOffset === null ? null : at(elapsed + lockOffset).toISOString(),
          };
          const d = throttle(record, at(elapsed));
          expect(d.delayMs).toBeGreaterThanOrEqual(0);
          expect(d.delayMs).toBeLessThanOrEqual(THROTTLE.maxDelayMs);
          expect(d.lockedForSeconds).toBeGreaterThanOrEqual(0);
          expect(d.lockedForSeconds).toBeLessThanOrEqual(THROTTLE.lockMs / 1000);
          // A lock and a delay never apply together.
          expect(d.lockedForSeconds > 0 && d.delayMs > 0).toBe(false);
        },
      ),
    );
  });
});

describe('afterFailure', () => {
  it('starts a record at the first failure', () => {
    expect(afterFailure(undefined, T0, 10)).toEqual({
      count: 1,
      firstAt: T0.toISOString(),
      lockedUntil: null,
    });
  });

  it('counts failures inside the window and keeps when it started', () => {
    const record = failures(5)!;
    expect(record.count).toBe(5);
    expect(record.firstAt).toBe(T0.toISOString());
    expect(record.lockedUntil).toBeNull();
  });

  it('locks for the lock time when the limit is reached', () => {
    const record = failures(10, 10)!;
    expect(record.count).toBe(10);
    expect(Date.parse(record.lockedUntil!)).toBe(at(9000).getTime() + THROTTLE.lockMs);
  });

  it('locks an address only at its own, higher limit', () => {
    expect(failures(10, THROTTLE.lockAfterAddress)!.lockedUntil).toBeNull();
    expect(failures(THROTTLE.lockAfterAddress, THROTTLE.lockAfterAddress)!.lockedUntil).not.toBeNull();
  });

  it('starts again after the window or after a lock has ended', () => {
    const old = failures(5)!;
    expect(afterFailure(old, at(THROTTLE.windowMs + 5000), 10).count).toBe(1);
    const locked = failures(10)!;
    const afterLock = new Date(Date.parse(locked.lockedUntil!) + 1000);
    expect(afterFailure(locked, afterLock, 10)).toEqual({
      count: 1,
      firstAt: afterLock.toISOString(),
      lockedUntil: null,
    });
  });

  it('locks exactly when the count reaches the limit (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), (n, limit) => {
        const record = failures(n, limit)!;
        // Failures a second apart all fall in one window until a lock ends it.
        expect(record.lockedUntil !== null).toBe(record.count >= limit);
        expect(record.count).toBeLessThanOrEqual(n);
        if (n <= limit) expect(record.count).toBe(n);
      }),
    );
  });
});

describe('userChangeRefusal', () => {
  const owner = { id: 'usr_owner', role: 'owner' as Role };
  const admin = { id: 'usr_admin', role: 'admin' as Role };
  const target = (role: Role, disabled = false, id = 'usr_target') => ({ id, role, disabled });

  it('lets an admin change a non-owner', () => {
    expect(userChangeRefusal(admin, target('viewer'), { role: 'manager' }, 1)).toBeNull();
    expect(userChangeRefusal(admin, target('viewer'), { disabled: true }, 1)).toBeNull();
  });

  it('keeps owners to owners', () => {
    expect(userChangeRefusal(admin, target('owner'), { disabled: true }, 2)).toEqual({
      kind: 'forbidden',
      reason: expect.stringMatching(/Only an owner/),
    });
    expect(userChangeRefusal(admin, target('viewer'), { role: 'owner' }, 2)?.kind).toBe('forbidden');
    expect(userChangeRefusal(owner, target('viewer'), { role: 'owner' }, 1)).toBeNull();
  });

  const conflict = (reason: RegExp) => ({ kind: 'conflict', reason: expect.stringMatching(reason) });

  it('refuses changing one’s own role or disabling oneself', () => {
    const self = target('admin', false, admin.id);
    expect(userChangeRefusal(admin, self, { role: 'viewer' }, 1)).toEqual(conflict(/own role/));
    expect(userChangeRefusal(admin, self, { disabled: true }, 1)).toEqual(conflict(/disable your own/));
    // Saying one's role again is not a change.
    expect(userChangeRefusal(admin, target('admin', false, admin.id), { role: 'admin' }, 1)).toBeNull();
  });

  it('keeps the last active owner', () => {
    expect(userChangeRefusal(owner, target('owner'), { role: 'admin' }, 1)).toEqual(
      conflict(/last active owner/),
    );
    expect(userChangeRefusal(owner, target('owner'), { disabled: true }, 1)).toEqual(
      conflict(/last active owner/),
    );
    expect(userChangeRefusal(owner, target('owner'), { role: 'admin' }, 2)).toBeNull();
    // A disabled owner does not count, so enabling or changing it does not lose one.
    expect(userChangeRefusal(owner, target('owner', true), { role: 'admin' }, 1)).toBeNull();
  });

  it('never lets a non-owner touch an owner and never drops the last owner (property)', () => {
    const role = fc.constantFrom(...ROLES);
    fc.assert(
      fc.property(
        role,
        role,
        fc.boolean(),
        fc.record({
          role: fc.option(role, { nil: undefined }),
          disabled: fc.option(fc.boolean(), { nil: undefined }),
        }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (actorRole, targetRole, targetDisabled, change, activeOwners, self) => {
          const actor = { id: 'usr_a', role: actorRole };
          const t = { id: self ? 'usr_a' : 'usr_b', role: targetRole, disabled: targetDisabled };
          const refusal = userChangeRefusal(actor, t, change, activeOwners);
          if (actorRole !== 'owner' && (targetRole === 'owner' || change.role === 'owner')) {
            expect(refusal?.kind).toBe('forbidden');
          }
          const losesOwner =
            targetRole === 'owner' &&
            !targetDisabled &&
            ((change.role !== undefined && change.role !== 'owner') || change.disabled === true);
          if (losesOwner && activeOwners <= 1) expect(refusal).not.toBeNull();
        },
      ),
    );
  });
});

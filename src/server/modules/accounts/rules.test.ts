import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../contracts/accounts';
import { attemptWindow, delayAfter, lockedForSeconds, THROTTLE, userChangeRefusal } from './rules';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

// Counting, the window and the lock are one SQL statement (repository.countAttempt), tested on
// both databases in test/api/login-throttle.test.ts; these are the pure parts around it.
describe('sign-in throttling rules', () => {
  it('does not slow the first few failures', () => {
    for (let n = 0; n <= THROTTLE.slowAfter; n++) expect(delayAfter(n)).toBe(0);
  });

  it('slows each further attempt by a growing step, up to the cap', () => {
    expect([4, 5, 6, 7, 8, 9].map(delayAfter)).toEqual([250, 500, 750, 1000, 1250, 1500]);
    expect(delayAfter(40)).toBe(THROTTLE.maxDelayMs);
  });

  it('judges an attempt by a window ending now and a lock starting now', () => {
    expect(attemptWindow(T0, 10)).toEqual({
      now: T0.toISOString(),
      windowStart: at(-THROTTLE.windowMs).toISOString(),
      lockUntil: at(THROTTLE.lockMs).toISOString(),
      limit: 10,
    });
  });

  it('says for how many whole seconds a lock holds, at least one', () => {
    expect(lockedForSeconds(at(THROTTLE.lockMs).toISOString(), T0)).toBe(THROTTLE.lockMs / 1000);
    expect(lockedForSeconds(at(1500).toISOString(), T0)).toBe(2);
    // A lock that ended between the refusal and the look-up still answers a positive wait.
    expect(lockedForSeconds(at(-5).toISOString(), T0)).toBe(1);
    expect(lockedForSeconds(null, T0)).toBe(1);
  });

  it('never answers a negative or over-long wait (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.option(fc.integer({ min: -THROTTLE.lockMs, max: THROTTLE.lockMs }), { nil: null }),
        (failures, lockOffset) => {
          const delay = delayAfter(failures);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(THROTTLE.maxDelayMs);
          const seconds = lockedForSeconds(lockOffset === null ? null : at(lockOffset).toISOString(), T0);
          expect(seconds).toBeGreaterThanOrEqual(1);
          expect(seconds).toBeLessThanOrEqual(THROTTLE.lockMs / 1000);
        },
      ),
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

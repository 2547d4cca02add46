import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE } from '../../src/server/modules/accounts/rules';
import { createTestApp, PASSWORD, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

// A file of its own: the throttle sleeps for real (about 5 s per database), and other files
// run meanwhile.
describe.each(dialects)('sign-in throttling on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await t.owner();
  });
  afterAll(() => t?.close());

  it('slows repeated failures, then refuses with 429 and Retry-After, even the right password', async () => {
    const victim = await t.user('viewer');
    const attempt = (password: string, ip = '10.2.0.1') =>
      t.call('POST', '/api/v1/auth/login', { ip, body: { email: victim.email, password } });
    const timings: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const started = performance.now();
      const res = await attempt(`wrong password ${i}`);
      timings.push(performance.now() - started);
      expect(res.status).toBe(401);
    }
    // The 4th and later attempts wait 250 ms more each (failures 1–3 are free).
    expect(timings[5]).toBeGreaterThanOrEqual(450);
    expect(timings[9]).toBeGreaterThanOrEqual(1400);

    const locked = await attempt(PASSWORD);
    expectProblem(locked, 429);
    expect(locked.body.detail).toMatch(/Too many failed sign-ins\. Try again in 15 minutes/);
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The lock is on the account, whatever address the next attempt comes from.
    expectProblem(await attempt(PASSWORD, '10.2.0.2'), 429);
    // Other accounts still sign in.
    expect(
      (
        await t.call('POST', '/api/v1/auth/login', {
          ip: '10.2.0.3',
          body: { email: 'owner@example.com', password: PASSWORD },
        })
      ).status,
    ).toBe(200);
  });
});

// Each attempt is counted before its password is checked, in one statement per key, so
// requests that overlap cannot all read the same count (issue #15, item 1).
describe.each(dialects)('sign-in throttling under concurrency on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await t.owner();
  });
  afterAll(() => t?.close());

  const failures = async (key: string) =>
    t.db.database.db.selectFrom('loginFailures').selectAll().where('key', '=', key).executeTakeFirst();
  const login = (email: string, password: string, ip: string) =>
    t.call('POST', '/api/v1/auth/login', { ip, body: { email, password } });
  const tally = (statuses: number[]) => {
    const counts: Record<number, number> = {};
    for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
    return counts;
  };
  /**
   * Run requests side by side; on PostgreSQL check that they really overlapped in the database:
   * more than one pooled connection checked out at the same moment.
   */
  async function parallel<T>(n: number, request: (i: number) => Promise<T>): Promise<T[]> {
    const pool = t.db.database.pool;
    let out = 0;
    let most = 0;
    const acquired = () => {
      most = Math.max(most, ++out);
    };
    const released = () => {
      out--;
    };
    pool?.on('acquire', acquired).on('release', released);
    try {
      return await Promise.all(Array.from({ length: n }, (_, i) => request(i)));
    } finally {
      pool?.off('acquire', acquired).off('release', released);
      if (pool) expect(most).toBeGreaterThan(1);
    }
  }

  it('holds the account limit against bursts of 25 parallel wrong passwords', async () => {
    const victim = await t.user('viewer');
    const statuses: number[] = [];
    for (let burst = 0; burst < 8; burst++) {
      const answers = await parallel(25, (i) => login(victim.email!, `wrong ${burst}.${i}`, '10.3.0.1'));
      statuses.push(...answers.map((a) => a.status));
    }
    // Exactly the limit is checked; every other attempt is refused unchecked.
    expect(tally(statuses)).toEqual({ 401: THROTTLE.lockAfterAccount, 429: 200 - THROTTLE.lockAfterAccount });
    const row = await failures(`acct:${victim.email}`);
    expect(row?.count).toBe(THROTTLE.lockAfterAccount);
    expect(row?.lockedUntil).not.toBeNull();
    expect((await failures('addr:10.3.0.1'))?.count).toBe(THROTTLE.lockAfterAccount);
    // The right password is refused while the account is locked, from anywhere.
    expectProblem(await login(victim.email!, PASSWORD, '10.3.0.1'), 429);
    expectProblem(await login(victim.email!, PASSWORD, '10.3.0.9'), 429);
  });

  it('holds the address limit against 60 parallel wrong passwords for different accounts', async () => {
    const answers = await parallel(60, (i) => login(`nobody${i}@example.com`, 'wrong password', '10.3.0.2'));
    expect(tally(answers.map((a) => a.status))).toEqual({
      401: THROTTLE.lockAfterAddress,
      429: 60 - THROTTLE.lockAfterAddress,
    });
    expect((await failures('addr:10.3.0.2'))?.count).toBe(THROTTLE.lockAfterAddress);
    // The address is locked, even for the right password of an account with no failures…
    expectProblem(await login('owner@example.com', PASSWORD, '10.3.0.2'), 429);
    // …while that account still signs in from elsewhere.
    expect((await login('owner@example.com', PASSWORD, '10.3.0.3')).status).toBe(200);
  });

  it('takes successful sign-ins back: 20 of them leave the address count at 0', async () => {
    const user = await t.user('viewer');
    // In bursts of 5: an attempt counts while its password is checked, so more than 10 at the
    // same moment for one account would be refused too.
    for (let burst = 0; burst < 4; burst++) {
      const answers = await parallel(5, () => login(user.email!, PASSWORD, '10.3.0.5'));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    }
    expect((await failures('addr:10.3.0.5'))?.count ?? 0).toBe(0);
    expect(await failures(`acct:${user.email}`)).toBeUndefined();
  });

  it('counts wrong current passwords on POST /me/password towards the account lock-out', async () => {
    const user = await t.user('viewer');
    const change = (currentPassword: string) =>
      t.call('POST', '/api/v1/me/password', {
        as: user,
        ip: '10.3.0.4',
        body: { currentPassword, newPassword: 'a brand new passphrase' },
      });
    const answers = await parallel(25, (i) => change(`not my password ${i}`));
    expect(tally(answers.map((a) => a.status))).toEqual({
      422: THROTTLE.lockAfterAccount,
      429: 25 - THROTTLE.lockAfterAccount,
    });
    expect((await failures(`acct:${user.email}`))?.count).toBe(THROTTLE.lockAfterAccount);
    // Locked: the right current password is refused, and so is signing in.
    const locked = await change(PASSWORD);
    expectProblem(locked, 429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expectProblem(await login(user.email!, PASSWORD, '10.3.0.6'), 429);
  });

  it('clears the account count when the password is changed', async () => {
    const user = await t.user('viewer');
    const change = (currentPassword: string) =>
      t.call('POST', '/api/v1/me/password', {
        as: user,
        ip: '10.3.0.7',
        body: { currentPassword, newPassword: 'a brand new passphrase' },
      });
    for (let i = 0; i < 3; i++) expectProblem(await change(`not my password ${i}`), 422);
    expect((await failures(`acct:${user.email}`))?.count).toBe(3);
    expect((await change(PASSWORD)).status).toBe(200);
    expect(await failures(`acct:${user.email}`)).toBeUndefined();
    expect((await failures('addr:10.3.0.7'))?.count).toBe(3);
  });
});

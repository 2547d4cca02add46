import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

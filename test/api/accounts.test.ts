import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fakeClock, PASSWORD, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

const setCookieOf = (headers: Record<string, unknown>): string => {
  const v = headers['set-cookie'];
  return String(Array.isArray(v) ? v[0] : v);
};
const cookiePair = (setCookie: string) => setCookie.split(';')[0]!;

describe.each(dialects)('accounts API on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
  });
  afterAll(() => t?.close());

  describe('setup', () => {
    it('creates the owner once: 201, then 409', async () => {
      const fresh = await createTestApp(dialect);
      try {
        expect((await fresh.call('GET', '/api/v1/setup')).body).toEqual({ needsSetup: true });
        const short = await fresh.call('POST', '/api/v1/setup', {
          body: { name: 'Olga', email: 'olga@example.com', password: 'short' },
        });
        expectProblem(short, 422);
        expect(short.body.errors).toContainEqual({ field: 'password', message: expect.stringMatching(/12/) });

        const created = await fresh.call('POST', '/api/v1/setup', {
          body: { name: 'Olga', email: 'Olga@Example.com', password: PASSWORD },
        });
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({ role: 'owner', email: 'olga@example.com', disabled: false });
        expect(created.body).not.toHaveProperty('passwordHash');
        expect((await fresh.call('GET', '/api/v1/setup')).body).toEqual({ needsSetup: false });

        const again = await fresh.call('POST', '/api/v1/setup', {
          body: { name: 'Eve', email: 'eve@example.com', password: PASSWORD },
        });
        expectProblem(again, 409);
        const users = await fresh.db.database.db.selectFrom('users').select('email').execute();
        expect(users.map((u) => u.email)).toEqual(['olga@example.com']);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('login', () => {
    it('answers 200 with the user and a CSRF token and sets an HttpOnly, SameSite=Lax cookie', async () => {
      const res = await t.call('POST', '/api/v1/auth/login', {
        body: { email: 'OWNER@example.com', password: PASSWORD },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        user: { id: owner.userId, role: 'owner' },
        csrfToken: expect.any(String),
      });
      const setCookie = setCookieOf(res.headers);
      expect(setCookie).toMatch(/^outpost_session=[\w-]{20,};/);
      expect(setCookie).toMatch(/;\s*HttpOnly/i);
      expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
      expect(setCookie).toMatch(/;\s*Path=\//i);

      const me = await t.call('GET', '/api/v1/me', { headers: { cookie: cookiePair(setCookie) } });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        user: { id: owner.userId },
        via: 'session',
        csrfToken: res.body.csrfToken,
      });
    });

    it('rotates the session id at login: the old cookie stops working', async () => {
      const first = await t.login('owner@example.com');
      // A signed-in browser sends its cookie, and so must send the CSRF token too.
      const res = await t.call('POST', '/api/v1/auth/login', {
        as: first,
        body: { email: 'owner@example.com', password: PASSWORD },
      });
      expect(res.status).toBe(200);
      const second = cookiePair(setCookieOf(res.headers));
      expect(second).not.toBe(first.cookie);
      expectProblem(await t.call('GET', '/api/v1/me', { headers: { cookie: first.cookie! } }), 401);
      expect((await t.call('GET', '/api/v1/me', { headers: { cookie: second } })).status).toBe(200);
    });

    it('answers 401 for a wrong password and an unknown email alike', async () => {
      const wrong = await t.call('POST', '/api/v1/auth/login', {
        ip: '10.1.0.1',
        body: { email: 'owner@example.com', password: 'not the password' },
      });
      const unknown = await t.call('POST', '/api/v1/auth/login', {
        ip: '10.1.0.1',
        body: { email: 'nobody@example.com', password: 'not the password' },
      });
      expectProblem(wrong, 401);
      expectProblem(unknown, 401);
      expect(wrong.body.detail).toBe(unknown.body.detail);
      expect(wrong.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('logout and /me', () => {
    it('ends the session on logout; the cookie no longer works', async () => {
      const s = await t.login('owner@example.com');
      expectProblem(await t.call('POST', '/api/v1/auth/logout', { as: { ...s, csrf: undefined } }), 403);
      const res = await t.call('POST', '/api/v1/auth/logout', { as: s });
      expect(res.status).toBe(204);
      expect(setCookieOf(res.headers)).toMatch(/^outpost_session=;/);
      expectProblem(await t.call('GET', '/api/v1/me', { as: s }), 401);
      expectProblem(await t.call('POST', '/api/v1/auth/logout', { as: s }), 401);
    });

    it('answers 401 to /me without a session and says how the caller signed in', async () => {
      expectProblem(await t.call('GET', '/api/v1/me'), 401);
      expectProblem(
        await t.call('GET', '/api/v1/me', { headers: { cookie: 'outpost_session=forged' } }),
        401,
      );
      const me = await t.call('GET', '/api/v1/me', { as: owner });
      expect(me.body).toMatchObject({ via: 'session', user: { email: 'owner@example.com', role: 'owner' } });
      const token = await t.call('POST', '/api/v1/tokens', {
        as: owner,
        body: { name: 'me', scope: 'read' },
      });
      const viaToken = await t.call('GET', '/api/v1/me', {
        as: { ...owner, cookie: undefined, token: token.body.token },
      });
      expect(viaToken.body).toMatchObject({ via: 'token', csrfToken: null, user: { id: owner.userId } });
    });
  });

  describe('CSRF', () => {
    const body = () => ({ name: `CSRF ${Math.random()}`, country: 'DE' });

    it('refuses a cookie-authenticated change without X-CSRF-Token, or with a wrong one', async () => {
      const none = await t.call('POST', '/api/v1/vendors', {
        as: { ...owner, csrf: undefined },
        body: body(),
      });
      expectProblem(none, 403);
      expect(none.body.type).toMatch(/csrf/);
      const wrong = await t.call('POST', '/api/v1/vendors', {
        as: { ...owner, csrf: 'x'.repeat(43) },
        body: body(),
      });
      expectProblem(wrong, 403);
      const other = await t.login('owner@example.com');
      expectProblem(
        await t.call('POST', '/api/v1/vendors', { as: { ...owner, csrf: other.csrf }, body: body() }),
        403,
      );
    });

    it('accepts the change with the session’s token, and reads without one', async () => {
      expect((await t.call('POST', '/api/v1/vendors', { as: owner, body: body() })).status).toBe(201);
      expect((await t.call('GET', '/api/v1/vendors', { as: { ...owner, csrf: undefined } })).status).toBe(
        200,
      );
    });

    it('needs no CSRF header with a bearer token', async () => {
      const token = await t.call('POST', '/api/v1/tokens', {
        as: owner,
        body: { name: 'script', scope: 'write' },
      });
      const res = await t.call('POST', '/api/v1/vendors', {
        as: { userId: owner.userId, role: 'owner', token: token.body.token },
        body: body(),
      });
      expect(res.status).toBe(201);
    });
  });

  describe('passwords', () => {
    it('refuses passwords under 12 characters, naming the field', async () => {
      const res = await t.call('POST', '/api/v1/users', {
        as: owner,
        body: { name: 'Short', email: 'short@example.com', password: 'elevenchars', role: 'viewer' },
      });
      expectProblem(res, 422);
      expect(res.body.errors).toEqual([{ field: 'password', message: 'must be at least 12 characters' }]);
      const change = await t.call('POST', '/api/v1/me/password', {
        as: owner,
        body: { currentPassword: PASSWORD, newPassword: 'short' },
      });
      expectProblem(change, 422);
      expect(change.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
    });

    it('changes the password and ends every other session of that user', async () => {
      const a = await t.user('manager');
      const b = await t.login(a.email!);
      const wrong = await t.call('POST', '/api/v1/me/password', {
        as: a,
        body: { currentPassword: 'not my password', newPassword: 'a brand new passphrase' },
      });
      expectProblem(wrong, 422);
      expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: 'is not right' }]);

      const ok = await t.call('POST', '/api/v1/me/password', {
        as: a,
        body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
      });
      expect(ok.status, ok.text).toBe(200);
      expect((await t.call('GET', '/api/v1/me', { as: a })).status).toBe(200);
      expectProblem(await t.call('GET', '/api/v1/me', { as: b }), 401);
      await expect(t.login(a.email!)).rejects.toThrow(/401/);
      await expect(t.login(a.email!, 'a brand new passphrase')).resolves.toMatchObject({ userId: a.userId });
    });
  });
});

describe.each(dialects)('session expiry on %s', (dialect) => {
  const clock = fakeClock('2026-12-01T09:00:00.000Z');
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      clock,
      env: { OUTPOST_SESSION_IDLE_MINUTES: '30', OUTPOST_SESSION_ABSOLUTE_HOURS: '1' },
    });
    await t.owner();
  });
  afterAll(() => t?.close());

  it('ends a session left idle longer than the idle limit', async () => {
    const s = await t.login('owner@example.com');
    clock.advance(29 * 60_000);
    expect((await t.call('GET', '/api/v1/me', { as: s })).status).toBe(200);
    // Each use moves the idle limit on.
    clock.advance(29 * 60_000);
    expect((await t.call('GET', '/api/v1/me', { as: s })).status).toBe(200);
    clock.advance(31 * 60_000);
    expect((await t.call('GET', '/api/v1/me', { as: s })).status).toBe(401);
  });

  it('ends a session at its absolute limit however busy it is', async () => {
    const s = await t.login('owner@example.com');
    for (const minutes of [25, 25, 9]) {
      clock.advance(minutes * 60_000);
      expect((await t.call('GET', '/api/v1/me', { as: s })).status).toBe(200);
    }
    clock.advance(61_000);
    expect((await t.call('GET', '/api/v1/me', { as: s })).status).toBe(401);
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fakeClock, PASSWORD, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

const bearer = (s: Session, token: string): Session => ({ userId: s.userId, role: s.role, token });

describe.each(dialects)('API tokens on %s', (dialect) => {
  const clock = fakeClock();
  let t: TestApp;
  let owner: Session;
  let viewer: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    owner = await t.owner();
    viewer = await t.user('viewer');
  });
  afterAll(() => t?.close());

  it('shows the secret once and stores only its hash', async () => {
    const res = await t.call('POST', '/api/v1/tokens', {
      as: owner,
      body: { name: 'nightly import', scope: 'read' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^tok_/),
      token: expect.stringMatching(/^opt_[\w-]{40,}$/),
      name: 'nightly import',
      scope: 'read',
      expiresAt: expect.any(String),
    });
    const { token, id } = res.body;
    // No date chosen: 90 days from its creation, to the millisecond (decision 89).
    expect(Date.parse(res.body.expiresAt)).toBe(clock.now().getTime() + 90 * 86_400_000);

    const rows = await t.db.database.db.selectFrom('apiTokens').selectAll().where('id', '=', id).execute();
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(4));
    expect(rows[0]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));

    const list = await t.call('GET', '/api/v1/tokens', { as: owner });
    expect(list.status).toBe(200);
    const listed = list.body.items.find((i: { id: string }) => i.id === id);
    expect(listed).toEqual({
      id,
      name: 'nightly import',
      scope: 'read',
      prefix: token.slice(0, 10),
      createdAt: clock.now().toISOString(),
      expiresAt: res.body.expiresAt,
      lastUsedAt: null,
    });
    expect(JSON.stringify(list.body)).not.toContain(token);
  });

  it('lists only one’s own tokens', async () => {
    const mine = await t.call('POST', '/api/v1/tokens', {
      as: viewer,
      body: { name: 'viewer token', scope: 'read' },
    });
    const ownerList = await t.call('GET', '/api/v1/tokens', { as: owner });
    expect(ownerList.body.items.map((i: { id: string }) => i.id)).not.toContain(mine.body.id);
    const viewerList = await t.call('GET', '/api/v1/tokens', { as: viewer });
    expect(viewerList.body.items.map((i: { id: string }) => i.id)).toEqual([mine.body.id]);
  });

  it('acts with the creating user’s role and needs no CSRF header', async () => {
    const ownerToken = (
      await t.call('POST', '/api/v1/tokens', { as: owner, body: { name: 'o', scope: 'write' } })
    ).body.token;
    const viewerToken = (
      await t.call('POST', '/api/v1/tokens', { as: viewer, body: { name: 'v', scope: 'write' } })
    ).body.token;
    const body = { name: 'Token Made Ltd', country: 'IE' };
    const made = await t.call('POST', '/api/v1/vendors', { as: bearer(owner, ownerToken), body });
    expect(made.status).toBe(201);
    expectProblem(await t.call('POST', '/api/v1/vendors', { as: bearer(viewer, viewerToken), body }), 403);
    expect(
      (await t.call('GET', `/api/v1/vendors/${made.body.id}`, { as: bearer(viewer, viewerToken) })).status,
    ).toBe(200);
    const me = await t.call('GET', '/api/v1/me', { as: bearer(viewer, viewerToken) });
    expect(me.body).toMatchObject({ via: 'token', user: { id: viewer.userId, role: 'viewer' } });
    // The audit trail names the token's user as the actor.
    const events = await t.call('GET', `/api/v1/audit-events?entityId=${made.body.id}`, { as: owner });
    expect(events.body.items[0]).toMatchObject({ action: 'vendor.create', actorId: owner.userId });
  });

  it('stops working once revoked; a second revoke answers 404', async () => {
    const created = await t.call('POST', '/api/v1/tokens', {
      as: viewer,
      body: { name: 'short-lived', scope: 'read' },
    });
    const as = bearer(viewer, created.body.token);
    expect((await t.call('GET', '/api/v1/me', { as })).status).toBe(200);
    const revoked = await t.call('DELETE', `/api/v1/tokens/${created.body.id}`, { as: viewer });
    expect(revoked.status).toBe(204);
    const after = await t.call('GET', '/api/v1/me', { as });
    expectProblem(after, 401);
    expect(after.body.detail).toMatch(/token/);
    expectProblem(await t.call('DELETE', `/api/v1/tokens/${created.body.id}`, { as: viewer }), 404);
    const list = await t.call('GET', '/api/v1/tokens', { as: viewer });
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(created.body.id);
  });

  it('can be revoked by its owner or an admin, and by nobody else', async () => {
    const manager = await t.user('manager');
    const created = await t.call('POST', '/api/v1/tokens', {
      as: viewer,
      body: { name: 'guarded', scope: 'read' },
    });
    expectProblem(await t.call('DELETE', `/api/v1/tokens/${created.body.id}`, { as: manager }), 404);
    expect((await t.call('GET', '/api/v1/me', { as: bearer(viewer, created.body.token) })).status).toBe(200);
    expect((await t.call('DELETE', `/api/v1/tokens/${created.body.id}`, { as: owner })).status).toBe(204);
  });

  it('stops working after it expires', async () => {
    const expiresAt = new Date(Date.now() + 60 * 60_000).toISOString();
    const created = await t.call('POST', '/api/v1/tokens', {
      as: viewer,
      body: { name: 'an hour', scope: 'read', expiresAt },
    });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe(expiresAt);
    const as = bearer(viewer, created.body.token);
    clock.advance(59 * 60_000);
    expect((await t.call('GET', '/api/v1/me', { as })).status).toBe(200);
    clock.advance(2 * 60_000);
    expectProblem(await t.call('GET', '/api/v1/me', { as }), 401);
  });

  it('refuses an expiry in the past, and answers 401 to forged or malformed tokens', async () => {
    const past = await t.call('POST', '/api/v1/tokens', {
      as: viewer,
      body: { name: 'old', scope: 'read', expiresAt: '2020-01-01T00:00:00Z' },
    });
    expectProblem(past, 422);
    expect(past.body.errors.map((e: { field: string }) => e.field)).toEqual(['expiresAt']);
    for (const token of ['opt_forged', 'not-a-token']) {
      expectProblem(await t.call('GET', '/api/v1/me', { as: bearer(viewer, token) }), 401);
    }
    expectProblem(
      await t.call('GET', '/api/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
      401,
    );
  });
  it('expires at the date chosen, at most 366 days ahead', async () => {
    const at = (days: number) => new Date(clock.now().getTime() + days * 86_400_000).toISOString();
    const year = await t.call('POST', '/api/v1/tokens', {
      as: viewer,
      body: { name: 'a year', scope: 'read', expiresAt: at(366) },
    });
    expect(year.status, year.text).toBe(201);
    expect(year.body.expiresAt).toBe(at(366));
    const tooFar = await t.call('POST', '/api/v1/tokens', {
      as: viewer,
      body: { name: 'forever', scope: 'read', expiresAt: at(367) },
    });
    expectProblem(tooFar, 422);
    expect(tooFar.body.errors).toEqual([{ field: 'expiresAt', message: 'must be at most 366 days ahead' }]);
  });

  it('answers an expired token 401 saying that it expired, and when', async () => {
    const expiresAt = new Date(clock.now().getTime() + 60_000).toISOString();
    const created = await t.call('POST', '/api/v1/tokens', {
      as: viewer,
      body: { name: 'a minute', scope: 'read', expiresAt },
    });
    clock.advance(61_000);
    const res = await t.call('GET', '/api/v1/vendors', { as: bearer(viewer, created.body.token) });
    expectProblem(res, 401);
    expect(res.body.type).toMatch(/token-expired$/);
    expect(res.body.detail).toContain(`expired at ${expiresAt}`);
    expect(String(res.headers['www-authenticate'])).toContain('error="invalid_token"');
    // A forged token is not told apart from a revoked one, and is not called expired.
    const forged = await t.call('GET', '/api/v1/vendors', { as: bearer(viewer, 'opt_forged') });
    expect(forged.body.type).toMatch(/unauthenticated$/);
  });

  it('records the last use at most once a minute, and shows it in the list', async () => {
    const created = await t.call('POST', '/api/v1/tokens', {
      as: viewer,
      body: { name: 'often used', scope: 'read' },
    });
    const as = bearer(viewer, created.body.token);
    const lastUsed = async () =>
      (
        await t.db.database.db
          .selectFrom('apiTokens')
          .select('lastUsedAt')
          .where('id', '=', created.body.id)
          .executeTakeFirstOrThrow()
      ).lastUsedAt;
    const listed = async () =>
      (await t.call('GET', '/api/v1/tokens', { as: viewer })).body.items.find(
        (i: { id: string }) => i.id === created.body.id,
      ).lastUsedAt;
    const first = clock.now().toISOString();
    expect((await t.call('GET', '/api/v1/me', { as })).status).toBe(200);
    expect(new Date(String(await lastUsed())).toISOString()).toBe(first);
    expect(await listed()).toBe(first);
    // Within the minute: no write, however many requests.
    for (const step of [1_000, 20_000, 38_000]) {
      clock.advance(step);
      expect((await t.call('GET', '/api/v1/me', { as })).status).toBe(200);
    }
    expect(await listed()).toBe(first);
    // A minute after the last write: written again.
    clock.advance(1_000);
    const second = clock.now().toISOString();
    expect((await t.call('GET', '/api/v1/me', { as })).status).toBe(200);
    expect(await listed()).toBe(second);
  });

  it('leaves expired tokens out of the password change: neither listed as working nor revoked', async () => {
    const user = await t.user('auditor');
    const expiresAt = new Date(clock.now().getTime() + 60 * 60_000).toISOString();
    const soon = await t.call('POST', '/api/v1/tokens', {
      as: user,
      body: { name: 'an hour', scope: 'read', expiresAt },
    });
    const lasting = await t.call('POST', '/api/v1/tokens', {
      as: user,
      body: { name: 'lasting', scope: 'read' },
    });
    clock.advance(2 * 60 * 60_000);
    const session = await t.login(user.email!);
    const res = await t.call('POST', '/api/v1/me/password', {
      as: session,
      body: { currentPassword: PASSWORD, newPassword: 'an auditor’s fresh passphrase', revokeTokens: true },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.tokens).toEqual([]);
    expect(res.body.revokedTokens.map((x: { id: string }) => x.id)).toEqual([lasting.body.id]);
    const rows = await t.db.database.db
      .selectFrom('apiTokens')
      .select(['id', 'revokedAt'])
      .where('id', '=', soon.body.id)
      .execute();
    expect(rows).toEqual([{ id: soon.body.id, revokedAt: null }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/contracts/accounts';
import { createTestApp, PASSWORD, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

let n = 0;
const newUser = (role: Role, extra: Record<string, unknown> = {}) => ({
  name: `${role} person ${++n}`,
  email: `u${n}-${role}@example.com`,
  password: PASSWORD,
  role,
  ...extra,
});

describe.each(dialects)('users API on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let admin: Session;
  let vendorId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    admin = await t.user('admin');
    vendorId = (await t.vendor({ name: 'Cebu Contact', country: 'PH' })).id;
  });
  afterAll(() => t?.close());

  it('creates a user of each role and finds them again', async () => {
    for (const role of ['owner', 'admin', 'manager', 'viewer', 'auditor'] as const) {
      const res = await t.call('POST', '/api/v1/users', { as: owner, body: newUser(role) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^usr_/),
        role,
        vendorId: null,
        disabled: false,
      });
      expect(res.body).not.toHaveProperty('passwordHash');
      const got = await t.call('GET', `/api/v1/users/${res.body.id}`, { as: admin });
      expect(got.body).toEqual(res.body);
    }
    const vendorUser = await t.call('POST', '/api/v1/users', {
      as: admin,
      body: newUser('vendor', { vendorId }),
    });
    expect(vendorUser.status).toBe(201);
    expect(vendorUser.body).toMatchObject({ role: 'vendor', vendorId });

    const viewers = await t.call('GET', '/api/v1/users?role=viewer', { as: owner });
    expect(viewers.body.items.every((u: { role: string }) => u.role === 'viewer')).toBe(true);
    expect(viewers.body.items.length).toBeGreaterThan(0);
    const byName = await t.call('GET', `/api/v1/users?q=${encodeURIComponent('VENDOR PERSON')}`, {
      as: owner,
    });
    expect(byName.body.items.map((u: { id: string }) => u.id)).toEqual([vendorUser.body.id]);
  });

  it('pages through every user once', async () => {
    const all = await t.call('GET', '/api/v1/users?limit=200', { as: owner });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: any = await t.call('GET', url, { as: owner });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((u: { id: string }) => u.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((u: { id: string }) => u.id));
  });

  it('needs an existing vendor for the vendor role, and only for it', async () => {
    const none = await t.call('POST', '/api/v1/users', { as: owner, body: newUser('vendor') });
    expectProblem(none, 422);
    expect(none.body.errors.map((e: { field: string }) => e.field)).toEqual(['vendorId']);

    const unknown = await t.call('POST', '/api/v1/users', {
      as: owner,
      body: newUser('vendor', { vendorId: 'vnd_01JD3ZQ8N00000000000000000' }),
    });
    expectProblem(unknown, 422);
    expect(unknown.body.errors).toEqual([
      { field: 'vendorId', message: 'must be the id of an existing vendor' },
    ]);

    const internal = await t.call('POST', '/api/v1/users', {
      as: owner,
      body: newUser('manager', { vendorId }),
    });
    expectProblem(internal, 422);
    expect(internal.body.errors.map((e: { field: string }) => e.field)).toEqual(['vendorId']);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const body = newUser('viewer');
    expect((await t.call('POST', '/api/v1/users', { as: owner, body })).status).toBe(201);
    const again = await t.call('POST', '/api/v1/users', {
      as: owner,
      body: { ...body, email: body.email.toUpperCase() },
    });
    expectProblem(again, 409);
    expect(again.body.errors).toEqual([{ field: 'email', message: 'is already in use' }]);
  });

  it('lets only an owner create, change or disable an owner', async () => {
    expectProblem(await t.call('POST', '/api/v1/users', { as: admin, body: newUser('owner') }), 403);
    expectProblem(
      await t.call('PATCH', `/api/v1/users/${owner.userId}`, { as: admin, body: { disabled: true } }),
      403,
    );
    expectProblem(
      await t.call('PATCH', `/api/v1/users/${owner.userId}`, { as: admin, body: { role: 'viewer' } }),
      403,
    );
    const viewer = await t.call('POST', '/api/v1/users', { as: admin, body: newUser('viewer') });
    expectProblem(
      await t.call('PATCH', `/api/v1/users/${viewer.body.id}`, { as: admin, body: { role: 'owner' } }),
      403,
    );
    // The owner is untouched.
    expect((await t.call('GET', '/api/v1/me', { as: owner })).body.user).toMatchObject({
      role: 'owner',
      disabled: false,
    });
  });

  it('keeps the last owner an owner and stops anyone locking themselves out', async () => {
    const fresh = await createTestApp(dialect);
    try {
      const sole = await fresh.owner();
      const demote = await fresh.call('PATCH', `/api/v1/users/${sole.userId}`, {
        as: sole,
        body: { role: 'admin' },
      });
      expectProblem(demote, 409);
      expectProblem(
        await fresh.call('PATCH', `/api/v1/users/${sole.userId}`, { as: sole, body: { disabled: true } }),
        409,
      );
      const a = await fresh.user('admin');
      expectProblem(
        await fresh.call('PATCH', `/api/v1/users/${a.userId}`, { as: a, body: { role: 'manager' } }),
        409,
      );
      // A second owner may be demoted by the first.
      const second = await fresh.call('POST', '/api/v1/users', { as: sole, body: newUser('owner') });
      const res = await fresh.call('PATCH', `/api/v1/users/${second.body.id}`, {
        as: sole,
        body: { role: 'admin' },
      });
      expect(res.status).toBe(200);
      expect(res.body.role).toBe('admin');
    } finally {
      await fresh.close();
    }
  });

  it('ends the sessions and tokens of a disabled user', async () => {
    const viewer = await t.user('viewer');
    const token = await t.call('POST', '/api/v1/tokens', {
      as: viewer,
      body: { name: 'script', scope: 'read' },
    });
    const bearer: Session = { userId: viewer.userId, role: 'viewer', token: token.body.token };
    expect((await t.call('GET', '/api/v1/vendors', { as: bearer })).status).toBe(200);

    const res = await t.call('PATCH', `/api/v1/users/${viewer.userId}`, {
      as: admin,
      body: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.disabled).toBe(true);
    expectProblem(await t.call('GET', '/api/v1/me', { as: viewer }), 401);
    expectProblem(await t.call('GET', '/api/v1/vendors', { as: bearer }), 401);
    await expect(t.login(viewer.email!)).rejects.toThrow(/401.*disabled/);
    const sessions = await t.db.database.db
      .selectFrom('sessions')
      .select('userId')
      .where('userId', '=', viewer.userId)
      .execute();
    expect(sessions).toEqual([]);

    await t.call('PATCH', `/api/v1/users/${viewer.userId}`, { as: admin, body: { disabled: false } });
    await expect(t.login(viewer.email!)).resolves.toMatchObject({ userId: viewer.userId });
  });

  it('ends the sessions of a user whose role changes, and the new role applies at once', async () => {
    const viewer = await t.user('viewer');
    const token = await t.call('POST', '/api/v1/tokens', {
      as: viewer,
      body: { name: 'script', scope: 'write' },
    });
    const bearer: Session = { userId: viewer.userId, role: 'viewer', token: token.body.token };
    const body = { name: 'Promoted Ltd', country: 'GB' };
    expectProblem(await t.call('POST', '/api/v1/vendors', { as: bearer, body }), 403);
    await t.call('PATCH', `/api/v1/users/${viewer.userId}`, { as: admin, body: { role: 'manager' } });
    expectProblem(await t.call('GET', '/api/v1/me', { as: viewer }), 401);
    expect((await t.call('POST', '/api/v1/vendors', { as: bearer, body })).status).toBe(201);
  });

  it('answers 404 for an unknown user and records each change in the audit trail', async () => {
    expectProblem(await t.call('GET', '/api/v1/users/usr_01JD3ZQ8N00000000000000000', { as: owner }), 404);
    expectProblem(
      await t.call('PATCH', '/api/v1/users/usr_01JD3ZQ8N00000000000000000', {
        as: owner,
        body: { name: 'X' },
      }),
      404,
    );
    const created = await t.call('POST', '/api/v1/users', { as: admin, body: newUser('auditor') });
    await t.call('PATCH', `/api/v1/users/${created.body.id}`, {
      as: admin,
      body: { name: 'Renamed Auditor' },
    });
    const events = await t.call('GET', `/api/v1/audit-events?entityId=${created.body.id}`, { as: owner });
    expect(events.body.items.map((e: { action: string }) => e.action)).toEqual([
      'user.update',
      'user.create',
    ]);
    expect(events.body.items[0]).toMatchObject({
      actorId: admin.userId,
      changes: { name: { before: created.body.name, after: 'Renamed Auditor' } },
    });
    expect(JSON.stringify(events.body)).not.toContain(PASSWORD);
  });
});

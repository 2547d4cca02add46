/**
 * API token scopes, generated from the OpenAPI document where it can be: a `read` token is refused
 * (403 problem+json, RFC 6750 `insufficient_scope`) on every operation that is not a GET and
 * changes nothing; it gets the same answer as its user's session on every GET; a `write` token is
 * refused only where no token may go (managing credentials); no token creates or revokes tokens,
 * touches the calendar-feed address or changes the password. Which operations change something is
 * decided here by the HTTP method, not read from the app; the credential operations are written out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/server/db/migrations';
import { createTestApp, PASSWORD, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { type Doc, type Operation, operations, plausible } from '../helpers/openapi';
import { expectProblem } from '../helpers/problem';
import { approvedEngagement } from './quality-fixture';

const V1 = '/api/v1';
/** The operations that manage one's own credentials: a signed-in session only. */
const CREDENTIAL_OPERATIONS = [
  `POST ${V1}/tokens`,
  `DELETE ${V1}/tokens/{id}`,
  `POST ${V1}/calendar/token`,
  `DELETE ${V1}/calendar/token`,
  `POST ${V1}/me/password`,
];
/**
 * GETs that are editing aids, authorised as the change they prepare: the people who may be put into
 * an escalation matrix are asked as `update` on the matrix, so a `read` token is refused them.
 */
const EDITING_AIDS = [`GET ${V1}/engagements/{id}/escalation-matrix/candidates`];
const key = (op: Operation) => `${op.method} ${op.path}`;
const bearer = (s: Session, token: string): Session => ({ userId: s.userId, role: s.role, token });
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
/** RFC 6750 §3: `Bearer` then comma-separated auth-params. */
const wwwAuthenticate = (value: unknown) =>
  Object.fromEntries(
    [
      ...String(value)
        .replace(/^Bearer\s+/, '')
        .matchAll(/(\w+)="([^"]*)"/g),
    ].map((m) => [m[1], m[2]]),
  );

describe.each(dialects)('API token scopes on %s', (dialect) => {
  let t: TestApp;
  let doc: Doc;
  let owner: Session;
  let vendorUser: Session;
  const tokens: Record<'ownerRead' | 'ownerWrite' | 'vendorRead', string> = {
    ownerRead: '',
    ownerWrite: '',
    vendorRead: '',
  };
  /** Real ids by the path segment before the parameter, so that handlers are reached. */
  const real: Record<string, string> = {};

  const createToken = async (as: Session, scope: string, name = `t-${randomBytes(3).toString('hex')}`) => {
    const res = await t.call('POST', `${V1}/tokens`, { as, body: { name, scope } });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; token: string; name: string; scope: string };
  };
  const auditCount = async () =>
    Number(
      (
        await t.db.database.db
          .selectFrom('auditEvents')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    const vendor = await t.vendor({ name: 'Scoped Vendor', country: 'DE' });
    vendorUser = await t.user('vendor', vendor.id);
    const viewer = await t.user('viewer');
    const engagement = await approvedEngagement(t, owner, vendor.id);
    const thread = await t.call('POST', `${V1}/engagements/${engagement.id}/threads`, {
      as: owner,
      body: { title: 'Scopes', visibility: 'shared' },
    });
    Object.assign(real, {
      vendors: vendor.id,
      engagements: engagement.id,
      threads: thread.body.id,
      users: viewer.userId,
    });
    tokens.ownerRead = (await createToken(owner, 'read')).token;
    tokens.ownerWrite = (await createToken(owner, 'write')).token;
    tokens.vendorRead = (await createToken(vendorUser, 'read')).token;
    doc = (await t.call('GET', `${V1}/openapi.json`)).body as Doc;
  });
  afterAll(() => t?.close());

  /** The operation's URL with real ids where the path names a seeded resource (DELETE: never). */
  const urlOf = (op: Operation) => {
    let path = op.path;
    const segments = op.path.split('/');
    for (const p of op.parameters.filter((p) => p.in === 'path')) {
      const segment = segments[segments.indexOf(`{${p.name}}`) - 1]!;
      const value = (op.method !== 'DELETE' && real[segment]) || String(plausible(doc, p.schema) ?? 'x');
      path = path.replace(`{${p.name}}`, encodeURIComponent(value));
    }
    const query = op.parameters
      .filter((p) => p.in === 'query' && p.required)
      .map((p) => `${p.name}=${encodeURIComponent(String(plausible(doc, p.schema)))}`);
    return query.length ? `${path}?${query.join('&')}` : path;
  };
  const bodyOf = (op: Operation) =>
    typeof op.body === 'object' && op.body ? JSON.stringify(plausible(doc, op.body) ?? {}) : undefined;
  const send = (op: Operation, headers: Record<string, string>, payload = bodyOf(op)) =>
    t.app.inject({
      method: op.method,
      url: urlOf(op),
      headers: { ...headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(payload !== undefined ? { payload } : {}),
    });

  it('documents the scope each operation needs, and the credential operations as session-only', () => {
    type Security = Array<Record<string, string[]>>;
    const ops = doc.paths as unknown as Record<string, Record<string, { security?: Security }>>;
    const sessionOnly: string[] = [];
    const wrong: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries(ops))
      for (const [method, op] of Object.entries(item)) {
        const k = `${method.toUpperCase()} ${path}`;
        const security = op.security ?? [];
        if (security.length === 0) continue; // public: sign-in, setup, health, invitation links, the feed
        checked++;
        const bearerScopes = security.find((s) => 'bearer' in s)?.bearer;
        if (!bearerScopes) sessionOnly.push(k);
        else if (bearerScopes.join() !== (method === 'get' ? 'read' : 'write'))
          wrong.push(`${k}: ${bearerScopes}`);
      }
    expect(checked).toBeGreaterThan(200);
    expect(wrong).toEqual([]);
    expect(sessionOnly.sort()).toEqual([...CREDENTIAL_OPERATIONS].sort());
    // The scope appears on creation, in the created answer and in the list.
    const schemas = doc.components.schemas;
    const resolve = (s: any) => (s?.$ref ? schemas[s.$ref.split('/').pop()] : s);
    const create = (doc.paths[`${V1}/tokens`] as any).post;
    const body = resolve(create.requestBody.content['application/json'].schema);
    expect(body.required).toContain('scope');
    expect(resolve(body.properties.scope).enum).toEqual(['read', 'write']);
    expect(resolve(create.responses['201'].content['application/json'].schema).required).toContain('scope');
    const list = (doc.paths[`${V1}/tokens`] as any).get.responses['200'].content['application/json'].schema;
    expect(resolve(resolve(list).properties.items.items).required).toContain('scope');
  });

  it('refuses a read token every operation that is not a GET, before anything is read or written', async () => {
    const before = await auditCount();
    const wrong: string[] = [];
    let checked = 0;
    for (const op of operations(doc).filter((o) => o.method !== 'GET')) {
      for (const token of [tokens.ownerRead, tokens.vendorRead]) {
        // Twice: with a plausible body, and with one that is not even JSON (the refusal comes first).
        for (const payload of [bodyOf(op) ?? '{}', '{not json']) {
          const res = await send(op, { authorization: `Bearer ${token}` }, payload);
          checked++;
          const problem = res.headers['content-type']?.toString().includes('application/problem+json')
            ? res.json()
            : null;
          const type = String(problem?.type ?? '');
          const challenge = wwwAuthenticate(res.headers['www-authenticate']);
          if (
            res.statusCode !== 403 ||
            !/^urn:outpost:problem:(insufficient-scope|session-required)$/.test(type) ||
            challenge.error !== 'insufficient_scope'
          )
            wrong.push(`${key(op)}: ${res.statusCode} ${type} ${res.headers['www-authenticate'] ?? ''}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(400);
    expect(wrong).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it('says what a read token lacks: the write scope, in the problem and in WWW-Authenticate', async () => {
    const res = await t.call('POST', `${V1}/vendors`, {
      as: bearer(owner, tokens.ownerRead),
      body: { name: 'Never Made Ltd', country: 'DE' },
    });
    expectProblem(res, 403);
    expect(res.body.type).toBe('urn:outpost:problem:insufficient-scope');
    expect(res.body.detail).toMatch(/read scope/);
    expect(wwwAuthenticate(res.headers['www-authenticate'])).toEqual({
      error: 'insufficient_scope',
      scope: 'write',
    });
    const list = await t.call('GET', `${V1}/vendors?q=Never`, { as: owner });
    expect(list.body.items).toEqual([]);
  });

  it('gives a read token the same answer as its user’s session on every GET (but editing aids)', async () => {
    const wrong: string[] = [];
    let compared = 0;
    for (const op of operations(doc).filter((o) => o.method === 'GET')) {
      for (const [session, token] of [
        [owner, tokens.ownerRead],
        [vendorUser, tokens.vendorRead],
      ] as const) {
        const viaSession = await send(op, { cookie: session.cookie! });
        const viaToken = await send(op, { authorization: `Bearer ${token}` });
        compared++;
        if (EDITING_AIDS.includes(key(op)) && viaSession.statusCode === 200) {
          if (viaToken.statusCode !== 403 || !viaToken.body.includes('insufficient-scope'))
            wrong.push(
              `${key(op)} as ${session.role}: an editing aid answered ${viaToken.statusCode} to a read token`,
            );
          continue;
        }
        const scopeRefusal = /insufficient-scope|session-required/.test(viaToken.body);
        if (viaToken.statusCode !== viaSession.statusCode || scopeRefusal)
          wrong.push(
            `${key(op)} as ${session.role}: token ${viaToken.statusCode}, session ${viaSession.statusCode} ${viaToken.body.slice(0, 120)}`,
          );
      }
    }
    expect(compared).toBeGreaterThan(150);
    expect(wrong).toEqual([]);
    // Some of them reached their handlers: real data came back, and the audit trail verified.
    const verify = await t.call('GET', `${V1}/audit-events/verify`, { as: bearer(owner, tokens.ownerRead) });
    expect(verify.status, verify.text).toBe(200);
    const vendors = await t.call('GET', `${V1}/vendors`, { as: bearer(owner, tokens.ownerRead) });
    expect(vendors.body.items.map((v: { id: string }) => v.id)).toContain(real.vendors);
    const me = await t.call('GET', `${V1}/me`, { as: bearer(owner, tokens.ownerRead) });
    expect(me.body).toMatchObject({ via: 'token', scope: 'read', csrfToken: null });
  });

  it('refuses a write token only the credential operations', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const op of operations(doc).filter((o) => o.method !== 'GET')) {
      if (key(op) === `POST ${V1}/setup`) continue;
      const res = await send(op, { authorization: `Bearer ${tokens.ownerWrite}` });
      checked++;
      const type = /urn:outpost:problem:([\w-]+)/.exec(res.body)?.[1] ?? '';
      const expected = CREDENTIAL_OPERATIONS.includes(key(op));
      if (res.statusCode >= 500) wrong.push(`${key(op)}: ${res.statusCode}`);
      if (expected && (res.statusCode !== 403 || type !== 'session-required'))
        wrong.push(`${key(op)}: ${res.statusCode} ${type}, expected 403 session-required`);
      if (!expected && /insufficient-scope|session-required/.test(type))
        wrong.push(`${key(op)}: refused for its scope (${res.body.slice(0, 120)})`);
    }
    expect(checked).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });

  it('lets a write token take every kind of action its role allows', async () => {
    const as = bearer(owner, tokens.ownerWrite);
    // create, update, delete
    const made = await t.call('POST', `${V1}/vendors`, {
      as,
      body: { name: 'Write Token Ltd', country: 'IE' },
    });
    expect(made.status, made.text).toBe(201);
    const changed = await t.call('PATCH', `${V1}/vendors/${made.body.id}`, { as, body: { website: null } });
    expect(changed.status, changed.text).toBe(200);
    // verify (a certificate: a write, unlike verifying the audit trail)
    const cert = await t.call('POST', `${V1}/vendors/${made.body.id}/certifications`, {
      as,
      body: { standard: 'soc1', expiresOn: '2029-01-01' },
    });
    expect(cert.status, cert.text).toBe(201);
    const verified = await t.call(
      'POST',
      `${V1}/vendors/${made.body.id}/certifications/${cert.body.id}/verify`,
      {
        as,
      },
    );
    expect(verified.status, verified.text).toBe(200);
    expectProblem(
      await t.call('POST', `${V1}/vendors/${made.body.id}/certifications/${cert.body.id}/verify`, {
        as: bearer(owner, tokens.ownerRead),
      }),
      403,
    );
    // import
    const imported = await t.call('POST', `${V1}/vendors/import`, {
      as,
      headers: { 'content-type': 'text/csv' },
      raw: 'name,country\nImported By Token,FR\n',
    });
    expect(imported.status, imported.text).toBe(200);
    // submit, decide (a change request), approve (a risk acceptance is owners' and admins')
    const engagement = await approvedEngagement(t, owner, made.body.id);
    const cr = await t.call('POST', `${V1}/engagements/${engagement.id}/change-requests`, {
      as,
      body: { title: 'Raise cap', changes: { creditCapPct: 15 } },
    });
    expect(cr.status, cr.text).toBe(201);
    const submitted = await t.call('POST', `${V1}/change-requests/${cr.body.id}/submit`, { as });
    expect(submitted.status, submitted.text).toBe(200);
    const rejected = await t.call('POST', `${V1}/change-requests/${cr.body.id}/reject`, {
      as,
      body: { comment: 'Not this quarter' },
    });
    expect(rejected.status, rejected.text).toBe(200);
    const deleted = await t.call('DELETE', `${V1}/vendors/${made.body.id}`, { as });
    expect([204, 409]).toContain(deleted.status);
    // The write scope never widens a role: a viewer's write token may not create a vendor.
    const viewer = await t.user('viewer');
    const viewerWrite = await createToken(viewer, 'write');
    const refused = await t.call('POST', `${V1}/vendors`, {
      as: bearer(viewer, viewerWrite.token),
      body: { name: 'Viewer Made Ltd', country: 'DE' },
    });
    expectProblem(refused, 403);
    expect(refused.body.type).toBe('urn:outpost:problem:forbidden');
  });

  it('lets no token create or revoke tokens, touch the calendar feed or change the password', async () => {
    const user = await t.user('admin');
    const read = await createToken(user, 'read');
    const write = await createToken(user, 'write');
    const other = await createToken(owner, 'read');
    const feed = await t.call('POST', `${V1}/calendar/token`, { as: user });
    expect(feed.status, feed.text).toBe(201);
    const tokenRows = async () =>
      (
        await t.db.database.db.selectFrom('apiTokens').select(['id', 'revokedAt']).orderBy('id').execute()
      ).map((r) => `${r.id}:${r.revokedAt}`);
    const rowsBefore = await tokenRows();
    const auditBefore = await auditCount();
    for (const token of [read.token, write.token]) {
      const as = bearer(user, token);
      const attempts = [
        await t.call('POST', `${V1}/tokens`, { as, body: { name: 'minted', scope: 'write' } }),
        await t.call('DELETE', `${V1}/tokens/${read.id}`, { as }),
        await t.call('DELETE', `${V1}/tokens/${other.id}`, { as }), // an admin's token on someone else's
        await t.call('POST', `${V1}/calendar/token`, { as }),
        await t.call('DELETE', `${V1}/calendar/token`, { as }),
        await t.call('POST', `${V1}/me/password`, {
          as,
          body: { currentPassword: PASSWORD, newPassword: 'a token chose this passphrase' },
        }),
      ];
      for (const res of attempts) {
        expectProblem(res, 403);
        expect(res.body.type).toBe('urn:outpost:problem:session-required');
        expect(res.body.detail).toMatch(/sign in/);
      }
    }
    expect(await tokenRows()).toEqual(rowsBefore);
    expect(await auditCount()).toBe(auditBefore);
    // The feed address still works, the password did not change, the tokens still work.
    expect((await t.call('GET', feed.body.url)).status).toBe(200);
    await expect(t.login(user.email!, 'a token chose this passphrase')).rejects.toThrow(/401/);
    await expect(t.login(user.email!)).resolves.toMatchObject({ userId: user.userId });
    expect((await t.call('GET', `${V1}/me`, { as: bearer(user, read.token) })).status).toBe(200);
    // Listing one's tokens is a read: allowed with a token, without any secret.
    const listed = await t.call('GET', `${V1}/tokens`, { as: bearer(user, read.token) });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string; scope: string }) => [i.id, i.scope]).sort()).toEqual(
      [
        [read.id, 'read'],
        [write.id, 'write'],
      ].sort(),
    );
    expect(listed.text).not.toContain(read.token);
  });

  it('needs a known scope to create a token, and names the field otherwise', async () => {
    for (const body of [
      { name: 'no scope' },
      { name: 'unknown', scope: 'admin' },
      { name: 'upper', scope: 'READ' },
      { name: 'both', scope: ['read', 'write'] },
      { name: 'empty', scope: '' },
      { name: 'null', scope: null },
    ]) {
      const res = await t.call('POST', `${V1}/tokens`, { as: owner, body });
      expectProblem(res, 422);
      expect(
        res.body.errors.map((e: { field: string }) => e.field),
        JSON.stringify(body),
      ).toEqual(['scope']);
      expect(res.body.detail).toContain('scope');
      expect(res.body.errors[0].message).toMatch(/read or write|expected/);
    }
    const created = await createToken(owner, 'read', 'scoped');
    expect(created.scope).toBe('read');
  });

  it('answers a password change with the tokens that still work, and revokes them when asked', async () => {
    const user = await t.user('manager');
    const read = await createToken(user, 'read', 'reporting');
    const write = await createToken(user, 'write', 'nightly import');
    await createToken(owner, 'write', 'not theirs');
    const first = await t.call('POST', `${V1}/me/password`, {
      as: user,
      body: { currentPassword: PASSWORD, newPassword: 'first new passphrase here' },
    });
    expect(first.status, first.text).toBe(200);
    expect(first.body.revokedTokens).toEqual([]);
    expect(first.body.tokens).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: read.id,
          name: 'reporting',
          scope: 'read',
          prefix: read.token.slice(0, 10),
        }),
        expect.objectContaining({ id: write.id, name: 'nightly import', scope: 'write' }),
      ]),
    );
    expect(first.body.tokens).toHaveLength(2);
    expect(first.text).not.toContain(read.token);
    expect(first.text).not.toContain(write.token);
    // Not revoked: both still work.
    for (const token of [read.token, write.token])
      expect((await t.call('GET', `${V1}/me`, { as: bearer(user, token) })).status).toBe(200);

    const second = await t.call('POST', `${V1}/me/password`, {
      as: user,
      body: {
        currentPassword: 'first new passphrase here',
        newPassword: 'second new passphrase here',
        revokeTokens: true,
      },
    });
    expect(second.status, second.text).toBe(200);
    expect(second.body.tokens).toEqual([]);
    expect(second.body.revokedTokens.map((x: { id: string }) => x.id).sort()).toEqual(
      [read.id, write.id].sort(),
    );
    for (const token of [read.token, write.token])
      expectProblem(await t.call('GET', `${V1}/me`, { as: bearer(user, token) }), 401);
    expect((await t.call('GET', `${V1}/tokens`, { as: user })).body.items).toEqual([]);
    // The owner's token is untouched; each revocation is in the audit trail.
    expect(
      (await t.call('GET', `${V1}/tokens`, { as: owner })).body.items.map((x: { name: string }) => x.name),
    ).toContain('not theirs');
    for (const id of [read.id, write.id]) {
      const events = await t.call('GET', `${V1}/audit-events?entityId=${id}`, { as: owner });
      expect(events.body.items.map((e: { action: string }) => e.action)).toContain('token.revoke');
    }
    // A wrong current password revokes nothing.
    const kept = await createToken(user, 'read', 'kept');
    const wrongCurrent = await t.call('POST', `${V1}/me/password`, {
      as: user,
      body: {
        currentPassword: 'not the password',
        newPassword: 'third new passphrase here',
        revokeTokens: true,
      },
    });
    expectProblem(wrongCurrent, 422);
    expect((await t.call('GET', `${V1}/me`, { as: bearer(user, kept.token) })).status).toBe(200);
  });

  it('gives tokens made before scopes existed the write scope when it migrates', async () => {
    const db = t.db.database.db;
    const name = '2026-12-07T2000-token-scopes';
    const migration = migrations[name]!;
    await migration.down!(db as never);
    const secret = `opt_${randomBytes(32).toString('base64url')}`;
    await db
      .insertInto('apiTokens')
      .values({
        id: 'tok_01JD3ZQ8N0000000000000LEGACY',
        userId: owner.userId,
        name: 'from before scopes',
        tokenHash: sha256(secret),
        tokenPrefix: secret.slice(0, 10),
        createdAt: new Date().toISOString(),
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
      } as never)
      .execute();
    await migration.up(db as never);
    const row = await db
      .selectFrom('apiTokens')
      .select('scope')
      .where('id', '=', 'tok_01JD3ZQ8N0000000000000LEGACY')
      .executeTakeFirstOrThrow();
    expect(row.scope).toBe('write');
    const made = await t.call('POST', `${V1}/vendors`, {
      as: bearer(owner, secret),
      body: { name: 'Legacy Token Ltd', country: 'NL' },
    });
    expect(made.status, made.text).toBe(201);
    expectProblem(
      await t.call('POST', `${V1}/tokens`, { as: bearer(owner, secret), body: { name: 'x', scope: 'read' } }),
      403,
    );
  });
});

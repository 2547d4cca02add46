/**
 * Single sign-on against a real OpenID provider (oidc-provider) started in this process on a
 * loopback port; the browser's part is played over HTTP (test/helpers/oidc-provider.ts). The
 * wrong-audience token is a real one the same provider signed for another client.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fakeClock, PASSWORD, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { signInAtProvider, startOidcProvider, type TestProvider } from '../helpers/oidc-provider';
import { expectProblem } from '../helpers/problem';

const PUBLIC_URL = 'http://outpost.test';
const callbackOf = (key: string) => `${PUBLIC_URL}/api/v1/auth/oidc/${key}/callback`;
const SECRET = `secret-${randomBytes(8).toString('hex')}`;
const INTRUDER_REDIRECT = 'http://intruder.test/cb';

const cookieValue = (headers: Record<string, unknown>, name: string) => {
  const all = ([] as string[]).concat((headers['set-cookie'] as string | string[] | undefined) ?? []);
  const line = all.find((c) => c.startsWith(`${name}=`));
  return line ? line.split(';')[0]!.slice(name.length + 1) : undefined;
};

describe.each(dialects)('single sign-on with OpenID Connect on %s', (dialect) => {
  const clock = fakeClock();
  let t: TestApp;
  let idp: TestProvider;
  let owner: Session;
  let vendorId: string;
  let otherVendorId: string;
  let corpId: string;
  let acmeId: string;

  beforeAll(async () => {
    idp = await startOidcProvider([
      {
        clientId: 'outpost',
        clientSecret: SECRET,
        redirectUris: [callbackOf('corp')],
        postLogoutRedirectUris: [`${PUBLIC_URL}/login`],
      },
      { clientId: 'outpost-acme', clientSecret: SECRET, redirectUris: [callbackOf('acme')] },
      { clientId: 'intruder', clientSecret: 'intruder-secret', redirectUris: [INTRUDER_REDIRECT] },
    ]);
    idp.people.set('alice', {
      email: 'Alice@corp.example',
      name: 'Alice Archer',
      groups: ['outpost-managers'],
    });
    idp.people.set('bob', { email: 'bob@corp.example', name: 'Bob Brown', groups: ['sales'] });
    idp.people.set('carol', {
      email: 'carol@acme.example',
      name: 'Carol Chen',
      groups: ['acme-staff', 'admins'],
    });
    idp.people.set('mallory', { email: 'mallory@acme.example', name: 'Mallory', groups: ['acme-staff'] });
    t = await createTestApp(dialect, { clock, env: { OUTPOST_PUBLIC_URL: PUBLIC_URL } });
    owner = await t.owner();
    vendorId = (await t.vendor({ name: 'Acme Consulting' })).id;
    otherVendorId = (await t.vendor({ name: 'Other Partner' })).id;
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  /** Start at Outpost, sign in at the provider, come back: the callback's answer and the state used. */
  async function signIn(key: string, account: string, tamper?: (back: URL, state: string) => string) {
    const start = await t.call('GET', `/api/v1/auth/oidc/${key}/start?returnTo=%2Fvendors`);
    expect(start.status, start.text).toBe(302);
    const authorizationUrl = String(start.headers.location);
    const state = cookieValue(start.headers, 'outpost_sso_state')!;
    expect(state).toBeTruthy();
    const back = await signInAtProvider(authorizationUrl, account);
    expect(back.origin + back.pathname).toBe(callbackOf(key));
    const path = tamper ? tamper(back, state) : back.pathname + back.search;
    const answer = await t.call('GET', path, { headers: { cookie: `outpost_sso_state=${state}` } });
    return { answer, back, state, authorizationUrl };
  }

  const sessionOf = (answer: { headers: Record<string, unknown> }) => {
    const id = cookieValue(answer.headers, 'outpost_session');
    return id ? `outpost_session=${id}` : undefined;
  };

  const lastRefusal = async () =>
    t.app.database.db
      .selectFrom('auditEvents')
      .select(['action', 'changes'])
      .where('action', '=', 'sso.refuse')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();

  it('lets only an owner configure providers, stores the client secret sealed and never answers it', async () => {
    const admin = await t.user('admin');
    const body = {
      key: 'corp',
      name: 'Corp Entra ID',
      issuer: idp.issuer,
      clientId: 'outpost',
      clientSecret: SECRET,
      domains: ['corp.example'],
      roleClaim: 'groups',
      mappings: [
        { value: 'outpost-managers', role: 'manager' },
        { value: 'outpost-admins', role: 'admin' },
      ],
    };
    expectProblem(await t.call('POST', '/api/v1/identity-providers', { as: admin, body }), 403);
    expectProblem(
      await t.call('POST', '/api/v1/identity-providers', {
        as: owner,
        body: { ...body, mappings: [{ value: 'root', role: 'owner' }] },
      }),
      422,
    );
    const res = await t.call('POST', '/api/v1/identity-providers', { as: owner, body });
    expect(res.status, res.text).toBe(201);
    corpId = res.body.id;
    expect(res.body).toMatchObject({ key: 'corp', hasClientSecret: true, redirectUri: callbackOf('corp') });
    expect(res.text).not.toContain(SECRET);
    const row = await t.app.database.db
      .selectFrom('identityProviders')
      .select('clientSecret')
      .where('id', '=', corpId)
      .executeTakeFirstOrThrow();
    expect(row.clientSecret).toMatch(/^v1:/);
    expect(row.clientSecret).not.toContain(SECRET);
    const audit = await t.app.database.db
      .selectFrom('auditEvents')
      .select(['action', 'changes'])
      .where('entityId', '=', corpId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['identityProvider.create']);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    const buttons = await t.call('GET', '/api/v1/auth/providers');
    expect(buttons.body.items).toEqual([{ key: 'corp', name: 'Corp Entra ID' }]);
  });

  it('signs a mapped person in, creating the account with the mapped role, and re-applies the mapping at each sign-in', async () => {
    const { answer } = await signIn('corp', 'alice');
    expect(answer.status, answer.text).toBe(302);
    expect(answer.headers.location).toBe('/vendors');
    const cookie = sessionOf(answer);
    expect(cookie).toBeTruthy();
    const me = await t.call('GET', '/api/v1/me', { headers: { cookie: cookie! } });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({
      email: 'alice@corp.example',
      name: 'Alice Archer',
      role: 'manager',
    });

    idp.people.set('alice', {
      email: 'alice@corp.example',
      name: 'Alice Archer',
      groups: ['outpost-admins', 'outpost-managers'],
    });
    const again = await signIn('corp', 'alice');
    const me2 = await t.call('GET', '/api/v1/me', { headers: { cookie: sessionOf(again.answer)! } });
    expect(me2.body.user).toMatchObject({ id: me.body.user.id, role: 'admin' });
    // The role changed: the session the manager role opened is over.
    expect((await t.call('GET', '/api/v1/me', { headers: { cookie: cookie! } })).status).toBe(401);

    const actions = await t.app.database.db
      .selectFrom('auditEvents')
      .select('action')
      .where('entityId', '=', me.body.user.id)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['user.create', 'auth.sso', 'user.update', 'auth.sso']);
  });

  it('refuses a callback whose state is not the one this browser started with', async () => {
    const { answer } = await signIn('corp', 'alice', (back) => {
      back.searchParams.set('state', 'forged-state');
      return back.pathname + back.search;
    });
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe('/login?sso=state');
    expect(sessionOf(answer)).toBeUndefined();
    expect((await lastRefusal()).changes).toContain('state');

    // No state cookie at all (a callback this browser never started).
    const start = await t.call('GET', '/api/v1/auth/oidc/corp/start');
    const back = await signInAtProvider(String(start.headers.location), 'alice');
    const none = await t.call('GET', back.pathname + back.search);
    expect(none.headers.location).toBe('/login?sso=state');
  });

  it('refuses a replayed authorization code', async () => {
    const first = await signIn('corp', 'alice');
    expect(sessionOf(first.answer)).toBeTruthy();
    const path = first.back.pathname + first.back.search;
    // The same callback again: its state was used.
    const replay = await t.call('GET', path, { headers: { cookie: `outpost_sso_state=${first.state}` } });
    expect(replay.headers.location).toBe('/login?sso=state');
    expect(sessionOf(replay)).toBeUndefined();
    // The old code under a fresh sign-in's state: the provider refuses the used code.
    const fresh = await t.call('GET', '/api/v1/auth/oidc/corp/start');
    const freshState = cookieValue(fresh.headers, 'outpost_sso_state')!;
    const url = new URL(first.back);
    url.searchParams.set('state', freshState);
    const reused = await t.call('GET', url.pathname + url.search, {
      headers: { cookie: `outpost_sso_state=${freshState}` },
    });
    expect(reused.headers.location).toBe('/login?sso=token');
    expect(sessionOf(reused)).toBeUndefined();
    expect((await lastRefusal()).changes).toContain('invalid_grant');
  });

  it('refuses an expired ID token', async () => {
    // Outpost's clock runs two hours ahead of the provider's: the token it signed now has expired.
    clock.advance(2 * 3_600_000);
    try {
      const { answer } = await signIn('corp', 'alice');
      expect(answer.headers.location).toBe('/login?sso=token');
      expect(sessionOf(answer)).toBeUndefined();
      expect((await lastRefusal()).changes).toMatch(/exp/);
    } finally {
      clock.set(new Date());
    }
  });

  it('refuses an ID token issued to another client (wrong audience)', async () => {
    const start = await t.call('GET', '/api/v1/auth/oidc/corp/start');
    const state = cookieValue(start.headers, 'outpost_sso_state')!;
    const outpostUrl = new URL(String(start.headers.location));
    // The intruder's own sign-in at the same provider, with Outpost's nonce: only the audience differs.
    const verifier = randomBytes(32).toString('base64url');
    const intruderUrl = new URL(`${idp.issuer}/auth`);
    intruderUrl.search = new URLSearchParams({
      client_id: 'intruder',
      redirect_uri: INTRUDER_REDIRECT,
      response_type: 'code',
      scope: 'openid email profile',
      nonce: outpostUrl.searchParams.get('nonce')!,
      state: 'intruder',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const intruderBack = await signInAtProvider(intruderUrl.href, 'alice');
    const tokenRes = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('intruder:intruder-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: intruderBack.searchParams.get('code')!,
        redirect_uri: INTRUDER_REDIRECT,
        code_verifier: verifier,
      }),
    });
    const intruderIdToken = ((await tokenRes.json()) as { id_token: string }).id_token;
    expect(JSON.parse(Buffer.from(intruderIdToken.split('.')[1]!, 'base64url').toString()).aud).toBe(
      'intruder',
    );

    idp.substituteNextIdToken(intruderIdToken);
    const back = await signInAtProvider(outpostUrl.href, 'alice');
    const answer = await t.call('GET', back.pathname + back.search, {
      headers: { cookie: `outpost_sso_state=${state}` },
    });
    expect(answer.headers.location).toBe('/login?sso=token');
    expect(sessionOf(answer)).toBeUndefined();
    expect((await lastRefusal()).changes).toMatch(/aud/);
  });

  it('refuses a person whose groups are not mapped, and makes no account', async () => {
    const { answer } = await signIn('corp', 'bob');
    expect(answer.headers.location).toBe('/login?sso=unmapped');
    expect(sessionOf(answer)).toBeUndefined();
    const users = await t.call('GET', '/api/v1/users?q=bob%40corp', { as: owner });
    expect(users.body.items).toEqual([]);
    const refusal = await lastRefusal();
    expect(refusal.changes).toContain('unmapped');
    expect(refusal.changes).toContain('bob@corp.example');
  });

  it('refuses a password for a domain bound to a provider, but for an owner (break-glass)', async () => {
    const made = await t.call('POST', '/api/v1/users', {
      as: owner,
      body: { name: 'Dave Password', email: 'dave@corp.example', password: PASSWORD, role: 'viewer' },
    });
    expect(made.status, made.text).toBe(201);
    const refused = await t.call('POST', '/api/v1/auth/login', {
      body: { email: 'dave@corp.example', password: PASSWORD },
    });
    expectProblem(refused, 403);
    expect(refused.body).toMatchObject({
      type: 'urn:outpost:problem:sso-required',
      provider: { key: 'corp', name: 'Corp Entra ID' },
    });
    expect(cookieValue(refused.headers, 'outpost_session')).toBeUndefined();
    // A wrong password gets the same answer: nothing is learnt about the password.
    const wrong = await t.call('POST', '/api/v1/auth/login', {
      body: { email: 'dave@corp.example', password: 'not the password at all' },
    });
    expect(wrong.status).toBe(403);

    const breakGlass = await t.call('POST', '/api/v1/users', {
      as: owner,
      body: { name: 'Root Owner', email: 'root@corp.example', password: PASSWORD, role: 'owner' },
    });
    expect(breakGlass.status, breakGlass.text).toBe(201);
    const root = await t.login('root@corp.example');
    expect(root.role).toBe('owner');

    // Dave's account existed before the provider: his domain is bound, so SSO links it.
    idp.people.set('dave', { email: 'dave@corp.example', name: 'Dave', groups: ['outpost-managers'] });
    const sso = await signIn('corp', 'dave');
    const me = await t.call('GET', '/api/v1/me', { headers: { cookie: sessionOf(sso.answer)! } });
    expect(me.body.user).toMatchObject({ id: made.body.id, role: 'manager' });
  });

  it('gives a vendor its own provider that signs in only that vendor’s users, never with an internal role', async () => {
    const base = {
      key: 'acme',
      name: 'Acme Okta',
      issuer: idp.issuer,
      clientId: 'outpost-acme',
      clientSecret: SECRET,
      vendorId,
      domains: ['acme.example'],
    };
    const internal = await t.call('POST', '/api/v1/identity-providers', {
      as: owner,
      body: { ...base, mappings: [{ value: 'admins', role: 'admin' }] },
    });
    expectProblem(internal, 422);
    expect(internal.body.errors).toEqual([
      { field: 'mappings.0.role', message: expect.stringMatching(/vendor/) },
    ]);
    const res = await t.call('POST', '/api/v1/identity-providers', {
      as: owner,
      body: { ...base, mappings: [{ value: 'acme-staff', role: 'vendor' }] },
    });
    expect(res.status, res.text).toBe(201);
    acmeId = res.body.id;
    const patch = await t.call('PATCH', `/api/v1/identity-providers/${acmeId}`, {
      as: owner,
      body: { mappings: [{ value: 'admins', role: 'admin' }] },
    });
    expectProblem(patch, 422);

    // Carol is in `admins` too: nothing makes her more than a user of her own vendor.
    const carol = await signIn('acme', 'carol');
    const carolCookie = sessionOf(carol.answer)!;
    const me = await t.call('GET', '/api/v1/me', { headers: { cookie: carolCookie } });
    expect(me.body.user).toMatchObject({ email: 'carol@acme.example', role: 'vendor', vendorId });
    // Her sign-out hands over her provider's end-session URL, through the vendor-facing answer.
    const out = await t.call('POST', '/api/v1/auth/logout', {
      headers: { cookie: carolCookie, 'x-csrf-token': me.body.csrfToken },
    });
    expect(out.status, out.text).toBe(200);
    expect(out.body.endSessionUrl).toMatch(new RegExp(`^${idp.issuer}/session/end\\?`));

    // An internal account with the vendor's domain is not taken over by the vendor's provider…
    await t.call('POST', '/api/v1/users', {
      as: owner,
      body: { name: 'Mallory', email: 'mallory@acme.example', password: PASSWORD, role: 'viewer' },
    });
    const mallory = await signIn('acme', 'mallory');
    expect(mallory.answer.headers.location).toBe('/login?sso=vendor');
    const stayed = await t.call('GET', '/api/v1/users?q=mallory', { as: owner });
    expect(stayed.body.items[0]).toMatchObject({ role: 'viewer', vendorId: null });

    // …nor a user of another vendor moved to this one.
    idp.people.set('otto', { email: 'otto@acme.example', name: 'Otto', groups: ['acme-staff'] });
    await t.call('POST', '/api/v1/users', {
      as: owner,
      body: {
        name: 'Otto',
        email: 'otto@acme.example',
        password: PASSWORD,
        role: 'vendor',
        vendorId: otherVendorId,
      },
    });
    const otto = await signIn('acme', 'otto');
    expect(otto.answer.headers.location).toBe('/login?sso=vendor');
    const ottoRow = await t.call('GET', '/api/v1/users?q=otto', { as: owner });
    expect(ottoRow.body.items[0]).toMatchObject({ vendorId: otherVendorId });
  });

  it('ends the Outpost session at sign-out and hands over the provider’s end-session URL', async () => {
    const { answer } = await signIn('corp', 'alice');
    const cookie = sessionOf(answer)!;
    const me = await t.call('GET', '/api/v1/me', { headers: { cookie } });
    const out = await t.call('POST', '/api/v1/auth/logout', {
      headers: { cookie, 'x-csrf-token': me.body.csrfToken },
    });
    expect(out.status, out.text).toBe(200);
    const end = new URL(out.body.endSessionUrl);
    expect(end.origin).toBe(idp.issuer);
    expect(end.searchParams.get('id_token_hint')).toBeTruthy();
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/login`);
    expect((await t.call('GET', '/api/v1/me', { headers: { cookie } })).status).toBe(401);
    // The provider accepts it (its logout confirmation page).
    const confirm = await fetch(end, { redirect: 'manual' });
    expect(confirm.status).toBe(200);
    // A password session's sign-out is as before.
    const pw = await t.login('owner@example.com');
    expect((await t.call('POST', '/api/v1/auth/logout', { as: pw })).status).toBe(204);
  });

  it('removes a provider (its users keep their accounts) and audits every change', async () => {
    const disable = await t.call('PATCH', `/api/v1/identity-providers/${acmeId}`, {
      as: owner,
      body: { enabled: false, clientSecret: 'a-new-secret' },
    });
    expect(disable.status, disable.text).toBe(200);
    expect((await t.call('GET', '/api/v1/auth/oidc/acme/start')).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/identity-providers/${acmeId}`, { as: owner })).status).toBe(204);
    const carol = await t.call('GET', '/api/v1/users?q=carol', { as: owner });
    expect(carol.body.items).toHaveLength(1);
    const audit = await t.app.database.db
      .selectFrom('auditEvents')
      .select(['action', 'changes'])
      .where('entityId', '=', acmeId)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'identityProvider.create',
        'identityProvider.update',
        'identityProvider.delete',
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain('a-new-secret');
    expect((await t.call('GET', `/api/v1/identity-providers/${corpId}`, { as: owner })).body.key).toBe(
      'corp',
    );
  });
});

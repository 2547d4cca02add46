import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { loggerOptions } from '../../src/server/plugins/security';
import { createTestApp, PASSWORD, type Session, type TestApp } from '../helpers/app';
import { createTestDatabase, dialects } from '../helpers/databases';

const MUTATING = ['post', 'put', 'patch', 'delete'];
type Doc = { paths: Record<string, Record<string, unknown>> };

const auditCount = async (t: TestApp) =>
  Number(
    (
      await t.db.database.db
        .selectFrom('auditEvents')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

function expectStrictHeaders(headers: Record<string, unknown>, what: string) {
  const csp = String(headers['content-security-policy'] ?? '');
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toMatch(/script-src 'self'(;|$)/);
  expect(csp, what).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-frame-options'], what).toBe('DENY');
}

describe.each(dialects)('hardening on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      env: {
        // Inject's requests come from 127.0.0.1: a proxy on the same host.
        OUTPOST_TRUST_PROXY: 'loopback',
        OUTPOST_RATE_LIMIT_TOKEN_CREATE: '3',
        OUTPOST_RATE_LIMIT_UPLOADS: '2',
      },
    });
    owner = await t.owner();
  });
  afterAll(async () => t?.close());

  it('refuses every cookie-authenticated mutation of the OpenAPI document without the right X-CSRF-Token, changing nothing', async () => {
    const doc = (await t.call('GET', '/api/v1/openapi.json')).body as Doc;
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => MUTATING.includes(m))
        .map((m) => ({
          method: m.toUpperCase() as 'POST',
          path,
          url: path.replace(/\{[^}]+\}/g, 'x_csrf_probe'),
        })),
    );
    expect(routes.length).toBeGreaterThan(50);
    const before = await auditCount(t);
    let checked = 0;
    for (const r of routes) {
      // Public routes (setup, sign-in, accepting an invitation) act on no session: no CSRF there.
      const anonymous = await t.call(r.method, r.url, { body: {} });
      if (anonymous.status !== 401) continue;
      for (const csrf of [undefined, 'not-the-token']) {
        const res = await t.app.inject({
          method: r.method,
          url: r.url,
          headers: { cookie: owner.cookie!, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
          payload: {},
        });
        expect(res.statusCode, `${r.method} ${r.path} with ${csrf ? 'a wrong' : 'no'} token`).toBe(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().type).toBe('urn:outpost:problem:csrf');
        expectStrictHeaders(res.headers, `${r.method} ${r.path}`);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    expect(await auditCount(t)).toBe(before);
    // The same session with its token is let through (the token is what was missing).
    const ok = await t.call('POST', '/api/v1/tokens', {
      as: owner,
      body: { name: 'csrf ok', scope: 'read' },
    });
    expect(ok.status).toBe(201);
  });

  it('sends strict security headers on every kind of answer, and HSTS only over TLS', async () => {
    const answers = {
      json: await t.call('GET', '/api/v1/me', { as: owner }),
      problem: await t.call('GET', '/api/v1/vendors/vnd_nope', { as: owner }),
      unauthenticated: await t.call('GET', '/api/v1/vendors'),
      unknownRoute: await t.call('GET', '/api/v1/no-such-thing', { as: owner }),
      openapi: await t.call('GET', '/api/v1/openapi.json'),
      docs: await t.call('GET', '/api/docs/'),
      webApp: await t.call('GET', '/vendors'),
      health: await t.call('GET', '/api/v1/health'),
    };
    for (const [kind, res] of Object.entries(answers)) {
      expectStrictHeaders(res.headers, kind);
      expect(res.headers['strict-transport-security'], kind).toBeUndefined();
    }
    const tls = await t.call('GET', '/api/v1/me', { as: owner, headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('the web app needs no inline script (the CSP forbids them)', () => {
    for (const file of ['src/web/index.html', 'dist/web/index.html']) {
      let html: string;
      try {
        html = readFileSync(file, 'utf8');
      } catch {
        continue; // not built
      }
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/\bsrc=/);
        expect(body!.trim()).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it('limits API token creation per user with 429, Retry-After and a problem document', async () => {
    const user = await t.user('manager');
    for (let i = 0; i < 3; i++)
      expect(
        (await t.call('POST', '/api/v1/tokens', { as: user, body: { name: `t${i}`, scope: 'read' } })).status,
      ).toBe(201);
    const refused = await t.call('POST', '/api/v1/tokens', {
      as: user,
      body: { name: 'one too many', scope: 'read' },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.detail).toContain('at most 3 a minute');
    // Another user has their own count.
    const other = await t.user('viewer');
    expect(
      (await t.call('POST', '/api/v1/tokens', { as: other, body: { name: 'mine', scope: 'read' } })).status,
    ).toBe(201);
  });

  it('limits uploads and invitation acceptance too', async () => {
    const boundary = '----outpostlimit';
    const raw = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`;
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const user = await t.user('manager');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await t.call('POST', '/api/v1/files', { as: user, raw, headers })).status);
    expect(statuses).toEqual([201, 201, 429]);
    const accepts: number[] = [];
    for (let i = 0; i < 21; i++)
      accepts.push(
        (
          await t.call('POST', `/api/v1/invitations/nope${i}/accept`, {
            body: { password: PASSWORD },
            ip: '203.0.113.9',
          })
        ).status,
      );
    expect(accepts.slice(0, 20).every((s) => s !== 429)).toBe(true);
    expect(accepts[20]).toBe(429);
  });
});

describe('OUTPOST_TRUST_PROXY', () => {
  it.each(['true', '1', '2', '0.0.0.0/0', '10.0.0.1, ::/0', 'proxy.example', '10.0.0.0/33', ''])(
    'refuses %j at start-up: it would trust what a client writes, or is no proxy address',
    (value) => {
      expect(() => loadConfig({ OUTPOST_TRUST_PROXY: value, OUTPOST_SECRET: 'x'.repeat(32) })).toThrow(
        /OUTPOST_TRUST_PROXY: .*name the proxies/,
      );
    },
  );
  it.each([
    ['false', false],
    ['0', false],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.1,fd00::/8', ['10.0.0.0/8', '192.168.1.1', 'fd00::/8']],
  ])('takes %j', (value, trust) => {
    expect(loadConfig({ OUTPOST_TRUST_PROXY: value, OUTPOST_SECRET: 'x'.repeat(32) }).trustProxy).toEqual(
      trust,
    );
  });
});

describe.each(dialects)('the client address behind a proxy on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  /** The address the audit trail keeps for a vendor created through these hops. */
  const auditedAddress = async (ip: string, forwardedFor?: string) => {
    const created = await t.call('POST', '/api/v1/vendors', {
      as: owner,
      ip,
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
      body: { name: `Vendor via ${ip} ${forwardedFor ?? ''}`, country: 'DE' },
    });
    expect(created.status, created.text).toBe(201);
    const trail = await t.call('GET', `/api/v1/audit-events?entityId=${created.body.id}`, { as: owner });
    return trail.body.items[0].ip as string;
  };
  /** The statuses of invitation acceptances through these hops (the limit counts per client address). */
  const accepts = async (n: number, ip: string, forwardedFor: (i: number) => string) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++)
      statuses.push(
        (
          await t.call('POST', `/api/v1/invitations/nope${i}/accept`, {
            body: { password: PASSWORD },
            ip,
            headers: { 'x-forwarded-for': forwardedFor(i) },
          })
        ).status,
      );
    return statuses;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      env: {
        OUTPOST_TRUST_PROXY: '10.0.0.0/8, 192.168.1.1',
        OUTPOST_RATE_LIMIT_INVITATION_ACCEPT: '2',
      },
    });
    owner = await t.owner();
  });
  afterAll(async () => t?.close());

  it('takes the right-most address that is not a trusted proxy, never a forged left-most one', async () => {
    // The client forged 6.6.6.6; the first proxy (10.0.0.9) appended the client it saw, the second
    // (192.168.1.1) appended 10.0.0.9, and 10.0.0.5 connected to Outpost.
    expect(await auditedAddress('10.0.0.5', '6.6.6.6, 198.51.100.7, 10.0.0.9, 192.168.1.1')).toBe(
      '198.51.100.7',
    );
    // Through one trusted proxy only.
    expect(await auditedAddress('192.168.1.1', '6.6.6.6, 198.51.100.8')).toBe('198.51.100.8');
    // A client that connects directly is not a proxy: what it writes is ignored.
    expect(await auditedAddress('203.0.113.50', '10.0.0.1')).toBe('203.0.113.50');
    expect(await auditedAddress('203.0.113.50')).toBe('203.0.113.50');
  });

  it('throttles the client, whatever it writes at the left of X-Forwarded-For', async () => {
    // A new forged address each time does not make a new client.
    const forged = await accepts(3, '10.0.0.5', (i) => `6.6.6.${i}, 198.51.100.30`);
    expect(forged.slice(0, 2)).not.toContain(429);
    expect(forged[2]).toBe(429);
    // Another client behind the same proxy has its own count.
    expect((await accepts(1, '10.0.0.5', () => '198.51.100.31'))[0]).not.toBe(429);
  });
});

describe('logs', () => {
  it('never contain passwords, tokens, cookies, CSRF tokens, invitation or calendar-feed tokens', async () => {
    const db = await createTestDatabase('sqlite');
    let output = '';
    const stream = new Writable({
      write(chunk, _enc, done) {
        output += chunk.toString();
        done();
      },
    });
    const config = loadConfig(
      {
        LOG_LEVEL: 'info',
        OUTPOST_DATA_DIR: db.dataDir,
        OUTPOST_WEB_DIR: '/nonexistent',
        OUTPOST_SCHEDULER: 'off',
      } as NodeJS.ProcessEnv,
      { secret: 'test-secret-test-secret-test-secret-1234' },
    );
    const app = await buildApp(config, {
      database: db.database,
      logger: { ...loggerOptions('trace'), stream },
    });
    try {
      const secretPassword = 'a very secret passphrase 42';
      await app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { name: 'O', email: 'o@example.com', password: secretPassword },
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'o@example.com', password: secretPassword },
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const csrf = login.json().csrfToken as string;
      const token = await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { name: 'log test', scope: 'read' },
      });
      const bearer = token.json().token as string;
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${bearer}` } });
      const invitationToken = 'Zx9-very-secret-invitation-token-abcdefghijklmnop';
      await app.inject({ method: 'GET', url: `/api/v1/invitations/${invitationToken}` });
      // The calendar feed's address is its secret; it is fetched by calendar apps, unauthenticated.
      const feed = await app.inject({
        method: 'POST',
        url: '/api/v1/calendar/token',
        headers: { cookie, 'x-csrf-token': csrf },
      });
      const feedPath = feed.json().url as string;
      const feedToken = feedPath.split('/calendar/')[1]!.replace(/\.ics$/, '');
      expect((await app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: `${feedPath}?x=1` })).statusCode).toBe(200);
      // Whatever a handler might log by mistake is redacted too.
      app.log.info(
        {
          req: { headers: { authorization: `Bearer ${bearer}`, cookie, 'x-csrf-token': csrf } },
          body: { password: secretPassword, token: bearer },
        },
        'probe',
      );

      expect(output).toContain('incoming request');
      // Without OUTPOST_PUBLIC_URL start-up warns, once, that links cannot be absolute.
      expect(output.split('\n').filter((l) => l.includes('OUTPOST_PUBLIC_URL is not set'))).toHaveLength(1);
      expect(output).toContain('/invitations/[redacted]');
      expect(output).toContain('/calendar/[redacted]');
      expect(output).toContain('[redacted]');
      for (const secret of [secretPassword, bearer, cookie.split('=')[1]!, csrf, invitationToken, feedToken])
        expect(output).not.toContain(secret);
    } finally {
      await app.close();
      await db.cleanup();
    }
  });
});

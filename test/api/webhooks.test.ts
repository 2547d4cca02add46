/**
 * Webhooks end to end: a real HTTP receiver on 127.0.0.1 checks every request's signature with
 * its own implementation of the Standard Webhooks algorithm; retries are driven with the fake
 * clock by calling the scheduler's job functions directly.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventType } from '../../src/contracts/events';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

/** The receiver's own check, written from the specification (not the server's code). */
function verifySignature(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const key = Buffer.from(secret.split('_')[1]!, 'base64');
  const content = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
  const expected = `v1,${createHmac('sha256', key).update(content).digest('base64')}`;
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .includes(expected);
}

/** A receiver answering each path with the next status of its script (the last one repeats). */
function receiver() {
  const received: Received[] = [];
  const scripts = new Map<string, number[]>();
  const secrets = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({
        path,
        headers: req.headers,
        body,
        verified: verifySignature(secrets.get(path) ?? 'whsec_', req.headers, body),
      });
      const script = scripts.get(path) ?? [200];
      const status = script.length > 1 ? script.shift()! : script[0]!;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'not now');
    });
  });
  return {
    received,
    scripts,
    secrets,
    start: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    stop: () => new Promise<void>((r) => server.close(() => r())),
    at: (path: string) => received.filter((x) => x.path === path),
  };
}

describe.each(dialects)('webhooks on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  const hook = receiver();
  let base: string;

  const publish = (type: EventType, payload: Record<string, unknown> = {}) =>
    t.app.services.events.publish(t.app.database.db, { type, vendorId: null, payload });
  const register = async (path: string, events: EventType[], secret?: string) => {
    const res = await t.call('POST', `${V1}/webhooks`, {
      as: owner,
      body: { url: `${base}${path}`, events, ...(secret ? { secret } : {}) },
    });
    expect(res.status, res.text).toBe(201);
    hook.secrets.set(path, res.body.secret);
    return res.body as { id: string; secret: string };
  };
  const deliveries = async (id: string) =>
    (await t.call('GET', `${V1}/webhooks/${id}/deliveries`, { as: owner })).body.items as Array<
      Record<string, any>
    >;
  const run = async () => {
    await t.app.services.webhooks.consume();
    return t.app.services.webhooks.deliverDue();
  };

  beforeAll(async () => {
    base = await hook.start();
    clock = fakeClock('2026-12-01T09:00:00Z');
    // Sessions outlive the day and more that the retries span on the fake clock.
    t = await createTestApp(dialect, {
      clock,
      env: {
        OUTPOST_WEBHOOKS_ALLOW_PRIVATE: 'true',
        OUTPOST_SESSION_IDLE_MINUTES: '100000',
        OUTPOST_SESSION_ABSOLUTE_HOURS: '100000',
      },
    });
    owner = await t.owner();
  });
  afterAll(async () => {
    await t?.close();
    await hook.stop();
  });

  it('generates a whsec_ secret of 32 random bytes, shown once', async () => {
    const a = await register('/gen', ['vendor.status_changed']);
    const b = await register('/gen2', ['vendor.status_changed']);
    expect(a.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(a.secret.slice(6), 'base64')).toHaveLength(32);
    expect(a.secret).not.toBe(b.secret);
    const got = await t.call('GET', `${V1}/webhooks/${a.id}`, { as: owner });
    expect(got.status).toBe(200);
    expect(got.body.secret).toBeUndefined();
    expect(JSON.stringify((await t.call('GET', `${V1}/webhooks`, { as: owner })).body)).not.toContain(
      a.secret,
    );
    for (const id of [a.id, b.id])
      expect((await t.call('DELETE', `${V1}/webhooks/${id}`, { as: owner })).status).toBe(204);
    expect((await t.call('GET', `${V1}/webhooks/${a.id}`, { as: owner })).status).toBe(404);
  });

  it('refuses bad input naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ url: 'ftp://example.com/x', events: ['message.created'] }, 'url'],
      [{ url: 'not a url', events: ['message.created'] }, 'url'],
      [{ url: 'https://user:pw@93.184.215.14/x', events: ['message.created'] }, 'url'],
      [{ url: `${base}/x`, events: ['no.such_event'] }, 'events.0'],
      [{ url: `${base}/x`, events: [] }, 'events'],
      [{ url: `${base}/x`, events: ['message.created', 'message.created'] }, 'events'],
      [{ url: `${base}/x`, events: ['message.created'], secret: 'plain-secret' }, 'secret'],
      [{ url: `${base}/x`, events: ['message.created'], secret: 'whsec_c2hvcnQ=' }, 'secret'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('POST', `${V1}/webhooks`, { as: owner, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('signs every attempt, retries non-2xx answers with growing backoff, then delivers', async () => {
    const { id } = await register('/retry', ['vendor.status_changed', 'message.created']);
    hook.scripts.set('/retry', [500, 503, 200]);
    await publish('vendor.status_changed', { vendorName: 'Acme', from: 'active', to: 'offboarding' });
    await publish('sla.breached', { kpi: 'not subscribed' });

    expect(await run()).toEqual({ attempted: 1, delivered: 0 });
    let [d] = await deliveries(id);
    expect(d).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastResponseCode: 500,
      type: 'vendor.status_changed',
    });
    expect(d!.lastError).toContain('HTTP 500');
    expect(d!.nextAttemptAt).toBe('2026-12-01T09:00:05.000Z');

    // Not due yet: nothing goes out.
    clock.advance(4_000);
    expect(await run()).toEqual({ attempted: 0, delivered: 0 });
    clock.advance(1_000);
    expect(await run()).toEqual({ attempted: 1, delivered: 0 });
    [d] = await deliveries(id);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, lastResponseCode: 503 });
    expect(Date.parse(d!.nextAttemptAt) - clock.now().getTime()).toBe(5 * 60_000);

    clock.advance(5 * 60_000);
    expect(await run()).toEqual({ attempted: 1, delivered: 1 });
    [d] = await deliveries(id);
    expect(d).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastResponseCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(d!.deliveredAt).toBe(clock.now().toISOString());

    const got = hook.at('/retry');
    expect(got).toHaveLength(3);
    expect(got.every((r) => r.verified)).toBe(true);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(got[0]!.headers['webhook-id']).toBe(d!.messageId);
    expect(got.map((r) => Number(r.headers['webhook-timestamp']))).toEqual([
      Date.parse('2026-12-01T09:00:00Z') / 1000,
      Date.parse('2026-12-01T09:00:05Z') / 1000,
      Date.parse('2026-12-01T09:05:05Z') / 1000,
    ]);
    expect(got[0]!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(got[2]!.body);
    expect(body).toMatchObject({
      type: 'vendor.status_changed',
      timestamp: '2026-12-01T09:00:00.000Z',
      data: { vendorName: 'Acme', to: 'offboarding' },
    });
    // The same bytes every time.
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    // The unsubscribed event made no delivery; consuming again makes no second one.
    expect(await deliveries(id)).toHaveLength(1);

    // Replay: the same message again, a fresh schedule.
    const replay = await t.call('POST', `${V1}/webhooks/${id}/deliveries/${d!.id}/replay`, { as: owner });
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body).toMatchObject({ status: 'pending', attempts: 0, deliveredAt: null });
    expect(await run()).toEqual({ attempted: 1, delivered: 1 });
    expect(hook.at('/retry')).toHaveLength(4);
    expect(hook.at('/retry')[3]!.headers['webhook-id']).toBe(d!.messageId);
    expect(hook.at('/retry')[3]!.verified).toBe(true);
    expect((await deliveries(id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(
      (await t.call('POST', `${V1}/webhooks/${id}/deliveries/whd_nope/replay`, { as: owner })).status,
    ).toBe(404);
    await t.call('DELETE', `${V1}/webhooks/${id}`, { as: owner });
  });

  it('keeps retrying for more than 24 hours, then marks the delivery failed', async () => {
    const { id } = await register('/down', ['message.created']);
    hook.scripts.set('/down', [503]);
    await publish('message.created', { threadId: 'thr_x' });
    const start = clock.now().getTime();
    const gaps: number[] = [];
    let last = start;
    for (let i = 0; i < 20; i++) {
      const r = await run();
      if (r.attempted) {
        gaps.push(clock.now().getTime() - last);
        last = clock.now().getTime();
      }
      const [d] = await deliveries(id);
      if (d!.status !== 'pending') break;
      clock.set(d!.nextAttemptAt);
    }
    const [d] = await deliveries(id);
    expect(d).toMatchObject({ status: 'failed', attempts: 8, lastResponseCode: 503, nextAttemptAt: null });
    expect(hook.at('/down')).toHaveLength(8);
    expect(last - start).toBeGreaterThanOrEqual(24 * 3600_000);
    const waits = gaps.slice(1);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(waits[0]).toBe(5_000);
    // A failed delivery can be replayed once the endpoint is back.
    hook.scripts.set('/down', [200]);
    await t.call('POST', `${V1}/webhooks/${id}/deliveries/${d!.id}/replay`, { as: owner });
    await run();
    expect((await deliveries(id))[0]).toMatchObject({ status: 'delivered' });
    const failedOnly = await t.call('GET', `${V1}/webhooks/${id}/deliveries?status=failed`, { as: owner });
    expect(failedOnly.body.items).toEqual([]);
    await t.call('DELETE', `${V1}/webhooks/${id}`, { as: owner });
  });

  it('sends each due delivery once even when two runs race for it', async () => {
    const { id } = await register('/race', ['certification.expired']);
    await publish('certification.expired', { certificationId: 'crt_x' });
    await t.app.services.webhooks.consume();
    const [a, b] = await Promise.all([
      t.app.services.webhooks.deliverDue(),
      t.app.services.webhooks.deliverDue(),
    ]);
    expect(a.attempted + b.attempted).toBe(1);
    expect(hook.at('/race')).toHaveLength(1);
    await t.call('DELETE', `${V1}/webhooks/${id}`, { as: owner });
  });

  it('uses a given secret, sends a test message, and skips disabled endpoints', async () => {
    const secret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    const { id, secret: echoed } = await register('/given', ['renewal.due'], secret);
    expect(echoed).toBe(secret);
    const test = await t.call('POST', `${V1}/webhooks/${id}/test`, { as: owner });
    expect(test.status, test.text).toBe(200);
    expect(test.body).toMatchObject({
      type: 'webhook.test',
      status: 'delivered',
      attempts: 1,
      lastResponseCode: 200,
    });
    expect(hook.at('/given')).toHaveLength(1);
    expect(hook.at('/given')[0]!.verified).toBe(true);

    const off = await t.call('PATCH', `${V1}/webhooks/${id}`, { as: owner, body: { enabled: false } });
    expect(off.body.enabled).toBe(false);
    await publish('renewal.due', { engagementId: 'eng_x' });
    await run();
    expect(hook.at('/given')).toHaveLength(1);
    expect(await deliveries(id)).toHaveLength(1);

    const moved = await t.call('PATCH', `${V1}/webhooks/${id}`, {
      as: owner,
      body: { enabled: true, events: ['renewal.due', 'sla.breached'], url: `${base}/moved` },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({
      enabled: true,
      url: `${base}/moved`,
      events: ['renewal.due', 'sla.breached'],
    });
    const bad = await t.call('PATCH', `${V1}/webhooks/${id}`, { as: owner, body: { url: 'gopher://x' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('url');

    const trail = await t.call('GET', `${V1}/audit-events?entityId=${id}`, { as: owner });
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['webhook.create', 'webhook.test', 'webhook.update']),
    );
    expect(JSON.stringify(trail.body)).not.toContain(secret.slice(6));
  });
});

describe.each(dialects)('webhook addresses on %s without OUTPOST_WEBHOOKS_ALLOW_PRIVATE', (dialect) => {
  let t: TestApp;
  let owner: Session;
  /** What the injected resolver answers for each host name. */
  const dns = new Map<string, string[]>();
  const hook = receiver();
  let port: string;
  beforeAll(async () => {
    port = new URL(await hook.start()).port;
    t = await createTestApp(dialect, {
      webhookResolver: async (host) => {
        const answer = dns.get(host);
        if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
        return answer;
      },
    });
    owner = await t.owner();
  });
  afterAll(async () => {
    await t?.close();
    await hook.stop();
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.1.2.3/hook',
    'http://192.168.0.10/hook',
    'http://172.20.0.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/hook',
    'http://[::1]/hook',
    'http://[fd00::1]/hook',
    'http://[fe80::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://0.0.0.0/hook',
    // The review's IPv6 forms (issue #15) and their cousins: IPv4-compatible, IPv4-translated,
    // NAT64 (well-known and local-use), 6to4, Teredo (RFC 4380: client 10.0.0.1 is f5ff:fffe).
    'http://[::127.0.0.1]/',
    'http://[::ffff:0:127.0.0.1]/',
    'http://[64:ff9b:1::7f00:1]/',
    'http://[64:ff9b::7f00:1]/',
    'http://[2002:7f00:1::]/',
    'http://[::a9fe:a9fe]/latest/meta-data',
    'http://[::ffff:169.254.169.254]/latest/meta-data',
    'http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/',
    'http://[::]/',
    // Decimal and octal spellings of 127.0.0.1.
    'http://2130706433/',
    'http://0177.0.0.1/',
  ])('refuses %s with 422 naming url', async (url) => {
    const res = await t.call('POST', `${V1}/webhooks`, {
      as: owner,
      body: { url, events: ['message.created'] },
    });
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors[0].field).toBe('url');
  });

  it('refuses a host name that resolves to any private address, and one that does not resolve', async () => {
    dns.set('internal.example.test', ['93.184.215.14', '::ffff:0:a00:1']);
    for (const url of ['http://internal.example.test/hook', 'http://nowhere.example.test/hook']) {
      const res = await t.call('POST', `${V1}/webhooks`, {
        as: owner,
        body: { url, events: ['message.created'] },
      });
      expect(res.status, res.text).toBe(422);
      expect(res.body.errors[0].field).toBe('url');
    }
  });

  it('refuses at delivery a host name that resolves to a private address since its registration', async () => {
    dns.set('rebind.example.test', ['93.184.215.14']);
    const created = await t.call('POST', `${V1}/webhooks`, {
      as: owner,
      body: { url: `http://rebind.example.test:${port}/rebind`, events: ['message.created'] },
    });
    expect(created.status, created.text).toBe(201);
    // The name now answers the receiver's loopback address (a DNS rebind).
    dns.set('rebind.example.test', ['127.0.0.1']);
    const sent = await t.call('POST', `${V1}/webhooks/${created.body.id}/test`, { as: owner });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.lastResponseCode).toBeNull();
    expect(sent.body.lastError).toMatch(/refused to connect to rebind\.example\.test \(127\.0\.0\.1\)/);
    expect(hook.at('/rebind')).toHaveLength(0);
  });

  it('accepts a public address', async () => {
    const res = await t.call('POST', `${V1}/webhooks`, {
      as: owner,
      body: { url: 'https://93.184.215.14/hooks/outpost', events: ['message.created'] },
    });
    expect(res.status, res.text).toBe(201);
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  generateSecret,
  isPrivateAddress,
  MAX_ATTEMPTS,
  nextAttemptAfter,
  parseWebhookUrl,
  RETRY_DELAYS_MS,
  sign,
  verify,
} from './rules';
import { send } from './sender';

describe('Standard Webhooks signatures', () => {
  it('matches the specification’s example', () => {
    // The example of the Standard Webhooks reference libraries.
    const sig = sign(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
  it('verifies its own signatures and refuses a changed body', () => {
    const secret = generateSecret();
    const header = `v1,bm90LWl0 ${sign(secret, 'msg_1', 10, '{}')}`;
    expect(verify(secret, 'msg_1', 10, '{}', header)).toBe(true);
    expect(verify(secret, 'msg_1', 10, '{ }', header)).toBe(false);
    expect(verify(generateSecret(), 'msg_1', 10, '{}', header)).toBe(false);
  });
});

describe('retry schedule', () => {
  it('grows and spans more than 24 hours before failing', () => {
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(24 * 3600_000);
    for (let i = 1; i < RETRY_DELAYS_MS.length; i++)
      expect(RETRY_DELAYS_MS[i]).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[i - 1]!);
    const now = new Date('2026-12-01T00:00:00Z');
    expect(nextAttemptAfter(1, now)?.toISOString()).toBe('2026-12-01T00:00:05.000Z');
    expect(nextAttemptAfter(MAX_ATTEMPTS - 1, now)).not.toBeNull();
    expect(nextAttemptAfter(MAX_ATTEMPTS, now)).toBeNull();
  });
});

describe('addresses', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd12::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    '[::1]',
    'localhost',
    // Forms that carry an IPv4 address (issue #15): IPv4-compatible (RFC 4291 2.5.5.1),
    '::127.0.0.1',
    '::7f00:1',
    '::a9fe:a9fe',
    // IPv4-mapped (RFC 4291 2.5.5.2) and IPv4-translated (RFC 6145),
    '::ffff:169.254.169.254',
    '::ffff:0:127.0.0.1',
    '::ffff:0:a00:1',
    // NAT64: RFC 6052 2.4's example (192.0.2.33, documentation) and the local-use network of RFC 8215,
    '64:ff9b::192.0.2.33',
    '64:ff9b::c000:221',
    '64:ff9b:1::7f00:1',
    '64:ff9b:1::808:808',
    // 6to4 (RFC 3056): 127.0.0.1 and 192.168.1.1 in bits 16–48,
    '2002:7f00:1::',
    '2002:c0a8:101::1',
    // Teredo (RFC 4380): its example (server 65.54.227.120, client 192.0.2.45), a client 10.0.0.1
    // (0a000001 inverted: f5ff:fffe), and a public client behind a private server.
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:0:4136:e378:8000:63bf:f5ff:fffe',
    '2001:0:a00:1:8000:63bf:f7f7:f7f7',
    // Other ranges ipaddr.js does not call unicast: documentation, benchmarking, discard, ORCHID.
    '2001:db8::1',
    '3fff::1',
    '2001:2::1',
    '100::1',
    '2001:20::1',
    // Not an address at all.
    '',
    'example.com',
  ])('refuses %s', (a) => expect(isPrivateAddress(a)).toBe(true));
  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    // The same forms carrying a public address (8.8.8.8) are public.
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
  ])('allows %s', (a) => expect(isPrivateAddress(a)).toBe(false));
  it.each([
    // The WHATWG URL parser turns every spelling of an address into one; each is checked as that.
    ['http://[::127.0.0.1]/', '[::7f00:1]'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://[::]/', '[::]'],
  ])('reads %s as %s and refuses it', (value, host) => {
    const parsed = parseWebhookUrl(value);
    if (!('url' in parsed)) throw new Error(parsed.problem);
    expect(parsed.url.hostname).toBe(host);
    expect(isPrivateAddress(parsed.url.hostname)).toBe(true);
  });
  it('parses only http(s) URLs without credentials', () => {
    expect('url' in parseWebhookUrl('https://example.com/x')).toBe(true);
    expect(parseWebhookUrl('file:///etc/passwd')).toEqual({ problem: 'must use http:// or https://' });
    expect('problem' in parseWebhookUrl('https://a:b@example.com/')).toBe(true);
    expect('problem' in parseWebhookUrl('/relative')).toBe(true);
  });
});

/** A local endpoint that answers 200 and counts the requests that reach it. */
async function countingServer() {
  let count = 0;
  const server = createServer((_q, r) => {
    count++;
    r.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as AddressInfo).port, hits: () => count };
}

describe('sender', () => {
  it('refuses a host name that resolves to a private address at delivery time', async () => {
    const { server, port, hits } = await countingServer();
    try {
      const refused = await send({
        url: `http://localhost:${port}/`,
        body: '{}',
        headers: {},
        allowPrivate: false,
      });
      expect(refused.status).toBeNull();
      expect(refused.error).toMatch(/refused/);
      expect(hits()).toBe(0);
      const allowed = await send({
        url: `http://localhost:${port}/`,
        body: '{}',
        headers: {},
        allowPrivate: true,
      });
      expect(allowed).toEqual({ status: 200, error: null });
      expect(hits()).toBe(1);
    } finally {
      server.close();
    }
  });
  it('connects to the address the resolver answered and checked, and resolves again each time', async () => {
    const { server, port, hits } = await countingServer();
    const answers = [['127.0.0.1'], ['93.184.215.14', '127.0.0.1']];
    const asked: string[] = [];
    const resolver = async (host: string) => {
      asked.push(host);
      return answers.shift() ?? [];
    };
    const url = `http://hooks.example.test:${port}/`;
    try {
      // With private addresses allowed, the name reaches the local server only through the resolver.
      expect(await send({ url, body: '{}', headers: {}, allowPrivate: true, resolver })).toEqual({
        status: 200,
        error: null,
      });
      // One private address among public ones is enough to refuse.
      const refused = await send({ url, body: '{}', headers: {}, allowPrivate: false, resolver });
      expect(refused.error).toMatch(/refused to connect to hooks\.example\.test \(127\.0\.0\.1\)/);
      expect(hits()).toBe(1);
      expect(asked).toEqual(['hooks.example.test', 'hooks.example.test']);
    } finally {
      server.close();
    }
  });
  it('gives up on an endpoint that does not answer in time', async () => {
    const server = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    try {
      const res = await send({
        url: `http://127.0.0.1:${port}/`,
        body: '{}',
        headers: {},
        allowPrivate: true,
        timeoutMs: 300,
      });
      expect(res.status).toBeNull();
      expect(res.error).toMatch(/no answer within/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

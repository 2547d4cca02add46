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
  ])('refuses %s', (a) => expect(isPrivateAddress(a)).toBe(true));
  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('allows %s', (a) => expect(isPrivateAddress(a)).toBe(false));
  it('parses only http(s) URLs without credentials', () => {
    expect('url' in parseWebhookUrl('https://example.com/x')).toBe(true);
    expect(parseWebhookUrl('file:///etc/passwd')).toEqual({ problem: 'must use http:// or https://' });
    expect('problem' in parseWebhookUrl('https://a:b@example.com/')).toBe(true);
    expect('problem' in parseWebhookUrl('/relative')).toBe(true);
  });
});

describe('sender', () => {
  it('refuses a host name that resolves to a private address at delivery time', async () => {
    let hits = 0;
    const server = createServer((_q, r) => {
      hits++;
      r.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    try {
      const refused = await send({
        url: `http://localhost:${port}/`,
        body: '{}',
        headers: {},
        allowPrivate: false,
      });
      expect(refused.status).toBeNull();
      expect(refused.error).toMatch(/refused/);
      expect(hits).toBe(0);
      const allowed = await send({
        url: `http://localhost:${port}/`,
        body: '{}',
        headers: {},
        allowPrivate: true,
      });
      expect(allowed).toEqual({ status: 200, error: null });
      expect(hits).toBe(1);
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

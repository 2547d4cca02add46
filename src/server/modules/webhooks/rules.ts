/**
 * Pure rules of webhooks: secrets and signatures after the Standard Webhooks specification, the
 * retry schedule, and which addresses a webhook may not reach. No I/O.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';

/** A new secret: `whsec_` and the base64 of 32 random bytes. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The HMAC key of a secret: the base64-decoded part after `whsec_`, as the specification says. */
export function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

/** `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`. */
export function sign(secret: string, messageId: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', keyOf(secret))
    .update(`${messageId}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** Check a `webhook-signature` header (space-separated signatures) — what a receiver does. */
export function verify(
  secret: string,
  messageId: string,
  timestamp: number,
  body: string,
  header: string,
): boolean {
  const expected = Buffer.from(sign(secret, messageId, timestamp, body));
  return header
    .split(' ')
    .map((s) => Buffer.from(s))
    .some((s) => s.length === expected.length && timingSafeEqual(s, expected));
}

/**
 * Waits before each retry: the first attempt goes out at once, then 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h and 10 h later (27 h 35 min in all), as Standard Webhooks' reference schedule; after the
 * last one the delivery has failed.
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  10 * 3600_000,
] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** After `attempts` failed attempts: when to try again, or null when the delivery has failed. */
export function nextAttemptAfter(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}

/** A 2xx answer is a delivery; anything else (3xx included: redirects are not followed) is retried. */
export const isSuccess = (status: number) => status >= 200 && status < 300;

/** Every address of a host name (the system's resolver; tests inject their own). */
export type HostResolver = (host: string) => Promise<string[]>;

const COMPATIBLE = ipaddr.parse('::');
const NAT64_LOCAL = ipaddr.parse('64:ff9b:1::');

/**
 * The IPv4 addresses an IPv6 address hands traffic on to, for the forms that carry one: IPv4-mapped
 * `::ffff:a.b.c.d` and IPv4-compatible `::a.b.c.d` (RFC 4291 2.5.5), IPv4-translated
 * `::ffff:0:a.b.c.d` (RFC 6145), the well-known NAT64 prefix `64:ff9b::/96` (RFC 6052), 6to4
 * `2002:AABB:CCDD::/48` (RFC 3056) and Teredo `2001:0:SSSS:SSSS:…:~CCCC:~CCCC` (RFC 4380: the
 * server and the client, whose address is the last 32 bits inverted). Null when the address
 * carries none, or none at a known place: in the local-use NAT64 network `64:ff9b:1::/48`
 * (RFC 8215) the IPv4 address sits where the operator's prefix length puts it (RFC 6052 2.2),
 * which an address does not tell, so that network stays what ipaddr.js calls it — not unicast.
 */
function carriedIpv4(address: ipaddr.IPv6): ipaddr.IPv4[] | null {
  const b = address.toByteArray();
  const at = (...i: number[]) => new ipaddr.IPv4(i.map((n) => b[n]!));
  const last32 = at(12, 13, 14, 15);
  switch (address.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
      return [last32];
    case 'rfc6052':
      return address.match(NAT64_LOCAL, 48) ? null : [last32];
    case '6to4':
      return [at(2, 3, 4, 5)];
    case 'teredo':
      return [at(4, 5, 6, 7), new ipaddr.IPv4(last32.octets.map((o) => o ^ 255))];
    case 'unicast':
      return address.match(COMPATIBLE, 96) ? [last32] : null;
    default:
      return null;
  }
}

/**
 * True for any address a webhook must not reach unless private addresses are allowed: everything
 * ipaddr.js does not classify as `unicast` (private, loopback, link-local, unique-local, CGNAT,
 * multicast, documentation, benchmarking, reserved, …), and an IPv6 address that carries an IPv4
 * address that is not `unicast`. Anything that is not an address at all is refused too.
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return true;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv4') return parsed.range() !== 'unicast';
  const carried = carriedIpv4(parsed as ipaddr.IPv6);
  if (carried) return carried.some((a) => a.range() !== 'unicast');
  return parsed.range() !== 'unicast';
}

/** Parse a webhook URL: http(s) only, no user name or password. Answers the problem, or the URL. */
export function parseWebhookUrl(value: string): { url: URL } | { problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'must be an absolute http:// or https:// URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { problem: 'must use http:// or https://' };
  if (url.username || url.password) return { problem: 'must not carry a user name or password' };
  if (!url.hostname) return { problem: 'must name a host' };
  return { url };
}

/** The host of a URL as `dns.lookup` and `isIP` take it (IPv6 literals without brackets). */
export const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

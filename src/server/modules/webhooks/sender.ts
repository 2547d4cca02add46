/**
 * Sending one webhook request. The host is resolved for every attempt and each address checked
 * before connecting (the connection uses exactly the addresses checked), so a name that later
 * resolves to a private address (DNS rebinding) is refused at delivery time as well.
 */
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type HostResolver, hostOf, isPrivateAddress, parseWebhookUrl } from './rules';

/** How long an endpoint has to answer, headers and body. */
export const SEND_TIMEOUT_MS = 10_000;

export interface SendResult {
  /** The HTTP status, or null when no answer came (refused, unreachable, timed out). */
  status: number | null;
  error: string | null;
}

const refusal = (address: string) =>
  `refused to connect to ${address}: a private, loopback or otherwise non-public address`;

/** The system's resolver: every address `dns.lookup` finds (what a connection would use). */
const systemResolver: HostResolver = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (err, addrs) =>
      err ? reject(err) : resolve(addrs.map((a) => a.address)),
    ),
  );

/**
 * Resolve a host to all its addresses and answer them, or the problem: no address, or one that is
 * not public (unless private addresses are allowed). An address literal is checked as it is.
 */
async function resolveChecked(
  host: string,
  allowPrivate: boolean,
  resolver: HostResolver,
): Promise<{ addresses: string[] } | { problem: string }> {
  if (isIP(host))
    return !allowPrivate && isPrivateAddress(host) ? { problem: refusal(host) } : { addresses: [host] };
  let addresses: string[];
  try {
    addresses = await resolver(host);
  } catch {
    return { problem: `the host ${host} could not be resolved` };
  }
  if (addresses.length === 0) return { problem: `the host ${host} has no address` };
  const bad = allowPrivate ? undefined : addresses.find(isPrivateAddress);
  return bad ? { problem: refusal(`${host} (${bad})`) } : { addresses };
}

/** Refuse a URL whose host has no address or any address that is not public. */
export async function checkHost(
  url: URL,
  allowPrivate: boolean,
  resolver: HostResolver = systemResolver,
): Promise<string | null> {
  const checked = await resolveChecked(hostOf(url), allowPrivate, resolver);
  return 'problem' in checked ? checked.problem : null;
}

/**
 * A `lookup` for http.request that resolves once, checks every address and hands the socket only
 * those checked addresses, so a second answer (DNS rebinding) never reaches the connection.
 */
function guardedLookup(allowPrivate: boolean, resolver: HostResolver): LookupFunction {
  return (hostname, options, callback) => {
    void resolveChecked(hostname, allowPrivate, resolver).then((checked) => {
      if ('problem' in checked)
        return callback(Object.assign(new Error(checked.problem), { code: 'EREFUSED' }), '', 4);
      const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
      const list = checked.addresses
        .map((address) => ({ address, family: isIP(address) }))
        .filter((a) => !wanted || a.family === wanted);
      if (list.length === 0)
        return callback(
          Object.assign(new Error(`no IPv${wanted} address for ${hostname}`), { code: 'ENOTFOUND' }),
          '',
          4,
        );
      if ((options as { all?: boolean }).all) return (callback as any)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

export interface SendInput {
  url: string;
  body: string;
  headers: Record<string, string>;
  allowPrivate: boolean;
  timeoutMs?: number;
  /** Where host names are resolved (the system's resolver unless a test injects one). */
  resolver?: HostResolver;
}

/** POST the body; never throws. Redirects are not followed. */
export function send(input: SendInput): Promise<SendResult> {
  const parsed = parseWebhookUrl(input.url);
  if ('problem' in parsed) return Promise.resolve({ status: null, error: `the URL ${parsed.problem}` });
  const { url } = parsed;
  const host = hostOf(url);
  if (isIP(host) && !input.allowPrivate && isPrivateAddress(host))
    return Promise.resolve({ status: null, error: refusal(host) });
  const timeoutMs = input.timeoutMs ?? SEND_TIMEOUT_MS;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const done = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers: { ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) },
      lookup: guardedLookup(input.allowPrivate, input.resolver ?? systemResolver),
      agent: false,
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    request.on('error', (err) => done({ status: null, error: err.message.slice(0, 500) }));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (text.length < 300) text += chunk;
      });
      response.on('error', (err) => done({ status, error: err.message.slice(0, 500) }));
      response.on('end', () =>
        done({
          status,
          error:
            status >= 200 && status < 300
              ? null
              : `HTTP ${status}${text.trim() ? `: ${text.trim().slice(0, 300)}` : ''}`,
        }),
      );
    });
    request.end(input.body);
  });
}

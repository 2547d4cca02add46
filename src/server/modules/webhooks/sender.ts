/**
 * Sending one webhook request. The host is resolved for every attempt and each address checked
 * before connecting (the connection uses exactly the addresses checked), so a name that later
 * resolves to a private address (DNS rebinding) is refused at delivery time as well.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { hostOf, isPrivateAddress, parseWebhookUrl } from './rules';

/** How long an endpoint has to answer, headers and body. */
export const SEND_TIMEOUT_MS = 10_000;

export interface SendResult {
  /** The HTTP status, or null when no answer came (refused, unreachable, timed out). */
  status: number | null;
  error: string | null;
}

const refusal = (address: string) =>
  `refused to connect to ${address}: a private, loopback or otherwise non-public address`;

/** Resolve a host to all its addresses; refuse if any of them is not public. */
export async function checkHost(url: URL, allowPrivate: boolean): Promise<string | null> {
  const host = hostOf(url);
  if (isIP(host)) return !allowPrivate && isPrivateAddress(host) ? refusal(host) : null;
  const addresses = await new Promise<LookupAddress[] | Error>((resolve) =>
    dnsLookup(host, { all: true }, (err, addrs) => resolve(err ?? addrs)),
  );
  if (addresses instanceof Error) return `the host ${host} could not be resolved`;
  if (addresses.length === 0) return `the host ${host} has no address`;
  if (!allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) return refusal(`${host} (${bad.address})`);
  }
  return null;
}

/** A `lookup` for http.request that refuses private addresses. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addrs) => {
      if (err) return callback(err, '', 4);
      const list = addrs as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad || list.length === 0)
        return callback(
          Object.assign(new Error(refusal(`${hostname} (${bad?.address ?? 'none'})`)), { code: 'EREFUSED' }),
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
      lookup: guardedLookup(input.allowPrivate),
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

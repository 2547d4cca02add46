/** What every capability's permission table shares: the types, the role groups and the fixtures' makers. */
import { randomBytes } from 'node:crypto';
import { ROLES, type Role } from '../../../src/contracts/accounts';
import { GOOD_SOW } from '../../fixtures/sow';
import type { Session, TestApp } from '../../helpers/app';
import { INTERNAL_MARKERS } from './vendor-facing';

export type Who = Role | 'anonymous';
export const WHO: Who[] = [...ROLES, 'anonymous'];

/** What the table's probes may use: a session per role and records of two vendors. */
export interface Fixtures {
  t: TestApp;
  as: Record<Role, Session>;
  /** The vendor user's own vendor, and another one. */
  own: { id: string; contactId: string; fileId: string };
  other: { id: string; contactId: string; fileId: string };
  /** A user that the users routes act on. */
  targetUserId: string;
}

export interface Probe {
  url: string;
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
  /** Send as this session instead of the role's own (logout ends the session it is sent with). */
  as?: Session;
}

export interface RouteCase {
  expect: Record<Who, number>;
  probe(who: Who, f: Fixtures): Promise<Probe> | Probe;
  /** For routes that take ids and that a vendor user may use: the same request with another vendor's ids. */
  otherVendor?(f: Fixtures): Promise<Probe> | Probe;
}

// The role groups of the policy table (src/contracts/policy.ts), written out again on purpose.
export const ADMINS: Role[] = ['owner', 'admin'];
export const WRITERS: Role[] = ['owner', 'admin', 'manager'];
export const INTERNAL: Role[] = ['owner', 'admin', 'manager', 'viewer', 'auditor'];
export const AUDIT: Role[] = ['owner', 'admin', 'auditor'];

/** `ok` for the roles allowed; 403 for other internal roles, 404 for a vendor user; 401 anonymously. */
export function allowed(roles: Role[], ok: number): Record<Who, number> {
  const out = { anonymous: 401 } as Record<Who, number>;
  for (const r of ROLES) out[r] = roles.includes(r) ? ok : r === 'vendor' ? 404 : 403;
  return out;
}
export const everyone = (ok: number) => allowed([...INTERNAL, 'vendor'], ok);
/** A public route: the same answer for everyone, signed in or not. */
export const open = (status: number) =>
  Object.fromEntries(WHO.map((w) => [w, status])) as Record<Who, number>;

export const uniq = () => randomBytes(4).toString('hex');

export function multipart(filename: string, content: string): Pick<Probe, 'raw' | 'headers'> {
  const boundary = `----outpost${uniq()}`;
  const raw = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { raw, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const V1 = '/api/v1';

/** Engagements with an approved SOW for the quality routes' probes: fresh ones where a probe changes state. */
export async function engagementFor(f: Fixtures, vendorId: string, approve = true, startDate = '2027-01-01') {
  const e = await f.t.call('POST', `${V1}/engagements`, {
    as: f.as.owner,
    body: {
      vendorId,
      title: `Matrix engagement ${uniq()}`,
      function: 'it',
      startDate,
      endDate: '2027-12-31',
      // A marker: the client's budget must never reach a vendor user (vendor-facing.ts).
      budget: INTERNAL_MARKERS.budget,
    },
  });
  if (e.status !== 201) throw new Error(`create engagement failed: ${e.status} ${e.text}`);
  if (!approve) return { id: e.body.id as string, deliverableId: '' };
  await f.t.call('PUT', `${V1}/engagements/${e.body.id}/sow`, { as: f.as.owner, body: GOOD_SOW });
  const sow = await f.t.call('POST', `${V1}/engagements/${e.body.id}/sow/approve`, { as: f.as.owner });
  if (sow.status !== 200) throw new Error(`approve SOW failed: ${sow.status} ${sow.text}`);
  return { id: e.body.id as string, deliverableId: sow.body.deliverables[0].id as string };
}
export const sharedEngagements = new WeakMap<
  Fixtures,
  Promise<{ own: { id: string; deliverableId: string }; other: { id: string; deliverableId: string } }>
>();
/** One approved engagement per vendor, made once, for read-only probes. */
export function qualityEngagements(f: Fixtures) {
  if (!sharedEngagements.has(f))
    sharedEngagements.set(
      f,
      (async () => ({ own: await engagementFor(f, f.own.id), other: await engagementFor(f, f.other.id) }))(),
    );
  return sharedEngagements.get(f)!;
}
export const ownEngagement = async (f: Fixtures) => (await qualityEngagements(f)).own.id;
export const otherEngagement = async (f: Fixtures) => (await qualityEngagements(f)).other.id;
export async function made(f: Fixtures, url: string, body: unknown): Promise<string> {
  const res = await f.t.call('POST', url, { as: f.as.owner, body });
  if (res.status !== 201) throw new Error(`POST ${url} failed: ${res.status} ${res.text}`);
  return res.body.id;
}

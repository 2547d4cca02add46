/**
 * The permission matrix: every route of the OpenAPI document, as every role and anonymously.
 * The expectations are written out here, by hand, mirroring the policy table (src/contracts/policy.ts), so that a
 * change to the policy (or a route that forgets to ask it) shows up as a failing cell. A route
 * that is not in the table fails the test: new routes must be classified.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/contracts/accounts';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type Method, PASSWORD, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import {
  ADMINS,
  AUDIT,
  allowed,
  engagementFor,
  everyone,
  type Fixtures,
  INTERNAL,
  made,
  multipart,
  open,
  otherEngagement,
  ownEngagement,
  type Probe,
  qualityEngagements,
  type RouteCase,
  uniq,
  V1,
  WHO,
  type Who,
  WRITERS,
} from './permissions/kit';
import { TEMPLATE as SCORED_TEMPLATE } from './permissions/questionnaires.routes';
import { INTERNAL_MARKERS, markersIn, vendorFacingChecker } from './permissions/vendor-facing';
import { approvedEngagement } from './quality-fixture';

const ORGANISATION = {
  name: 'Matrix Org',
  country: 'DE',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '17:00' },
};

/** A small business case made by the owner, for the business-case routes' probes. */
const BUSINESS_CASE = {
  name: 'Matrix case',
  function: 'it',
  currency: 'EUR',
  horizonYears: 2,
  inHouse: { roles: [{ title: 'Engineer', fte: 2, annualSalary: 6_000_000 }] },
  options: [
    {
      name: 'Bid',
      deliveryModel: 'offshore',
      currency: 'EUR',
      pricing: { model: 'fixed_monthly', monthlyFee: 500_000 },
    },
  ],
};
async function businessCase(f: Fixtures): Promise<string> {
  const res = await f.t.call('POST', '/api/v1/business-cases', { as: f.as.owner, body: BUSINESS_CASE });
  if (res.status !== 201) throw new Error(`create business case failed: ${res.status} ${res.text}`);
  return res.body.id;
}

/** A fresh engagement that started in January 2025: a scorecard rates a period it covers (decision 110). */
async function engagementFrom2025(f: Fixtures, vendorId: string) {
  const e = await engagementFor(f, vendorId, false);
  const moved = await f.t.call('PATCH', `${V1}/engagements/${e.id}`, {
    as: f.as.owner,
    body: { startDate: '2025-01-01' },
  });
  if (moved.status !== 200) throw new Error(`move engagement start failed: ${moved.status} ${moved.text}`);
  return e;
}

/** A scorecard of a fresh engagement: a draft, or scored and published. */
async function scorecardFor(f: Fixtures, vendorId: string, publish: boolean) {
  const e = await engagementFrom2025(f, vendorId);
  const card = await f.t.call('POST', `${V1}/engagements/${e.id}/scorecards`, {
    as: f.as.owner,
    body: { period: '2025-01' },
  });
  if (card.status !== 201) throw new Error(`create scorecard failed: ${card.status} ${card.text}`);
  const lines = ['quality', 'timeliness', 'communication', 'cost', 'security'].map((criterion) => ({
    criterion,
    score: 3,
  }));
  await f.t.call('PATCH', `${V1}/scorecards/${card.body.id}`, { as: f.as.owner, body: { lines } });
  if (publish) await f.t.call('POST', `${V1}/scorecards/${card.body.id}/publish`, { as: f.as.owner });
  return card.body.id as string;
}
const sharedScorecards = new WeakMap<Fixtures, Promise<{ own: string; other: string }>>();
/** One published scorecard per vendor, made once. */
function publishedScorecards(f: Fixtures) {
  if (!sharedScorecards.has(f))
    sharedScorecards.set(
      f,
      (async () => ({
        own: await scorecardFor(f, f.own.id, true),
        other: await scorecardFor(f, f.other.id, true),
      }))(),
    );
  return sharedScorecards.get(f)!;
}
/** A hand-in awaiting review on a fresh engagement of the vendor user's vendor. */
async function pendingSubmission(f: Fixtures) {
  const e = await engagementFor(f, f.own.id);
  const s = await f.t.call('POST', `${V1}/engagements/${e.id}/deliverables/${e.deliverableId}/submissions`, {
    as: f.as.owner,
    body: { note: 'matrix' },
  });
  return `${V1}/engagements/${e.id}/deliverables/${e.deliverableId}/submissions/${s.body.id}/review`;
}
const ACCEPT = { decision: 'accepted', criteria: [{ index: 0, passed: true }] };
const SCORECARD_SETTINGS = {
  cadence: 'monthly',
  weights: { quality: 30, timeliness: 25, communication: 15, cost: 15, security: 15 },
};

/** A change request on an engagement, raised by `as`; submitted when asked. */
async function changeRequestFor(f: Fixtures, engagementId: string, as: Session, submit: boolean) {
  const res = await f.t.call('POST', `${V1}/engagements/${engagementId}/change-requests`, {
    as,
    body: {
      title: `Matrix change ${uniq()}`,
      changes: { assumptions: ['Volumes as forecast in the RFP'] },
      submit,
    },
  });
  if (res.status !== 201) throw new Error(`create change request failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}
const sharedRequests = new WeakMap<Fixtures, Promise<{ own: string; other: string }>>();
/** One submitted change request per vendor's shared engagement, for read-only probes. */
function changeRequests(f: Fixtures) {
  if (!sharedRequests.has(f))
    sharedRequests.set(
      f,
      (async () => {
        const e = await qualityEngagements(f);
        return {
          own: await changeRequestFor(f, e.own.id, f.as.owner, true),
          other: await changeRequestFor(f, e.other.id, f.as.owner, true),
        };
      })(),
    );
  return sharedRequests.get(f)!;
}
/** A fresh engagement of the vendor user's vendor with a lint-clean draft SOW, ready to approve. */
async function draftReady(f: Fixtures) {
  const e = await engagementFor(f, f.own.id, false);
  await f.t.call('PUT', `${V1}/engagements/${e.id}/sow`, { as: f.as.owner, body: GOOD_SOW });
  return e.id;
}

/** Diligence records made by the owner, for the diligence routes' probes. */
const CERT = { standard: 'iso27001', expiresOn: '2031-01-31', issuer: 'Matrix Registrar' };
const cert = (f: Fixtures, vendorId: string) => made(f, `${V1}/vendors/${vendorId}/certifications`, CERT);
const reference = (f: Fixtures, vendorId: string) =>
  made(f, `${V1}/vendors/${vendorId}/references`, {
    refereeOrganisation: 'Matrix Referee',
    verdict: 'positive',
  });
const pastClient = (f: Fixtures, vendorId: string) =>
  made(f, `${V1}/vendors/${vendorId}/past-clients`, { client: 'Matrix Client' });
/** A notification addressed to a user, written through the service (nothing in the API creates one). */
async function notification(f: Fixtures, userId: string): Promise<string> {
  const db = f.t.db.database.db;
  await f.t.app.services.notifications.notify(db, {
    userIds: [userId],
    type: 'matrix',
    title: 'Matrix',
    body: 'A probe',
    dedupeKey: `matrix-${uniq()}`,
  });
  const row = await db
    .selectFrom('notifications')
    .select('id')
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Capabilities keep their rows in test/api/permissions/<capability>.routes.ts (each exporting
 * `routes`), merged here; a route classified twice fails the test.
 */
const EXTRA: Record<string, RouteCase>[] = [];
const DUPLICATED: string[] = [];
const here = dirname(fileURLToPath(import.meta.url));
for (const name of readdirSync(join(here, 'permissions'))
  .filter((n) => n.endsWith('.routes.ts'))
  .sort())
  EXTRA.push((await import(join(here, 'permissions', name))).routes as Record<string, RouteCase>);

const ROUTES: Record<string, RouteCase> = {
  // System and accounts
  [`GET ${V1}/health`]: { expect: open(200), probe: () => ({ url: `${V1}/health` }) },
  [`GET ${V1}/setup`]: { expect: open(200), probe: () => ({ url: `${V1}/setup` }) },
  [`POST ${V1}/setup`]: {
    expect: open(409),
    probe: () => ({
      url: `${V1}/setup`,
      body: { name: 'Late', email: `late-${uniq()}@example.com`, password: PASSWORD },
    }),
  },
  [`POST ${V1}/auth/login`]: {
    // Reachable without a session (422 for the missing password, not 401).
    expect: open(422),
    probe: () => ({ url: `${V1}/auth/login`, body: { email: 'nobody@example.com' } }),
  },
  [`POST ${V1}/auth/logout`]: {
    expect: everyone(204),
    probe: async (who, f) =>
      who === 'anonymous'
        ? { url: `${V1}/auth/logout` }
        : { url: `${V1}/auth/logout`, as: await f.t.login(f.as[who].email!) },
  },
  [`GET ${V1}/me`]: { expect: everyone(200), probe: () => ({ url: `${V1}/me` }) },
  [`POST ${V1}/me/password`]: {
    // A wrong current password: reachable by every signed-in user, and nothing changes.
    expect: everyone(422),
    probe: () => ({
      url: `${V1}/me/password`,
      body: { currentPassword: 'not the password', newPassword: 'another long password' },
    }),
  },
  [`GET ${V1}/users`]: { expect: allowed(ADMINS, 200), probe: () => ({ url: `${V1}/users` }) },
  [`POST ${V1}/users`]: {
    expect: allowed(ADMINS, 201),
    probe: () => ({
      url: `${V1}/users`,
      body: { name: 'Matrix User', email: `m-${uniq()}@example.com`, password: PASSWORD, role: 'viewer' },
    }),
  },
  [`GET ${V1}/users/{id}`]: {
    expect: allowed(ADMINS, 200),
    probe: (_w, f) => ({ url: `${V1}/users/${f.targetUserId}` }),
  },
  [`PATCH ${V1}/users/{id}`]: {
    expect: allowed(ADMINS, 200),
    probe: (_w, f) => ({ url: `${V1}/users/${f.targetUserId}`, body: { name: `Target ${uniq()}` } }),
  },
  [`POST ${V1}/tokens`]: {
    expect: everyone(201),
    probe: () => ({ url: `${V1}/tokens`, body: { name: 'matrix', scope: 'read' } }),
  },
  [`GET ${V1}/tokens`]: { expect: everyone(200), probe: () => ({ url: `${V1}/tokens` }) },
  [`DELETE ${V1}/tokens/{id}`]: {
    expect: everyone(204),
    probe: async (who, f) => {
      const creator = f.as[who === 'anonymous' ? 'owner' : who];
      const token = await f.t.call('POST', `${V1}/tokens`, {
        as: creator,
        body: { name: 'to revoke', scope: 'read' },
      });
      return { url: `${V1}/tokens/${token.body.id}` };
    },
    // Tokens belong to users, not vendors: someone else's token is not there for a vendor user.
    otherVendor: async (f) => {
      const token = await f.t.call('POST', `${V1}/tokens`, {
        as: f.as.owner,
        body: { name: 'not yours', scope: 'read' },
      });
      return { url: `${V1}/tokens/${token.body.id}` };
    },
  },
  [`GET ${V1}/settings/organisation`]: {
    expect: everyone(200),
    probe: () => ({ url: `${V1}/settings/organisation` }),
  },
  [`PUT ${V1}/settings/organisation`]: {
    expect: allowed(ADMINS, 200),
    probe: () => ({ url: `${V1}/settings/organisation`, body: ORGANISATION }),
  },

  // Audit
  [`GET ${V1}/audit-events`]: { expect: allowed(AUDIT, 200), probe: () => ({ url: `${V1}/audit-events` }) },
  [`GET ${V1}/audit-events/verify`]: {
    expect: allowed(AUDIT, 200),
    probe: () => ({ url: `${V1}/audit-events/verify` }),
  },

  // Engagements, statements of work and change requests: vendor users read and propose on their own.
  [`GET ${V1}/engagements`]: { expect: everyone(200), probe: () => ({ url: `${V1}/engagements` }) },
  [`POST ${V1}/engagements`]: {
    expect: allowed(WRITERS, 201),
    probe: (_w, f) => ({
      url: `${V1}/engagements`,
      body: { vendorId: f.own.id, title: `Matrix ${uniq()}`, function: 'it', startDate: '2027-01-01' },
    }),
  },
  [`GET ${V1}/engagements/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}` }),
    otherVendor: async (f) => ({ url: `${V1}/engagements/${await otherEngagement(f)}` }),
  },
  [`PATCH ${V1}/engagements/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${await ownEngagement(f)}`,
      body: { noticePeriodDays: 60 },
    }),
  },
  [`GET ${V1}/engagements/{id}/sow`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/sow` }),
    otherVendor: async (f) => ({ url: `${V1}/engagements/${await otherEngagement(f)}/sow` }),
  },
  [`PUT ${V1}/engagements/{id}/sow`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${(await engagementFor(f, f.own.id, false)).id}/sow`,
      body: GOOD_SOW,
    }),
  },
  [`GET ${V1}/engagements/{id}/sow/versions`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/sow/versions` }),
    otherVendor: async (f) => ({ url: `${V1}/engagements/${await otherEngagement(f)}/sow/versions` }),
  },
  [`POST ${V1}/engagements/{id}/sow/approve`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await draftReady(f)}/sow/approve` }),
  },
  [`GET ${V1}/engagements/{id}/sow/lint`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/sow/lint` }),
    otherVendor: async (f) => ({ url: `${V1}/engagements/${await otherEngagement(f)}/sow/lint` }),
  },
  [`POST ${V1}/engagements/{id}/sow/lint`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/sow/lint`, body: GOOD_SOW }),
    otherVendor: async (f) => ({
      url: `${V1}/engagements/${await otherEngagement(f)}/sow/lint`,
      body: GOOD_SOW,
    }),
  },
  [`GET ${V1}/engagements/{id}/sow/diff`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/sow/diff?from=1&to=1` }),
    otherVendor: async (f) => ({ url: `${V1}/engagements/${await otherEngagement(f)}/sow/diff?from=1&to=1` }),
  },
  [`GET ${V1}/engagements/{id}/sow/export`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${await ownEngagement(f)}/sow/export?format=markdown`,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/engagements/${await otherEngagement(f)}/sow/export?format=markdown`,
    }),
  },
  [`GET ${V1}/engagements/{id}/change-requests`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/change-requests` }),
    otherVendor: async (f) => ({ url: `${V1}/engagements/${await otherEngagement(f)}/change-requests` }),
  },
  [`POST ${V1}/engagements/{id}/change-requests`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${await ownEngagement(f)}/change-requests`,
      body: { title: 'Matrix change', changes: { assumptions: ['Volumes as forecast'] } },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/engagements/${await otherEngagement(f)}/change-requests`,
      body: { title: 'Intruder change', changes: { assumptions: ['x'] } },
    }),
  },
  [`GET ${V1}/change-requests/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/change-requests/${(await changeRequests(f)).own}` }),
    otherVendor: async (f) => ({ url: `${V1}/change-requests/${(await changeRequests(f)).other}` }),
  },
  [`POST ${V1}/change-requests/{id}/submit`]: {
    // A draft is submitted by whoever drafted it (or an internal writer): each caller submits their own.
    expect: allowed([...WRITERS, 'vendor'], 200),
    probe: async (who, f) => {
      const as = who === 'anonymous' || who === 'viewer' || who === 'auditor' ? f.as.owner : f.as[who];
      return {
        url: `${V1}/change-requests/${await changeRequestFor(f, await ownEngagement(f), as, false)}/submit`,
      };
    },
    otherVendor: async (f) => ({
      url: `${V1}/change-requests/${await changeRequestFor(f, await otherEngagement(f), f.as.owner, false)}/submit`,
    }),
  },
  [`POST ${V1}/change-requests/{id}/approve`]: {
    // On a fresh engagement each time: approving moves the baseline.
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => {
      const e = await engagementFor(f, f.own.id);
      return { url: `${V1}/change-requests/${await changeRequestFor(f, e.id, f.as.owner, true)}/approve` };
    },
  },
  [`POST ${V1}/change-requests/{id}/reject`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/change-requests/${await changeRequestFor(f, await ownEngagement(f), f.as.owner, true)}/reject`,
      body: { comment: 'Not in this quarter' },
    }),
  },

  // KPI measurements and SLAs: vendor users report and read for their own engagements only.
  [`POST ${V1}/engagements/{id}/measurements`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: async (_w, f) => {
      const e = (await slaEngagements(f)).own;
      return {
        url: `${V1}/engagements/${e.id}/measurements`,
        body: { items: [{ kpiId: e.kpiId, at: '2027-03-02T10:00:00Z', value: 12 }] },
      };
    },
    otherVendor: async (f) => {
      const e = (await slaEngagements(f)).other;
      return {
        url: `${V1}/engagements/${e.id}/measurements`,
        body: { items: [{ kpiId: e.kpiId, at: '2027-03-02T10:00:00Z', value: 12 }] },
      };
    },
  },
  [`POST ${V1}/measurements/import`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: async (_w, f) => {
      const e = (await slaEngagements(f)).own;
      return {
        url: `${V1}/measurements/import`,
        raw: `engagement,kpi,at,value\n${e.id},${e.kpiId},2027-03-03T10:00:00Z,15\n`,
        headers: { 'content-type': 'text/csv' },
      };
    },
  },
  [`GET ${V1}/engagements/{id}/sla`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${(await slaEngagements(f)).own.id}/sla?period=2027-03`,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/engagements/${(await slaEngagements(f)).other.id}/sla?period=2027-03`,
    }),
  },
  [`GET ${V1}/engagements/{id}/sla/history`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${(await slaEngagements(f)).own.id}/sla/history?periods=3`,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/engagements/${(await slaEngagements(f)).other.id}/sla/history`,
    }),
  },
  [`GET ${V1}/engagements/{id}/sla-settings`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${(await slaEngagements(f)).own.id}/sla-settings` }),
    otherVendor: async (f) => ({
      url: `${V1}/engagements/${(await slaEngagements(f)).other.id}/sla-settings`,
    }),
  },
  [`PUT ${V1}/engagements/{id}/sla-settings`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${(await slaEngagements(f)).own.id}/sla-settings`,
      body: { earnBack: { enabled: true, periods: 2 }, graceHours: 24 },
    }),
  },
  [`GET ${V1}/quality/portfolio`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/quality/portfolio?period=2027-03` }),
  },
  [`POST ${V1}/sla/close`]: { expect: allowed(ADMINS, 200), probe: () => ({ url: `${V1}/sla/close` }) },

  // Vendors
  [`GET ${V1}/vendors`]: { expect: everyone(200), probe: () => ({ url: `${V1}/vendors` }) },
  [`POST ${V1}/vendors`]: {
    expect: allowed(WRITERS, 201),
    probe: () => ({ url: `${V1}/vendors`, body: { name: `Matrix ${uniq()}`, country: 'DE' } }),
  },
  [`GET ${V1}/vendors/export`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/vendors/export` }),
  },
  [`POST ${V1}/vendors/import`]: {
    expect: allowed(WRITERS, 200),
    probe: () => ({
      url: `${V1}/vendors/import`,
      raw: `name,country\nImported ${uniq()},FR\n`,
      headers: { 'content-type': 'text/csv' },
    }),
  },
  [`GET ${V1}/vendors/{id}`]: {
    expect: everyone(200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}` }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}` }),
  },
  [`PATCH ${V1}/vendors/{id}`]: {
    expect: allowed([...WRITERS, 'vendor'], 200),
    probe: (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}`,
      body: { website: 'https://own.example.com' },
    }),
    otherVendor: (f) => ({
      url: `${V1}/vendors/${f.other.id}`,
      body: { website: 'https://taken.example.com' },
    }),
  },
  [`DELETE ${V1}/vendors/{id}`]: {
    expect: allowed(WRITERS, 204),
    // Internal roles delete a vendor of their own making; the vendor user tries their own.
    probe: async (w, f) => ({ url: `${V1}/vendors/${w === 'vendor' ? f.own.id : (await f.t.vendor()).id}` }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}` }),
  },
  [`GET ${V1}/vendors/{id}/contacts`]: {
    expect: everyone(200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/contacts` }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}/contacts` }),
  },
  [`POST ${V1}/vendors/{id}/contacts`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/contacts`, body: { name: 'Matrix Contact' } }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}/contacts`, body: { name: 'Intruder' } }),
  },
  [`PATCH ${V1}/vendors/{id}/contacts/{contactId}`]: {
    expect: allowed([...WRITERS, 'vendor'], 200),
    probe: (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}/contacts/${f.own.contactId}`,
      body: { role: 'Lead' },
    }),
    otherVendor: (f) => ({
      url: `${V1}/vendors/${f.other.id}/contacts/${f.other.contactId}`,
      body: { role: 'Pwned' },
    }),
  },
  [`DELETE ${V1}/vendors/{id}/contacts/{contactId}`]: {
    expect: allowed([...WRITERS, 'vendor'], 204),
    probe: async (_w, f) => {
      const c = await f.t.call('POST', `${V1}/vendors/${f.own.id}/contacts`, {
        as: f.as.owner,
        body: { name: 'Short Lived' },
      });
      return { url: `${V1}/vendors/${f.own.id}/contacts/${c.body.id}` };
    },
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}/contacts/${f.other.contactId}` }),
  },

  // Business cases: competitors' bids, so internal roles only; a vendor user finds nothing.
  [`GET ${V1}/business-cases`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/business-cases` }),
  },
  [`POST ${V1}/business-cases`]: {
    expect: allowed(WRITERS, 201),
    probe: () => ({ url: `${V1}/business-cases`, body: BUSINESS_CASE }),
  },
  [`GET ${V1}/business-cases/{id}`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/business-cases/${await businessCase(f)}` }),
  },
  [`PUT ${V1}/business-cases/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({ url: `${V1}/business-cases/${await businessCase(f)}`, body: BUSINESS_CASE }),
  },
  [`DELETE ${V1}/business-cases/{id}`]: {
    expect: allowed(WRITERS, 204),
    probe: async (_w, f) => ({ url: `${V1}/business-cases/${await businessCase(f)}` }),
  },
  [`GET ${V1}/business-cases/{id}/analysis`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/business-cases/${await businessCase(f)}/analysis` }),
  },
  [`GET ${V1}/business-cases/{id}/export`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/business-cases/${await businessCase(f)}/export?format=csv` }),
  },

  // Deliverables: everyone reads their engagements'; vendor users and writers hand in; writers review.
  [`GET ${V1}/engagements/{id}/deliverables`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${(await qualityEngagements(f)).own.id}/deliverables`,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/engagements/${(await qualityEngagements(f)).other.id}/deliverables`,
    }),
  },
  [`GET ${V1}/engagements/{id}/deliverables/stats`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${(await qualityEngagements(f)).own.id}/deliverables/stats`,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/engagements/${(await qualityEngagements(f)).other.id}/deliverables/stats`,
    }),
  },
  [`POST ${V1}/engagements/{id}/deliverables/{deliverableId}/submissions`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: async (_w, f) => {
      const e = await engagementFor(f, f.own.id);
      return {
        url: `${V1}/engagements/${e.id}/deliverables/${e.deliverableId}/submissions`,
        body: { note: 'm' },
      };
    },
    otherVendor: async (f) => {
      const e = (await qualityEngagements(f)).other;
      return {
        url: `${V1}/engagements/${e.id}/deliverables/${e.deliverableId}/submissions`,
        body: { note: 'x' },
      };
    },
  },
  [`POST ${V1}/engagements/{id}/deliverables/{deliverableId}/submissions/{submissionId}/review`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({ url: await pendingSubmission(f), body: ACCEPT }),
  },

  // Scorecards: writers keep them; vendor users read their published ones and respond.
  [`GET ${V1}/engagements/{id}/scorecard-settings`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${(await qualityEngagements(f)).own.id}/scorecard-settings`,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/engagements/${(await qualityEngagements(f)).other.id}/scorecard-settings`,
    }),
  },
  [`PUT ${V1}/engagements/{id}/scorecard-settings`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${(await qualityEngagements(f)).own.id}/scorecard-settings`,
      body: SCORECARD_SETTINGS,
    }),
  },
  [`GET ${V1}/engagements/{id}/scorecards`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${(await qualityEngagements(f)).own.id}/scorecards` }),
    otherVendor: async (f) => ({
      url: `${V1}/engagements/${(await qualityEngagements(f)).other.id}/scorecards`,
    }),
  },
  [`POST ${V1}/engagements/{id}/scorecards`]: {
    expect: allowed(WRITERS, 201),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${(await engagementFrom2025(f, f.own.id)).id}/scorecards`,
      body: { period: '2025-01' },
    }),
  },
  [`GET ${V1}/scorecards/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/scorecards/${(await publishedScorecards(f)).own}` }),
    otherVendor: async (f) => ({ url: `${V1}/scorecards/${(await publishedScorecards(f)).other}` }),
  },
  [`PATCH ${V1}/scorecards/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/scorecards/${await scorecardFor(f, f.own.id, false)}`,
      body: { summary: 'Matrix' },
    }),
  },
  [`POST ${V1}/scorecards/{id}/publish`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({ url: `${V1}/scorecards/${await scorecardFor(f, f.own.id, false)}/publish` }),
  },
  [`POST ${V1}/scorecards/{id}/responses`]: {
    // Only the vendor's side responds; internal roles answer instead (403).
    expect: allowed(['vendor'], 201),
    probe: async (_w, f) => ({
      url: `${V1}/scorecards/${(await publishedScorecards(f)).own}/responses`,
      body: { kind: 'response', comment: 'Thanks' },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/scorecards/${(await publishedScorecards(f)).other}/responses`,
      body: { kind: 'response', comment: 'Hello' },
    }),
  },
  [`POST ${V1}/scorecards/{id}/responses/{responseId}/answer`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => {
      const id = (await publishedScorecards(f)).own;
      const r = await f.t.call('POST', `${V1}/scorecards/${id}/responses`, {
        as: f.as.vendor,
        body: { kind: 'dispute', criterion: 'cost', comment: 'Too low' },
      });
      return {
        url: `${V1}/scorecards/${id}/responses/${r.body.responses.at(-1).id}/answer`,
        body: { comment: 'Noted' },
      };
    },
  },

  // Diligence: vendor users keep their own certificates and past clients; references, the
  // checklist and the track record are internal.
  [`GET ${V1}/diligence/settings`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/diligence/settings` }),
  },
  [`PUT ${V1}/diligence/settings`]: {
    expect: allowed(ADMINS, 200),
    probe: () => ({
      url: `${V1}/diligence/settings`,
      body: {
        expiringWindowDays: 90,
        requirements: { low: [], medium: [], high: [], critical: [{ kind: 'references', minPositive: 2 }] },
      },
    }),
  },
  [`GET ${V1}/vendors/{id}/certifications`]: {
    expect: everyone(200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/certifications` }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}/certifications` }),
  },
  [`POST ${V1}/vendors/{id}/certifications`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/certifications`, body: CERT }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}/certifications`, body: CERT }),
  },
  [`GET ${V1}/vendors/{id}/certifications/{certId}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/certifications/${await cert(f, f.own.id)}` }),
    otherVendor: async (f) => ({
      url: `${V1}/vendors/${f.other.id}/certifications/${await cert(f, f.other.id)}`,
    }),
  },
  [`PATCH ${V1}/vendors/{id}/certifications/{certId}`]: {
    expect: allowed([...WRITERS, 'vendor'], 200),
    probe: async (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}/certifications/${await cert(f, f.own.id)}`,
      body: { scope: 'Matrix scope' },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/vendors/${f.other.id}/certifications/${await cert(f, f.other.id)}`,
      body: { scope: 'Pwned' },
    }),
  },
  [`DELETE ${V1}/vendors/{id}/certifications/{certId}`]: {
    expect: allowed([...WRITERS, 'vendor'], 204),
    probe: async (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/certifications/${await cert(f, f.own.id)}` }),
    otherVendor: async (f) => ({
      url: `${V1}/vendors/${f.other.id}/certifications/${await cert(f, f.other.id)}`,
    }),
  },
  [`POST ${V1}/vendors/{id}/certifications/{certId}/verify`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}/certifications/${await cert(f, f.own.id)}/verify`,
    }),
  },
  [`GET ${V1}/vendors/{id}/references`]: {
    expect: allowed(INTERNAL, 200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/references` }),
  },
  [`POST ${V1}/vendors/{id}/references`]: {
    expect: allowed(WRITERS, 201),
    probe: (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}/references`,
      body: { refereeOrganisation: 'Matrix Referee', verdict: 'neutral' },
    }),
  },
  [`GET ${V1}/vendors/{id}/references/{refId}`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/references/${await reference(f, f.own.id)}` }),
  },
  [`PATCH ${V1}/vendors/{id}/references/{refId}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}/references/${await reference(f, f.own.id)}`,
      body: { notes: 'Matrix' },
    }),
  },
  [`DELETE ${V1}/vendors/{id}/references/{refId}`]: {
    expect: allowed(WRITERS, 204),
    probe: async (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/references/${await reference(f, f.own.id)}` }),
  },
  [`GET ${V1}/vendors/{id}/past-clients`]: {
    expect: everyone(200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/past-clients` }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}/past-clients` }),
  },
  [`POST ${V1}/vendors/{id}/past-clients`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/past-clients`, body: { client: 'Matrix Client' } }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}/past-clients`, body: { client: 'Intruder' } }),
  },
  [`PATCH ${V1}/vendors/{id}/past-clients/{clientId}`]: {
    expect: allowed([...WRITERS, 'vendor'], 200),
    probe: async (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}/past-clients/${await pastClient(f, f.own.id)}`,
      body: { service: 'Matrix' },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/vendors/${f.other.id}/past-clients/${await pastClient(f, f.other.id)}`,
      body: { service: 'Pwned' },
    }),
  },
  [`DELETE ${V1}/vendors/{id}/past-clients/{clientId}`]: {
    expect: allowed([...WRITERS, 'vendor'], 204),
    probe: async (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}/past-clients/${await pastClient(f, f.own.id)}`,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/vendors/${f.other.id}/past-clients/${await pastClient(f, f.other.id)}`,
    }),
  },
  [`GET ${V1}/vendors/{id}/track-record`]: {
    expect: allowed(INTERNAL, 200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/track-record` }),
  },
  [`GET ${V1}/vendors/{id}/checklist`]: {
    expect: allowed(INTERNAL, 200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/checklist` }),
  },

  // Notifications: everyone reads and marks their own; another user's is not there.
  [`GET ${V1}/notifications`]: {
    expect: everyone(200),
    probe: () => ({ url: `${V1}/notifications?unread=true` }),
  },
  [`POST ${V1}/notifications/read-all`]: {
    expect: everyone(200),
    probe: () => ({ url: `${V1}/notifications/read-all` }),
  },
  [`POST ${V1}/notifications/{id}/read`]: {
    expect: everyone(200),
    probe: async (w, f) => ({
      url: `${V1}/notifications/${await notification(f, f.as[w === 'anonymous' ? 'owner' : w].userId)}/read`,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/notifications/${await notification(f, f.as.owner.userId)}/read`,
    }),
  },

  // Planner: internal roles only (it looks up any vendor by id).
  [`GET ${V1}/planner/overlap`]: {
    expect: allowed(INTERNAL, 200),
    probe: (_w, f) => ({
      url: `${V1}/planner/overlap?from=2027-03-01&to=2027-03-07&parties=${encodeURIComponent(JSON.stringify(['org', f.own.id]))}`,
    }),
  },
  [`GET ${V1}/planner/recurring-slot`]: {
    expect: allowed(INTERNAL, 200),
    probe: (_w, f) => ({
      url: `${V1}/planner/recurring-slot?from=2027-03-01&to=2027-03-31&parties=${encodeURIComponent(JSON.stringify(['org', f.own.id]))}`,
    }),
  },

  // Vendor portal: internal writers invite; the invitation link (its token) is the credential.
  [`POST ${V1}/vendors/{id}/invitations`]: {
    expect: allowed(WRITERS, 201),
    probe: (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}/invitations`,
      body: { email: `invitee-${uniq()}@example.com`, name: 'Invitee' },
    }),
  },
  [`GET ${V1}/invitations/{token}`]: {
    expect: open(200),
    probe: async (_w, f) => ({ url: `${V1}/invitations/${await invitation(f, f.own.id)}` }),
    // A used invitation of the other vendor is no longer there.
    otherVendor: async (f) => {
      const token = await invitation(f, f.other.id);
      await f.t.call('POST', `${V1}/invitations/${token}/accept`, { body: { password: PASSWORD } });
      return { url: `${V1}/invitations/${token}` };
    },
  },
  [`POST ${V1}/invitations/{token}/accept`]: {
    expect: open(200),
    probe: async (_w, f) => ({
      url: `${V1}/invitations/${await invitation(f, f.own.id)}/accept`,
      body: { password: PASSWORD },
    }),
    otherVendor: () => ({ url: `${V1}/invitations/${uniq()}${uniq()}/accept`, body: { password: PASSWORD } }),
  },

  // Threads and messages: vendor users in shared threads of their own vendor's engagements.
  [`POST ${V1}/engagements/{id}/threads`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${await ownEngagement(f)}/threads`,
      body: { title: 'Probe thread', visibility: 'shared' },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/engagements/${await otherEngagement(f)}/threads`,
      body: { title: 'Probe thread', visibility: 'shared' },
    }),
  },
  [`GET ${V1}/engagements/{id}/threads`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/threads` }),
    otherVendor: async (f) => ({ url: `${V1}/engagements/${await otherEngagement(f)}/threads` }),
  },
  [`GET ${V1}/threads/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/threads/${(await threads(f)).own}` }),
    otherVendor: async (f) => ({ url: `${V1}/threads/${(await threads(f)).other}` }),
  },
  [`POST ${V1}/threads/{id}/messages`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: async (_w, f) => ({
      url: `${V1}/threads/${(await threads(f)).own}/messages`,
      body: { body: 'Probe' },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/threads/${(await threads(f)).other}/messages`,
      body: { body: 'Probe' },
    }),
  },
  [`GET ${V1}/threads/{id}/messages`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/threads/${(await threads(f)).own}/messages` }),
    otherVendor: async (f) => ({ url: `${V1}/threads/${(await threads(f)).other}/messages` }),
  },
  [`PATCH ${V1}/messages/{id}`]: {
    expect: allowed([...WRITERS, 'vendor'], 200),
    probe: async (w, f) => ({ url: `${V1}/messages/${await messageBy(f, w)}`, body: { body: 'Edited' } }),
    otherVendor: async (f) => ({
      url: `${V1}/messages/${await messageBy(f, 'owner', 'other')}`,
      body: { body: 'x' },
    }),
  },
  [`DELETE ${V1}/messages/{id}`]: {
    expect: allowed([...WRITERS, 'vendor'], 204),
    probe: async (w, f) => ({ url: `${V1}/messages/${await messageBy(f, w)}` }),
    otherVendor: async (f) => ({ url: `${V1}/messages/${await messageBy(f, 'owner', 'other')}` }),
  },

  // Files: vendor users see their own vendor's files; read-only roles do not upload.
  [`POST ${V1}/files`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: () => ({ url: `${V1}/files`, ...multipart('matrix.txt', 'a plain text note\n') }),
  },
  [`GET ${V1}/files/{id}`]: {
    expect: everyone(200),
    probe: (w, f) => ({ url: `${V1}/files/${w === 'vendor' ? f.own.fileId : f.other.fileId}` }),
    otherVendor: (f) => ({ url: `${V1}/files/${f.other.fileId}` }),
  },
  [`GET ${V1}/files/{id}/meta`]: {
    expect: everyone(200),
    probe: (w, f) => ({ url: `${V1}/files/${w === 'vendor' ? f.own.fileId : f.other.fileId}/meta` }),
    otherVendor: (f) => ({ url: `${V1}/files/${f.other.fileId}/meta` }),
  },
};
for (const table of EXTRA)
  for (const [key, c] of Object.entries(table)) {
    if (ROUTES[key]) DUPLICATED.push(key);
    ROUTES[key] = c;
  }

/** A shared thread on each vendor's engagement, made once by the owner. */
const sharedThreads = new WeakMap<Fixtures, Promise<{ own: string; other: string }>>();
function threads(f: Fixtures) {
  if (!sharedThreads.has(f)) {
    const make = async (engagementId: string) => {
      const res = await f.t.call('POST', `${V1}/engagements/${engagementId}/threads`, {
        as: f.as.owner,
        body: { title: 'Matrix thread', visibility: 'shared' },
      });
      if (res.status !== 201) throw new Error(`create thread failed: ${res.status} ${res.text}`);
      return res.body.id as string;
    };
    sharedThreads.set(
      f,
      (async () => ({
        own: await make(await ownEngagement(f)),
        other: await make(await otherEngagement(f)),
      }))(),
    );
  }
  return sharedThreads.get(f)!;
}

/** A message in a shared thread, by the role itself where it may post (else by the owner). */
async function messageBy(f: Fixtures, who: Who, side: 'own' | 'other' = 'own'): Promise<string> {
  const author =
    who !== 'anonymous' && [...WRITERS, 'vendor'].includes(who) && side === 'own' ? f.as[who] : f.as.owner;
  const res = await f.t.call('POST', `${V1}/threads/${(await threads(f))[side]}/messages`, {
    as: author,
    body: { body: `Matrix message ${uniq()}` },
  });
  if (res.status !== 201) throw new Error(`post message failed: ${res.status} ${res.text}`);
  return res.body.id;
}

/** A fresh portal invitation of a vendor, made by the owner; answers its token. */
async function invitation(f: Fixtures, vendorId: string): Promise<string> {
  const res = await f.t.call('POST', `${V1}/vendors/${vendorId}/invitations`, {
    as: f.as.owner,
    body: { email: `invitee-${uniq()}@example.com`, name: 'Invitee' },
  });
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${res.text}`);
  return String(res.body.url).split('/invitations/')[1]!;
}

/** One approved engagement per vendor with the measurement KPIs, made once, and its mean KPI's id. */
const slaShared = new WeakMap<Fixtures, Promise<Record<'own' | 'other', { id: string; kpiId: string }>>>();
function slaEngagements(f: Fixtures) {
  const make = async (vendorId: string) => {
    const e = await approvedEngagement(f.t, f.as.owner, vendorId);
    return { id: e.id, kpiId: e.kpi.asa };
  };
  if (!slaShared.has(f))
    slaShared.set(f, (async () => ({ own: await make(f.own.id), other: await make(f.other.id) }))());
  return slaShared.get(f)!;
}

/** Every operation of the API document as `METHOD /path`. */
async function documentedRoutes(t: TestApp): Promise<string[]> {
  const doc = (await t.call('GET', `${V1}/openapi.json`)).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method))
        out.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return out;
}

/** Routes that answer without signing in, the same to everyone. */
const PUBLIC = new Set([
  `GET ${V1}/health`,
  `GET ${V1}/ready`,
  `GET ${V1}/setup`,
  `GET ${V1}/invitations/{token}`,
  `POST ${V1}/invitations/{token}/accept`,
]);

async function send(f: Fixtures, key: string, probe: Probe, who: Who) {
  const method = key.split(' ')[0] as Method;
  const as = probe.as ?? (who === 'anonymous' ? undefined : f.as[who]);
  return f.t.call(method, probe.url, { as, body: probe.body, raw: probe.raw, headers: probe.headers });
}

describe.each(dialects)('permission matrix on %s', (dialect) => {
  let t: TestApp;
  let f: Fixtures;
  let routes: string[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const owner = await t.owner();
    // The vendor user's own vendor, with every internal field filled in (vendor-facing.ts).
    const own = await t.vendor({
      name: 'Own Vendor',
      notes: INTERNAL_MARKERS.vendorNotes,
      criticality: 'critical',
      ownerId: owner.userId,
    });
    const other = await t.vendor({ name: 'Other Vendor', notes: 'internal' });
    const as = { owner } as Record<Role, Session>;
    for (const role of ROLES)
      if (role !== 'owner') as[role] = await t.user(role, role === 'vendor' ? own.id : undefined);
    const contact = async (vendorId: string) =>
      (await t.call('POST', `${V1}/vendors/${vendorId}/contacts`, { as: owner, body: { name: 'Contact' } }))
        .body.id;
    const upload = async (s: Session) => {
      const res = await t.call('POST', `${V1}/files`, { as: s, ...multipart('fixture.txt', 'fixture\n') });
      if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${res.text}`);
      return res.body.id as string;
    };
    const target = await t.call('POST', `${V1}/users`, {
      as: owner,
      body: { name: 'Target', email: 'target@example.com', password: PASSWORD, role: 'viewer' },
    });
    f = {
      t,
      as,
      own: { id: own.id, contactId: await contact(own.id), fileId: await upload(as.vendor) },
      // A file no vendor user may see: uploaded by the owner, for no vendor.
      other: { id: other.id, contactId: await contact(other.id), fileId: await upload(owner) },
      targetUserId: target.body.id,
    };
    routes = await documentedRoutes(t);
  });
  afterAll(() => t?.close());

  it('has an expectation for every documented route', () => {
    expect(DUPLICATED, 'routes classified twice').toEqual([]);
    expect(routes.length).toBeGreaterThan(20);
    const unclassified = routes.filter((r) => !ROUTES[r]);
    expect(
      unclassified,
      'classify these routes in test/api/permissions/<capability>.routes.ts (or ROUTES in this file for the first capabilities)',
    ).toEqual([]);
  });

  it('probes another vendor’s ids on every route with ids that a vendor user may use', () => {
    const missing = Object.entries(ROUTES)
      .filter(([key, c]) => key.includes('{') && c.expect.vendor < 400 && !c.otherVendor)
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it.each(WHO)('answers %s as the policy says on every route', async (who) => {
    const mismatches: string[] = [];
    for (const key of routes) {
      const c = ROUTES[key];
      if (!c) continue;
      const probe = await c.probe(who, f);
      const res = await send(f, key, probe, who);
      const expected = c.expect[who];
      if (res.status !== expected)
        mismatches.push(`${key}: expected ${expected}, got ${res.status} ${res.text.slice(0, 160)}`);
      else if (
        res.status >= 400 &&
        !String(res.headers['content-type']).includes('application/problem+json')
      ) {
        mismatches.push(`${key}: ${res.status} is not problem+json`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('answers 404 to a vendor user using another vendor’s ids, and changes nothing', async () => {
    const before = await t.call('GET', `${V1}/vendors/${f.other.id}`, { as: f.as.owner });
    const mismatches: string[] = [];
    for (const key of routes) {
      const c = ROUTES[key];
      if (!c?.otherVendor) continue;
      const res = await send(f, key, await c.otherVendor(f), 'vendor');
      if (res.status !== 404)
        mismatches.push(`${key}: expected 404, got ${res.status} ${res.text.slice(0, 160)}`);
      else expect(res.text).not.toContain('Other Vendor');
    }
    // A contact of the other vendor, reached through the vendor user's own vendor.
    for (const method of ['PATCH', 'DELETE'] as const) {
      const res = await t.call(method, `${V1}/vendors/${f.own.id}/contacts/${f.other.contactId}`, {
        as: f.as.vendor,
        body: method === 'PATCH' ? { role: 'Pwned' } : undefined,
      });
      if (res.status !== 404) mismatches.push(`${method} own vendor, other contact: got ${res.status}`);
    }
    expect(mismatches).toEqual([]);
    const after = await t.call('GET', `${V1}/vendors/${f.other.id}`, { as: f.as.owner });
    expect(after.body).toEqual(before.body);
  });

  it('answers a vendor user only what the route’s vendor-facing schema allows, on every route', async () => {
    // Internal fields filled in where the probes do not: a finding whose risk the client accepted,
    // and an assessment the client reviewed (the vendor sees the outcome, never the scoring).
    const finding = await made(f, `${V1}/findings`, {
      vendorId: f.own.id,
      title: 'Accepted',
      severity: 'high',
    });
    await t.call('POST', `${V1}/findings/${finding}/accept-risk`, {
      as: f.as.owner,
      body: { reason: INTERNAL_MARKERS.acceptanceReason, expiresOn: '2099-12-31' },
    });
    const templateId = await made(f, `${V1}/questionnaire-templates`, SCORED_TEMPLATE);
    const assessment = await made(f, `${V1}/assessments`, {
      templateId,
      vendorId: f.own.id,
      dueDate: '2027-06-30',
    });
    await t.call('PUT', `${V1}/assessments/${assessment}/answers`, {
      as: f.as.vendor,
      body: { answers: { q: 'yes', c: 'best' } },
    });
    await t.call('POST', `${V1}/assessments/${assessment}/submit`, { as: f.as.vendor });
    const reviewed = await t.call('POST', `${V1}/assessments/${assessment}/review`, {
      as: f.as.owner,
      body: { decision: 'complete' },
    });
    expect(reviewed.body.score).not.toBeNull();

    const doc = (await t.call('GET', `${V1}/openapi.json`)).body;
    const checker = vendorFacingChecker(doc);
    const problems: string[] = [];
    let checked = 0;
    for (const key of routes) {
      const c = ROUTES[key];
      if (!c || c.expect.vendor >= 300) continue;
      const res = await send(f, key, await c.probe('vendor', f), 'vendor');
      if (res.status !== c.expect.vendor)
        problems.push(`${key}: expected ${c.expect.vendor}, got ${res.status}`);
      const type = String(res.headers['content-type']);
      // Documents (the SOW's Markdown, calendar feeds): no JSON shape, but no internal value either.
      if (type.startsWith('text/')) problems.push(...markersIn(key, res.text));
      if (!type.startsWith('application/json') || !res.text) continue;
      // Public routes answer everyone alike (health, setup, invitations): no vendor shape to check.
      if (PUBLIC.has(key)) continue;
      checked++;
      problems.push(...checker.problems(key, res.status, res.body));
    }
    // The records with the internal fields filled in, read one by one.
    for (const [key, url] of [
      [`GET ${V1}/findings/{id}`, `${V1}/findings/${finding}`],
      [`GET ${V1}/assessments/{id}`, `${V1}/assessments/${assessment}`],
    ] as const) {
      const res = await t.call('GET', url, { as: f.as.vendor });
      expect(res.status).toBe(200);
      problems.push(...checker.problems(key, res.status, res.body));
    }
    expect(checked).toBeGreaterThan(60);
    expect(problems).toEqual([]);
  });

  it('lists only the vendor user’s own vendor, however they search', async () => {
    for (const query of ['', '?q=other', '?sort=-name', '?limit=200', `?country=DE`]) {
      const res = await t.call('GET', `${V1}/vendors${query}`, { as: f.as.vendor });
      expect(res.status).toBe(200);
      expect(res.body.items.map((v: { id: string }) => v.id).filter((id: string) => id !== f.own.id)).toEqual(
        [],
      );
    }
    const own = await t.call('GET', `${V1}/vendors`, { as: f.as.vendor });
    expect(own.body.items.map((v: { id: string }) => v.id)).toEqual([f.own.id]);
    expect(own.text).not.toContain('Other Vendor');
  });
});

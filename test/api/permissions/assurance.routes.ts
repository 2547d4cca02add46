/**
 * Assurance: vendor users read their own access grants and answer their own findings; reviews,
 * assessments and settings are internal; only the named reviewer decides, only owners and
 * administrators accept a risk.
 */
import { DEFAULT_ASSURANCE_SETTINGS } from '../../../src/contracts/assurance';
import {
  ADMINS,
  allowed,
  everyone,
  type Fixtures,
  INTERNAL,
  made,
  type RouteCase,
  V1,
  type Who,
  WRITERS,
} from './kit';

type Side = 'own' | 'other';
const grant = (f: Fixtures, side: Side = 'own') =>
  made(f, `${V1}/access-grants`, {
    vendorId: f[side].id,
    contactId: f[side].contactId,
    system: 'Matrix CRM',
    accessLevel: 'read',
    grantedOn: '2027-01-01',
    justification: 'Matrix probe',
  });
const finding = (f: Fixtures, side: Side = 'own') =>
  made(f, `${V1}/findings`, { vendorId: f[side].id, title: 'Matrix finding', severity: 'low' });
const assessment = (f: Fixtures) =>
  made(f, `${V1}/security-assessments`, {
    vendorId: f.own.id,
    type: 'questionnaire',
    ownerId: f.as.owner.userId,
    dueOn: '2027-06-30',
  });
/** A campaign over a fresh grant whose reviewer is the probing writer (the owner for other roles). */
async function review(f: Fixtures, who: Who = 'owner') {
  const grantId = await grant(f);
  const reviewer = (WRITERS as string[]).includes(who) ? f.as[who as 'owner'].userId : f.as.owner.userId;
  const id = await made(f, `${V1}/access-reviews`, {
    scope: 'vendor',
    vendorId: f.own.id,
    reviewerId: reviewer,
    dueOn: '2099-12-31',
  });
  return { id, grantId };
}
const VENDOR_WRITERS = allowed([...WRITERS, 'vendor'], 200);

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/assurance/settings`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/assurance/settings` }),
  },
  [`PUT ${V1}/assurance/settings`]: {
    expect: allowed(ADMINS, 200),
    probe: () => ({ url: `${V1}/assurance/settings`, body: DEFAULT_ASSURANCE_SETTINGS }),
  },
  [`GET ${V1}/access-grants`]: {
    expect: everyone(200),
    probe: (_w, f) => ({ url: `${V1}/access-grants?vendorId=${f.own.id}&status=open` }),
  },
  [`POST ${V1}/access-grants`]: {
    expect: allowed(WRITERS, 201),
    probe: (_w, f) => ({
      url: `${V1}/access-grants`,
      body: {
        vendorId: f.own.id,
        contactId: f.own.contactId,
        system: 'Matrix ERP',
        accessLevel: 'admin',
        grantedOn: '2027-01-01',
        expiresOn: '2027-12-31',
        justification: 'Matrix probe',
      },
    }),
  },
  [`GET ${V1}/access-grants/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/access-grants/${await grant(f)}` }),
    otherVendor: async (f) => ({ url: `${V1}/access-grants/${await grant(f, 'other')}` }),
  },
  [`PATCH ${V1}/access-grants/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/access-grants/${await grant(f)}`,
      body: { system: 'Matrix CRM 2' },
    }),
  },
  [`POST ${V1}/access-grants/{id}/revoke`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/access-grants/${await grant(f)}/revoke`,
      body: { reason: 'Matrix probe' },
    }),
  },
  [`GET ${V1}/access-reviews`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/access-reviews?overdue=false` }),
  },
  [`POST ${V1}/access-reviews`]: {
    expect: allowed(WRITERS, 201),
    probe: async (_w, f) => {
      await grant(f);
      return {
        url: `${V1}/access-reviews`,
        body: { scope: 'vendor', vendorId: f.own.id, reviewerId: f.as.owner.userId, dueOn: '2099-12-31' },
      };
    },
  },
  [`GET ${V1}/access-reviews/{id}`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/access-reviews/${(await review(f)).id}` }),
  },
  [`POST ${V1}/access-reviews/{id}/decisions`]: {
    expect: allowed(WRITERS, 200),
    probe: async (who, f) => {
      const r = await review(f, who);
      return {
        url: `${V1}/access-reviews/${r.id}/decisions`,
        body: { grantId: r.grantId, decision: 'keep', comment: 'Matrix keeps it' },
      };
    },
  },
  [`GET ${V1}/security-assessments`]: {
    expect: allowed(INTERNAL, 200),
    probe: (_w, f) => ({ url: `${V1}/security-assessments?vendorId=${f.own.id}` }),
  },
  [`POST ${V1}/security-assessments`]: {
    expect: allowed(WRITERS, 201),
    probe: (_w, f) => ({
      url: `${V1}/security-assessments`,
      body: { vendorId: f.own.id, type: 'pentest_review', ownerId: f.as.owner.userId },
    }),
  },
  [`POST ${V1}/security-assessments/schedule`]: {
    expect: allowed(WRITERS, 201),
    probe: (_w, f) => ({
      url: `${V1}/security-assessments/schedule`,
      body: { vendorId: f.own.id, ownerId: f.as.owner.userId },
    }),
  },
  [`GET ${V1}/security-assessments/{id}`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/security-assessments/${await assessment(f)}` }),
  },
  [`PATCH ${V1}/security-assessments/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/security-assessments/${await assessment(f)}`,
      body: { dueOn: '2027-07-31' },
    }),
  },
  [`POST ${V1}/security-assessments/{id}/start`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({ url: `${V1}/security-assessments/${await assessment(f)}/start` }),
  },
  [`POST ${V1}/security-assessments/{id}/complete`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/security-assessments/${await assessment(f)}/complete`,
      body: { result: 'satisfactory', summary: 'Matrix: all good' },
    }),
  },
  [`GET ${V1}/findings`]: {
    expect: everyone(200),
    probe: () => ({ url: `${V1}/findings?status=open` }),
  },
  [`POST ${V1}/findings`]: {
    expect: allowed(WRITERS, 201),
    probe: (_w, f) => ({
      url: `${V1}/findings`,
      body: { vendorId: f.own.id, title: 'Matrix', severity: 'high' },
    }),
  },
  [`GET ${V1}/findings/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/findings/${await finding(f)}` }),
    otherVendor: async (f) => ({ url: `${V1}/findings/${await finding(f, 'other')}` }),
  },
  [`PATCH ${V1}/findings/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({ url: `${V1}/findings/${await finding(f)}`, body: { severity: 'medium' } }),
  },
  [`POST ${V1}/findings/{id}/start`]: {
    expect: VENDOR_WRITERS,
    probe: async (_w, f) => ({ url: `${V1}/findings/${await finding(f)}/start` }),
    otherVendor: async (f) => ({ url: `${V1}/findings/${await finding(f, 'other')}/start` }),
  },
  [`POST ${V1}/findings/{id}/comments`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: async (_w, f) => ({
      url: `${V1}/findings/${await finding(f)}/comments`,
      body: { body: 'Matrix says hi' },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/findings/${await finding(f, 'other')}/comments`,
      body: { body: 'Not yours' },
    }),
  },
  [`POST ${V1}/findings/{id}/resolve`]: {
    expect: VENDOR_WRITERS,
    probe: async (_w, f) => ({
      url: `${V1}/findings/${await finding(f)}/resolve`,
      body: { evidence: 'Patched' },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/findings/${await finding(f, 'other')}/resolve`,
      body: { evidence: 'Patched' },
    }),
  },
  [`POST ${V1}/findings/{id}/accept-risk`]: {
    expect: allowed(ADMINS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/findings/${await finding(f)}/accept-risk`,
      body: { reason: 'Matrix accepts', expiresOn: '2099-12-31' },
    }),
  },
  [`POST ${V1}/findings/{id}/reopen`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => {
      const id = await finding(f);
      await f.t.call('POST', `${V1}/findings/${id}/start`, { as: f.as.owner });
      return { url: `${V1}/findings/${id}/reopen`, body: { comment: 'Matrix reopens' } };
    },
  },
};

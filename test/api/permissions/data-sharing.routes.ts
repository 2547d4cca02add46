/** Data sharing: vendor users read their own register entries and agreements; the rest is internal. */
import {
  ADMINS,
  allowed,
  everyone,
  type Fixtures,
  INTERNAL,
  made,
  otherEngagement,
  ownEngagement,
  type RouteCase,
  V1,
  WRITERS,
} from './kit';

const ENTRY = {
  categories: ['personal_basic'],
  classification: 'internal',
  dataSubjects: ['employees'],
  recordVolume: 100,
  purpose: 'Matrix payroll',
  processingCountries: ['DE'],
  storageCountries: ['DE'],
  transferMechanism: 'none',
  legalBasis: 'contract',
  retention: 'P1Y',
  exitHandling: { action: 'delete' },
};
const AGREEMENT = { type: 'nda', signedOn: '2027-01-01' };

const entry = async (f: Fixtures, engagementId: string) =>
  made(f, `${V1}/engagements/${engagementId}/data-flows`, ENTRY);
const agreement = (f: Fixtures, vendorId: string) =>
  made(f, `${V1}/vendors/${vendorId}/agreements`, AGREEMENT);

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/data-sharing/settings`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/data-sharing/settings` }),
  },
  [`PUT ${V1}/data-sharing/settings`]: {
    expect: allowed(ADMINS, 200),
    probe: () => {
      const row = { low: 4, medium: 3, high: 2, critical: 1 };
      return {
        url: `${V1}/data-sharing/settings`,
        body: {
          matrix: { none: row, public: row, internal: row, confidential: row, restricted: row },
          reassessmentMonths: { 1: 12, 2: 12, 3: 24, 4: 36 },
        },
      };
    },
  },
  [`GET ${V1}/engagements/{id}/data-flows`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/data-flows` }),
    otherVendor: async (f) => ({ url: `${V1}/engagements/${await otherEngagement(f)}/data-flows` }),
  },
  [`POST ${V1}/engagements/{id}/data-flows`]: {
    expect: allowed(WRITERS, 201),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/data-flows`, body: ENTRY }),
  },
  [`GET ${V1}/vendors/{id}/data-flows`]: {
    expect: everyone(200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/data-flows` }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}/data-flows` }),
  },
  [`GET ${V1}/data-flows/export`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/data-flows/export?format=csv` }),
  },
  [`GET ${V1}/data-flows/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/data-flows/${await entry(f, await ownEngagement(f))}` }),
    otherVendor: async (f) => ({ url: `${V1}/data-flows/${await entry(f, await otherEngagement(f))}` }),
  },
  [`PATCH ${V1}/data-flows/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/data-flows/${await entry(f, await ownEngagement(f))}`,
      body: { purpose: 'Matrix change' },
    }),
  },
  [`DELETE ${V1}/data-flows/{id}`]: {
    expect: allowed(WRITERS, 204),
    probe: async (_w, f) => ({ url: `${V1}/data-flows/${await entry(f, await ownEngagement(f))}` }),
  },
  [`GET ${V1}/vendors/{id}/agreements`]: {
    expect: everyone(200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/agreements` }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}/agreements` }),
  },
  [`POST ${V1}/vendors/{id}/agreements`]: {
    expect: allowed(WRITERS, 201),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/agreements`, body: AGREEMENT }),
  },
  [`GET ${V1}/vendors/{id}/agreements/{agreementId}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/agreements/${await agreement(f, f.own.id)}` }),
    otherVendor: async (f) => ({
      url: `${V1}/vendors/${f.other.id}/agreements/${await agreement(f, f.other.id)}`,
    }),
  },
  [`PATCH ${V1}/vendors/{id}/agreements/{agreementId}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}/agreements/${await agreement(f, f.own.id)}`,
      body: { title: 'Matrix NDA' },
    }),
  },
  [`DELETE ${V1}/vendors/{id}/agreements/{agreementId}`]: {
    expect: allowed(WRITERS, 204),
    probe: async (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/agreements/${await agreement(f, f.own.id)}` }),
  },
  [`GET ${V1}/vendors/{id}/tier`]: {
    expect: allowed(INTERNAL, 200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/tier` }),
  },
  [`GET ${V1}/data-protection/overview`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/data-protection/overview` }),
  },
};

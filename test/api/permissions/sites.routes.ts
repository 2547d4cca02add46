/** A vendor's delivery sites: everyone reads, writers and the vendor's own users keep them (404 for another vendor's). */
import { allowed, everyone, type Fixtures, type RouteCase, uniq, V1, WRITERS } from './kit';

const KEEPERS = [...WRITERS, 'vendor' as const];

const SITE = {
  country: 'PH',
  timezone: 'Asia/Manila',
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: { start: '08:00', end: '17:00' },
};

/** A fresh site of a vendor, made by the owner. */
async function siteOf(f: Fixtures, vendorId: string): Promise<string> {
  const res = await f.t.call('POST', `${V1}/vendors/${vendorId}/sites`, {
    as: f.as.owner,
    body: { ...SITE, name: `Site ${uniq()}` },
  });
  if (res.status !== 201) throw new Error(`create site failed: ${res.status} ${res.text}`);
  return res.body.id;
}

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/vendors/{id}/sites`]: {
    expect: everyone(200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/sites` }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}/sites` }),
  },
  [`POST ${V1}/vendors/{id}/sites`]: {
    expect: allowed(KEEPERS, 201),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/sites`, body: { ...SITE, name: `Site ${uniq()}` } }),
    otherVendor: (f) => ({
      url: `${V1}/vendors/${f.other.id}/sites`,
      body: { ...SITE, name: `Site ${uniq()}` },
    }),
  },
  [`PATCH ${V1}/vendors/{id}/sites/{siteId}`]: {
    expect: allowed(KEEPERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}/sites/${await siteOf(f, f.own.id)}`,
      body: { name: 'Renamed' },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/vendors/${f.other.id}/sites/${await siteOf(f, f.other.id)}`,
      body: { name: 'Renamed' },
    }),
  },
  [`DELETE ${V1}/vendors/{id}/sites/{siteId}`]: {
    expect: allowed(KEEPERS, 204),
    probe: async (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/sites/${await siteOf(f, f.own.id)}` }),
    otherVendor: async (f) => ({ url: `${V1}/vendors/${f.other.id}/sites/${await siteOf(f, f.other.id)}` }),
  },
};

/** The DORA register of information: internal roles read and download it; writers keep functions; admins its settings; vendor users get 404. */
import { ADMINS, allowed, type Fixtures, INTERNAL, type RouteCase, uniq, V1, WRITERS } from './kit';

const fn = (identifier = `F-${uniq()}`) => ({
  identifier,
  name: 'Payments processing',
  licensedActivity: 'Payment services',
  criticality: 'yes',
  engagementIds: [],
});

async function aFunction(f: Fixtures) {
  const res = await f.t.call('POST', `${V1}/registers/dora/functions`, { as: f.as.owner, body: fn() });
  if (res.status !== 201) throw new Error(`create function failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/registers/dora`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/registers/dora?referenceDate=2026-12-31` }),
  },
  [`GET ${V1}/registers/dora/view`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/registers/dora/view` }),
  },
  [`GET ${V1}/registers/dora/settings`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/registers/dora/settings` }),
  },
  [`PUT ${V1}/registers/dora/settings`]: {
    expect: allowed(ADMINS, 200),
    probe: () => ({
      url: `${V1}/registers/dora/settings`,
      body: { entityType: 'payment_institution', competentAuthority: 'BaFin', level: 'IND' },
    }),
  },
  [`GET ${V1}/registers/dora/functions`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/registers/dora/functions` }),
  },
  [`POST ${V1}/registers/dora/functions`]: {
    expect: allowed(WRITERS, 201),
    probe: () => ({ url: `${V1}/registers/dora/functions`, body: fn() }),
  },
  [`PUT ${V1}/registers/dora/functions/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({ url: `${V1}/registers/dora/functions/${await aFunction(f)}`, body: fn() }),
  },
  [`DELETE ${V1}/registers/dora/functions/{id}`]: {
    expect: allowed(WRITERS, 204),
    probe: async (_w, f) => ({ url: `${V1}/registers/dora/functions/${await aFunction(f)}` }),
  },
};

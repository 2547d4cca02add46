/** Risks: internal roles only (a vendor user is answered 404 by every route); owners and administrators run the signals and change the settings. */
import { ADMINS, allowed, type Fixtures, INTERNAL, type RouteCase, uniq, V1, WRITERS } from './kit';

const body = (f: Fixtures) => ({
  vendorId: f.own.id,
  title: `Matrix risk ${uniq()}`,
  category: 'operational',
  likelihood: 3,
  impact: 3,
});

async function risk(f: Fixtures): Promise<string> {
  const res = await f.t.call('POST', `${V1}/risks`, { as: f.as.owner, body: body(f) });
  if (res.status !== 201) throw new Error(`create risk failed: ${res.status} ${res.text}`);
  return res.body.id;
}

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/risks`]: { expect: allowed(INTERNAL, 200), probe: () => ({ url: `${V1}/risks` }) },
  [`POST ${V1}/risks`]: {
    expect: allowed(WRITERS, 201),
    probe: (_w, f) => ({ url: `${V1}/risks`, body: body(f) }),
  },
  [`GET ${V1}/risks/heatmap`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/risks/heatmap` }),
  },
  [`POST ${V1}/risks/signals/refresh`]: {
    expect: allowed(ADMINS, 200),
    probe: () => ({ url: `${V1}/risks/signals/refresh` }),
  },
  [`GET ${V1}/risks/settings`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/risks/settings` }),
  },
  [`PUT ${V1}/risks/settings`]: {
    expect: allowed(ADMINS, 200),
    probe: () => ({
      url: `${V1}/risks/settings`,
      body: { vendorConcentrationShare: 0.3, countryConcentrationShare: 0.5 },
    }),
  },
  [`GET ${V1}/risks/{id}`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/risks/${await risk(f)}` }),
  },
  [`PATCH ${V1}/risks/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({ url: `${V1}/risks/${await risk(f)}`, body: { status: 'mitigating' } }),
  },
};

/** The portfolio dashboard (internal roles). */
routes[`GET ${V1}/dashboard`] = { expect: allowed(INTERNAL, 200), probe: () => ({ url: `${V1}/dashboard` }) };

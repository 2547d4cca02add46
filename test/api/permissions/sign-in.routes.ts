/**
 * Single sign-on: the sign-in page's list of providers is public; identity providers are the owners'
 * alone. The browser's redirects (start, callback) are outside the OpenAPI document (decision 92)
 * and tested in test/api/sso.test.ts.
 */
import { allowed, type Fixtures, open, type RouteCase, uniq, V1 } from './kit';

const OWNERS = ['owner' as const];

const providerBody = () => ({
  key: `idp-${uniq()}`,
  name: 'Matrix IdP',
  // Never contacted: configuring a provider does not call it.
  issuer: 'https://idp.example.com',
  clientId: 'outpost',
  clientSecret: 'matrix-secret',
});

async function provider(f: Fixtures): Promise<string> {
  const res = await f.t.call('POST', `${V1}/identity-providers`, { as: f.as.owner, body: providerBody() });
  if (res.status !== 201) throw new Error(`create identity provider failed: ${res.status} ${res.text}`);
  return res.body.id;
}

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/auth/providers`]: { expect: open(200), probe: () => ({ url: `${V1}/auth/providers` }) },
  [`GET ${V1}/identity-providers`]: {
    expect: allowed(OWNERS, 200),
    probe: () => ({ url: `${V1}/identity-providers` }),
  },
  [`POST ${V1}/identity-providers`]: {
    expect: allowed(OWNERS, 201),
    probe: () => ({ url: `${V1}/identity-providers`, body: providerBody() }),
  },
  [`GET ${V1}/identity-providers/{id}`]: {
    expect: allowed(OWNERS, 200),
    probe: async (_w, f) => ({ url: `${V1}/identity-providers/${await provider(f)}` }),
  },
  [`PATCH ${V1}/identity-providers/{id}`]: {
    expect: allowed(OWNERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/identity-providers/${await provider(f)}`,
      body: { name: 'Renamed IdP' },
    }),
  },
  [`DELETE ${V1}/identity-providers/{id}`]: {
    expect: allowed(OWNERS, 204),
    probe: async (_w, f) => ({ url: `${V1}/identity-providers/${await provider(f)}` }),
  },
};

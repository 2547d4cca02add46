/** Spend: vendor users submit and read invoices of their own engagements; the rest is internal. */
import {
  allowed,
  everyone,
  type Fixtures,
  INTERNAL,
  otherEngagement,
  ownEngagement,
  type RouteCase,
  uniq,
  V1,
  WRITERS,
} from './kit';

let day = 0;
/** A fresh date for each rate a probe enters. */
const nextDate = () => new Date(Date.UTC(2020, 0, 1) + day++ * 86_400_000).toISOString().slice(0, 10);

async function invoiceBody(f: Fixtures, engagementId: string) {
  const e = await f.t.call('GET', `${V1}/engagements/${engagementId}`, { as: f.as.owner });
  return {
    engagementId,
    number: `M-${uniq()}`,
    periodStart: '2027-01-01',
    periodEnd: '2027-01-31',
    amount: 10_000,
    currency: e.body.currency,
  };
}
async function invoice(f: Fixtures, engagementId: string): Promise<string> {
  const res = await f.t.call('POST', `${V1}/invoices`, {
    as: f.as.owner,
    body: await invoiceBody(f, engagementId),
  });
  if (res.status !== 201) throw new Error(`POST invoice failed: ${res.status} ${res.text}`);
  return res.body.id;
}
async function foreignCurrency(f: Fixtures) {
  const org = await f.t.call('GET', `${V1}/settings/organisation`, { as: f.as.owner });
  return org.body.currency === 'USD' ? 'CHF' : 'USD';
}

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/invoices`]: { expect: everyone(200), probe: () => ({ url: `${V1}/invoices` }) },
  [`POST ${V1}/invoices`]: {
    expect: allowed([...WRITERS, 'vendor'], 201),
    probe: async (_w, f) => ({ url: `${V1}/invoices`, body: await invoiceBody(f, await ownEngagement(f)) }),
    otherVendor: async (f) => ({
      url: `${V1}/invoices`,
      body: await invoiceBody(f, await otherEngagement(f)),
    }),
  },
  [`GET ${V1}/invoices/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/invoices/${await invoice(f, await ownEngagement(f))}` }),
    otherVendor: async (f) => ({ url: `${V1}/invoices/${await invoice(f, await otherEngagement(f))}` }),
  },
  [`PATCH ${V1}/invoices/{id}`]: {
    expect: allowed([...WRITERS, 'vendor'], 200),
    probe: async (_w, f) => ({
      url: `${V1}/invoices/${await invoice(f, await ownEngagement(f))}`,
      body: { note: 'Matrix' },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/invoices/${await invoice(f, await otherEngagement(f))}`,
      body: { note: 'Matrix' },
    }),
  },
  [`DELETE ${V1}/invoices/{id}`]: {
    expect: allowed(WRITERS, 204),
    probe: async (_w, f) => ({ url: `${V1}/invoices/${await invoice(f, await ownEngagement(f))}` }),
  },
  [`GET ${V1}/exchange-rates`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/exchange-rates` }),
  },
  [`POST ${V1}/exchange-rates`]: {
    expect: allowed(WRITERS, 201),
    probe: async (_w, f) => ({
      url: `${V1}/exchange-rates`,
      body: { currency: await foreignCurrency(f), date: nextDate(), rate: 1.1 },
    }),
  },
  [`DELETE ${V1}/exchange-rates/{currency}/{date}`]: {
    expect: allowed(WRITERS, 204),
    probe: async (_w, f) => {
      const body = { currency: await foreignCurrency(f), date: nextDate(), rate: 1.1 };
      const res = await f.t.call('POST', `${V1}/exchange-rates`, { as: f.as.owner, body });
      if (res.status !== 201) throw new Error(`POST rate failed: ${res.status} ${res.text}`);
      return { url: `${V1}/exchange-rates/${body.currency}/${body.date}` };
    },
  },
  [`POST ${V1}/exchange-rates/import`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/exchange-rates/import`,
      headers: { 'content-type': 'text/csv' },
      raw: `currency,date,rate\n${await foreignCurrency(f)},${nextDate()},1.2\n`,
    }),
  },
  [`GET ${V1}/spend`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/spend?groupBy=vendor&from=2026-01&to=2026-01` }),
  },
  [`GET ${V1}/engagements/{id}/savings`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/savings` }),
  },
  [`GET ${V1}/renewals`]: { expect: allowed(INTERNAL, 200), probe: () => ({ url: `${V1}/renewals` }) },
  [`GET ${V1}/engagements/{id}/renewal`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/renewal` }),
  },
  [`PUT ${V1}/engagements/{id}/renewal`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${await ownEngagement(f)}/renewal`,
      body: { autoRenew: true },
    }),
  },
  [`PUT ${V1}/engagements/{id}/renewal-decision`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${await ownEngagement(f)}/renewal-decision`,
      body: { decision: 'renegotiate', note: 'Matrix' },
    }),
  },
  [`GET ${V1}/engagements/{id}/exit-plan`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/exit-plan` }),
  },
  [`PUT ${V1}/engagements/{id}/exit-plan`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${await ownEngagement(f)}/exit-plan`,
      body: { steps: [{ title: 'Serve notice' }] },
    }),
  },
};

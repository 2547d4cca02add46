/** Sanctions screening: internal roles only (a vendor user is answered 404 everywhere); administrators load lists and set the threshold, writers decide hits. */
import { ADMINS, allowed, type Fixtures, INTERNAL, type RouteCase, uniq, V1, WRITERS } from './kit';

const UN = (name: string) => `<?xml version="1.0"?>
<CONSOLIDATED_LIST dateGenerated="2027-01-01T00:00:00Z"><ENTITIES><ENTITY><DATAID>1</DATAID><FIRST_NAME>${name}</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>`;
const UK = () =>
  `Last Updated,01/01/2027\nName 6,Name 1,Name 2,Name 3,Name 4,Name 5,Group Type,Group ID\nMATRIX ${uniq()},,,,,,Entity,1\n`;

const loaded = new WeakSet<Fixtures>();
const LISTED = 'Matrix Sanctioned Widgets';

/** A fresh open hit: the UN list names LISTED once, and each call adds a vendor of that name. */
async function hit(f: Fixtures): Promise<string> {
  if (!loaded.has(f)) {
    const res = await f.t.call('POST', `${V1}/screening/lists/un/versions`, {
      as: f.as.owner,
      body: { format: 'un_xml', files: { main: UN(LISTED) } },
    });
    if (res.status !== 201) throw new Error(`load failed: ${res.status} ${res.text}`);
    loaded.add(f);
  }
  const v = await f.t.vendor({ name: LISTED, country: 'DE' });
  const hits = await f.t.call('GET', `${V1}/screening/hits?vendorId=${v.id}`, { as: f.as.owner });
  const id = hits.body.items[0]?.id;
  if (!id) throw new Error(`no hit: ${hits.text}`);
  return id;
}

const SETTINGS = {
  threshold: 0.9,
  schedules: Object.fromEntries(
    (
      [
        ['ofac_sdn', 'ofac_csv'],
        ['eu', 'eu_xml'],
        ['un', 'un_xml'],
        ['uk', 'uk_csv'],
      ] as const
    ).map(([s, format]) => [
      s,
      { enabled: false, format, url: null, altUrl: null, addUrl: null, everyHours: 24 },
    ]),
  ),
};

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/screening/lists`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/screening/lists` }),
  },
  [`GET ${V1}/screening/lists/versions`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/screening/lists/versions` }),
  },
  [`POST ${V1}/screening/lists/{source}/versions`]: {
    expect: allowed(ADMINS, 201),
    probe: () => ({
      url: `${V1}/screening/lists/uk/versions`,
      body: { format: 'uk_csv', files: { main: UK() } },
    }),
  },
  [`POST ${V1}/screening/lists/{source}/fetch`]: {
    // No URL is set: administrators are told so (422); nobody else gets that far.
    expect: allowed(ADMINS, 422),
    probe: () => ({ url: `${V1}/screening/lists/eu/fetch` }),
  },
  [`GET ${V1}/screening/settings`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/screening/settings` }),
  },
  [`PUT ${V1}/screening/settings`]: {
    expect: allowed(ADMINS, 200),
    probe: () => ({ url: `${V1}/screening/settings`, body: SETTINGS }),
  },
  [`GET ${V1}/screening/hits`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/screening/hits` }),
  },
  [`GET ${V1}/screening/hits/{id}`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/screening/hits/${await hit(f)}` }),
  },
  [`POST ${V1}/screening/hits/{id}/decision`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/screening/hits/${await hit(f)}/decision`,
      body: { decision: 'false_positive', reason: 'Another company of the same name.' },
    }),
  },
  [`GET ${V1}/vendors/{id}/screening`]: {
    expect: allowed(INTERNAL, 200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/screening` }),
  },
  [`POST ${V1}/vendors/{id}/screening`]: {
    expect: allowed(WRITERS, 200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/screening` }),
  },
  [`PUT ${V1}/vendors/{id}/screening/aliases`]: {
    expect: allowed(WRITERS, 200),
    probe: (_w, f) => ({
      url: `${V1}/vendors/${f.own.id}/screening/aliases`,
      body: { aliases: [`Alias ${uniq()}`] },
    }),
  },
};

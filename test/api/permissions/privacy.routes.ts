/** Personal data of a person (a vendor contact): export and erase, owners and admins only. */
import { ADMINS, allowed, type Fixtures, made, type RouteCase, uniq, V1 } from './kit';

/** A fresh contact to erase, so that no other probe loses the fixtures' contacts. */
const freshContact = (f: Fixtures, vendorId: string) =>
  made(f, `${V1}/vendors/${vendorId}/contacts`, {
    name: `Erasable ${uniq()}`,
    email: `erase-${uniq()}@example.com`,
  });

export const routes: Record<string, RouteCase> = {
  'GET /api/v1/privacy/people/{contactId}/export': {
    expect: allowed(ADMINS, 200),
    probe: (_w, f) => ({ url: `${V1}/privacy/people/${f.own.contactId}/export` }),
  },
  'POST /api/v1/privacy/people/{contactId}/erase': {
    expect: allowed(ADMINS, 200),
    probe: async (_w, f) => ({ url: `${V1}/privacy/people/${await freshContact(f, f.own.id)}/erase` }),
  },
};

/** The partner brief: every internal role, and a vendor user for their own vendor (404 for another's). */
import { everyone, type RouteCase, V1 } from './kit';

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/vendors/{id}/brief`]: {
    expect: everyone(200),
    probe: (_w, f) => ({ url: `${V1}/vendors/${f.own.id}/brief` }),
    otherVendor: (f) => ({ url: `${V1}/vendors/${f.other.id}/brief` }),
  },
};

/** Sourcing events: internal roles read; writers run, score (as named evaluators) and award; vendor users get 404. */
import { allowed, type Fixtures, INTERNAL, made, type RouteCase, V1, WRITERS } from './kit';

/** A fresh event between the two fixture vendors, every writer named as an evaluator. */
async function event(f: Fixtures) {
  const id = await made(f, `${V1}/sourcing-events`, {
    title: 'Matrix sourcing',
    function: 'it',
    candidates: [f.own.id, f.other.id],
    criteria: [{ name: 'Cost', weight: 1 }],
    evaluators: [f.as.admin.userId, f.as.manager.userId],
  });
  const got = await f.t.call('GET', `${V1}/sourcing-events/${id}`, { as: f.as.owner });
  return { id, criterionId: got.body.criteria[0].id as string };
}

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/sourcing-events`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/sourcing-events` }),
  },
  [`POST ${V1}/sourcing-events`]: {
    expect: allowed(WRITERS, 201),
    probe: (_w, f) => ({
      url: `${V1}/sourcing-events`,
      body: {
        title: 'Probe',
        function: 'it',
        candidates: [f.own.id],
        criteria: [{ name: 'Cost', weight: 1 }],
      },
    }),
  },
  [`GET ${V1}/sourcing-events/{id}`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/sourcing-events/${(await event(f)).id}` }),
  },
  [`PATCH ${V1}/sourcing-events/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/sourcing-events/${(await event(f)).id}`,
      body: { title: 'Renamed' },
    }),
  },
  [`GET ${V1}/sourcing-events/{id}/scores`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/sourcing-events/${(await event(f)).id}/scores` }),
  },
  [`POST ${V1}/sourcing-events/{id}/scores`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => {
      const e = await event(f);
      return {
        url: `${V1}/sourcing-events/${e.id}/scores`,
        body: { vendorId: f.own.id, criterionId: e.criterionId, score: 4 },
      };
    },
  },
  [`GET ${V1}/sourcing-events/{id}/ranking`]: {
    expect: allowed(INTERNAL, 200),
    probe: async (_w, f) => ({ url: `${V1}/sourcing-events/${(await event(f)).id}/ranking` }),
  },
  [`POST ${V1}/sourcing-events/{id}/award`]: {
    expect: allowed(WRITERS, 201),
    probe: async (_w, f) => ({
      url: `${V1}/sourcing-events/${(await event(f)).id}/award`,
      body: { vendorId: f.own.id, startDate: '2027-02-01' },
    }),
  },
};

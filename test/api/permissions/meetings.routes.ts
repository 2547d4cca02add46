/**
 * Governance meetings: everyone reads (vendor users their own vendor's), owners, administrators
 * and managers write; the calendar feed is public by secret token; the inbox is everyone's own.
 */
import type { Role } from '../../../src/contracts/accounts';
import {
  allowed,
  everyone,
  type Fixtures,
  open,
  otherEngagement,
  ownEngagement,
  type RouteCase,
  uniq,
  V1,
  type Who,
  WRITERS,
} from './kit';

const seriesBody = (f: Fixtures, side: 'own' | 'other') => ({
  title: `Weekly operations ${uniq()}`,
  kind: 'weekly_operations',
  recurrence: { frequency: 'weekly', weekday: 'mon' },
  startDate: '2027-03-01',
  startTime: '09:00',
  durationMinutes: 30,
  timezone: 'Europe/Berlin',
  attendees: [{ type: 'contact', id: f[side].contactId }],
});

const made = new WeakMap<Fixtures, Promise<{ own: string; other: string }>>();
/** One series per vendor, made once. */
function series(f: Fixtures) {
  if (!made.has(f))
    made.set(
      f,
      (async () => {
        const make = async (eid: string, side: 'own' | 'other') => {
          const res = await f.t.call('POST', `${V1}/engagements/${eid}/meeting-series`, {
            as: f.as.owner,
            body: seriesBody(f, side),
          });
          if (res.status !== 201) throw new Error(`POST meeting-series failed: ${res.status} ${res.text}`);
          return res.body.id as string;
        };
        return {
          own: await make(await ownEngagement(f), 'own'),
          other: await make(await otherEngagement(f), 'other'),
        };
      })(),
    );
  return made.get(f)!;
}
const meeting = async (f: Fixtures, side: 'own' | 'other') => `${(await series(f))[side]}@2027-03-08`;

async function action(f: Fixtures, side: 'own' | 'other') {
  const res = await f.t.call('POST', `${V1}/meetings/${await meeting(f, side)}/actions`, {
    as: f.as.owner,
    body: { title: `Follow up ${uniq()}`, owner: { type: 'contact', id: f[side].contactId } },
  });
  if (res.status !== 201) throw new Error(`POST action failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

export const routes: Record<string, RouteCase> = {
  [`POST ${V1}/engagements/{id}/meeting-series`]: {
    expect: allowed(WRITERS, 201),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${await ownEngagement(f)}/meeting-series`,
      body: seriesBody(f, 'own'),
    }),
  },
  [`GET ${V1}/engagements/{id}/meeting-series`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/meeting-series` }),
    otherVendor: async (f) => ({ url: `${V1}/engagements/${await otherEngagement(f)}/meeting-series` }),
  },
  [`GET ${V1}/meeting-series/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/meeting-series/${(await series(f)).own}` }),
    otherVendor: async (f) => ({ url: `${V1}/meeting-series/${(await series(f)).other}` }),
  },
  [`GET ${V1}/meeting-series/{id}/occurrences`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({
      url: `${V1}/meeting-series/${(await series(f)).own}/occurrences?from=2027-03-01&to=2027-03-31`,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/meeting-series/${(await series(f)).other}/occurrences?from=2027-03-01&to=2027-03-31`,
    }),
  },
  [`GET ${V1}/meetings/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/meetings/${await meeting(f, 'own')}` }),
    otherVendor: async (f) => ({ url: `${V1}/meetings/${await meeting(f, 'other')}` }),
  },
  [`PUT ${V1}/meetings/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/meetings/${await meeting(f, 'own')}`,
      body: { agenda: 'Backlog', minutes: 'Agreed' },
    }),
  },
  [`POST ${V1}/meetings/{id}/actions`]: {
    expect: allowed(WRITERS, 201),
    probe: async (_w, f) => ({
      url: `${V1}/meetings/${await meeting(f, 'own')}/actions`,
      body: { title: 'Send the plan', owner: { type: 'contact', id: f.own.contactId } },
    }),
  },
  [`PATCH ${V1}/action-items/{id}`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/action-items/${await action(f, 'own')}`,
      body: { status: 'done' },
    }),
  },
  [`GET ${V1}/action-items`]: {
    expect: everyone(200),
    probe: () => ({ url: `${V1}/action-items?owner=me&status=open` }),
  },
  [`POST ${V1}/calendar/token`]: { expect: everyone(201), probe: () => ({ url: `${V1}/calendar/token` }) },
  [`DELETE ${V1}/calendar/token`]: {
    expect: everyone(204),
    probe: async (who: Who, f) => {
      // Each role turns off a feed it has just created.
      if (who !== 'anonymous') await f.t.call('POST', `${V1}/calendar/token`, { as: f.as[who as Role] });
      return { url: `${V1}/calendar/token` };
    },
  },
  // Public: the token is the credential; an unknown one is 404 for everyone.
  [`GET ${V1}/calendar/{file}`]: {
    expect: open(404),
    probe: () => ({ url: `${V1}/calendar/${'x'.repeat(43)}.ics` }),
  },
  [`GET ${V1}/inbox`]: { expect: everyone(200), probe: () => ({ url: `${V1}/inbox` }) },
};

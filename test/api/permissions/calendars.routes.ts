/** Holiday calendars: everyone reads, writers and the vendor's own users keep them (404 for another vendor's). */
import { allowed, everyone, type Fixtures, type RouteCase, uniq, V1, WRITERS } from './kit';

const KEEPERS = [...WRITERS, 'vendor' as const];

/** A fresh calendar of a vendor, made by the owner. */
async function calendarOf(f: Fixtures, vendorId: string): Promise<string> {
  const res = await f.t.call('POST', `${V1}/holiday-calendars`, {
    as: f.as.owner,
    body: { name: `Site ${uniq()}`, vendorId, country: 'IN' },
  });
  if (res.status !== 201) throw new Error(`create holiday calendar failed: ${res.status} ${res.text}`);
  return res.body.id;
}

/** A fresh calendar with one day added by hand. */
async function withDay(f: Fixtures, vendorId: string): Promise<string> {
  const id = await calendarOf(f, vendorId);
  await f.t.call('PUT', `${V1}/holiday-calendars/${id}/days/2027-10-29`, {
    as: f.as.owner,
    body: { kind: 'added', name: 'Diwali' },
  });
  return id;
}

const csv = { raw: 'date,name\n2027-10-29,Diwali\n', headers: { 'content-type': 'text/csv' } };

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/holiday-calendars`]: {
    expect: everyone(200),
    probe: () => ({ url: `${V1}/holiday-calendars` }),
  },
  [`POST ${V1}/holiday-calendars`]: {
    expect: allowed(KEEPERS, 201),
    // A vendor user's calendar is their own vendor's; an internal user's the organisation's.
    probe: () => ({ url: `${V1}/holiday-calendars`, body: { name: `Calendar ${uniq()}`, country: 'DE' } }),
  },
  [`GET ${V1}/holiday-calendars/{id}`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/holiday-calendars/${await calendarOf(f, f.own.id)}` }),
    otherVendor: async (f) => ({ url: `${V1}/holiday-calendars/${await calendarOf(f, f.other.id)}` }),
  },
  [`PATCH ${V1}/holiday-calendars/{id}`]: {
    expect: allowed(KEEPERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/holiday-calendars/${await calendarOf(f, f.own.id)}`,
      body: { name: 'Renamed' },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/holiday-calendars/${await calendarOf(f, f.other.id)}`,
      body: { name: 'Renamed' },
    }),
  },
  [`DELETE ${V1}/holiday-calendars/{id}`]: {
    expect: allowed(KEEPERS, 204),
    probe: async (_w, f) => ({ url: `${V1}/holiday-calendars/${await calendarOf(f, f.own.id)}` }),
    otherVendor: async (f) => ({ url: `${V1}/holiday-calendars/${await calendarOf(f, f.other.id)}` }),
  },
  [`GET ${V1}/holiday-calendars/{id}/days`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({
      url: `${V1}/holiday-calendars/${await calendarOf(f, f.own.id)}/days?year=2027`,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/holiday-calendars/${await calendarOf(f, f.other.id)}/days?year=2027`,
    }),
  },
  [`PUT ${V1}/holiday-calendars/{id}/days/{date}`]: {
    expect: allowed(KEEPERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/holiday-calendars/${await calendarOf(f, f.own.id)}/days/2027-10-29`,
      body: { kind: 'added', name: 'Diwali' },
    }),
    otherVendor: async (f) => ({
      url: `${V1}/holiday-calendars/${await calendarOf(f, f.other.id)}/days/2027-10-29`,
      body: { kind: 'added', name: 'Diwali' },
    }),
  },
  [`DELETE ${V1}/holiday-calendars/{id}/days/{date}`]: {
    expect: allowed(KEEPERS, 204),
    probe: async (_w, f) => ({
      url: `${V1}/holiday-calendars/${await withDay(f, f.own.id)}/days/2027-10-29`,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/holiday-calendars/${await withDay(f, f.other.id)}/days/2027-10-29`,
    }),
  },
  [`POST ${V1}/holiday-calendars/{id}/import`]: {
    expect: allowed(KEEPERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/holiday-calendars/${await calendarOf(f, f.own.id)}/import?years=2027`,
      ...csv,
    }),
    otherVendor: async (f) => ({
      url: `${V1}/holiday-calendars/${await calendarOf(f, f.other.id)}/import?years=2027`,
      ...csv,
    }),
  },
};

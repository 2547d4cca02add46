/**
 * A vendor's delivery sites (/vendors/{id}/sites): who keeps them, what is refused and why, the
 * audit trail, and the partner brief per site — a Manila site keeping its own holiday calendar —
 * checked against Intl and the calendar's own day, not the app's maths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

/** 15 January 2027, 10:00 UTC. */
const NOW = '2027-01-15T10:00:00Z';
const V1 = '/api/v1';

/** Local YYYY-MM-DDTHH:MM of an instant in a zone, by Intl (not luxon, which the app uses). */
function localOf(instant: string, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
/** Minutes east of UTC of a zone at an instant, from Intl's longOffset ("GMT+08:00"). */
function offsetOf(instant: string, zone: string): number {
  const name = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(instant))
    .find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const MANILA = {
  name: 'Manila delivery centre',
  country: 'PH',
  timezone: 'Asia/Manila',
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: { start: '08:00', end: '17:00' },
};

describe.each(dialects)('vendor delivery sites on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let viewer: Session;
  let acmeUser: Session;
  let otherUser: Session;
  let acme: string;
  let other: string;
  let manilaCalendar: string;
  let otherCalendar: string;
  let orgCalendar: string;

  const calendar = async (body: Record<string, unknown>, as: Session = owner) => {
    const res = await t.call('POST', `${V1}/holiday-calendars`, { as, body });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: fakeClock(NOW) });
    owner = await t.owner();
    await t.call('PUT', `${V1}/settings/organisation`, {
      as: owner,
      body: {
        name: 'Northwind',
        country: 'DE',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        workdays: [1, 2, 3, 4, 5],
        hours: { start: '09:00', end: '17:00' },
      },
    });
    const make = async (body: Record<string, unknown>) => {
      const res = await t.call('POST', `${V1}/vendors`, { as: owner, body });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    acme = await make({ name: 'Acme Outsourcing', country: 'US', timezone: 'America/New_York' });
    other = await make({ name: 'Other Vendor Ltd', country: 'GB', timezone: 'Europe/London' });
    viewer = await t.user('viewer');
    acmeUser = await t.user('vendor', acme);
    otherUser = await t.user('vendor', other);
    // The vendor's own calendar first (the vendor-level brief keeps it), then the Manila site's.
    await calendar({ name: 'Acme New York', vendorId: acme, country: 'US' });
    manilaCalendar = await calendar({ name: 'Acme Manila 2027', vendorId: acme, country: 'PH' });
    // A site's own day off: Wednesday 3 February 2027, no holiday in Germany nor the Philippines.
    const day = await t.call('PUT', `${V1}/holiday-calendars/${manilaCalendar}/days/2027-02-03`, {
      as: owner,
      body: { kind: 'added', name: 'Site foundation day' },
    });
    expect(day.status, day.text).toBe(200);
    otherCalendar = await calendar({ name: 'Other London', vendorId: other, country: 'GB' });
    orgCalendar = await calendar({ name: 'Northwind Berlin', country: 'DE' });
  });
  afterAll(() => t.close());

  const sites = (vendorId: string, as: Session = owner) =>
    t.call('GET', `${V1}/vendors/${vendorId}/sites`, { as });

  it('is kept by internal writers and by the vendor’s own users, read by everyone, audited', async () => {
    const created = await t.call('POST', `${V1}/vendors/${acme}/sites`, {
      as: owner,
      body: { ...MANILA, region: null, calendarId: manilaCalendar },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      ...MANILA,
      vendorId: acme,
      region: null,
      calendarId: manilaCalendar,
    });
    expect(created.body.id).toMatch(/^vst_/);

    // The vendor's own user adds and changes a site of their vendor.
    const cebu = await t.call('POST', `${V1}/vendors/${acme}/sites`, {
      as: acmeUser,
      body: { ...MANILA, name: 'Cebu', region: null },
    });
    expect(cebu.status, cebu.text).toBe(201);
    expect(cebu.body.calendarId).toBeNull();
    const changed = await t.call('PATCH', `${V1}/vendors/${acme}/sites/${cebu.body.id}`, {
      as: acmeUser,
      body: { hours: { start: '22:00', end: '06:00' }, workdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Cebu', hours: { start: '22:00', end: '06:00' } });
    expect(changed.body.workdays).toHaveLength(6);

    for (const as of [owner, viewer, acmeUser]) {
      const list = await sites(acme, as);
      expect(list.status, list.text).toBe(200);
      expect(list.body.items.map((s: { name: string }) => s.name)).toEqual([
        'Cebu',
        'Manila delivery centre',
      ]);
    }
    // A viewer reads but does not keep.
    const refused = await t.call('POST', `${V1}/vendors/${acme}/sites`, { as: viewer, body: MANILA });
    expect(refused.status).toBe(403);

    const removed = await t.call('DELETE', `${V1}/vendors/${acme}/sites/${cebu.body.id}`, { as: acmeUser });
    expect(removed.status, removed.text).toBe(204);
    expect((await sites(acme)).body.items).toHaveLength(1);
    const again = await t.call('DELETE', `${V1}/vendors/${acme}/sites/${cebu.body.id}`, { as: owner });
    expect(again.status).toBe(404);

    const trail = await t.call('GET', `${V1}/audit-events?entityType=vendor&entityId=${acme}`, { as: owner });
    expect(trail.status, trail.text).toBe(200);
    const actions = trail.body.items.map((e: { action: string }) => e.action);
    for (const a of ['vendor.site.create', 'vendor.site.update', 'vendor.site.delete'])
      expect(actions).toContain(a);
  });

  it('answers 404 for another vendor’s sites by every route, and for a site under the wrong vendor', async () => {
    const site = (await sites(acme)).body.items[0];
    for (const [method, url, body] of [
      ['GET', `${V1}/vendors/${acme}/sites`, undefined],
      ['POST', `${V1}/vendors/${acme}/sites`, MANILA],
      ['PATCH', `${V1}/vendors/${acme}/sites/${site.id}`, { name: 'Taken' }],
      ['DELETE', `${V1}/vendors/${acme}/sites/${site.id}`, undefined],
    ] as const) {
      const res = await t.call(method, url, { as: otherUser, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${url}: ${res.text}`).toBe(404);
      expect(res.text).not.toContain('Manila');
    }
    // The site exists, but not under this vendor: 404 to the owner too.
    const wrong = await t.call('PATCH', `${V1}/vendors/${other}/sites/${site.id}`, {
      as: owner,
      body: { name: 'Moved' },
    });
    expect(wrong.status).toBe(404);
    expect((await sites(acme)).body.items[0].name).toBe('Manila delivery centre');
  });

  it('refuses bad input with 422 naming the field, and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...MANILA, timezone: 'Asia/Atlantis' }, 'timezone'],
      [{ ...MANILA, country: 'XX' }, 'country'],
      [{ ...MANILA, region: 'ZZZ' }, 'region'],
      [{ ...MANILA, hours: { start: '25:00', end: '17:00' } }, 'hours.start'],
      [{ ...MANILA, hours: { start: '09:00', end: '09:00' } }, 'hours.end'],
      [{ ...MANILA, workdays: [] }, 'workdays'],
      [{ ...MANILA, workdays: ['mon', 'mon'] }, 'workdays'],
      [{ ...MANILA, calendarId: otherCalendar }, 'calendarId'],
      [{ ...MANILA, calendarId: orgCalendar }, 'calendarId'],
      [{ ...MANILA, calendarId: 'hcal_doesnotexist' }, 'calendarId'],
      [{ ...MANILA, name: '' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('POST', `${V1}/vendors/${acme}/sites`, { as: owner, body });
      expect(res.status, `${field}: ${res.text}`).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const site = (await sites(acme)).body.items[0];
    const patch = await t.call('PATCH', `${V1}/vendors/${acme}/sites/${site.id}`, {
      as: acmeUser,
      body: { name: 'Renamed', calendarId: otherCalendar },
    });
    expect(patch.status).toBe(422);
    expect(patch.body.errors[0].field).toBe('calendarId');
    const region = await t.call('PATCH', `${V1}/vendors/${acme}/sites/${site.id}`, {
      as: owner,
      body: { country: 'IN', region: 'PH-00' },
    });
    expect(region.status).toBe(422);
    expect(region.body.errors[0].field).toBe('region');
    // Nothing half-written.
    expect((await sites(acme)).body.items).toEqual([site]);
    // A region the holiday data knows is kept, upper-cased (Andhra Pradesh); then cleared again.
    const known = await t.call('PATCH', `${V1}/vendors/${acme}/sites/${site.id}`, {
      as: owner,
      body: { country: 'IN', region: 'ap', timezone: 'Asia/Kolkata', calendarId: null },
    });
    expect(known.status, known.text).toBe(200);
    expect(known.body).toMatchObject({ country: 'IN', region: 'AP', calendarId: null });
    const back = await t.call('PATCH', `${V1}/vendors/${acme}/sites/${site.id}`, {
      as: owner,
      body: { country: 'PH', region: null, timezone: 'Asia/Manila', calendarId: manilaCalendar },
    });
    expect(back.status, back.text).toBe(200);
    expect(back.body).toEqual({ ...site, updatedAt: back.body.updatedAt });
  });

  it('gives the Manila site its own brief: Intl’s local time, and its calendar’s day off for the site alone', async () => {
    const res = await t.call('GET', `${V1}/vendors/${acme}/brief`, { as: acmeUser });
    expect(res.status, res.text).toBe(200);
    const b = res.body;
    // The vendor-level facts are the vendor's own (New York, its own calendar), as before.
    expect(b.vendor).toMatchObject({
      timezone: 'America/New_York',
      localTime: localOf(NOW, 'America/New_York'),
    });
    expect(b.vendor.calendar).toContain('Acme New York');
    expect(b.holidays.days.find((d: { date: string }) => d.date === '2027-02-03')).toBeUndefined();
    expect(b.site).toMatch(/delivery site/);

    expect(b.sites).toHaveLength(1);
    const s = b.sites[0];
    const site = (await sites(acme)).body.items[0];
    expect(s.siteId).toBe(site.id);
    expect(s.vendor).toMatchObject({
      name: 'Manila delivery centre',
      country: 'PH',
      countryName: 'Philippines',
      timezone: 'Asia/Manila',
      localTime: localOf(NOW, 'Asia/Manila'),
      utcOffsetMinutes: offsetOf(NOW, 'Asia/Manila'),
      workdays: MANILA.workdays,
      hours: MANILA.hours,
    });
    expect(s.vendor.localTime).toBe('2027-01-15T18:00');
    expect(s.vendor.calendar).toContain('Acme Manila 2027');
    expect(s.offsetDifferenceMinutes).toBe(offsetOf(NOW, 'Asia/Manila') - offsetOf(NOW, 'Europe/Berlin'));
    expect(s.offsetDifferenceMinutes).toBe(420);
    expect(s.holidays.days).toContainEqual({
      date: '2027-02-03',
      vendor: ['Site foundation day'],
      organisation: [],
      offFor: 'vendor',
    });
    // The Philippines' national data under the calendar: Maundy Thursday, 25 March 2027 (Easter is 28 March).
    expect(s.holidays.days.find((d: { date: string }) => d.date === '2027-03-25')?.offFor).toBe('vendor');
    // Good Friday is off on both sides.
    expect(s.holidays.days.find((d: { date: string }) => d.date === '2027-03-26')?.offFor).toBe('both');
    // The Philippines keeps no daylight saving: only Berlin's change (28 March 2027, 01:00 UTC) is listed.
    expect(s.daylightSaving.changes.map((c: { side: string; atUtc: string }) => [c.side, c.atUtc])).toEqual([
      ['organisation', '2027-03-28T01:00:00Z'],
    ]);
    // Manila 08:00–17:00 (UTC 00:00–09:00) meets Berlin 09:00–17:00 for 60 minutes in winter
    // (Berlin 09:00–10:00, UTC 08:00–09:00), 120 in summer (UTC 07:00–09:00).
    expect(s.daylightSaving.changes[0]).toMatchObject({ overlapBeforeMinutes: 60, overlapAfterMinutes: 120 });
    expect(s.formats).toMatchObject({ currency: 'PHP', locale: expect.stringMatching(/-PH$/) });
    expect(s.seasons.list.every((x: { side: string }) => ['vendor', 'organisation'].includes(x.side))).toBe(
      true,
    );
    expect(s.meetingSlot).not.toBeNull();
    // The slot lies within both sides' hours, by Intl.
    const start = localOf(s.meetingSlot.firstUtc, 'Asia/Manila').slice(11);
    const end = localOf(
      new Date(Date.parse(s.meetingSlot.firstUtc) + 3_600_000).toISOString(),
      'Asia/Manila',
    );
    expect(start >= '08:00' && end.slice(11) <= '17:00', `${start}–${end}`).toBe(true);

    // Another vendor's user never sees it.
    expect((await t.call('GET', `${V1}/vendors/${acme}/brief`, { as: otherUser })).status).toBe(404);
  });

  it('uses the national data of the site’s country when the site keeps no calendar', async () => {
    const site = (await sites(acme)).body.items[0];
    const res = await t.call('PATCH', `${V1}/vendors/${acme}/sites/${site.id}`, {
      as: owner,
      body: { calendarId: null },
    });
    expect(res.status, res.text).toBe(200);
    const s = (await t.call('GET', `${V1}/vendors/${acme}/brief`, { as: owner })).body.sites[0];
    expect(s.vendor.calendar).toBe('Philippines national');
    expect(s.holidays.days.find((d: { date: string }) => d.date === '2027-02-03')).toBeUndefined();
    expect(s.holidays.days.find((d: { date: string }) => d.date === '2027-03-25')?.offFor).toBe('vendor');
    // Deleting a kept calendar leaves the site on national data.
    await t.call('PATCH', `${V1}/vendors/${acme}/sites/${site.id}`, {
      as: owner,
      body: { calendarId: manilaCalendar },
    });
    expect((await t.call('DELETE', `${V1}/holiday-calendars/${manilaCalendar}`, { as: owner })).status).toBe(
      204,
    );
    expect((await sites(acme)).body.items[0].calendarId).toBeNull();
  });

  it('goes with its vendor: a vendor created by mistake is deleted with its sites', async () => {
    const res = await t.call('POST', `${V1}/vendors`, {
      as: owner,
      body: { name: 'Mistake Inc', country: 'PH', timezone: 'Asia/Manila' },
    });
    expect(res.status, res.text).toBe(201);
    const id = res.body.id;
    expect((await t.call('POST', `${V1}/vendors/${id}/sites`, { as: owner, body: MANILA })).status).toBe(201);
    const deleted = await t.call('DELETE', `${V1}/vendors/${id}`, { as: owner });
    expect(deleted.status, deleted.text).toBe(204);
    expect((await sites(id)).status).toBe(404);
  });
});

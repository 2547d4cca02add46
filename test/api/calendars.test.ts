/**
 * Holiday calendars of the organisation and of vendors: imports (iCalendar, CSV) all or nothing,
 * days added and removed by hand, vendor scoping, the yearly reminder, and the planner using a
 * vendor's calendar — its overlap checked against a reference computed here with plain UTC
 * arithmetic and Intl's offsets, the holiday dates read from the .ics text itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';

/** A Bangalore delivery centre's holidays of 2027, as a site would export them. */
const BANGALORE_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Acme//Holidays//EN',
  'BEGIN:VEVENT',
  'UID:diwali-2027@acme.example',
  'DTSTAMP:20261201T000000Z',
  'DTSTART;VALUE=DATE:20271029',
  'SUMMARY:Diwali',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:rajyotsava-break-2027@acme.example',
  'DTSTAMP:20261201T000000Z',
  'DTSTART;VALUE=DATE:20271101',
  'DTEND;VALUE=DATE:20271103',
  'SUMMARY:Kannada Rajyotsava break',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:foundation@acme.example',
  'DTSTAMP:20261201T000000Z',
  'DTSTART;VALUE=DATE:20201115',
  'RRULE:FREQ=YEARLY',
  'SUMMARY:Site foundation day',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:cancelled@acme.example',
  'DTSTAMP:20261201T000000Z',
  'DTSTART;VALUE=DATE:20271110',
  'STATUS:CANCELLED',
  'SUMMARY:Offsite (cancelled)',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/**
 * The reference's reading of the .ics text: every all-day DTSTART (and DTEND, exclusive) by
 * regular expression; a yearly rule repeats the month and day in the year asked; a cancelled
 * event is skipped. Independent of ical.js and of the app.
 */
function referenceDays(ics: string, year: number): Set<string> {
  const out = new Set<string>();
  for (const block of ics.split('BEGIN:VEVENT').slice(1)) {
    if (/STATUS:CANCELLED/.test(block)) continue;
    const start = /DTSTART;VALUE=DATE:(\d{4})(\d\d)(\d\d)/.exec(block)!;
    const end = /DTEND;VALUE=DATE:(\d{4})(\d\d)(\d\d)/.exec(block);
    const yearly = /RRULE:FREQ=YEARLY/.test(block);
    const y = yearly ? year : Number(start[1]);
    let t = Date.UTC(y, Number(start[2]) - 1, Number(start[3]));
    const stop = end ? Date.UTC(y, Number(end[2]) - 1, Number(end[3])) : t + 86_400_000;
    for (; t < stop; t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (date.startsWith(`${year}-`)) out.add(date);
    }
  }
  return out;
}

/** The UTC offset of a zone at an instant, in minutes, from Intl. */
function offsetMinutes(zone: string, at: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** A local wall time as a UTC instant (no gap or overlap in these hours). */
function utcOf(date: string, time: string, zone: string): number {
  const naive = Date.parse(`${date}T${time}:00Z`);
  return naive - offsetMinutes(zone, naive - offsetMinutes(zone, naive) * 60_000) * 60_000;
}

describe.each(dialects)('holiday calendars on %s', (dialect) => {
  const clock = fakeClock('2027-06-01T10:00:00Z');
  let t: TestApp;
  let owner: Session;
  let viewer: Session;
  let vendorUser: Session;
  let bangalore: string;
  let other: string;
  let centre: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
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
    const v = await t.call('POST', `${V1}/vendors`, {
      as: owner,
      body: { name: 'Acme Bangalore', country: 'IN', timezone: 'Asia/Kolkata' },
    });
    bangalore = v.body.id;
    other = (await t.vendor({ name: 'Other Vendor' })).id;
    viewer = await t.user('viewer');
    vendorUser = await t.user('vendor', bangalore);
  });
  afterAll(() => t.close());

  const create = async (as: Session, body: Record<string, unknown>) => {
    const res = await t.call('POST', `${V1}/holiday-calendars`, { as, body });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; label: string; vendorId: string | null };
  };
  const importText = (as: Session, id: string, type: string, text: string, years = '2027') =>
    t.call('POST', `${V1}/holiday-calendars/${id}/import?years=${years}`, {
      as,
      raw: text,
      headers: { 'content-type': type },
    });

  it('imports an iCalendar file: all-day, multi-day and yearly events for the years asked', async () => {
    const cal = await create(owner, {
      name: 'Acme Bangalore',
      vendorId: bangalore,
      country: 'IN',
      region: 'KA',
    });
    expect(cal.label).toBe('India (Karnataka) national + Acme Bangalore');
    const res = await importText(owner, cal.id, 'text/calendar', BANGALORE_ICS, '2027-2028');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ format: 'ics', years: [2027, 2028], imported: 5, kept: 0, skipped: 0 });
    const year = await t.call('GET', `${V1}/holiday-calendars/${cal.id}/days?year=2027`, { as: viewer });
    expect(year.status, year.text).toBe(200);
    const own = year.body.days.filter((d: { origin: string }) => d.origin === 'calendar');
    expect(own.map((d: { date: string }) => d.date)).toEqual([...referenceDays(BANGALORE_ICS, 2027)].sort());
    expect(year.body.calendars).toBe('India (Karnataka) national + Acme Bangalore 2027');
    const again = await importText(owner, cal.id, 'text/calendar', BANGALORE_ICS, '2027-2028');
    expect(again.body.imported).toBe(5);
    const got = await t.call('GET', `${V1}/holiday-calendars/${cal.id}`, { as: owner });
    expect(got.body).toMatchObject({ years: [2027, 2028], added: 5, removed: 0 });
  });

  it('refuses a bad iCalendar file with 422 naming the line and the component, and changes nothing', async () => {
    const cal = await create(owner, { name: 'Strict', vendorId: bangalore, country: 'IN' });
    const cases: Array<[string, number, RegExp]> = [
      ['hello', 1, /BEGIN:VCALENDAR/],
      [
        BANGALORE_ICS.replace('END:VEVENT\r\nBEGIN:VEVENT\r\nUID:rajy', 'BEGIN:VEVENT\r\nUID:rajy'),
        30,
        /END:VCALENDAR closes BEGIN:VEVENT of line 4/,
      ],
      [
        BANGALORE_ICS.replace('DTSTART;VALUE=DATE:20271029', 'DTSTART:20271029T090000Z'),
        4,
        /VEVENT: DTSTART must be a date/,
      ],
      [BANGALORE_ICS.replace('SUMMARY:Diwali\r\n', ''), 4, /VEVENT: has no SUMMARY/],
      [BANGALORE_ICS.replace('SUMMARY:Diwali', 'SUMMARY Diwali'), 8, /not a property line/],
    ];
    for (const [text, line, message] of cases) {
      const res = await importText(owner, cal.id, 'text/calendar', text);
      expect(res.status, res.text).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.body.errors.find((e: { line: number }) => e.line === line);
      expect(problem, res.text).toBeDefined();
      expect(problem.message).toMatch(message);
    }
    expect((await t.call('GET', `${V1}/holiday-calendars/${cal.id}`, { as: owner })).body.added).toBe(0);
    const wrongType = await importText(owner, cal.id, 'text/plain', BANGALORE_ICS);
    expect(wrongType.status).toBe(415);
  });

  it('imports CSV, naming the line of a bad row, all or nothing', async () => {
    const cal = await create(owner, { name: 'CSV site', vendorId: bangalore, country: 'IN' });
    const bad = await importText(
      owner,
      cal.id,
      'text/csv',
      'date,name\n2027-11-08,Diwali (day 2)\n2027-02-30,Nonsense\n',
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ field: 'date', line: 3, message: 'must be a date YYYY-MM-DD' }]);
    const noName = await importText(owner, cal.id, 'text/csv', 'date\n2027-11-08\n');
    expect(noName.status).toBe(422);
    expect(noName.body.errors[0]).toMatchObject({ field: 'name', line: 1 });
    const ok = await importText(
      owner,
      cal.id,
      'text/csv',
      'date,name,kind\n2027-11-08,Diwali (day 2),added\n2027-04-14,,removed\n2028-01-14,Makar Sankranti,added\n',
    );
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ format: 'csv', imported: 2, skipped: 1 });
    const year = await t.call('GET', `${V1}/holiday-calendars/${cal.id}/days?year=2027`, { as: owner });
    expect(year.body.days).toContainEqual({
      date: '2027-04-14',
      name: 'Ambedkar Jayanti',
      origin: 'national',
      removed: true,
      source: 'csv',
    });
  });

  it('adds and removes days by hand; a hand-kept day wins over a later import', async () => {
    const cal = await create(owner, { name: 'By hand', vendorId: bangalore, country: 'IN' });
    const worked = await t.call('PUT', `${V1}/holiday-calendars/${cal.id}/days/2027-04-14`, {
      as: owner,
      body: { kind: 'removed' },
    });
    expect(worked.status, worked.text).toBe(200);
    expect(worked.body).toEqual({
      date: '2027-04-14',
      kind: 'removed',
      name: 'Ambedkar Jayanti',
      source: 'manual',
    });
    const notNational = await t.call('PUT', `${V1}/holiday-calendars/${cal.id}/days/2027-04-15`, {
      as: owner,
      body: { kind: 'removed' },
    });
    expect(notNational.status).toBe(422);
    expect(notNational.body.errors[0].field).toBe('date');
    const noName = await t.call('PUT', `${V1}/holiday-calendars/${cal.id}/days/2027-10-29`, {
      as: owner,
      body: { kind: 'added' },
    });
    expect(noName.status).toBe(422);
    expect(noName.body.errors[0].field).toBe('name');
    await t.call('PUT', `${V1}/holiday-calendars/${cal.id}/days/2027-10-29`, {
      as: owner,
      body: { kind: 'added', name: 'Deepavali' },
    });
    const res = await importText(owner, cal.id, 'text/calendar', BANGALORE_ICS);
    expect(res.body).toMatchObject({ imported: 3, kept: 1 });
    const year = await t.call('GET', `${V1}/holiday-calendars/${cal.id}/days?year=2027`, { as: owner });
    expect(year.body.days.filter((d: { date: string }) => d.date === '2027-10-29')).toEqual([
      { date: '2027-10-29', name: 'Deepavali', origin: 'calendar', removed: false, source: 'manual' },
    ]);
    const undo = await t.call('DELETE', `${V1}/holiday-calendars/${cal.id}/days/2027-04-14`, { as: owner });
    expect(undo.status).toBe(204);
    const after = await t.call('GET', `${V1}/holiday-calendars/${cal.id}/days?year=2027`, { as: owner });
    expect(after.body.days).toContainEqual(
      expect.objectContaining({ date: '2027-04-14', origin: 'national', removed: false }),
    );
  });

  it('lets a vendor user keep their own vendor’s calendars and answers 404 for any other', async () => {
    const mine = await create(vendorUser, { name: 'Our site', country: 'IN' });
    expect(mine.vendorId).toBe(bangalore);
    const theirs = await create(owner, { name: 'Other site', vendorId: other, country: 'PL' });
    const org = await create(owner, { name: 'Head office', country: 'DE' });
    expect(org.vendorId).toBeNull();
    expect((await importText(vendorUser, mine.id, 'text/calendar', BANGALORE_ICS)).status).toBe(200);
    for (const id of [theirs.id, org.id]) {
      expect((await t.call('GET', `${V1}/holiday-calendars/${id}`, { as: vendorUser })).status).toBe(404);
      expect(
        (await t.call('GET', `${V1}/holiday-calendars/${id}/days?year=2027`, { as: vendorUser })).status,
      ).toBe(404);
      expect((await importText(vendorUser, id, 'text/calendar', BANGALORE_ICS)).status).toBe(404);
      const put = await t.call('PUT', `${V1}/holiday-calendars/${id}/days/2027-10-29`, {
        as: vendorUser,
        body: { kind: 'added', name: 'x' },
      });
      expect(put.status).toBe(404);
      expect((await t.call('DELETE', `${V1}/holiday-calendars/${id}`, { as: vendorUser })).status).toBe(404);
    }
    const forOther = await t.call('POST', `${V1}/holiday-calendars`, {
      as: vendorUser,
      body: { name: 'x', vendorId: other, country: 'PL' },
    });
    expect(forOther.status).toBe(404);
    expect(forOther.text).not.toContain('Other Vendor');
    const list = await t.call('GET', `${V1}/holiday-calendars?limit=200`, { as: vendorUser });
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((c: { vendorId: string }) => c.vendorId === bangalore)).toBe(true);
    expect(
      (await t.call('POST', `${V1}/holiday-calendars`, { as: viewer, body: { name: 'x', country: 'DE' } }))
        .status,
    ).toBe(403);
  });

  it('reminds once from 1 November of each calendar with no days for next year', async () => {
    // Every calendar made above but the one imported for 2027–2028 lacks 2028 (listed before the
    // clock moves: sessions expire).
    const all = (await t.call('GET', `${V1}/holiday-calendars?limit=200`, { as: owner })).body
      .items as Array<{
      years: number[];
    }>;
    try {
      clock.set('2027-10-31T12:00:00Z');
      expect((await t.app.services.calendars.runReminders()).published).toBe(0);
      clock.set('2027-11-01T09:00:00Z');
      const first = await t.app.services.calendars.runReminders();
      expect(first.published).toBe(all.filter((c) => !c.years.includes(2028)).length);
      expect(first.published).toBeGreaterThan(0);
      expect((await t.app.services.calendars.runReminders()).published).toBe(0);
      await t.app.services.notificationDelivery.consume();
    } finally {
      clock.set('2027-06-01T10:00:00Z');
    }
    // The vendor's own users keep their calendar, so they are told; about their own calendars only.
    const told = await t.call('GET', `${V1}/notifications?limit=100`, { as: vendorUser });
    const reminders = told.body.items.filter(
      (n: { type: string }) => n.type === 'holiday_calendar.next_year_missing',
    ) as Array<{ title: string; link: string }>;
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((n) => n.title.startsWith('Acme Bangalore'))).toBe(true);
    expect(reminders.some((n) => n.title.includes('“Our site” has no days for 2028'))).toBe(true);
    expect(reminders.every((n) => n.link.startsWith('/calendars/hcal_'))).toBe(true);
  });

  it('plans with the vendor’s imported calendar and gives the overlap a reference computation gives', async () => {
    const site = await create(owner, { name: 'Acme Bangalore', vendorId: other, country: 'IN' });
    // A vendor of its own with one calendar, so the planner's default is that calendar.
    const v = await t.call('POST', `${V1}/vendors`, {
      as: owner,
      body: { name: 'Acme Bangalore Centre', country: 'IN', timezone: 'Asia/Kolkata' },
    });
    centre = v.body.id;
    const cal = await create(owner, { name: 'Acme Bangalore', vendorId: v.body.id, country: 'IN' });
    expect(site.id).not.toBe(cal.id);
    expect((await importText(owner, cal.id, 'text/calendar', BANGALORE_ICS)).status).toBe(200);
    const from = '2027-10-18';
    const to = '2027-11-19';
    const res = await t.call(
      'GET',
      `${V1}/planner/overlap?from=${from}&to=${to}&parties=${encodeURIComponent(JSON.stringify(['org', v.body.id]))}`,
      { as: viewer },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.calendars).toEqual([
      // The organisation's calendar (made above) has no days: the label says so.
      {
        partyId: 'org',
        calendarId: expect.any(String),
        label: 'Germany national + Head office (no days for 2027)',
      },
      { partyId: v.body.id, calendarId: cal.id, label: 'India national + Acme Bangalore 2027' },
    ]);

    // The reference: Berlin and Bangalore, each 09:00–17:00 local, Monday to Friday. National
    // days off in the range, from the published lists: Germany none (Reformation Day and All
    // Saints' Day are regional); India none (Gandhi Jayanti, 2 October, is before it).
    const off = referenceDays(BANGALORE_ICS, 2027);
    let total = 0;
    const perDay: Record<string, number> = {};
    for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      const weekday = new Date(d).getUTCDay();
      let minutes = 0;
      if (weekday !== 0 && weekday !== 6 && !off.has(date)) {
        const start = Math.max(utcOf(date, '09:00', 'Europe/Berlin'), utcOf(date, '09:00', 'Asia/Kolkata'));
        const end = Math.min(utcOf(date, '17:00', 'Europe/Berlin'), utcOf(date, '17:00', 'Asia/Kolkata'));
        minutes = Math.max(0, (end - start) / 60_000);
      }
      perDay[date] = minutes;
      total += minutes;
    }
    const got = Object.fromEntries(
      res.body.days.map((d: { date: string; windows: Array<{ minutes: number }> }) => [
        d.date,
        d.windows.reduce((s, w) => s + w.minutes, 0),
      ]),
    );
    expect(got).toEqual(perDay);
    expect(res.body.totalMinutes).toBe(total);
    // Diwali, the break and the foundation day are off; the cancelled offsite is not.
    for (const date of ['2027-10-29', '2027-11-01', '2027-11-02', '2027-11-15']) expect(got[date]).toBe(0);
    expect(got['2027-11-10']).toBe(210);
    // Without the calendar ("none"), Diwali is a working day again.
    const national = await t.call(
      'GET',
      `${V1}/planner/overlap?from=2027-10-29&to=2027-10-29&parties=${encodeURIComponent(JSON.stringify(['org', { id: v.body.id, calendar: 'none' }]))}`,
      { as: viewer },
    );
    expect(national.body.totalMinutes).toBe(270);
    expect(national.body.calendars[1].label).toBe('India national');
    const unknown = await t.call(
      'GET',
      `${V1}/planner/overlap?from=2027-10-29&to=2027-10-29&parties=${encodeURIComponent(JSON.stringify(['org', { id: v.body.id, calendar: site.id }]))}`,
      { as: viewer },
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('parties.1.calendar');
  });

  it('warns of meetings on a day off of either side, in each side’s local date and calendar', async () => {
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId: centre,
        title: 'Bangalore support',
        function: 'it',
        startDate: '2027-01-01',
        budget: 100_000,
      },
    });
    expect(e.status, e.text).toBe(201);
    const orgCal = (await t.call('GET', `${V1}/holiday-calendars?owner=organisation`, { as: owner })).body
      .items[0];
    await t.call('PUT', `${V1}/holiday-calendars/${orgCal.id}/days/2027-11-08`, {
      as: owner,
      body: { kind: 'added', name: 'Company day' },
    });
    const series = async (weekday: string, startTime: string, startDate: string) => {
      const res = await t.call('POST', `${V1}/engagements/${e.body.id}/meeting-series`, {
        as: owner,
        body: {
          title: `Weekly ${weekday}`,
          kind: 'weekly_operations',
          recurrence: { frequency: 'weekly', weekday },
          startDate,
          startTime,
          durationMinutes: 30,
          timezone: 'Europe/Berlin',
          attendees: [],
        },
      });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    const monday = await series('mon', '10:00', '2027-10-18');
    const occ = await t.call(
      'GET',
      `${V1}/meeting-series/${monday}/occurrences?from=2027-10-18&to=2027-11-22`,
      {
        as: viewer,
      },
    );
    expect(occ.status, occ.text).toBe(200);
    expect(occ.body.items).toHaveLength(6);
    expect(occ.body.holidays).toEqual([
      { date: '2027-11-01', party: 'vendor', localDate: '2027-11-01', name: 'Kannada Rajyotsava break' },
      { date: '2027-11-08', party: 'organisation', localDate: '2027-11-08', name: 'Company day' },
      { date: '2027-11-15', party: 'vendor', localDate: '2027-11-15', name: 'Site foundation day' },
    ]);
    expect(occ.body.calendars).toEqual([
      { partyId: 'org', calendarId: orgCal.id, label: 'Germany national + Head office 2027' },
      { partyId: centre, calendarId: expect.any(String), label: 'India national + Acme Bangalore 2027' },
    ]);
    // Sunday 22:00 in Berlin is already Monday 02:30 in Bangalore: the vendor's local date counts.
    const late = await series('sun', '22:00', '2027-10-31');
    const lateOcc = await t.call(
      'GET',
      `${V1}/meeting-series/${late}/occurrences?from=2027-10-31&to=2027-10-31`,
      {
        as: owner,
      },
    );
    expect(lateOcc.body.holidays).toEqual([
      { date: '2027-10-31', party: 'vendor', localDate: '2027-11-01', name: 'Kannada Rajyotsava break' },
    ]);
  });
});

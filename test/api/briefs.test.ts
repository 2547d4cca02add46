/**
 * The partner brief (GET /vendors/{id}/brief): who may read it, and its figures against
 * published dates (Umm al-Qura, the Hong Kong Observatory's lunar calendar, the EU's
 * daylight-saving rule, Japan's Cabinet Office holidays) and computations in the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

/** 15 January 2027, 10:00 UTC: winter in Berlin, before Ramadan and the Lunar New Year. */
const NOW = '2027-01-15T10:00:00Z';

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
/** Minutes east of UTC of a zone at an instant, from Intl's longOffset ("GMT+03:00"). */
function offsetOf(instant: string, zone: string): number {
  const name = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(instant))
    .find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}
/** The Umm al-Qura month of a date, by Intl in the test. */
const hijriMonth = (date: string) =>
  Number(
    new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', { timeZone: 'UTC', month: 'numeric' })
      .formatToParts(new Date(`${date}T12:00:00Z`))
      .find((p) => p.type === 'month')!.value,
  );

describe.each(dialects)('partner brief on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let viewer: Session;
  let riyadhUser: Session;
  let krakowUser: Session;
  const v: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: fakeClock(NOW) });
    owner = await t.owner();
    await t.call('PUT', '/api/v1/settings/organisation', {
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
    for (const [key, body] of Object.entries({
      riyadh: { name: 'Riyadh Desk', country: 'SA', timezone: 'Asia/Riyadh', languages: ['ar', 'en'] },
      krakow: {
        name: 'Kraków Sp. z o.o.',
        country: 'PL',
        timezone: 'Europe/Warsaw',
        languages: ['pl', 'en', 'de'],
      },
      shanghai: { name: 'Shanghai Ops', country: 'CN', timezone: 'Asia/Shanghai' },
      tokyo: { name: 'Tokyo Support', country: 'JP', timezone: 'Asia/Tokyo', languages: ['ja'] },
      bangalore: { name: 'Bangalore Centre', country: 'IN', timezone: 'Asia/Kolkata' },
    })) {
      const res = await t.call('POST', '/api/v1/vendors', { as: owner, body });
      expect(res.status, res.text).toBe(201);
      v[key] = res.body.id;
    }
    viewer = await t.user('viewer');
    riyadhUser = await t.user('vendor', v.riyadh);
    krakowUser = await t.user('vendor', v.krakow);
  });
  afterAll(() => t.close());

  const brief = (id: string, as: Session = owner) => t.call('GET', `/api/v1/vendors/${id}/brief`, { as });

  it('is visible to internal roles and to a vendor user for their own vendor only (404 otherwise)', async () => {
    expect((await brief(v.riyadh!, viewer)).status).toBe(200);
    expect((await brief(v.riyadh!, riyadhUser)).status).toBe(200);
    expect((await brief(v.krakow!, krakowUser)).status).toBe(200);
    for (const [id, as] of [
      [v.krakow!, riyadhUser],
      [v.riyadh!, krakowUser],
      [v.tokyo!, riyadhUser],
      ['vnd_doesnotexist', riyadhUser],
      ['vnd_doesnotexist', owner],
    ] as const) {
      const res = await brief(id, as);
      expect(res.status, `${id}: ${res.text}`).toBe(404);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.text).not.toContain('Kraków');
    }
    expect((await t.call('GET', `/api/v1/vendors/${v.riyadh}/brief`)).status).toBe(401);
  });

  it('gives both local times, offsets and their difference as Intl computes them', async () => {
    const res = await brief(v.riyadh!, riyadhUser);
    expect(res.status, res.text).toBe(200);
    const b = res.body;
    expect(b.vendor).toMatchObject({
      country: 'SA',
      countryName: 'Saudi Arabia',
      timezone: 'Asia/Riyadh',
      localTime: localOf(NOW, 'Asia/Riyadh'),
      utcOffsetMinutes: offsetOf(NOW, 'Asia/Riyadh'),
      workdays: ['sun', 'mon', 'tue', 'wed', 'thu'],
      hours: { start: '09:00', end: '17:00' },
    });
    expect(b.vendor.localTime).toBe('2027-01-15T13:00');
    expect(b.organisation).toMatchObject({
      localTime: localOf(NOW, 'Europe/Berlin'),
      utcOffsetMinutes: 60,
      workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    });
    expect(b.offsetDifferenceMinutes).toBe(offsetOf(NOW, 'Asia/Riyadh') - offsetOf(NOW, 'Europe/Berlin'));
    expect(b.offsetDifferenceMinutes).toBe(120);
    expect(b.vendor.calendar).toBe('Saudi Arabia national');
    expect(b.organisation.calendar).toBe('Germany national');
    expect(b.site).toMatch(/no delivery sites/);
    expect(b.languages).toEqual([
      { code: 'ar', name: 'Arabic' },
      { code: 'en', name: 'English' },
    ]);
  });

  it('lists 90 days of holidays on both sides and marks those off for one side only', async () => {
    const b = (await brief(v.krakow!)).body;
    expect(b.holidays).toMatchObject({ from: '2027-01-15', to: '2027-04-14' });
    const day = (date: string) => b.holidays.days.find((d: { date: string }) => d.date === date);
    // Easter Sunday 2027 is 28 March: Good Friday is a German holiday, not a Polish one;
    // Easter Monday is off on both sides. Epiphany (6 January) is before the window.
    expect(day('2027-03-26')).toMatchObject({ offFor: 'organisation', vendor: [] });
    expect(day('2027-03-29')).toMatchObject({ offFor: 'both' });
    expect(day('2027-03-28')?.vendor.length).toBeGreaterThan(0); // Polish Easter Sunday is a public holiday
    expect(day('2027-01-06')).toBeUndefined();
    for (const d of b.holidays.days) {
      expect(d.date >= '2027-01-15' && d.date <= '2027-04-14').toBe(true);
      const expected =
        d.vendor.length && d.organisation.length ? 'both' : d.vendor.length ? 'vendor' : 'organisation';
      expect(d.offFor).toBe(expected);
    }
  });

  it('finds the daylight-saving changes of both sides by the EU rule and the overlap before and after', async () => {
    const riyadh = (await brief(v.riyadh!)).body;
    // EU rule: the last Sunday of March and of October at 01:00 UTC. Riyadh keeps UTC+3 all year.
    expect(riyadh.daylightSaving.changes).toEqual([
      expect.objectContaining({
        side: 'organisation',
        timezone: 'Europe/Berlin',
        atUtc: '2027-03-28T01:00:00Z',
        date: '2027-03-28',
        offsetBeforeMinutes: 60,
        offsetAfterMinutes: 120,
        // Berlin 09–17 is 08–16 UTC in winter, 07–15 UTC in summer; Riyadh 09–17 is 06–14 UTC:
        overlapBeforeMinutes: (14 - 8) * 60,
        overlapAfterMinutes: (14 - 7) * 60,
      }),
    ]);
    // Kraków changes at the same instant as Berlin: two changes, the overlap unchanged (a full day).
    const krakow = (await brief(v.krakow!)).body;
    expect(
      krakow.daylightSaving.changes.map((c: { side: string; atUtc: string }) => [c.side, c.atUtc]),
    ).toEqual([
      ['organisation', '2027-03-28T01:00:00Z'],
      ['vendor', '2027-03-28T01:00:00Z'],
    ]);
    for (const c of krakow.daylightSaving.changes)
      expect([c.overlapBeforeMinutes, c.overlapAfterMinutes]).toEqual([480, 480]);
  });

  it('finds Ramadan 1448 from the Umm al-Qura calendar, as published and as Intl says in the test', async () => {
    const b = (await brief(v.riyadh!)).body;
    const ramadan = b.seasons.list.filter((s: { season: string }) => s.season === 'ramadan');
    expect(ramadan).toHaveLength(1);
    // Umm al-Qura: 1 Ramadan 1448 AH = 8 February 2027; Ramadan has 29 days, 1 Shawwal (Eid al-Fitr) = 9 March 2027.
    expect(ramadan[0]).toMatchObject({ side: 'vendor', from: '2027-02-08', to: '2027-03-08' });
    expect(hijriMonth('2027-02-07')).toBe(8);
    expect(hijriMonth('2027-02-08')).toBe(9);
    expect(hijriMonth('2027-03-08')).toBe(9);
    expect(hijriMonth('2027-03-09')).toBe(10);
    // Germany has no Ramadan season; Christmas to New Year is the organisation's.
    expect(
      b.seasons.list.find(
        (s: { side: string; season: string }) => s.side === 'organisation' && s.season === 'ramadan',
      ),
    ).toBeUndefined();
    expect(b.seasons.list).toContainEqual(
      expect.objectContaining({
        side: 'organisation',
        season: 'christmas-new-year',
        from: '2027-12-24',
        to: '2028-01-01',
      }),
    );
  });

  it('takes the Lunar New Year from the gazette (6 February 2027), not ICU astronomy a day late', async () => {
    const b = (await brief(v.shanghai!)).body;
    const lny = b.seasons.list.filter((s: { season: string; side: string }) => s.season === 'lunar-new-year');
    // Hong Kong Observatory / State Council: the first day of the Year of the Goat is 6 February 2027;
    // China's Spring Festival holiday starts on the eve (5 February).
    expect(lny).toEqual([expect.objectContaining({ side: 'vendor', from: '2027-02-05', to: '2027-02-12' })]);
    expect(lny[0].source).toMatch(/new year's day is 2027-02-06/);
    // ICU's Chinese calendar (through Intl) puts it a day late: the reason for the gazette first.
    const icuMonth = new Intl.DateTimeFormat('en-u-ca-chinese', {
      timeZone: 'UTC',
      month: 'numeric',
      day: 'numeric',
    }).format(new Date('2027-02-06T12:00:00Z'));
    expect(icuMonth).toBe('12/30');
    // China's National Day week (1 October) is its Golden Week.
    const golden = b.seasons.list.find((s: { season: string }) => s.season === 'golden-week');
    expect(golden).toMatchObject({ from: '2027-10-01' });
  });

  it("finds Japan's Golden Week and India's Diwali week from holiday data", async () => {
    const tokyo = (await brief(v.tokyo!)).body;
    // Cabinet Office: Shōwa Day 29 April, Children's Day 5 May 2027.
    expect(tokyo.seasons.list).toContainEqual(
      expect.objectContaining({
        side: 'vendor',
        season: 'golden-week',
        from: '2027-04-29',
        to: '2027-05-05',
      }),
    );
    const bangalore = (await brief(v.bangalore!)).body;
    const diwali = bangalore.seasons.list.find((s: { season: string }) => s.season === 'diwali');
    // Diwali (Lakshmi Puja) 2027 is 29 October.
    expect(diwali.from <= '2027-10-29' && diwali.to >= '2027-10-29').toBe(true);
  });

  it("writes dates, numbers and money as the vendor's country does", async () => {
    const krakow = (await brief(v.krakow!)).body;
    expect(krakow.formats).toMatchObject({
      locale: 'pl-PL',
      currency: 'PLN',
      date: '15.01.2027',
      dateLong: '15 stycznia 2027',
    });
    // Polish groups thousands with a (no-break) space and writes a decimal comma.
    expect(krakow.formats.number).toMatch(/^1\s234\s567,89$/u);
    expect(krakow.formats.money).toMatch(/^1\s234\s567,89\szł$/u);
    expect(krakow.languages.map((l: { name: string }) => l.name)).toEqual(['Polish', 'English', 'German']);
    const tokyo = (await brief(v.tokyo!)).body;
    // The yen has no minor unit: 1,234,567.89 is written ¥1,234,568.
    expect(tokyo.formats).toMatchObject({
      locale: 'ja-JP',
      currency: 'JPY',
      number: '1,234,567.89',
      date: '2027/01/15',
    });
    expect(tokyo.formats.money).toMatch(/^[¥￥]1,234,568$/u);
    const bangalore = (await brief(v.bangalore!)).body;
    // Indian grouping: lakh and crore.
    expect(bangalore.formats).toMatchObject({ locale: 'en-IN', currency: 'INR', number: '12,34,567.89' });
    expect(bangalore.formats.money).toBe('₹12,34,567.89');
  });

  it("gives the planner's weekly slot inside both sides' hours", async () => {
    const b = (await brief(v.riyadh!)).body;
    const slot = b.meetingSlot;
    expect(slot).not.toBeNull();
    expect(['mon', 'tue', 'wed', 'thu']).toContain(slot.weekday);
    // The first occurrence, in each side's local time by Intl, lies within 09:00–17:00 for an hour.
    for (const zone of ['Europe/Berlin', 'Asia/Riyadh']) {
      const start = localOf(slot.firstUtc, zone).slice(11);
      const end = localOf(new Date(Date.parse(slot.firstUtc) + 3_600_000).toISOString(), zone).slice(11);
      expect(start >= '09:00' && end <= '17:00', `${zone} ${start}–${end}`).toBe(true);
    }
    expect(slot.duration).toBe(60);
  });
});

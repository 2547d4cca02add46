import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

describe.each(dialects)('planner on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let viewer: Session;
  let vendorUser: Session;
  let manila: string;

  const url = (path: string, from: string, to: string, parties: unknown, extra = '') =>
    `/api/v1/planner/${path}?from=${from}&to=${to}&parties=${encodeURIComponent(JSON.stringify(parties))}${extra}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
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
    const v = await t.call('POST', '/api/v1/vendors', {
      as: owner,
      body: { name: 'Manila Night Desk', country: 'PH', timezone: 'Asia/Manila' },
    });
    manila = v.body.id;
    viewer = await t.user('viewer');
    vendorUser = await t.user('vendor', manila);
  });
  afterAll(() => t.close());

  it('looks up the organisation and a vendor by id, with given hours overriding the default', async () => {
    const res = await t.call(
      'GET',
      url('overlap', '2027-03-01', '2027-03-07', [
        'org',
        { id: manila, hours: { start: '15:00', end: '23:00' } },
      ]),
      { as: viewer },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.parties[0]).toMatchObject({ id: 'org', name: 'Northwind', timezone: 'Europe/Berlin' });
    expect(res.body.parties[1]).toMatchObject({
      id: manila,
      timezone: 'Asia/Manila',
      workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: { start: '15:00', end: '23:00' },
    });
    // Manila 15:00–23:00 is 07:00–15:00 UTC; Berlin 09:00–17:00 is 08:00–16:00 UTC in winter.
    const monday = res.body.days[0];
    expect(monday.windows).toEqual([
      {
        startUtc: '2027-03-01T08:00:00Z',
        endUtc: '2027-03-01T15:00:00Z',
        minutes: 420,
        local: {
          org: { start: '2027-03-01T09:00', end: '2027-03-01T16:00' },
          [manila]: { start: '2027-03-01T16:00', end: '2027-03-01T23:00' },
        },
      },
    ]);
    expect(res.body.totalMinutes).toBe(5 * 420);
    expect(res.body.days[5].nonWorking).toEqual(['org', manila]);
  });

  it('marks Christmas 2027 for Germany and the United States, and ad-hoc Sunday–Thursday weeks', async () => {
    const res = await t.call(
      'GET',
      url('overlap', '2027-12-24', '2027-12-26', [
        'org',
        { id: 'nyc', timezone: 'America/New_York', country: 'US' },
        { id: 'riyadh', timezone: 'Asia/Riyadh', country: 'SA' },
      ]),
      { as: owner },
    );
    expect(res.status, res.text).toBe(200);
    const christmas = res.body.days[1];
    expect(christmas.date).toBe('2027-12-25');
    expect(christmas.holidays.map((h: { partyId: string }) => h.partyId).sort()).toEqual(['nyc', 'org']);
    expect(res.body.parties[2].workdays).toEqual(['sun', 'mon', 'tue', 'wed', 'thu']);
    // Friday 24th: Riyadh is off (and the US observes Christmas); Sunday 26th: Riyadh works, Berlin does not.
    expect(res.body.days[0].nonWorking).toContain('riyadh');
    expect(res.body.days[2].nonWorking).not.toContain('riyadh');
    expect(res.body.totalMinutes).toBe(0);
  });

  it('suggests a recurring slot with each party’s local time', async () => {
    const res = await t.call(
      'GET',
      url(
        'recurring-slot',
        '2027-03-01',
        '2027-04-30',
        ['org', { id: 'nyc', timezone: 'America/New_York', country: 'US' }],
        '&duration=60',
      ),
      { as: owner },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.slot).toMatchObject({
      weekday: 'tue',
      start: '15:00',
      duration: 60,
      local: { org: { weekday: 'tue', start: '15:00' }, nyc: { weekday: 'tue', start: '09:00' } },
      failures: [],
    });
  });

  it('answers 422 naming the field', async () => {
    const field = async (u: string) => {
      const res = await t.call('GET', u, { as: owner });
      expect(res.status, res.text).toBe(422);
      return res.body.errors.map((e: { field: string }) => e.field);
    };
    expect(await field(url('overlap', '2027-03-10', '2027-03-01', ['org']))).toEqual(['to']);
    expect(await field(url('overlap', '2027-01-01', '2028-01-02', ['org']))).toEqual(['to']);
    expect(await field(url('overlap', '2027-02-30', '2027-03-01', ['org']))).toEqual(['from']);
    expect(await field(url('overlap', '2027-01-01', '2027-01-02', []))).toEqual(['parties']);
    expect(
      await field(
        url(
          'overlap',
          '2027-01-01',
          '2027-01-02',
          Array.from({ length: 21 }, (_, i) => `p${i}`),
        ),
      ),
    ).toEqual(['parties']);
    expect(
      await field(
        url('overlap', '2027-01-01', '2027-01-02', [
          'org',
          { id: 'x', timezone: 'Mars/Base', country: 'DE' },
        ]),
      ),
    ).toEqual(['parties.1.timezone']);
    expect(await field(url('overlap', '2027-01-01', '2027-01-02', [{ id: 'x', timezone: 'UTC' }]))).toEqual([
      'parties.0.country',
    ]);
    expect(
      await field(url('overlap', '2027-01-01', '2027-01-02', ['vnd_01JD3ZQ8N0000000000000000'])),
    ).toEqual(['parties.0.id']);
    expect(
      await field(
        url('overlap', '2027-01-01', '2027-01-02', [{ id: 'org', hours: { start: '9', end: '17:00' } }]),
      ),
    ).toEqual(['parties.0.hours.start']);
    expect(await field(url('overlap', '2027-01-01', '2027-01-02', [{ id: 'org', region: 'ZZ' }]))).toEqual([
      'parties.0.region',
    ]);
    const bad = await t.call('GET', '/api/v1/planner/overlap?from=2027-01-01&to=2027-01-02&parties=%5Bnope', {
      as: owner,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('parties');
  });

  it('is for internal roles: a vendor user is answered 404, nobody signed in 401', async () => {
    const u = url('overlap', '2027-03-01', '2027-03-02', ['org']);
    expect((await t.call('GET', u, { as: vendorUser })).status).toBe(404);
    expect((await t.call('GET', u)).status).toBe(401);
  });

  it('computes a whole year quickly', async () => {
    const started = Date.now();
    const res = await t.call(
      'GET',
      url('recurring-slot', '2027-01-01', '2027-12-31', [
        'org',
        manila,
        { id: 'nyc', timezone: 'America/New_York', country: 'US' },
      ]),
      { as: owner },
    );
    expect(res.status, res.text).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

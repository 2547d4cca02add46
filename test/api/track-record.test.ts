/** The track record shows what Outpost measured of a vendor: SLA attainment and published scorecards per engagement. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { approvedEngagement } from './quality-fixture';

describe.each(dialects)('track record performance on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;

  beforeAll(async () => {
    clock = fakeClock('2027-03-20T12:00:00Z');
    const env = { OUTPOST_SESSION_IDLE_MINUTES: '1000000', OUTPOST_SESSION_ABSOLUTE_HOURS: '100000' };
    t = await createTestApp(dialect, { clock, env });
    owner = await t.owner();
  });
  afterAll(() => t?.close());

  it('adds each engagement’s closed SLA months and its latest published scorecard', async () => {
    const vendor = await t.vendor({ name: 'Measured Vendor', country: 'PH' });
    const e = await approvedEngagement(t, owner, vendor.id);
    const post = await t.call('POST', `/api/v1/engagements/${e.id}/measurements`, {
      as: owner,
      body: {
        items: [
          // March: service level 90 % (met), speed of answer 30 s (breached), no handle times (no data).
          { kpiId: e.kpi.sl, at: '2027-03-03T09:00:00Z', numerator: 90, denominator: 100 },
          { kpiId: e.kpi.asa, at: '2027-03-03T09:00:00Z', value: 30 },
        ],
      },
    });
    expect(post.status, post.text).toBe(201);
    let record = await t.call('GET', `/api/v1/vendors/${vendor.id}/track-record`, { as: owner });
    expect(record.body.engagements[0]).toMatchObject({
      sla: null,
      scorecards: { published: 0, latestTotal: null, latestPeriod: null, trend: null },
    });

    clock.set('2027-04-03T00:00:00Z');
    expect((await t.call('POST', '/api/v1/sla/close', { as: owner })).status).toBe(200);
    const card = await t.call('POST', `/api/v1/engagements/${e.id}/scorecards`, {
      as: owner,
      body: { period: '2027-03' },
    });
    expect(card.status, card.text).toBe(201);
    const lines = ['quality', 'timeliness', 'communication', 'cost', 'security'].map((criterion) => ({
      criterion,
      score: 4,
    }));
    expect(
      (await t.call('PATCH', `/api/v1/scorecards/${card.body.id}`, { as: owner, body: { lines } })).status,
    ).toBe(200);
    expect((await t.call('POST', `/api/v1/scorecards/${card.body.id}/publish`, { as: owner })).status).toBe(
      200,
    );

    record = await t.call('GET', `/api/v1/vendors/${vendor.id}/track-record`, { as: owner });
    // January and February closed without data; March met 1 of the 2 KPIs with data.
    expect(record.body.engagements[0].sla).toEqual({
      months: 3,
      kpisMet: 1,
      kpisEvaluated: 2,
      attainmentPct: 50,
    });
    expect(record.body.engagements[0].scorecards).toMatchObject({
      published: 1,
      latestPeriod: '2027-03',
      trend: null,
    });
    expect(record.body.engagements[0].scorecards.latestTotal).toBeGreaterThan(0);
  });
});

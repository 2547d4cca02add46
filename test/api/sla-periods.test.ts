/**
 * KPIs measured per day or per ISO week: the closing job closes those periods too (without a
 * credit, which stays monthly) and raises breaches for those KPIs only, once each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { QUALITY_SOW } from './quality-fixture';

const V1 = '/api/v1';

describe.each(dialects)('closing days and weeks on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let engagementId: string;
  let kpi: Record<string, string>;

  const close = () => t.call('POST', `${V1}/sla/close`, { as: owner, body: { engagementId } });
  const breaches = async () =>
    (await t.db.database.db.selectFrom('events').selectAll().where('type', '=', 'sla.breached').execute())
      .map((e) => JSON.parse(e.payload) as { period: string; granularity: string; kpiId: string })
      .map(
        (p) =>
          `${p.granularity} ${p.period} ${p.kpiId === kpi.sl ? 'sl' : p.kpiId === kpi.asa ? 'asa' : 'p90'}`,
      )
      .sort();
  const stored = async (granularity: string) =>
    (
      await t.db.database.db
        .selectFrom('slaPeriods')
        .select(['period', 'credit', 'kpisEvaluated'])
        .where('engagementId', '=', engagementId)
        .where('granularity', '=', granularity)
        .where('source', '=', 'client')
        .orderBy('period')
        .execute()
    ).map((r) => `${r.period} credit ${Number(r.credit)}`);

  beforeAll(async () => {
    clock = fakeClock('2027-03-01T08:00:00Z');
    const env = { OUTPOST_SESSION_IDLE_MINUTES: '1000000', OUTPOST_SESSION_ABSOLUTE_HOURS: '100000' };
    t = await createTestApp(dialect, { clock, env });
    owner = await t.owner();
    const vendor = await t.vendor({ name: 'Daily Desk', country: 'PH' });
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId: vendor.id,
        title: 'Daily service desk',
        function: 'customer_service',
        startDate: '2027-03-01',
        endDate: '2027-12-31',
        timezone: 'Asia/Manila',
        currency: 'EUR',
        monthlyFee: 100_000,
        budget: 1_500_000,
      },
    });
    expect(e.status, e.text).toBe(201);
    engagementId = e.body.id;
    // Service level per day, speed of answer per ISO week, handle time per month.
    const [sl, asa, p90] = QUALITY_SOW.kpis;
    const sow = { ...QUALITY_SOW, kpis: [{ ...sl, period: 'day' }, { ...asa, period: 'week' }, p90] };
    expect(
      (await t.call('PUT', `${V1}/engagements/${engagementId}/sow`, { as: owner, body: sow })).status,
    ).toBe(200);
    const ok = await t.call('POST', `${V1}/engagements/${engagementId}/sow/approve`, { as: owner });
    expect(ok.status, ok.text).toBe(200);
    kpi = {
      sl: ok.body.kpis[0].id,
      asa: ok.body.kpis[1].id,
    };
    const post = await t.call('POST', `${V1}/engagements/${engagementId}/measurements`, {
      as: owner,
      body: {
        items: [
          // 2 March (Manila): 90 % — met; 3 March: 50 % — breached.
          { kpiId: kpi.sl, at: '2027-03-02T02:00:00Z', numerator: 90, denominator: 100 },
          { kpiId: kpi.sl, at: '2027-03-03T02:00:00Z', numerator: 50, denominator: 100 },
          // 23:30 on 3 March in Manila is 15:30 UTC: still the 3rd there.
          { kpiId: kpi.sl, at: '2027-03-03T15:30:00Z', numerator: 10, denominator: 100 },
          // Week 9 (1–7 March): mean 30 s against at most 20 — breached; week 10: 10 s — met.
          { kpiId: kpi.asa, at: '2027-03-02T03:00:00Z', value: 30 },
          { kpiId: kpi.asa, at: '2027-03-09T03:00:00Z', value: 10 },
        ],
      },
    });
    expect(post.status, post.text).toBe(201);
  });
  afterAll(() => t?.close());

  it('closes each day and week after its end plus the grace, breaching only the KPIs measured over them', async () => {
    // 5 March 16:00 UTC = midnight of the 6th in Manila: days up to the 3rd are past their 48 hours.
    clock.set('2027-03-05T16:00:00Z');
    expect((await close()).body).toEqual({ closed: 6, breaches: 1 });
    expect(await stored('day')).toEqual([
      '2027-03-01 credit 0',
      '2027-03-02 credit 0',
      '2027-03-03 credit 0',
    ]);
    expect(await stored('week')).toEqual([]);
    expect(await breaches()).toEqual(['day 2027-03-03 sl']);

    // Week 10 ends on 14 March (Manila); two days later it and week 9 are closed.
    clock.set('2027-03-16T16:00:00Z');
    const run = await close();
    expect(run.status, run.text).toBe(200);
    expect(await stored('week')).toEqual(['2027-W09 credit 0', '2027-W10 credit 0']);
    expect(await breaches()).toEqual(['day 2027-03-03 sl', 'week 2027-W09 asa']);
    expect((await close()).body).toEqual({ closed: 0, breaches: 0 });

    // The month is closed with its credit as before, raising every breached KPI of the month.
    clock.set('2027-04-03T00:00:00Z');
    await close();
    expect(await stored('month')).toEqual(['2027-03 credit 5000']);
    expect(await breaches()).toEqual(['day 2027-03-03 sl', 'month 2027-03 sl', 'week 2027-W09 asa']);

    // Late data for a closed day re-opens it (and the month, and the week); the next run re-closes.
    const late = await t.call('POST', `${V1}/engagements/${engagementId}/measurements`, {
      as: owner,
      body: { items: [{ kpiId: kpi.sl, at: '2027-03-02T04:00:00Z', numerator: 0, denominator: 100 }] },
    });
    expect(late.status, late.text).toBe(201);
    const again = await close();
    expect(again.body.closed).toBe(3);
    expect(await breaches()).toContain('day 2027-03-02 sl');
  });
});

/** The portfolio dashboard: each figure counted from the records behind it, with its link; internal only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';

describe.each(dialects)('dashboard on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let viewer: Session;
  let vendorUser: Session;

  beforeAll(async () => {
    clock = fakeClock('2027-01-10T10:00:00Z');
    const env = { OUTPOST_SESSION_IDLE_MINUTES: '1000000', OUTPOST_SESSION_ABSOLUTE_HOURS: '100000' };
    t = await createTestApp(dialect, { clock, env });
    owner = await t.owner();
    viewer = await t.user('viewer');
  });
  afterAll(() => t?.close());

  it('counts vendors, SLA attainment, the risk heat map and lists what is due, each with its link', async () => {
    const a = await t.vendor({ name: 'Alpha Desk', country: 'PH' });
    const b = await t.vendor({ name: 'Beta Desk', country: 'PH' });
    await t.vendor({ name: 'Gamma Desk', country: 'IN' });
    vendorUser = await t.user('vendor', a.id);
    await t.db.database.db
      .updateTable('vendors')
      .set({ status: 'active' })
      .where('id', 'in', [a.id, b.id])
      .execute();
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId: a.id,
        title: 'Alpha service desk',
        function: 'customer_service',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        startDate: '2026-10-01',
        endDate: '2027-03-31',
        noticePeriodDays: 60,
        monthlyFee: 100_000,
        budget: 5_000_000,
      },
    });
    expect(e.status, e.text).toBe(201);
    await t.call('PUT', `${V1}/engagements/${e.body.id}/sow`, { as: owner, body: GOOD_SOW });
    const approved = await t.call('POST', `${V1}/engagements/${e.body.id}/sow/approve`, { as: owner });
    expect(approved.status, approved.text).toBe(200);
    await t.call('PATCH', `${V1}/engagements/${e.body.id}`, { as: owner, body: { status: 'active' } });
    const kpiId = approved.body.kpis[0].id;
    // October met, November missed, December met: 2 of 3 KPI-months met.
    const m = await t.call('POST', `${V1}/engagements/${e.body.id}/measurements`, {
      as: owner,
      body: {
        items: [
          { kpiId, at: '2026-10-15T10:00:00Z', numerator: 90, denominator: 100 },
          { kpiId, at: '2026-11-15T10:00:00Z', numerator: 50, denominator: 100 },
          { kpiId, at: '2026-12-15T10:00:00Z', numerator: 95, denominator: 100 },
        ],
      },
    });
    expect(m.status, m.text).toBe(201);
    expect(
      (await t.call('POST', `${V1}/sla/close`, { as: owner, body: { engagementId: e.body.id } })).status,
    ).toBe(200);
    await t.call('POST', `${V1}/vendors/${a.id}/certifications`, {
      as: owner,
      body: { standard: 'iso27001', expiresOn: '2027-02-15' },
    });
    await t.call('POST', `${V1}/findings`, {
      as: owner,
      body: { vendorId: b.id, title: 'Shared admin password', severity: 'high', dueOn: '2027-01-05' },
    });
    await t.call('POST', `${V1}/risks`, {
      as: owner,
      body: { vendorId: a.id, title: 'Lead may leave', category: 'operational', likelihood: 4, impact: 5 },
    });
    // Spend and savings: the engagement bills in EUR, the organisation reports in USD.
    const inv = await t.call('POST', `${V1}/invoices`, {
      as: owner,
      body: {
        engagementId: e.body.id,
        number: 'ALPHA-12',
        periodStart: '2026-12-01',
        periodEnd: '2026-12-31',
        amount: 120_000,
        currency: 'EUR',
      },
    });
    expect(inv.status, inv.text).toBe(201);
    const c = await t.call('POST', `${V1}/business-cases`, {
      as: owner,
      body: {
        name: 'Desk to Alpha',
        function: 'customer_service',
        currency: 'EUR',
        horizonYears: 1,
        inHouse: { roles: [{ title: 'Agent', fte: 1, annualSalary: 3_000_000, benefitsPct: 0 }] },
        options: [
          {
            name: 'Alpha nearshore',
            vendorId: a.id,
            engagementId: e.body.id,
            deliveryModel: 'nearshore',
            currency: 'EUR',
            pricing: { model: 'fixed_monthly', monthlyFee: 100_000 },
            governancePct: 10,
          },
        ],
      },
    });
    expect(c.status, c.text).toBe(201);
    clock.set('2027-01-20T10:00:00Z');

    let res = await t.call('GET', `${V1}/dashboard`, { as: viewer });
    expect(res.status, res.text).toBe(200);
    // No EUR rate yet: the spend figures say why they are missing instead of showing a wrong total.
    expect(res.body.spend.months).toEqual([]);
    expect(res.body.spend.over.vendor).toEqual({ rows: [], others: null });
    expect(res.body.spend.missingRates).toContain('EUR');
    const rate = await t.call('POST', `${V1}/exchange-rates`, {
      as: owner,
      body: { currency: 'EUR', date: '2026-01-01', rate: 1.1 },
    });
    expect(rate.status, rate.text).toBe(201);

    res = await t.call('GET', `${V1}/dashboard`, { as: viewer });
    expect(res.status, res.text).toBe(200);
    const d = res.body;
    expect(d.today).toBe('2027-01-20');
    expect(d.vendors.total).toBe(3);
    expect(d.vendors.byStatus).toEqual([
      { key: 'active', count: 2, href: '/vendors' },
      { key: 'prospect', count: 1, href: '/vendors' },
    ]);
    expect(d.vendors.byCountry.map((c: any) => `${c.key} ${c.count}`)).toEqual(['PH 2', 'IN 1']);
    expect(d.vendors.byTier.reduce((s: number, c: any) => s + c.count, 0)).toBe(3);
    expect(d.sla).toMatchObject({
      months: ['2026-10', '2026-11', '2026-12'],
      kpisEvaluated: 3,
      kpisMet: 2,
      breachedPeriods: 1,
      href: '/quality',
    });
    expect(d.sla.attainment).toBeCloseTo(2 / 3);
    expect(d.risks.inherent[3][4]).toBe(1);
    expect(d.risks.href).toBe('/risks');
    expect(d.upcoming.map((u: any) => `${u.date} ${u.kind} ${u.overdue} ${u.vendorName}`)).toEqual([
      '2027-01-05 finding true Beta Desk',
      '2027-01-30 renewal false Alpha Desk',
      '2027-02-15 certificate false Alpha Desk',
    ]);
    expect(d.upcoming[1].href).toBe(`/engagements/${e.body.id}`);
    expect(d.upcoming[2].href).toBe(`/vendors/${a.id}/diligence`);
    expect(d.spend.currency).toBe('USD');
    expect(d.spend.missingRates).toBeNull();
    expect(d.spend.href).toBe('/spend');
    expect(d.spend.months.map((m: any) => m.month)).toEqual([
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    // EUR 1,200.00 at 1.1 USD per EUR.
    expect(d.spend.months[10]).toMatchObject({
      month: '2026-12',
      net: 132_000,
      href: '/spend?from=2026-12&to=2026-12',
    });
    // Over time per function, country and vendor: each kind's months add up to the monthly totals.
    for (const kind of ['function', 'country', 'vendor'] as const) {
      const { rows, others } = d.spend.over[kind];
      expect(others).toBeNull();
      d.spend.months.forEach((m: any, k: number) => {
        expect(
          rows.reduce((sum: number, r: any) => sum + r.months[k], 0),
          `${kind} ${m.month}`,
        ).toBe(m.net);
      });
      for (const r of rows) {
        expect(r.months).toHaveLength(12);
        expect(r.net).toBe(r.months.reduce((a: number, b: number) => a + b, 0));
        expect(r.href).toBe(`/spend?groupBy=${kind}&from=2026-02&to=2027-01`);
      }
    }
    const alpha = d.spend.over.vendor.rows.find((r: any) => r.label === 'Alpha Desk');
    expect(alpha.months[10]).toBe(132_000);
    expect(d.spend.over.vendor.rows[0].net).toBeGreaterThanOrEqual(d.spend.over.vendor.rows.at(-1).net);
    const savings = (await t.call('GET', `${V1}/engagements/${e.body.id}/savings`, { as: viewer })).body;
    expect(d.savings.engagements).toEqual([
      {
        engagementId: e.body.id,
        title: 'Alpha service desk',
        businessCaseName: 'Desk to Alpha',
        currency: 'EUR',
        plannedToDate: savings.totals.plannedToDate,
        realised: savings.totals.realised,
        variance: savings.totals.variance,
        href: `/engagements/${e.body.id}?tab=spend`,
      },
    ]);
    expect(savings.totals.realised).not.toBe(0);
    expect(d.savings.totals).toEqual([
      {
        currency: 'EUR',
        plannedToDate: savings.totals.plannedToDate,
        realised: savings.totals.realised,
        variance: savings.totals.variance,
      },
    ]);
    expect((await t.call('GET', `${V1}/dashboard`, { as: vendorUser })).status).toBe(404);
    expect((await t.call('GET', `${V1}/dashboard`)).status).toBe(401);
  });
});

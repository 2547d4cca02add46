import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/policy';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { approvedEngagement, type QualityEngagement } from './quality-fixture';

const V1 = '/api/v1';

describe.each(dialects)('SLA evaluation, closing and portfolio on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let manager: Session;
  let vendorUser: Session;
  let e: QualityEngagement;

  const post = (items: unknown[]) =>
    t.call('POST', `${V1}/engagements/${e.id}/measurements`, { as: manager, body: { items } });
  const sla = (query: string, as = manager) =>
    t.call('GET', `${V1}/engagements/${e.id}/sla?${query}`, { as });
  const close = () => t.call('POST', `${V1}/sla/close`, { as: owner });
  const history = async (query = 'periods=4') => {
    const res = await t.call('GET', `${V1}/engagements/${e.id}/sla/history?${query}`, { as: manager });
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  const events = () =>
    t.db.database.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'sla.breached')
      .orderBy('at')
      .execute();

  beforeAll(async () => {
    clock = fakeClock('2027-03-20T12:00:00Z');
    // The clock jumps weeks ahead: sessions must outlive it.
    const env = { OUTPOST_SESSION_IDLE_MINUTES: '1000000', OUTPOST_SESSION_ABSOLUTE_HOURS: '100000' };
    t = await createTestApp(dialect, { clock, env });
    owner = await t.owner();
    manager = await t.user('manager');
    const vendor = await t.vendor({ name: 'Manila Care', country: 'PH' });
    vendorUser = await t.user('vendor', vendor.id);
    e = await approvedEngagement(t, owner, vendor.id);
    const ok = await post([
      // Average speed of answer: the published example, 10, 15 and 18 s → 14.33 s.
      { kpiId: e.kpi.asa, at: '2027-03-02T09:00:00Z', value: 10 },
      { kpiId: e.kpi.asa, at: '2027-03-10T09:00:00Z', value: 15 },
      // 23:30 on 31 March in Berlin (summer time) is still March there.
      { kpiId: e.kpi.asa, at: '2027-03-31T21:30:00Z', value: 18 },
      // 00:30 on 1 April in Berlin belongs to April.
      { kpiId: e.kpi.asa, at: '2027-03-31T22:30:00Z', value: 99 },
      // Service level: a busy and a quiet hour; the ratio of sums is 81/110 = 73.6 %.
      { kpiId: e.kpi.sl, at: '2027-03-03T09:00:00Z', numerator: 80, denominator: 100 },
      { kpiId: e.kpi.sl, at: '2027-03-03T10:00:00Z', numerator: 1, denominator: 10 },
      { kpiId: e.kpi.sl, at: '2027-03-03T10:00:00Z', numerator: 90, denominator: 100, source: 'vendor' },
      ...[100, 200, 250, 310, 400].map((value, i) => ({
        kpiId: e.kpi.p90,
        at: `2027-03-0${i + 4}T09:00:00Z`,
        value,
      })),
    ]);
    expect(ok.status, ok.text).toBe(201);
  });
  afterAll(() => t?.close());

  it('evaluates a month in the engagement’s time zone, with credit and reconciliation', async () => {
    const res = await sla('period=2027-03');
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['credit', 'kpis', 'period', 'reconciliation', 'timezone']);
    expect(res.body).toMatchObject({ period: '2027-03', timezone: 'Europe/Berlin' });
    const [sl, asa, p90] = res.body.kpis;
    expect(Object.keys(asa).sort()).toEqual(
      ['actual', 'creditPct', 'kpiId', 'margin', 'met', 'name', 'samples', 'target'].sort(),
    );
    expect(asa).toMatchObject({
      kpiId: e.kpi.asa,
      name: 'Average speed of answer',
      target: 20,
      met: true,
      samples: 3,
      creditPct: 3,
    });
    expect(asa.actual).toBeCloseTo(14.33, 2);
    expect(sl).toMatchObject({ met: false, samples: 2, creditPct: 5 });
    expect(sl.actual).toBeCloseTo((81 / 110) * 100, 6);
    expect(p90).toMatchObject({ actual: 400, met: false, margin: -100 });
    // 5 % + 4 % of 100,000, capped at the SOW's 6 %.
    expect(res.body.credit).toEqual({ amount: 6000, currency: 'EUR', capped: true, waivedByEarnBack: 0 });
    const rec = Object.fromEntries(res.body.reconciliation.map((r: { kpiId: string }) => [r.kpiId, r]));
    expect(rec[e.kpi.sl]).toMatchObject({
      client: { met: false, samples: 2 },
      vendor: { met: true, actual: 90, samples: 1 },
      disagree: true,
    });
    expect(rec[e.kpi.asa]).toMatchObject({
      vendor: { met: 'no_data', actual: null, samples: 0 },
      disagree: false,
    });
  });

  it('answers the vendor’s view, weeks and days, and refuses periods that do not exist', async () => {
    const vendor = await sla('period=2027-03&source=vendor', vendorUser);
    expect(vendor.status).toBe(200);
    expect(vendor.body.kpis.map((k: { met: unknown }) => k.met)).toEqual([true, 'no_data', 'no_data']);
    expect(vendor.body.credit.amount).toBe(0);
    const april = await sla('period=2027-04');
    expect(april.body.kpis[1]).toMatchObject({ actual: 99, met: false, samples: 1 });
    const week = await sla('period=2027-W09');
    expect(week.body.kpis[0]).toMatchObject({ samples: 2 });
    expect(week.body.credit).toMatchObject({ amount: 0 });
    const day = await sla('period=2027-03-31');
    expect(day.body.kpis[1]).toMatchObject({ actual: 18, samples: 1 });
    for (const bad of [
      'period=2027-13',
      'period=2027-02-30',
      'period=March',
      'period=2027-03&source=both',
      '',
    ]) {
      const res = await sla(bad);
      expect(res.status, bad).toBe(422);
      expect(res.body.errors[0].field).toMatch(/period|source/);
    }
  });

  it('keeps SLA settings, refusing bad ones; vendor users read them', async () => {
    const url = `${V1}/engagements/${e.id}/sla-settings`;
    expect((await t.call('GET', url, { as: vendorUser })).body).toEqual({
      earnBack: { enabled: false, periods: 3 },
      graceHours: 48,
    });
    const bad = await t.call('PUT', url, {
      as: manager,
      body: { earnBack: { enabled: true, periods: 0 }, graceHours: -1 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((x: { field: string }) => x.field).sort()).toEqual([
      'earnBack.periods',
      'graceHours',
    ]);
    expect(
      (
        await t.call('PUT', url, {
          as: vendorUser,
          body: { earnBack: { enabled: true, periods: 1 }, graceHours: 48 },
        })
      ).status,
    ).toBe(404);
  });

  it('closes each month once after its end plus the grace, raising sla.breached and proposing the credit', async () => {
    clock.set('2027-04-02T21:59:00Z');
    const early = await close();
    expect(early.status, early.text).toBe(200);
    // January and February (no data) for both sources; March waits for its 48 hours of grace.
    expect(early.body).toEqual({ closed: 4, breaches: 0 });
    clock.set('2027-04-03T00:00:00Z');
    expect((await close()).body).toEqual({ closed: 2, breaches: 2 });
    expect((await close()).body).toEqual({ closed: 0, breaches: 0 });
    const one = await t.call('POST', `${V1}/sla/close`, { as: owner, body: { engagementId: e.id } });
    expect(one.body).toEqual({ closed: 0, breaches: 0 });
    const none = await t.call('POST', `${V1}/sla/close`, { as: owner, body: { engagementId: 'eng_nope' } });
    expect(none.status).toBe(404);
    const raised = await events();
    expect(raised.map((x) => JSON.parse(x.payload).kpiId).sort()).toEqual([e.kpi.sl, e.kpi.p90].sort());
    expect(JSON.parse(raised[0]!.payload)).toMatchObject({ period: '2027-03', source: 'client' });
    const stored = await t.db.database.db
      .selectFrom('slaPeriods')
      .selectAll()
      .where('engagementId', '=', e.id)
      .where('period', '=', '2027-03')
      .where('source', '=', 'client')
      .executeTakeFirstOrThrow();
    expect(Number(stored.credit)).toBe(6000);
    const h = await history();
    expect(h.periods.map((p: { period: string; status: string }) => `${p.period} ${p.status}`)).toEqual([
      '2027-01 closed',
      '2027-02 closed',
      '2027-03 closed',
      '2027-04 open',
    ]);
    expect(h.periods[0].kpis[0].met).toBe('no_data');
    expect(h.periods[2].credit.amount).toBe(6000);
  });

  it('re-opens a closed month when late data arrives, with a note, and the next run re-closes it', async () => {
    expect((await post([{ kpiId: e.kpi.asa, at: '2027-03-15T09:00:00Z', value: 100 }])).status).toBe(201);
    let march = (await history()).periods[2];
    expect(march.status).toBe('reopened');
    expect(march.note).toMatch(/Re-opened .* 1 late measurement/);
    // Live numbers while re-opened: (10 + 15 + 18 + 100) / 4.
    expect(march.kpis[1].actual).toBeCloseTo(35.75, 6);
    expect((await close()).body).toEqual({ closed: 1, breaches: 1 });
    march = (await history()).periods[2];
    expect(march.status).toBe('closed');
    expect(march.note).toMatch(/Re-closed/);
    expect((await events()).length).toBe(3);
  });

  it('shows attainment, credits to date and hides the portfolio from vendor users', async () => {
    const res = await t.call('GET', `${V1}/quality/portfolio?period=2027-03`, { as: manager });
    expect(res.status, res.text).toBe(200);
    expect(res.body.byVendor).toEqual([
      { vendorId: expect.any(String), vendorName: 'Manila Care', kpiPeriods: 3, met: 0, attainment: 0 },
    ]);
    expect(res.body.byFunction).toEqual([
      { function: 'customer_service', kpiPeriods: 3, met: 0, attainment: 0 },
    ]);
    expect(res.body.creditsToDate).toEqual([{ currency: 'EUR', amount: 6000 }]);
    expect(res.body.worstTrending).toEqual([]);
    expect((await t.call('GET', `${V1}/quality/portfolio`, { as: vendorUser })).status).toBe(404);
    expect((await t.call('GET', `${V1}/quality/portfolio?period=2027-3`, { as: manager })).status).toBe(422);
    // The answer is kept until the next write: the same text again, then the vendor's new name.
    const again = await t.call('GET', `${V1}/quality/portfolio?period=2027-03`, { as: manager });
    expect(again.text).toBe(res.text);
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    const vendorId = res.body.byVendor[0].vendorId;
    const renamed = await t.call('PATCH', `${V1}/vendors/${vendorId}`, {
      as: manager,
      body: { name: 'Manila Care Group' },
    });
    expect(renamed.status, renamed.text).toBe(200);
    const after = await t.call('GET', `${V1}/quality/portfolio?period=2027-03`, { as: manager });
    expect(after.body.byVendor[0].vendorName).toBe('Manila Care Group');
    const back = await t.call('PATCH', `${V1}/vendors/${vendorId}`, {
      as: manager,
      body: { name: 'Manila Care' },
    });
    expect(back.status).toBe(200);
  });

  it('does not keep a portfolio read while a write is not yet committed', async () => {
    const url = `${V1}/quality/portfolio?period=2027-03`;
    const name = async (answer: Promise<{ body: any }>) => (await answer).body.byVendor[0].vendorName;
    const first = await t.call('GET', url, { as: manager });
    const vendorId = first.body.byVendor[0].vendorId;
    // A write held open between its audit event and its commit.
    let commit!: () => void;
    let written!: () => void;
    const held = new Promise<void>((resolve) => {
      commit = resolve;
    });
    const wrote = new Promise<void>((resolve) => {
      written = resolve;
    });
    const writer = t.db.database.db.transaction().execute(async (tx) => {
      await tx.updateTable('vendors').set({ name: 'Manila Care Held' }).where('id', '=', vendorId).execute();
      await t.app.services.audit.record(tx, systemActor('test'), {
        action: 'vendor.update',
        entityType: 'vendor',
        entityId: vendorId,
      });
      written();
      await held;
    });
    await wrote;
    const during = t.call('GET', url, { as: manager });
    // PostgreSQL answers from another connection at once, with what is committed: the old name.
    // SQLite's one connection waits for the commit, so it reads the new name.
    if (dialect === 'postgres') expect(await name(during)).toBe('Manila Care');
    commit();
    await writer;
    if (dialect === 'sqlite') expect(await name(during)).toBe('Manila Care Held');
    // What was read before the commit is not answered after it.
    expect(await name(t.call('GET', url, { as: manager }))).toBe('Manila Care Held');
    const back = await t.call('PATCH', `${V1}/vendors/${vendorId}`, {
      as: manager,
      body: { name: 'Manila Care' },
    });
    expect(back.status).toBe(200);
    expect(await name(t.call('GET', url, { as: manager }))).toBe('Manila Care');
  });

  it('waives a month’s credit by earn-back once the KPIs are met in the following month', async () => {
    const url = `${V1}/engagements/${e.id}/sla-settings`;
    const put = await t.call('PUT', url, {
      as: manager,
      body: { earnBack: { enabled: true, periods: 1 }, graceHours: 24 },
    });
    expect(put.status, put.text).toBe(200);
    expect(
      (
        await post([
          { kpiId: e.kpi.sl, at: '2027-04-05T09:00:00Z', numerator: 95, denominator: 100 },
          { kpiId: e.kpi.p90, at: '2027-04-05T09:00:00Z', value: 120 },
          // April's ASA: the 99 s of 00:30 on 1 April and eight 1 s answers average 11.9 s.
          ...Array.from({ length: 8 }, () => ({ kpiId: e.kpi.asa, at: '2027-04-06T09:00:00Z', value: 1 })),
        ])
      ).status,
    ).toBe(201);
    // Live: April has ended, so the SLA endpoint already judges earn-back for March.
    clock.set('2027-05-02T00:00:00Z');
    expect((await sla('period=2027-03')).body.credit).toEqual({
      amount: 0,
      currency: 'EUR',
      capped: false,
      waivedByEarnBack: 12_000,
    });
    // Closing April re-judges the stored March credit.
    expect((await close()).body.closed).toBe(2);
    const march = (await history()).periods.find((p: { period: string }) => p.period === '2027-03');
    expect(march.credit).toMatchObject({ amount: 0, waivedByEarnBack: 12_000 });
    const portfolio = await t.call('GET', `${V1}/quality/portfolio?period=2027-04`, { as: manager });
    expect(portfolio.body.creditsToDate).toEqual([{ currency: 'EUR', amount: 0 }]);
    expect(portfolio.body.byVendor[0]).toMatchObject({ kpiPeriods: 3, met: 3, attainment: 100 });
  });
});

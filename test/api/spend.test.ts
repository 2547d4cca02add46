/**
 * Spend on both databases: invoices with SLA credits, their life cycle, exchange rates (entered
 * and imported), budget vs actual in the organisation's currency, concentration shares, savings
 * realised against a worked example, renewals with the renewal.due notice, and exit plans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';
const ORG = {
  name: 'Northwind',
  country: 'DE',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '17:00' },
};

describe.each(dialects)('spend on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let vendorUserA: Session;
  let vendorUserB: Session;
  let vendorA: { id: string };
  let vendorB: { id: string };
  let a1: string; // Acme, USD, 5,000.00 a month, SOW with a 5 % service-level credit
  let b1: string; // Manila Desk, EUR, a 12,000.00 budget over 2027
  let invoiceA: any;
  const kpis = new Map<string, string>();

  const engagement = async (body: Record<string, unknown>) => {
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: { function: 'customer_service', timezone: 'Europe/Berlin', startDate: '2027-01-01', ...body },
    });
    expect(e.status, e.text).toBe(201);
    // An engagement becomes active with an approved statement of work.
    const sow = await t.call('PUT', `${V1}/engagements/${e.body.id}/sow`, { as: owner, body: GOOD_SOW });
    expect(sow.status, sow.text).toBe(200);
    const approved = await t.call('POST', `${V1}/engagements/${e.body.id}/sow/approve`, { as: owner });
    expect(approved.status, approved.text).toBe(200);
    kpis.set(e.body.id, approved.body.kpis[0].id);
    const on = await t.call('PATCH', `${V1}/engagements/${e.body.id}`, {
      as: owner,
      body: { status: 'active' },
    });
    expect(on.status, on.text).toBe(200);
    return e.body.id as string;
  };
  const invoice = async (body: Record<string, unknown>, as = manager) =>
    t.call('POST', `${V1}/invoices`, { as, body });
  const rate = (currency: string, date: string, value: number) =>
    t.call('POST', `${V1}/exchange-rates`, { as: manager, body: { currency, date, rate: value } });

  beforeAll(async () => {
    clock = fakeClock('2027-01-20T10:00:00Z');
    const env = { OUTPOST_SESSION_IDLE_MINUTES: '1000000', OUTPOST_SESSION_ABSOLUTE_HOURS: '100000' };
    t = await createTestApp(dialect, { clock, env });
    owner = await t.owner();
    expect((await t.call('PUT', `${V1}/settings/organisation`, { as: owner, body: ORG })).status).toBe(200);
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    vendorA = await t.vendor({ name: 'Acme India', country: 'IN' });
    vendorB = await t.vendor({ name: 'Manila Desk', country: 'PH' });
    vendorUserA = await t.user('vendor', vendorA.id);
    vendorUserB = await t.user('vendor', vendorB.id);

    a1 = await engagement({
      vendorId: vendorA.id,
      title: 'Acme service desk',
      endDate: '2027-12-31',
      currency: 'USD',
      monthlyFee: 500_000,
      budget: 6_000_000,
    });
    // January's service level is 50 % against at least 80 %: a 5 % credit of the fee, USD 250.00.
    const m = await t.call('POST', `${V1}/engagements/${a1}/measurements`, {
      as: owner,
      body: {
        items: [{ kpiId: kpis.get(a1), at: '2027-01-15T10:00:00Z', numerator: 50, denominator: 100 }],
      },
    });
    expect(m.status, m.text).toBe(201);
    b1 = await engagement({
      vendorId: vendorB.id,
      title: 'Manila IT support',
      function: 'it',
      endDate: '2027-12-31',
      currency: 'EUR',
      budget: 1_200_000,
    });
    clock.set('2027-02-05T10:00:00Z');
    const closed = await t.call('POST', `${V1}/sla/close`, { as: owner, body: { engagementId: a1 } });
    expect(closed.status, closed.text).toBe(200);
  });
  afterAll(() => t?.close());

  it('keeps exchange rates by date: one for the same currency and date is replaced', async () => {
    expect((await rate('USD', '2026-12-01', 0.85)).status).toBe(201);
    expect((await rate('USD', '2027-01-15', 0.7)).status).toBe(201);
    const again = await rate('USD', '2027-01-15', 0.8);
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ currency: 'USD', date: '2027-01-15', rate: 0.8 });
    expect((await rate('USD', '2027-02-01', 0.95)).status).toBe(201);
    expect((await rate('EUR', '2027-02-01', 1)).body.errors[0].field).toBe('currency');
    expect((await rate('XXY', '2027-02-01', 1)).status).toBe(422);
    expect((await rate('USD', '2027-02-30', 1)).body.errors[0].field).toBe('date');
    const list = await t.call('GET', `${V1}/exchange-rates?currency=USD`, { as: viewer });
    expect(list.body.items.map((r: any) => `${r.date} ${r.rate}`)).toEqual([
      '2027-02-01 0.95',
      '2027-01-15 0.8',
      '2026-12-01 0.85',
    ]);
    expect((await t.call('GET', `${V1}/exchange-rates`, { as: vendorUserA })).status).toBe(404);
  });

  it('imports rates from CSV all or nothing, naming the bad line', async () => {
    const count = async () =>
      Number(
        (
          await t.db.database.db
            .selectFrom('exchangeRates')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const bad = await t.call('POST', `${V1}/exchange-rates/import`, {
      as: manager,
      headers: { 'content-type': 'text/csv' },
      raw: 'currency,date,rate\nGBP,2027-01-01,1.17\nGBP,2027-01-02,-1\nINR,2027-01-01,0.011\n',
    });
    expect(bad.status, bad.text).toBe(422);
    expect(bad.body.errors).toEqual([{ field: 'rate', message: 'must be more than 0', line: 3 }]);
    expect(bad.body.detail).toContain('line 3');
    expect(await count()).toBe(before);
    const header = await t.call('POST', `${V1}/exchange-rates/import`, {
      as: manager,
      headers: { 'content-type': 'text/csv' },
      raw: 'code,day,value\nGBP,2027-01-01,1.17\n',
    });
    expect(header.body.errors[0]).toMatchObject({ field: 'header', line: 1 });
    const good = await t.call('POST', `${V1}/exchange-rates/import`, {
      as: manager,
      headers: { 'content-type': 'text/csv' },
      raw: 'currency,date,rate\r\nINR,2027-01-01,0.011\r\nINR,2027-02-01,0.0105\r\n',
    });
    expect(good.status, good.text).toBe(200);
    expect(good.body).toEqual({ imported: 2, replaced: 0 });
    expect(await count()).toBe(before + 2);
  });

  it('enters invoices with the SLA credit applied as a credit line, the vendor seeing only their own', async () => {
    const res = await invoice({
      engagementId: a1,
      number: 'INV-A-001',
      periodStart: '2027-01-01',
      periodEnd: '2027-01-31',
      amount: 525_000,
      currency: 'USD',
      quantity: 2.5,
    });
    expect(res.status, res.text).toBe(201);
    invoiceA = res.body;
    expect(invoiceA).toMatchObject({
      status: 'received',
      credits: [{ period: '2027-01', amount: 25_000, currency: 'USD' }],
      creditTotal: 25_000,
      net: 500_000,
      allowedTransitions: ['approved', 'disputed'],
    });
    // The vendor's number is unique per vendor.
    const dup = await invoice({
      engagementId: a1,
      number: 'INV-A-001',
      periodStart: '2027-02-01',
      periodEnd: '2027-02-28',
      amount: 1,
      currency: 'USD',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].field).toBe('number');
    const wrongCurrency = await invoice({
      engagementId: a1,
      number: 'INV-A-009',
      periodStart: '2027-02-01',
      periodEnd: '2027-02-28',
      amount: 1,
      currency: 'EUR',
    });
    expect(wrongCurrency.status).toBe(422);
    expect(wrongCurrency.body.errors[0].field).toBe('currency');
    const backwards = await invoice({
      engagementId: a1,
      number: 'INV-A-010',
      periodStart: '2027-02-28',
      periodEnd: '2027-02-01',
      amount: 1,
      currency: 'USD',
    });
    expect(backwards.body.errors[0].field).toBe('periodEnd');

    // Vendor users submit for their own engagements and never see another vendor's.
    const own = await invoice(
      {
        engagementId: b1,
        number: 'B-1',
        periodStart: '2027-01-01',
        periodEnd: '2027-01-31',
        amount: 100_000,
        currency: 'EUR',
      },
      vendorUserB,
    );
    expect(own.status, own.text).toBe(201);
    expect((await invoice({ ...own.body, number: 'X' }, vendorUserA)).status).toBe(422); // extra fields
    const foreign = await invoice(
      {
        engagementId: b1,
        number: 'A-X',
        periodStart: '2027-01-01',
        periodEnd: '2027-01-31',
        amount: 1,
        currency: 'EUR',
      },
      vendorUserA,
    );
    expect(foreign.status).toBe(404);
    expect((await t.call('GET', `${V1}/invoices/${invoiceA.id}`, { as: vendorUserB })).status).toBe(404);
    expect(
      (await t.call('PATCH', `${V1}/invoices/${invoiceA.id}`, { as: vendorUserB, body: { note: 'x' } }))
        .status,
    ).toBe(404);
    const mine = await t.call('GET', `${V1}/invoices`, { as: vendorUserB });
    expect(mine.body.items.map((i: any) => i.number)).toEqual(['B-1']);
    expect((await t.call('GET', `${V1}/invoices/${invoiceA.id}`, { as: vendorUserA })).body.net).toBe(
      500_000,
    );
  });

  it('moves invoices received → approved → paid, or disputed with a reason; illegal moves answer 409 with the allowed ones', async () => {
    const b = await invoice({
      engagementId: a1,
      number: 'INV-A-002',
      periodStart: '2027-02-01',
      periodEnd: '2027-02-28',
      amount: 100_000,
      currency: 'USD',
    });
    expect(b.status, b.text).toBe(201);
    const url = `${V1}/invoices/${b.body.id}`;
    const skip = await t.call('PATCH', url, { as: manager, body: { status: 'paid' } });
    expect(skip.status).toBe(409);
    expect(skip.body.allowed).toEqual(['approved', 'disputed']);
    const noReason = await t.call('PATCH', url, { as: manager, body: { status: 'disputed' } });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe('disputeReason');
    const disputed = await t.call('PATCH', url, {
      as: manager,
      body: { status: 'disputed', disputeReason: 'Billed 28 days at the January rate' },
    });
    expect(disputed.status, disputed.text).toBe(200);
    expect(disputed.body).toMatchObject({ status: 'disputed', allowedTransitions: ['received'] });
    // The vendor corrects and resubmits; approving stays the client's.
    const fixed = await t.call('PATCH', url, {
      as: vendorUserA,
      body: { amount: 100_000, status: 'received' },
    });
    expect(fixed.status, fixed.text).toBe(200);
    expect((await t.call('PATCH', url, { as: vendorUserA, body: { status: 'approved' } })).status).toBe(404);
    expect((await t.call('PATCH', url, { as: viewer, body: { status: 'approved' } })).status).toBe(403);
    expect((await t.call('PATCH', url, { as: manager, body: { status: 'approved' } })).body.status).toBe(
      'approved',
    );
    const change = await t.call('PATCH', url, { as: manager, body: { amount: 1 } });
    expect(change.status).toBe(409);
    const paid = await t.call('PATCH', url, { as: manager, body: { status: 'paid' } });
    expect(paid.body).toMatchObject({ status: 'paid', allowedTransitions: [] });
    expect((await t.call('DELETE', url, { as: manager })).status).toBe(409);
    const gone = await t.call('PATCH', url, { as: manager, body: { status: 'received' } });
    expect(gone.status).toBe(409);
    expect(gone.body.allowed).toEqual([]);
  });

  it('reports budget vs actual per vendor in the organisation’s currency, each invoice at the rate of its date', async () => {
    const res = await t.call('GET', `${V1}/spend?groupBy=vendor&from=2027-01&to=2027-01`, { as: viewer });
    expect(res.status, res.text).toBe(200);
    expect(res.body.currency).toBe('EUR');
    // Acme: the USD 5,000.00 fee at 0.80 (the rate of 2027-01-15, the latest on or before
    // 31 January; 0.95 of 1 February is later) = EUR 4,000.00; invoiced USD 5,250.00 × 0.8 =
    // 4,200.00, credit USD 250.00 × 0.8 = 200.00, net 4,000.00.
    // Manila Desk: EUR 12,000.00 over the 365 days of 2027, 31 of them in January =
    // 1,200,000 × 31 / 365 = 101,917.8 → 101,918; invoiced 1,000.00.
    expect(res.body.rows).toEqual([
      {
        key: vendorA.id,
        label: 'Acme India',
        invoices: 1,
        budget: 400_000,
        actual: 420_000,
        credits: 20_000,
        net: 400_000,
        variance: 0,
        disputed: 0,
      },
      {
        key: vendorB.id,
        label: 'Manila Desk',
        invoices: 1,
        budget: 101_918,
        actual: 100_000,
        credits: 0,
        net: 100_000,
        variance: 1_918,
        disputed: 0,
      },
    ]);
    expect(res.body.totals).toMatchObject({
      budget: 501_918,
      actual: 520_000,
      credits: 20_000,
      net: 500_000,
    });

    // By month: February's USD 1,000.00 invoice is at 0.95, its own date's rate.
    const months = await t.call('GET', `${V1}/spend?groupBy=month&from=2027-01&to=2027-02`, { as: viewer });
    expect(months.body.rows.map((r: any) => [r.key, r.actual])).toEqual([
      ['2027-01', 520_000],
      ['2027-02', 95_000],
    ]);
    const byCountry = await t.call('GET', `${V1}/spend?groupBy=country&from=2027-01&to=2027-01`, {
      as: viewer,
    });
    expect(byCountry.body.rows.map((r: any) => [r.key, r.net])).toEqual([
      ['IN', 400_000],
      ['PH', 100_000],
    ]);
    const byFunction = await t.call('GET', `${V1}/spend?groupBy=function&from=2027-01&to=2027-01`, {
      as: viewer,
    });
    expect(byFunction.body.rows.map((r: any) => [r.label, r.net])).toEqual([
      ['Customer service', 400_000],
      ['IT', 100_000],
    ]);
    expect(
      (await t.call('GET', `${V1}/spend?from=2027-03&to=2027-01`, { as: viewer })).body.errors[0].field,
    ).toBe('from');
    expect((await t.call('GET', `${V1}/spend?groupBy=planet`, { as: viewer })).status).toBe(422);
    expect((await t.call('GET', `${V1}/spend`, { as: vendorUserA })).status).toBe(404);
  });

  it('computes the concentration shares per vendor and country from net spend in one currency', async () => {
    const shares = await t.app.services.spend.spendShares(t.db.database.db, new Date('2027-01-31T12:00:00Z'));
    // Acme net EUR 4,000.00 of 5,000.00 = 80 %; Manila Desk 1,000.00 = 20 %.
    expect(shares.total).toBe(500_000);
    expect(shares.vendors.map((v) => [v.name, v.amount, v.share])).toEqual([
      ['Acme India', 400_000, 0.8],
      ['Manila Desk', 100_000, 0.2],
    ]);
    expect(shares.countries.map((c) => [c.country, c.share])).toEqual([
      ['IN', 0.8],
      ['PH', 0.2],
    ]);
    expect(shares.missingRates).toEqual([]);
  });

  it('realises savings against the business case, the variance explained by rate, volume, credits and currency', async () => {
    const c = await t.call('POST', `${V1}/business-cases`, {
      as: manager,
      body: {
        name: 'Service desk to Acme',
        function: 'customer_service',
        currency: 'EUR',
        horizonYears: 1,
        fxRates: { USD: 0.9 },
        inHouse: { roles: [{ title: 'Agent', fte: 2, annualSalary: 6_000_000, benefitsPct: 0 }] },
        options: [
          {
            name: 'Acme offshore',
            vendorId: vendorA.id,
            engagementId: a1,
            deliveryModel: 'offshore',
            currency: 'USD',
            pricing: { model: 'per_fte_month', ratePerFteMonth: 200_000, fte: 2 },
            governancePct: 10,
          },
        ],
      },
    });
    expect(c.status, c.text).toBe(201);
    const res = await t.call('GET', `${V1}/engagements/${a1}/savings`, { as: viewer });
    expect(res.status, res.text).toBe(200);
    expect(res.body.link).toMatchObject({
      businessCaseId: c.body.id,
      optionName: 'Acme offshore',
      governancePct: 10,
    });
    expect(res.body.months).toHaveLength(12);
    // Worked example, January 2027, all in EUR minor units:
    //   baseline  = 2 FTE × 60,000.00 / 12                          = 1,000,000
    //   planned   = 2 FTE × USD 2,000.00 × 0.9 (case rate) × 1.10   =   396,000
    //   planned savings = 1,000,000 − 396,000                        =   604,000
    //   actual    = (USD 5,250.00 − 250.00 credit) × 0.8 × 1.10     =   440,000
    //   realised  = 1,000,000 − 440,000                              =   560,000 → variance −44,000
    //   volume    = (2 − 2.5 FTE) × 200,000 × 0.9 × 1.1             =   −99,000
    //   rate      = (2 × 200,000 − 525,000) × 0.99 − (−99,000)       =   −24,750 (USD 2,100.00 per FTE, not 2,000.00)
    //   currency  = 525,000 × (0.9 − 0.8) × 1.1                      =   +57,750 (the dollar was cheaper than planned)
    //   credits   = 25,000 × 0.8 × 1.1                               =   +22,000
    //   −99,000 − 24,750 + 57,750 + 22,000                           =   −44,000
    expect(res.body.months[0]).toEqual({
      month: '2027-01',
      baseline: 1_000_000,
      plannedCost: 396_000,
      plannedSavings: 604_000,
      actualCost: 440_000,
      realisedSavings: 560_000,
      cumulativePlanned: 604_000,
      cumulativeRealised: 560_000,
      variance: -44_000,
      lines: { volume: -99_000, rate: -24_750, currency: 57_750, credits: 22_000 },
    });
    // February (the current month): USD 1,000.00 at 0.95 with no quantity stated, so its
    // difference is all rate: (400,000 − 100,000) × 0.99 = 297,000; currency 100,000 × (0.9 −
    // 0.95) × 1.1 = −5,500. March onwards has no realised figure yet.
    expect(res.body.months[1]).toMatchObject({
      month: '2027-02',
      lines: { volume: 0, rate: 297_000, currency: -5_500, credits: 0 },
    });
    expect(res.body.months[2]).toMatchObject({
      month: '2027-03',
      realisedSavings: null,
      cumulativeRealised: null,
    });
    expect(res.body.totals).toMatchObject({
      planned: 604_000 * 12,
      plannedToDate: 1_208_000,
      variance: -44_000 + 291_500,
    });
    const unlinked = await t.call('GET', `${V1}/engagements/${b1}/savings`, { as: viewer });
    expect(unlinked.body).toMatchObject({ link: null, months: [] });
    expect((await t.call('GET', `${V1}/engagements/${a1}/savings`, { as: vendorUserA })).status).toBe(404);
  });

  it('keeps a renewals calendar, publishes renewal.due once per term and records decisions', async () => {
    const r = await engagement({
      vendorId: vendorB.id,
      title: 'Short pilot',
      endDate: '2027-03-31',
      noticePeriodDays: 60,
      currency: 'EUR',
      monthlyFee: 10_000,
      budget: 300_000,
    });
    const run1 = await t.app.services.spend.renewals.runNotices();
    const run2 = await t.app.services.spend.renewals.runNotices();
    expect(run1.published).toBe(1);
    expect(run2.published).toBe(0);
    const events = await t.db.database.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'renewal.due')
      .execute();
    expect(events.map((e) => [e.engagementId, JSON.parse(e.payload).termEnd])).toEqual([[r, '2027-03-31']]);

    const cal = await t.call('GET', `${V1}/renewals`, { as: viewer });
    expect(cal.status, cal.text).toBe(200);
    expect(cal.body.items[0]).toMatchObject({
      engagementId: r,
      termEnd: '2027-03-31',
      noticeDeadline: '2027-01-30',
      inNoticePeriod: true,
      daysToDeadline: -6,
      autoRenew: false,
      decision: null,
    });
    expect(cal.body.items.map((i: any) => i.engagementId)).toEqual([r, a1, b1]);
    expect(await t.app.services.spend.hasRenewalDecision(t.db.database.db, r)).toBe(false);
    const bad = await t.call('PUT', `${V1}/engagements/${r}/renewal-decision`, {
      as: manager,
      body: { decision: 'maybe' },
    });
    expect(bad.body.errors[0].field).toBe('decision');
    const put = await t.call('PUT', `${V1}/engagements/${r}/renewal-decision`, {
      as: manager,
      body: { decision: 're_tender', note: 'Pilot met targets; compare two bids' },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.decision).toMatchObject({
      decision: 're_tender',
      decidedBy: manager.userId,
      termEnd: '2027-03-31',
    });
    expect(await t.app.services.spend.hasRenewalDecision(t.db.database.db, r)).toBe(true);
    const auto = await t.call('PUT', `${V1}/engagements/${r}/renewal`, {
      as: manager,
      body: { autoRenew: true },
    });
    expect(auto.body).toMatchObject({ autoRenew: true, decision: { decision: 're_tender' } });
    const undecided = await t.call('GET', `${V1}/renewals?undecided=true`, { as: viewer });
    expect(undecided.body.items.map((i: any) => i.engagementId)).toEqual([a1, b1]);
    expect(
      (
        await t.call('PUT', `${V1}/engagements/${r}/renewal-decision`, {
          as: viewer,
          body: { decision: 'exit' },
        })
      ).status,
    ).toBe(403);
    expect((await t.call('GET', `${V1}/renewals`, { as: vendorUserB })).status).toBe(404);
  });

  it('keeps an exit plan per engagement with its readiness', async () => {
    const empty = await t.call('GET', `${V1}/engagements/${a1}/exit-plan`, { as: viewer });
    expect(empty.body).toMatchObject({ exists: false, readiness: 0, total: 0 });
    const put = await t.call('PUT', `${V1}/engagements/${a1}/exit-plan`, {
      as: manager,
      body: {
        steps: [
          { title: 'Serve notice', owner: 'Olga', dueDate: '2027-02-01', done: true },
          { title: 'Parallel run with the new partner', owner: 'Ops', dueDate: '2027-02-01' },
        ],
        dataItems: [{ description: 'Ticket history export', action: 'return_and_delete' }],
        knowledgeItems: [{ topic: 'Runbooks', done: true }],
        accessItems: [{ system: 'Zendesk agent seats' }],
      },
    });
    expect(put.status, put.text).toBe(200);
    // 2 of 5 items done = 40 %; the parallel run was due on 1 February and is not done.
    expect(put.body).toMatchObject({ exists: true, readiness: 40, done: 2, total: 5, overdue: 1 });
    expect(put.body.steps[0].id).toMatch(/^exi_/);
    const again = await t.call('PUT', `${V1}/engagements/${a1}/exit-plan`, {
      as: manager,
      body: { ...put.body, exists: undefined },
    });
    expect(again.status).toBe(422); // read-only fields are not accepted back
    const bad = await t.call('PUT', `${V1}/engagements/${a1}/exit-plan`, {
      as: manager,
      body: { steps: [{ title: '' }] },
    });
    expect(bad.body.errors[0].field).toBe('steps.0.title');
    expect((await t.call('GET', `${V1}/engagements/${a1}/exit-plan`, { as: vendorUserA })).status).toBe(404);
    expect((await t.call('PUT', `${V1}/engagements/${a1}/exit-plan`, { as: viewer, body: {} })).status).toBe(
      403,
    );
  });

  it('pulls the exit plan’s data and access items from the data-sharing register and the access grants', async () => {
    const vendor = await t.vendor({
      name: 'Exit Co',
      country: 'DE',
      contacts: [{ name: 'Ana', email: 'ana@example.com' }],
    });
    const e = await engagement({
      vendorId: vendor.id,
      title: 'Payroll',
      function: 'payroll',
      endDate: '2027-12-31',
      currency: 'EUR',
      monthlyFee: 10_000,
      budget: 300_000,
    });
    const flow = await t.call('POST', `${V1}/engagements/${e}/data-flows`, {
      as: manager,
      body: {
        categories: ['personal_basic'],
        classification: 'confidential',
        dataSubjects: ['employees'],
        recordVolume: 500,
        purpose: 'Payroll run',
        processingCountries: ['DE'],
        storageCountries: ['DE'],
        transferMechanism: 'none',
        legalBasis: 'contract',
        retention: 'P7Y',
        exitHandling: { action: 'return_and_delete' },
      },
    });
    expect(flow.status, flow.text).toBe(201);
    const grant = await t.call('POST', `${V1}/access-grants`, {
      as: manager,
      body: {
        vendorId: vendor.id,
        contactId: vendor.contacts[0].id,
        system: 'Payroll system',
        accessLevel: 'read',
        grantedOn: '2027-01-01',
        justification: 'Runs the payroll',
      },
    });
    expect(grant.status, grant.text).toBe(201);
    const plan = await t.call('GET', `${V1}/engagements/${e}/exit-plan`, { as: viewer });
    expect(plan.body.suggestions).toEqual([
      { kind: 'data', sourceId: flow.body.id, label: 'Payroll run (confidential)' },
      { kind: 'access', sourceId: grant.body.id, label: 'Payroll system (read)' },
    ]);
    const put = await t.call('PUT', `${V1}/engagements/${e}/exit-plan`, {
      as: manager,
      body: {
        dataItems: [{ description: 'Payroll records', dataFlowId: flow.body.id }],
        accessItems: [{ system: 'Payroll system', accessGrantId: grant.body.id, done: true }],
      },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ suggestions: [], readiness: 50 });
    const foreign = await t.call('PUT', `${V1}/engagements/${e}/exit-plan`, {
      as: manager,
      body: { dataItems: [{ description: 'Elsewhere', dataFlowId: 'dfl_01ZZZZZZZZZZZZZZZZZZZZZZZZ' }] },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].field).toBe('dataItems.0.dataFlowId');
  });

  it('says which currency and date lack a rate instead of guessing', async () => {
    const vendorC = await t.vendor({ name: 'London Books', country: 'GB' });
    await engagement({
      vendorId: vendorC.id,
      title: 'Bookkeeping',
      function: 'accounting',
      endDate: '2027-12-31',
      currency: 'GBP',
      monthlyFee: 300_000,
      budget: 3_600_000,
    });
    const res = await t.call('GET', `${V1}/spend?groupBy=vendor&from=2027-01&to=2027-01`, { as: viewer });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { field: 'exchangeRates', message: 'no GBP rate on or before 2027-01-31' },
    ]);
    expect(res.body.detail).toContain('GBP');
    expect((await rate('GBP', '2027-01-01', 1.2)).status).toBe(201);
    const ok = await t.call('GET', `${V1}/spend?groupBy=vendor&from=2027-01&to=2027-01`, { as: viewer });
    expect(ok.body.rows.find((r: any) => r.label === 'London Books').budget).toBe(360_000);
  });
});

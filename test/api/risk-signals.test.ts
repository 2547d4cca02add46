/**
 * The signal sources over data sharing and spend: a missing DPA, a tier-1 vendor without an exit
 * plan, and spend concentration by vendor and by country. Each opens once, stays single across
 * runs, and closes when its condition clears.
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
/** A register entry with personal data inside the EEA. */
const ENTRY = {
  categories: ['personal_basic'],
  classification: 'confidential',
  dataSubjects: ['customers'],
  recordVolume: 120_000,
  purpose: 'First-line customer support',
  processingCountries: ['PL'],
  storageCountries: ['IE'],
  subProcessors: [],
  transferMechanism: 'none',
  legalBasis: 'contract',
  retention: 'P2Y',
  exitHandling: { action: 'delete', certificate: true },
};

describe.each(dialects)('risk signals over data sharing and spend on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let manager: Session;

  const refresh = async () => {
    const res = await t.call('POST', `${V1}/risks/signals/refresh`, { as: owner });
    expect(res.status, res.text).toBe(200);
    expect(res.body.sources.every((s: any) => s.error === null)).toBe(true);
    return res.body;
  };
  const signals = async (source: string) => {
    const res = await t.call('GET', `${V1}/risks?kind=signal&includeClosed=true&limit=200`, { as: owner });
    return res.body.items.filter((r: any) => r.signalSource === source);
  };
  const engagement = async (vendorId: string, title: string) => {
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId,
        title,
        function: 'customer_service',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        startDate: '2027-01-01',
        endDate: '2028-12-31',
        monthlyFee: 100_000,
        budget: 5_000_000,
      },
    });
    expect(e.status, e.text).toBe(201);
    await t.call('PUT', `${V1}/engagements/${e.body.id}/sow`, { as: owner, body: GOOD_SOW });
    expect((await t.call('POST', `${V1}/engagements/${e.body.id}/sow/approve`, { as: owner })).status).toBe(
      200,
    );
    const on = await t.call('PATCH', `${V1}/engagements/${e.body.id}`, {
      as: owner,
      body: { status: 'active' },
    });
    expect(on.status, on.text).toBe(200);
    return e.body.id as string;
  };
  const invoice = async (engagementId: string, number: string, amount: number) => {
    const res = await t.call('POST', `${V1}/invoices`, {
      as: manager,
      body: {
        engagementId,
        number,
        periodStart: '2027-02-01',
        periodEnd: '2027-02-28',
        amount,
        currency: 'EUR',
      },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    clock = fakeClock('2027-03-10T10:00:00Z');
    const env = { OUTPOST_SESSION_IDLE_MINUTES: '1000000', OUTPOST_SESSION_ABSOLUTE_HOURS: '100000' };
    t = await createTestApp(dialect, { clock, env });
    owner = await t.owner();
    expect((await t.call('PUT', `${V1}/settings/organisation`, { as: owner, body: ORG })).status).toBe(200);
    manager = await t.user('manager');
  });
  afterAll(() => t?.close());

  it('opens a DPA signal while personal data is shared without a current DPA, and closes it once one is on file', async () => {
    const vendor = await t.vendor({ name: 'Warsaw Care', country: 'PL' });
    const e = await engagement(vendor.id, 'Warsaw support');
    const flow = await t.call('POST', `${V1}/engagements/${e}/data-flows`, { as: manager, body: ENTRY });
    expect(flow.status, flow.text).toBe(201);
    await refresh();
    await refresh();
    const open = (await signals('dpa_missing')).filter((s: any) => s.vendorId === vendor.id);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      signalKey: `dpa_missing:${vendor.id}`,
      status: 'open',
      inherentScore: 16,
    });
    const dpa = await t.call('POST', `${V1}/vendors/${vendor.id}/agreements`, {
      as: manager,
      body: { type: 'dpa', signedOn: '2027-01-15' },
    });
    expect(dpa.status, dpa.text).toBe(201);
    await refresh();
    const after = (await signals('dpa_missing')).filter((s: any) => s.vendorId === vendor.id);
    expect(after.map((s: any) => s.status)).toEqual(['closed']);
  });

  it('opens an exit-plan signal for a tier-1 vendor’s engagement and closes it when a plan exists', async () => {
    const vendor = await t.vendor({ name: 'Critical Ops', country: 'DE', criticality: 'high' });
    const e = await engagement(vendor.id, 'Critical operations');
    // Restricted data × high criticality: tier 1.
    const flow = await t.call('POST', `${V1}/engagements/${e}/data-flows`, {
      as: manager,
      body: {
        ...ENTRY,
        categories: ['customer_content'],
        classification: 'restricted',
        encryptionAtRest: true,
        encryptionInTransit: true,
      },
    });
    expect(flow.status, flow.text).toBe(201);
    expect((await t.call('GET', `${V1}/vendors/${vendor.id}/tier`, { as: owner })).body.tier).toBe(1);
    await refresh();
    await refresh();
    const open = await signals('exit_plan_missing');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      signalKey: `exit_plan_missing:${e}`,
      engagementId: e,
      vendorId: vendor.id,
    });
    const plan = await t.call('PUT', `${V1}/engagements/${e}/exit-plan`, { as: manager, body: {} });
    expect(plan.status, plan.text).toBe(200);
    await refresh();
    expect((await signals('exit_plan_missing')).map((s: any) => s.status)).toEqual(['closed']);
  });

  it('opens concentration signals for a vendor above 30% and a country above 50%, and closes them as spend spreads', async () => {
    const big = await t.vendor({ name: 'Big Desk', country: 'PH' });
    const small = await t.vendor({ name: 'Small Desk', country: 'IN' });
    const e1 = await engagement(big.id, 'Big desk');
    const e2 = await engagement(small.id, 'Small desk');
    await invoice(e1, 'B-1', 800_000);
    await invoice(e2, 'S-1', 200_000);
    await refresh();
    await refresh();
    const open = await signals('spend_concentration');
    expect(open.map((s: any) => s.signalKey).sort()).toEqual([
      'concentration_country:PH',
      `concentration_vendor:${big.id}`,
    ]);
    const vendorSignal = open.find((s: any) => s.signalKey === `concentration_vendor:${big.id}`);
    expect(vendorSignal).toMatchObject({
      category: 'concentration',
      impact: 5,
      signalData: { share: 0.8, threshold: 0.3 },
    });
    expect(open.find((s: any) => s.vendorId === null)).toMatchObject({ category: 'geopolitical' });
    // Spend spreads: a third vendor in another country takes the shares below both thresholds.
    const third = await t.vendor({ name: 'Third Desk', country: 'ZA' });
    const e3 = await engagement(third.id, 'Third desk');
    await invoice(e2, 'S-2', 400_000);
    await invoice(e3, 'T-1', 600_000);
    // Big 800 of 2,000 (40%) stays above 30%, the others are at 30%, PH at 40%; a 45% threshold clears it.
    await refresh();
    expect(
      (await signals('spend_concentration'))
        .filter((s: any) => s.status === 'open')
        .map((s: any) => s.signalKey),
    ).toEqual([`concentration_vendor:${big.id}`]);
    const settings = await t.call('PUT', `${V1}/risks/settings`, {
      as: owner,
      body: { vendorConcentrationShare: 0.45, countryConcentrationShare: 0.5 },
    });
    expect(settings.status).toBe(200);
    await refresh();
    const after = await signals('spend_concentration');
    expect(after).toHaveLength(2);
    expect(after.every((s: any) => s.status === 'closed')).toBe(true);
  });
  it('opens a signal for an access review past its due date and closes it once the review is complete', async () => {
    const vendor = await t.vendor({ name: 'Review Desk', country: 'DE', contacts: [{ name: 'Ada Agent' }] });
    const grant = await t.call('POST', `${V1}/access-grants`, {
      as: manager,
      body: {
        vendorId: vendor.id,
        contactId: vendor.contacts[0].id,
        system: 'Zendesk',
        accessLevel: 'write',
        grantedOn: '2027-01-04',
        justification: 'Handles tier-1 tickets',
      },
    });
    expect(grant.status, grant.text).toBe(201);
    const review = await t.call('POST', `${V1}/access-reviews`, {
      as: manager,
      body: { scope: 'vendor', vendorId: vendor.id, reviewerId: manager.userId, dueOn: '2027-03-31' },
    });
    expect(review.status, review.text).toBe(201);
    await refresh();
    expect(await signals('access_review_overdue')).toHaveLength(0);
    clock.set('2027-04-05T10:00:00Z');
    manager = await t.login(manager.email!);
    await refresh();
    await refresh();
    const open = await signals('access_review_overdue');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      signalKey: `access_review_overdue:${review.body.id}`,
      vendorId: vendor.id,
    });
    const decided = await t.call('POST', `${V1}/access-reviews/${review.body.id}/decisions`, {
      as: manager,
      body: { grantId: grant.body.id, decision: 'keep', comment: 'Still on the queue' },
    });
    expect(decided.status, decided.text).toBe(200);
    await refresh();
    expect((await signals('access_review_overdue')).map((s: any) => s.status)).toEqual(['closed']);
  });
});

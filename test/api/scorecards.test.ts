import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';
const LONG_SESSIONS = { OUTPOST_SESSION_IDLE_MINUTES: '400000', OUTPOST_SESSION_ABSOLUTE_HOURS: '9000' };

describe.each(dialects)('scorecards on %s', (dialect) => {
  const clock = fakeClock('2027-01-15T02:00:00Z');
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let vendorUser: Session;
  let strangerUser: Session;
  let engagementId: string;
  let januaryId: string;

  const scores = (s: Record<string, number | null>) =>
    Object.entries(s).map(([criterion, score]) => ({ criterion, score }));

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, env: LONG_SESSIONS });
    owner = await t.owner();
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    const vendor = await t.vendor({ name: 'Manila Care', country: 'PH' });
    const stranger = await t.vendor({ name: 'Krakow Desk', country: 'PL' });
    vendorUser = await t.user('vendor', vendor.id);
    strangerUser = await t.user('vendor', stranger.id);
    const e = await t.call('POST', `${V1}/engagements`, {
      as: manager,
      body: {
        vendorId: vendor.id,
        title: 'Care DACH',
        function: 'customer_service',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        monthlyFee: 100_000,
        budget: 1_500_000,
      },
    });
    engagementId = e.body.id;
    await t.call('PUT', `${V1}/engagements/${engagementId}/sow`, { as: manager, body: GOOD_SOW });
    const sow = await t.call('POST', `${V1}/engagements/${engagementId}/sow/approve`, { as: manager });
    // The training plan (due 2027-01-20) is handed in on time and accepted at the first review.
    const d = sow.body.deliverables[0].id;
    const s = await t.call('POST', `${V1}/engagements/${engagementId}/deliverables/${d}/submissions`, {
      as: vendorUser,
      body: { note: 'Plan' },
    });
    expect(s.status, s.text).toBe(201);
    const r = await t.call(
      'POST',
      `${V1}/engagements/${engagementId}/deliverables/${d}/submissions/${s.body.id}/review`,
      {
        as: manager,
        body: { decision: 'accepted', criteria: [{ index: 0, passed: true }] },
      },
    );
    expect(r.status, r.text).toBe(200);
    clock.set('2027-02-03T02:00:00Z');
  });
  afterAll(() => t?.close());

  it('has default settings that writers change', async () => {
    const res = await t.call('GET', `${V1}/engagements/${engagementId}/scorecard-settings`, { as: viewer });
    expect(res.body).toEqual({
      engagementId,
      cadence: 'monthly',
      weights: { quality: 30, timeliness: 25, communication: 15, cost: 15, security: 15 },
    });
    const body = {
      cadence: 'monthly',
      weights: { quality: 40, timeliness: 20, communication: 10, cost: 10, security: 20 },
    };
    expect(
      (await t.call('PUT', `${V1}/engagements/${engagementId}/scorecard-settings`, { as: viewer, body }))
        .status,
    ).toBe(403);
    expect(
      (await t.call('PUT', `${V1}/engagements/${engagementId}/scorecard-settings`, { as: vendorUser, body }))
        .status,
    ).toBe(404);
    const zero = {
      cadence: 'monthly',
      weights: { quality: 0, timeliness: 0, communication: 0, cost: 0, security: 0 },
    };
    expect(
      (
        await t.call('PUT', `${V1}/engagements/${engagementId}/scorecard-settings`, {
          as: manager,
          body: zero,
        })
      ).status,
    ).toBe(422);
    const ok = await t.call('PUT', `${V1}/engagements/${engagementId}/scorecard-settings`, {
      as: manager,
      body,
    });
    expect(ok.status, ok.text).toBe(200);
    // Back to the defaults for the sums below.
    await t.call('PUT', `${V1}/engagements/${engagementId}/scorecard-settings`, {
      as: manager,
      body: { cadence: 'monthly', weights: res.body.weights },
    });
  });

  it('opens a draft pre-filled from the data, and refuses bad periods', async () => {
    for (const period of ['2027-13', '2027-Q1', 'January']) {
      const res = await t.call('POST', `${V1}/engagements/${engagementId}/scorecards`, {
        as: manager,
        body: { period },
      });
      expect(res.status, period).toBe(422);
      expect(res.body.errors[0].field).toBe('period');
    }
    const future = await t.call('POST', `${V1}/engagements/${engagementId}/scorecards`, {
      as: manager,
      body: { period: '2027-03' },
    });
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([
      {
        field: 'period',
        message:
          'March 2027 has not begun yet: a scorecard looks back, so choose February 2027 or an earlier period.',
      },
    ]);
    // The engagement started in January 2027.
    const before = await t.call('POST', `${V1}/engagements/${engagementId}/scorecards`, {
      as: manager,
      body: { period: '2026-12' },
    });
    expect(before.status).toBe(422);
    expect(before.body.errors[0].message).toBe(
      'December 2026 is before the engagement started (January 2027): choose January 2027 or a later period.',
    );
    expect(before.body.detail).toBe(before.body.errors[0].message);
    expect(
      (
        await t.call('POST', `${V1}/engagements/${engagementId}/scorecards`, {
          as: viewer,
          body: { period: '2027-01' },
        })
      ).status,
    ).toBe(403);
    const res = await t.call('POST', `${V1}/engagements/${engagementId}/scorecards`, {
      as: manager,
      body: { period: '2027-01' },
    });
    expect(res.status, res.text).toBe(201);
    januaryId = res.body.id;
    const line = (c: string) => res.body.lines.find((l: { criterion: string }) => l.criterion === c);
    expect(res.body.status).toBe('draft');
    // One deliverable due in January, on time and accepted first time: both rates 100%.
    expect(line('timeliness')).toMatchObject({ weight: 25, suggested: 5, score: 5 });
    expect(line('timeliness').explanation).toContain('on-time delivery 100%');
    expect(line('quality').suggested).toBe(5);
    expect(line('quality').explanation).toContain('first-pass acceptance 100%');
    expect(line('communication')).toMatchObject({ suggested: null, score: null });
    expect(line('security').explanation).toContain('findings are not tracked');
    expect(
      (
        await t.call('POST', `${V1}/engagements/${engagementId}/scorecards`, {
          as: manager,
          body: { period: '2027-01' },
        })
      ).status,
    ).toBe(409);
  });

  it('keeps drafts from the vendor, computes the weighted total and publishes once scored', async () => {
    expect((await t.call('GET', `${V1}/scorecards/${januaryId}`, { as: vendorUser })).status).toBe(404);
    const list = await t.call('GET', `${V1}/engagements/${engagementId}/scorecards`, { as: vendorUser });
    expect(list.body.items).toEqual([]);

    const missing = await t.call('POST', `${V1}/scorecards/${januaryId}/publish`, { as: manager });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('lines.communication.score');

    expect(
      (
        await t.call('PATCH', `${V1}/scorecards/${januaryId}`, {
          as: manager,
          body: { lines: scores({ cost: 6 }) },
        })
      ).status,
    ).toBe(422);
    const scored = await t.call('PATCH', `${V1}/scorecards/${januaryId}`, {
      as: manager,
      body: {
        lines: [...scores({ quality: 5, timeliness: 4, communication: 3, cost: 2, security: 1 })],
        summary: 'A good first month',
      },
    });
    expect(scored.status, scored.text).toBe(200);
    // Σ w × (s − 1)/4 × 100 / Σ w = (30×1 + 25×0.75 + 15×0.5 + 15×0.25 + 15×0) = 60
    expect(scored.body.total).toBe(60);
    const published = await t.call('POST', `${V1}/scorecards/${januaryId}/publish`, { as: manager });
    expect(published.status, published.text).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', total: 60 });
    expect(
      (await t.call('PATCH', `${V1}/scorecards/${januaryId}`, { as: manager, body: { summary: 'x' } }))
        .status,
    ).toBe(409);
    const seen = await t.call('GET', `${V1}/engagements/${engagementId}/scorecards`, { as: vendorUser });
    expect(seen.body.items.map((s: { id: string }) => s.id)).toEqual([januaryId]);
  });

  it('lets the vendor dispute a score and the reviewer answer, keeping the history', async () => {
    expect(
      (
        await t.call('POST', `${V1}/scorecards/${januaryId}/responses`, {
          as: vendorUser,
          body: { kind: 'dispute', comment: 'No' },
        })
      ).status,
    ).toBe(422); // which criterion?
    expect(
      (
        await t.call('POST', `${V1}/scorecards/${januaryId}/responses`, {
          as: owner,
          body: { kind: 'response', comment: 'Internal note' },
        })
      ).status,
    ).toBe(403);
    const dispute = await t.call('POST', `${V1}/scorecards/${januaryId}/responses`, {
      as: vendorUser,
      body: { kind: 'dispute', criterion: 'cost', comment: 'No credits were due in January' },
    });
    expect(dispute.status, dispute.text).toBe(201);
    expect(dispute.body.openDisputes).toBe(1);
    const responseId = dispute.body.responses[0].id;
    const url = `${V1}/scorecards/${januaryId}/responses/${responseId}/answer`;
    expect((await t.call('POST', url, { as: vendorUser, body: { comment: 'self' } })).status).toBe(404);
    expect((await t.call('POST', url, { as: viewer, body: { comment: 'x' } })).status).toBe(403);
    const answered = await t.call('POST', url, {
      as: manager,
      body: { comment: 'Cost overran the budget by 8%' },
    });
    expect(answered.status, answered.text).toBe(200);
    expect(answered.body.openDisputes).toBe(0);
    expect(answered.body.responses[0]).toMatchObject({
      kind: 'dispute',
      criterion: 'cost',
      comment: 'No credits were due in January',
      answer: 'Cost overran the budget by 8%',
    });
    expect((await t.call('POST', url, { as: manager, body: { comment: 'again' } })).status).toBe(409);
    const audit = await t.call('GET', `${V1}/audit-events?entityType=scorecard&limit=50`, { as: owner });
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    for (const a of [
      'scorecard.create',
      'scorecard.update',
      'scorecard.publish',
      'scorecard.dispute',
      'scorecard.answer',
    ])
      expect(actions).toContain(a);
  });

  it('suggests quality and cost from the SLA engine’s month: a breach and its credit', async () => {
    const e = await t.call('POST', `${V1}/engagements`, {
      as: manager,
      body: {
        vendorId: (await t.call('GET', `${V1}/engagements/${engagementId}`, { as: owner })).body.vendorId,
        title: 'Care breached',
        function: 'customer_service',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        monthlyFee: 100_000,
        budget: 1_500_000,
      },
    });
    await t.call('PUT', `${V1}/engagements/${e.body.id}/sow`, { as: manager, body: GOOD_SOW });
    const sow = await t.call('POST', `${V1}/engagements/${e.body.id}/sow/approve`, { as: manager });
    // Service level 70% in January against a target of at least 80%: breached, credit 5% of the fee.
    const m = await t.call('POST', `${V1}/engagements/${e.body.id}/measurements`, {
      as: manager,
      body: {
        items: [{ kpiId: sow.body.kpis[0].id, at: '2027-01-15T04:00:00Z', numerator: 70, denominator: 100 }],
      },
    });
    expect(m.status, m.text).toBe(201);
    const res = await t.call('POST', `${V1}/engagements/${e.body.id}/scorecards`, {
      as: manager,
      body: { period: '2027-01' },
    });
    expect(res.status, res.text).toBe(201);
    const line = (c: string) => res.body.lines.find((l: { criterion: string }) => l.criterion === c);
    expect(line('quality')).toMatchObject({ suggested: 1 });
    expect(line('quality').explanation).toContain('SLA attainment 0% over 1 KPI result(s)');
    expect(line('cost')).toMatchObject({ suggested: 3 });
    expect(line('cost').explanation).toContain('service credits of $50.00, 5% of the period');
    // Its training plan, due 2027-01-20, was never handed in: late.
    expect(line('timeliness')).toMatchObject({ suggested: 1 });
    expect(line('timeliness').explanation).toContain('on-time delivery 0% of 1');
  });

  it('shows the trend across published periods and hides everything from another vendor', async () => {
    clock.set('2027-03-02T02:00:00Z');
    const feb = await t.call('POST', `${V1}/engagements/${engagementId}/scorecards`, {
      as: manager,
      body: { period: '2027-02' },
    });
    await t.call('PATCH', `${V1}/scorecards/${feb.body.id}`, {
      as: manager,
      body: { lines: scores({ quality: 5, timeliness: 5, communication: 4, cost: 3, security: 3 }) },
    });
    await t.call('POST', `${V1}/scorecards/${feb.body.id}/publish`, { as: owner });
    const list = await t.call('GET', `${V1}/engagements/${engagementId}/scorecards`, { as: viewer });
    expect(list.body.items.map((s: { period: string }) => s.period)).toEqual(['2027-02', '2027-01']);
    // February: 30 + 25 + 15×0.75 + 15×0.5 + 15×0.5 = 81.25 → 81.3
    expect(list.body.trend).toEqual({
      points: [
        { period: '2027-01', total: 60 },
        { period: '2027-02', total: 81.3 },
      ],
      direction: 'up',
      change: 21.3,
    });
    for (const url of [
      `${V1}/engagements/${engagementId}/scorecards`,
      `${V1}/engagements/${engagementId}/scorecard-settings`,
      `${V1}/scorecards/${januaryId}`,
    ]) {
      const res = await t.call('GET', url, { as: strangerUser });
      expect(res.status, url).toBe(404);
    }
    expect(
      (
        await t.call('POST', `${V1}/scorecards/${januaryId}/responses`, {
          as: strangerUser,
          body: { kind: 'response', comment: 'Hi' },
        })
      ).status,
    ).toBe(404);
  });

  it('shows a vendor user the scores and comments, not the client’s suggestions and their reasons', async () => {
    const internal = await t.call('GET', `${V1}/scorecards/${januaryId}`, { as: manager });
    expect(internal.body.lines.some((l: { explanation: string }) => l.explanation !== '')).toBe(true);
    const theirs = await t.call('GET', `${V1}/scorecards/${januaryId}`, { as: vendorUser });
    expect(theirs.status).toBe(200);
    expect(theirs.body.total).toBe(internal.body.total);
    for (const line of theirs.body.lines) expect(line).toMatchObject({ suggested: null, explanation: '' });
    expect(theirs.body.lines.map((l: { score: number }) => l.score)).toEqual(
      internal.body.lines.map((l: { score: number }) => l.score),
    );
    const list = await t.call('GET', `${V1}/engagements/${engagementId}/scorecards`, { as: vendorUser });
    for (const card of list.body.items)
      for (const line of card.lines) expect(line).toMatchObject({ suggested: null, explanation: '' });
  });
});

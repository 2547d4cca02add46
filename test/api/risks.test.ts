/**
 * The risk register (scores, life cycle, acceptance with approver and expiry, heat map) and the
 * automatic signals: each opens once, persists without duplicating across runs (also when two
 * runs race) and closes when its condition clears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsOf } from '../../src/server/jobs/index';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';

describe.each(dialects)('risks on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let vendorUser: Session;
  let vendorA: { id: string };
  let vendorB: { id: string };
  let vendorC: { id: string };

  const refresh = async (as = owner) => {
    const res = await t.call('POST', `${V1}/risks/signals/refresh`, { as });
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  /** Every signal of a source, open or closed, straight from the API. */
  const signals = async (source: string) => {
    const res = await t.call('GET', `${V1}/risks?kind=signal&includeClosed=true&limit=200`, { as: viewer });
    expect(res.status, res.text).toBe(200);
    return res.body.items.filter((r: any) => r.signalSource === source);
  };
  const eventsOf = async (type: string, key: string) =>
    (await t.db.database.db.selectFrom('events').selectAll().where('type', '=', type).execute()).filter(
      (e) => JSON.parse(e.payload).signalKey === key,
    );
  const engagement = async (body: Record<string, unknown>) => {
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        function: 'customer_service',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        monthlyFee: 100_000,
        budget: 5_000_000,
        ...body,
      },
    });
    expect(e.status, e.text).toBe(201);
    expect(
      (await t.call('PUT', `${V1}/engagements/${e.body.id}/sow`, { as: owner, body: GOOD_SOW })).status,
    ).toBe(200);
    const approved = await t.call('POST', `${V1}/engagements/${e.body.id}/sow/approve`, { as: owner });
    expect(approved.status, approved.text).toBe(200);
    const on = await t.call('PATCH', `${V1}/engagements/${e.body.id}`, {
      as: owner,
      body: { status: 'active' },
    });
    expect(on.status, on.text).toBe(200);
    return { id: e.body.id as string, kpi: approved.body.kpis[0].id as string };
  };
  const measure = (engagementId: string, kpiId: string, at: string, numerator: number) =>
    t.call('POST', `${V1}/engagements/${engagementId}/measurements`, {
      as: owner,
      body: { items: [{ kpiId, at, numerator, denominator: 100 }] },
    });

  beforeAll(async () => {
    clock = fakeClock('2027-01-10T10:00:00Z');
    const env = { OUTPOST_SESSION_IDLE_MINUTES: '1000000', OUTPOST_SESSION_ABSOLUTE_HOURS: '100000' };
    t = await createTestApp(dialect, { clock, env });
    owner = await t.owner();
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    vendorA = await t.vendor({ name: 'Certified Ltd', country: 'DE' });
    vendorB = await t.vendor({ name: 'Streak Services', country: 'PH' });
    vendorC = await t.vendor({ name: 'Heatmap GmbH', country: 'AT' });
    vendorUser = await t.user('vendor', vendorA.id);
    // The certificate signal looks at active vendors; the approval path itself is tested with vendors.
    await t.db.database.db
      .updateTable('vendors')
      .set({ status: 'active' })
      .where('id', '=', vendorA.id)
      .execute();
  });
  afterAll(() => t?.close());

  it('enters a risk with its inherent and residual scores, and answers bad input naming the field', async () => {
    const res = await t.call('POST', `${V1}/risks`, {
      as: manager,
      body: {
        vendorId: vendorA.id,
        title: 'Key-person dependency on the team lead',
        category: 'operational',
        likelihood: 3,
        impact: 4,
        ownerId: manager.userId,
        controls: [{ description: 'Cross-train a deputy', ownerId: manager.userId, dueOn: '2027-01-05' }],
        reviewOn: '2027-03-01',
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'manual',
      vendorName: 'Certified Ltd',
      inherentScore: 12,
      residualLikelihood: 3,
      residualImpact: 4,
      residualScore: 12,
      status: 'open',
      allowedTransitions: ['mitigating', 'accepted', 'closed'],
      ownerName: expect.any(String),
      signalKey: null,
    });
    expect(res.body.controls[0]).toMatchObject({ done: false, overdue: true });
    const bad = await t.call('POST', `${V1}/risks`, {
      as: manager,
      body: { vendorId: vendorA.id, title: 'x', category: 'weather', likelihood: 6, impact: 0 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['category', 'impact', 'likelihood']);
    const noVendor = await t.call('POST', `${V1}/risks`, {
      as: manager,
      body: {
        vendorId: 'vnd_01JD3ZQ8N0000000000000000',
        title: 'x',
        category: 'financial',
        likelihood: 1,
        impact: 1,
      },
    });
    expect(noVendor.status).toBe(422);
    expect(noVendor.body.errors[0].field).toBe('vendorId');
    const vendorOwner = await t.call('POST', `${V1}/risks`, {
      as: manager,
      body: {
        vendorId: vendorA.id,
        title: 'x',
        category: 'financial',
        likelihood: 1,
        impact: 1,
        ownerId: vendorUser.userId,
      },
    });
    expect(vendorOwner.body.errors[0].field).toBe('ownerId');
    // Vendor users never see the register; read-only roles read but do not write.
    expect((await t.call('GET', `${V1}/risks`, { as: vendorUser })).status).toBe(404);
    expect((await t.call('GET', `${V1}/risks/${res.body.id}`, { as: vendorUser })).status).toBe(404);
    expect((await t.call('GET', `${V1}/risks/${res.body.id}`, { as: viewer })).status).toBe(200);
    expect(
      (await t.call('PATCH', `${V1}/risks/${res.body.id}`, { as: viewer, body: { title: 'y' } })).status,
    ).toBe(403);
  });

  it('moves along the life cycle only; acceptance needs an owner or administrator and an expiry', async () => {
    const created = await t.call('POST', `${V1}/risks`, {
      as: manager,
      body: {
        vendorId: vendorA.id,
        title: 'Offshore data centre flood zone',
        category: 'geopolitical',
        likelihood: 2,
        impact: 5,
      },
    });
    const id = created.body.id;
    const patch = (body: unknown, as = manager) => t.call('PATCH', `${V1}/risks/${id}`, { as, body });
    const mitigating = await patch({ status: 'mitigating', residualLikelihood: 1, residualImpact: 4 });
    expect(mitigating.status, mitigating.text).toBe(200);
    expect(mitigating.body).toMatchObject({ status: 'mitigating', residualScore: 4, inherentScore: 10 });
    expect((await patch({ status: 'accepted', acceptance: { expiresOn: '2027-02-01' } })).status).toBe(403);
    const noExpiry = await patch({ status: 'accepted' }, owner);
    expect(noExpiry.status).toBe(422);
    expect(noExpiry.body.errors[0].field).toBe('acceptance.expiresOn');
    const past = await patch({ status: 'accepted', acceptance: { expiresOn: '2027-01-01' } }, owner);
    expect(past.body.errors[0]).toEqual({ field: 'acceptance.expiresOn', message: 'must be after today' });
    const accepted = await patch(
      { status: 'accepted', acceptance: { expiresOn: '2027-02-01', reason: 'Insured' } },
      owner,
    );
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.acceptance).toMatchObject({
      approverId: owner.userId,
      expiresOn: '2027-02-01',
      reason: 'Insured',
    });
    const illegal = await patch({ status: 'open' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.allowed).toEqual(['mitigating', 'closed']);
    // The acceptance runs out: the next signals run reopens the risk.
    clock.set('2027-02-03T10:00:00Z');
    expect((await refresh()).reopened).toBe(1);
    const reopened = await t.call('GET', `${V1}/risks/${id}`, { as: viewer });
    expect(reopened.body).toMatchObject({ status: 'open', acceptance: null });
    const closed = await patch({ status: 'closed' });
    expect(closed.body).toMatchObject({
      status: 'closed',
      allowedTransitions: ['open'],
      closedAt: expect.any(String),
    });
    expect((await patch({ status: 'mitigating' })).status).toBe(409);
    expect((await patch({ status: 'open' })).body.status).toBe('open');
  });

  it('counts the heat map per cell, inherent and residual, under the filters; a cell filters the list', async () => {
    const add = async (likelihood: number, impact: number, extra: Record<string, unknown> = {}) => {
      const r = await t.call('POST', `${V1}/risks`, {
        as: manager,
        body: {
          vendorId: vendorC.id,
          title: `Risk ${likelihood}×${impact}`,
          category: 'financial',
          likelihood,
          impact,
          ...extra,
        },
      });
      expect(r.status, r.text).toBe(201);
      return r.body.id as string;
    };
    await add(4, 5, { residualLikelihood: 2, residualImpact: 3 });
    await add(4, 5);
    await add(2, 2, { category: 'reputational' });
    const closed = await add(1, 1);
    await t.call('PATCH', `${V1}/risks/${closed}`, { as: manager, body: { status: 'closed' } });
    const map = await t.call('GET', `${V1}/risks/heatmap?vendorId=${vendorC.id}`, { as: viewer });
    expect(map.status, map.text).toBe(200);
    expect(map.body.total).toBe(3);
    expect(map.body.inherent[3][4]).toBe(2);
    expect(map.body.inherent[1][1]).toBe(1);
    expect(map.body.inherent[0][0]).toBe(0);
    expect(map.body.residual[3][4]).toBe(1);
    expect(map.body.residual[1][2]).toBe(1);
    const financial = await t.call('GET', `${V1}/risks/heatmap?vendorId=${vendorC.id}&category=financial`, {
      as: viewer,
    });
    expect(financial.body.total).toBe(2);
    const withClosed = await t.call('GET', `${V1}/risks/heatmap?vendorId=${vendorC.id}&includeClosed=true`, {
      as: viewer,
    });
    expect(withClosed.body.inherent[0][0]).toBe(1);
    const cell = await t.call('GET', `${V1}/risks?vendorId=${vendorC.id}&likelihood=4&impact=5`, {
      as: viewer,
    });
    expect(cell.body.items).toHaveLength(2);
    const residualCell = await t.call(
      'GET',
      `${V1}/risks?vendorId=${vendorC.id}&residualLikelihood=2&residualImpact=3`,
      {
        as: viewer,
      },
    );
    expect(residualCell.body.items).toHaveLength(1);
    const sorted = await t.call('GET', `${V1}/risks?vendorId=${vendorC.id}&sort=-inherentScore&limit=2`, {
      as: viewer,
    });
    expect(sorted.body.items.map((r: any) => r.inherentScore)).toEqual([20, 20]);
    const next = await t.call(
      'GET',
      `${V1}/risks?vendorId=${vendorC.id}&sort=-inherentScore&limit=2&cursor=${sorted.body.nextCursor}`,
      {
        as: viewer,
      },
    );
    expect(next.body.items.map((r: any) => r.inherentScore)).toEqual([4]);
    expect((await t.call('GET', `${V1}/risks/heatmap`, { as: vendorUser })).status).toBe(404);
  });

  it('opens one certificate signal for an active vendor, keeps it across runs (even racing), closes it when renewed', async () => {
    const cert = await t.call('POST', `${V1}/vendors/${vendorA.id}/certifications`, {
      as: owner,
      body: { standard: 'iso27001', expiresOn: '2027-02-20' },
    });
    expect(cert.status, cert.text).toBe(201);
    // A vendor that is not active raises nothing.
    await t.call('POST', `${V1}/vendors/${vendorB.id}/certifications`, {
      as: owner,
      body: { standard: 'soc2_type2', expiresOn: '2027-02-20' },
    });
    expect((await t.call('POST', `${V1}/risks/signals/refresh`, { as: manager })).status).toBe(403);
    await refresh();
    await Promise.all([refresh(), refresh()]);
    // The scheduler's job runs the same evaluation.
    const job = jobsOf(t.app.services).find((j) => j.name === 'risks.signals')!;
    await job.run();
    await job.run();
    const open = await signals('certificate_expiry');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      kind: 'signal',
      signalKey: `cert_expiry:${cert.body.id}`,
      vendorId: vendorA.id,
      status: 'open',
      category: 'compliance_legal',
      inherentScore: 9,
      allowedTransitions: ['mitigating', 'accepted'],
    });
    expect(open[0].title).toContain('ISO/IEC 27001');
    // A signal's source-owned fields are not changed by hand, and it is not closed by hand.
    expect(
      (await t.call('PATCH', `${V1}/risks/${open[0].id}`, { as: manager, body: { likelihood: 1 } })).status,
    ).toBe(422);
    expect(
      (await t.call('PATCH', `${V1}/risks/${open[0].id}`, { as: manager, body: { status: 'closed' } }))
        .status,
    ).toBe(409);
    expect(
      (
        await t.call('PATCH', `${V1}/risks/${open[0].id}`, {
          as: manager,
          body: { status: 'mitigating', ownerId: manager.userId },
        })
      ).status,
    ).toBe(200);
    // Expired: the same signal is updated, not duplicated.
    clock.set('2027-02-22T10:00:00Z');
    expect((await refresh()).updated).toBeGreaterThanOrEqual(1);
    const expired = await signals('certificate_expiry');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({
      likelihood: 4,
      status: 'mitigating',
      signalData: { status: 'expired' },
    });
    // Renewed: the signal closes itself, once.
    await t.call('PATCH', `${V1}/vendors/${vendorA.id}/certifications/${cert.body.id}`, {
      as: owner,
      body: { expiresOn: '2029-12-31' },
    });
    expect((await refresh()).closed).toBe(1);
    await refresh();
    const closed = await signals('certificate_expiry');
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const key = `cert_expiry:${cert.body.id}`;
    expect(await eventsOf('risk.signal_opened', key)).toHaveLength(1);
    expect(await eventsOf('risk.signal_closed', key)).toHaveLength(1);
    expect(
      (await t.call('GET', `${V1}/risks?kind=signal`, { as: viewer })).body.items.some(
        (r: any) => r.signalKey === key,
      ),
    ).toBe(false);
  });

  it('opens an SLA signal on 2 breached months of the last 3 and closes it when the streak ends', async () => {
    const e = await engagement({
      vendorId: vendorB.id,
      title: 'Streak desk',
      startDate: '2027-01-01',
      endDate: '2028-12-31',
    });
    for (const [at, n] of [
      ['2027-01-15T10:00:00Z', 50],
      ['2027-02-15T10:00:00Z', 50],
      ['2027-03-15T10:00:00Z', 90],
    ] as const)
      expect((await measure(e.id, e.kpi, at, n)).status).toBe(201);
    clock.set('2027-04-10T10:00:00Z');
    expect(
      (await t.call('POST', `${V1}/sla/close`, { as: owner, body: { engagementId: e.id } })).status,
    ).toBe(200);
    await refresh();
    await refresh();
    const open = await signals('sla_breach_streak');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      signalKey: `sla_breach:${e.id}`,
      engagementId: e.id,
      vendorId: vendorB.id,
      status: 'open',
      signalData: { breachedPeriods: ['2027-02', '2027-01'] },
    });
    for (const at of ['2027-04-15T10:00:00Z', '2027-05-15T10:00:00Z'])
      expect((await measure(e.id, e.kpi, at, 95)).status).toBe(201);
    clock.set('2027-06-10T10:00:00Z');
    await t.call('POST', `${V1}/sla/close`, { as: owner, body: { engagementId: e.id } });
    // April met: Feb breached, Mar and Apr met — one of three, the signal closes.
    expect((await refresh()).closed).toBeGreaterThanOrEqual(1);
    const after = await signals('sla_breach_streak');
    expect(after.map((s: any) => s.status)).toEqual(['closed']);
  });

  it('opens a renewal signal inside the notice period without a decision and closes it once decided', async () => {
    const e = await engagement({
      vendorId: vendorB.id,
      title: 'Renewing desk',
      startDate: '2027-01-01',
      endDate: '2027-09-30',
      noticePeriodDays: 60,
    });
    await refresh();
    expect(await signals('renewal_undecided')).toHaveLength(0);
    clock.set('2027-08-05T10:00:00Z');
    await refresh();
    await refresh();
    const open = await signals('renewal_undecided');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      signalKey: `renewal:${e.id}:2027-09-30`,
      category: 'exit_lock_in',
      signalData: { noticeDeadline: '2027-08-01', termEnd: '2027-09-30' },
    });
    const decided = await t.call('PUT', `${V1}/engagements/${e.id}/renewal-decision`, {
      as: manager,
      body: { decision: 'renegotiate' },
    });
    expect(decided.status, decided.text).toBe(200);
    await refresh();
    expect((await signals('renewal_undecided')).map((s: any) => s.status)).toEqual(['closed']);
  });

  it('opens a signal for a critical finding past due and closes it when it no longer is', async () => {
    const f = await t.call('POST', `${V1}/findings`, {
      as: manager,
      body: {
        vendorId: vendorA.id,
        title: 'Admin console exposed',
        severity: 'critical',
        dueOn: '2027-08-10',
      },
    });
    expect(f.status, f.text).toBe(201);
    const low = await t.call('POST', `${V1}/findings`, {
      as: manager,
      body: { vendorId: vendorA.id, title: 'Banner shows version', severity: 'low', dueOn: '2027-08-10' },
    });
    expect(low.status).toBe(201);
    await refresh();
    expect(await signals('finding_overdue')).toHaveLength(0);
    clock.set('2027-08-15T10:00:00Z');
    await refresh();
    await refresh();
    const open = await signals('finding_overdue');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      signalKey: `finding_overdue:${f.body.id}`,
      impact: 5,
      category: 'security_privacy',
    });
    const later = await t.call('PATCH', `${V1}/findings/${f.body.id}`, {
      as: manager,
      body: { dueOn: '2027-09-30' },
    });
    expect(later.status, later.text).toBe(200);
    await refresh();
    expect((await signals('finding_overdue')).map((s: any) => s.status)).toEqual(['closed']);
  });

  it('keeps the concentration thresholds in settings (owners and administrators change them)', async () => {
    expect((await t.call('GET', `${V1}/risks/settings`, { as: viewer })).body).toEqual({
      vendorConcentrationShare: 0.3,
      countryConcentrationShare: 0.5,
    });
    const bad = await t.call('PUT', `${V1}/risks/settings`, {
      as: owner,
      body: { vendorConcentrationShare: 1.5, countryConcentrationShare: 0.5 },
    });
    expect(bad.body.errors[0].field).toBe('vendorConcentrationShare');
    expect(
      (
        await t.call('PUT', `${V1}/risks/settings`, {
          as: manager,
          body: { vendorConcentrationShare: 0.4, countryConcentrationShare: 0.5 },
        })
      ).status,
    ).toBe(403);
    const ok = await t.call('PUT', `${V1}/risks/settings`, {
      as: owner,
      body: { vendorConcentrationShare: 0.4, countryConcentrationShare: 0.6 },
    });
    expect(ok.status, ok.text).toBe(200);
  });
});

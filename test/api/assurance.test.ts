import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const ORG = {
  name: 'Northwind',
  country: 'DE',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '17:00' },
};
const START = '2027-03-10T10:00:00Z';
const TODAY = '2027-03-10';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe.each(dialects)('assurance on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let admin: Session;
  let manager: Session;
  let viewer: Session;
  let vendorA: { id: string; contacts: Array<{ id: string }> };
  let vendorB: { id: string; contacts: Array<{ id: string }> };
  let vendorUserA: Session;

  const V1 = '/api/v1';
  const grant = async (vendor: typeof vendorA, body: Record<string, unknown> = {}, contact = 0) => {
    const res = await t.call('POST', `${V1}/access-grants`, {
      as: manager,
      body: {
        vendorId: vendor.id,
        contactId: vendor.contacts[contact]!.id,
        system: 'Zendesk',
        accessLevel: 'write',
        grantedOn: '2027-01-04',
        justification: 'Handles tier-1 tickets',
        ...body,
      },
    });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  /** Sessions end when the clock jumps past their idle time: sign in again after time travel. */
  async function travel(at: string) {
    clock.set(at);
    viewer = await t.login(viewer.email!);
  }
  async function back() {
    clock.set(START);
    for (const s of [owner, admin, manager, viewer, vendorUserA]) Object.assign(s, await t.login(s.email!));
  }
  const events = (type: string) =>
    t.app.database.db.selectFrom('events').selectAll().where('type', '=', type).execute();

  beforeAll(async () => {
    clock = fakeClock(START);
    t = await createTestApp(dialect, { clock });
    owner = await t.owner();
    expect((await t.call('PUT', `${V1}/settings/organisation`, { as: owner, body: ORG })).status).toBe(200);
    admin = await t.user('admin');
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    vendorA = (await t.vendor({
      name: 'Alpha Support',
      country: 'PL',
      contacts: [{ name: 'Ada Agent' }, { name: 'Bo Builder' }],
    })) as unknown as typeof vendorA;
    vendorB = (await t.vendor({
      name: 'Other Vendor',
      country: 'IN',
      contacts: [{ name: 'Carl Other' }],
    })) as unknown as typeof vendorB;
    vendorUserA = await t.user('vendor', vendorA.id);
  });
  afterAll(() => t?.close());

  it('refuses admin access without an expiry, naming expiresOn, and a contact of another vendor', async () => {
    const res = await t.call('POST', `${V1}/access-grants`, {
      as: manager,
      body: {
        vendorId: vendorA.id,
        contactId: vendorA.contacts[0]!.id,
        system: 'AWS',
        accessLevel: 'admin',
        grantedOn: TODAY,
        justification: 'Runs the deployment',
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('expiresOn');
    const foreign = await t.call('POST', `${V1}/access-grants`, {
      as: manager,
      body: {
        vendorId: vendorA.id,
        contactId: vendorB.contacts[0]!.id,
        system: 'AWS',
        accessLevel: 'read',
        grantedOn: TODAY,
        justification: 'Reads logs',
      },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].field).toBe('contactId');
    const ok = await grant(vendorA, { system: 'AWS', accessLevel: 'admin', expiresOn: '2027-06-30' });
    expect(ok).toMatchObject({
      status: 'open',
      accessLevel: 'admin',
      personName: 'Ada Agent',
      expired: false,
    });
    // Changing it to admin without an expiry is refused as well.
    const read = await grant(vendorA, { system: 'Jira', accessLevel: 'read' });
    const patch = await t.call('PATCH', `${V1}/access-grants/${read.id}`, {
      as: manager,
      body: { accessLevel: 'admin' },
    });
    expect(patch.status).toBe(422);
    expect(patch.body.errors[0].field).toBe('expiresOn');
  });

  it('runs a review campaign: the reviewer keeps one grant and revokes another, and it completes', async () => {
    const vendor = (await t.vendor({
      name: 'Campaign Vendor',
      country: 'PL',
      contacts: [{ name: 'Keep Me' }, { name: 'Revoke Me' }],
    })) as unknown as typeof vendorA;
    const keep = await grant(vendor, { system: 'Salesforce' }, 0);
    const revoke = await grant(vendor, { system: 'SAP', accessLevel: 'read' }, 1);
    const empty = await t.call('POST', `${V1}/access-reviews`, {
      as: manager,
      body: {
        scope: 'vendor',
        vendorId: (await t.vendor({ name: 'No Grants' })).id,
        reviewerId: manager.userId,
        dueOn: '2027-03-31',
      },
    });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].field).toBe('scope');
    const badReviewer = await t.call('POST', `${V1}/access-reviews`, {
      as: manager,
      body: { scope: 'vendor', vendorId: vendor.id, reviewerId: viewer.userId, dueOn: '2027-03-31' },
    });
    expect(badReviewer.status).toBe(422);
    expect(badReviewer.body.errors[0].field).toBe('reviewerId');

    const created = await t.call('POST', `${V1}/access-reviews`, {
      as: manager,
      body: { scope: 'vendor', vendorId: vendor.id, reviewerId: admin.userId, dueOn: '2027-03-31' },
    });
    expect(created.status, created.text).toBe(201);
    const review = created.body;
    expect(review).toMatchObject({ status: 'open', total: 2, decided: 0, overdue: false, scope: 'vendor' });
    expect(review.items.map((i: { system: string }) => i.system).sort()).toEqual(['SAP', 'Salesforce']);

    const url = `${V1}/access-reviews/${review.id}/decisions`;
    // Only the named reviewer decides; a comment is required.
    const notReviewer = await t.call('POST', url, {
      as: manager,
      body: { grantId: keep.id, decision: 'keep', comment: 'Still needed' },
    });
    expect(notReviewer.status).toBe(403);
    const noComment = await t.call('POST', url, {
      as: admin,
      body: { grantId: keep.id, decision: 'keep', comment: '' },
    });
    expect(noComment.status).toBe(422);
    expect(noComment.body.errors[0].field).toBe('comment');

    const kept = await t.call('POST', url, {
      as: admin,
      body: { grantId: keep.id, decision: 'keep', comment: 'Works the Salesforce queue daily' },
    });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body).toMatchObject({ status: 'open', decided: 1 });
    const again = await t.call('POST', url, {
      as: admin,
      body: { grantId: keep.id, decision: 'revoke', comment: 'Changed mind' },
    });
    expect(again.status).toBe(409);

    const revoked = await t.call('POST', url, {
      as: admin,
      body: { grantId: revoke.id, decision: 'revoke', comment: 'Left the project in February' },
    });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'completed', decided: 2, total: 2 });
    expect(revoked.body.completedAt).toBeTruthy();

    const g = await t.call('GET', `${V1}/access-grants/${revoke.id}`, { as: viewer });
    expect(g.body).toMatchObject({
      status: 'revoked',
      revokedBy: admin.userId,
      revokeReason: 'Left the project in February',
    });
    expect(g.body.revokedAt).toBe(clock.now().toISOString());
    expect((await t.call('GET', `${V1}/access-grants/${keep.id}`, { as: viewer })).body.status).toBe('open');

    // Offboarding lists only what is still open.
    const open = await t.call('GET', `${V1}/access-grants?vendorId=${vendor.id}&status=open`, {
      as: manager,
    });
    expect(open.body.items.map((i: { id: string }) => i.id)).toEqual([keep.id]);

    // The revocation is in the audit trail with who did it.
    const trail = await t.call('GET', `${V1}/audit-events?entityType=access_grant&entityId=${revoke.id}`, {
      as: owner,
    });
    if (trail.status === 200)
      expect(trail.body.items.map((e: { action: string }) => e.action)).toContain('access_grant.revoke');
  });

  it('gives each finding its deadline by severity, and follows changed settings', async () => {
    const expected = { critical: 30, high: 60, medium: 90, low: 180 } as const;
    for (const [severity, days] of Object.entries(expected)) {
      const res = await t.call('POST', `${V1}/findings`, {
        as: manager,
        body: { vendorId: vendorA.id, title: `A ${severity} finding`, severity },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({
        raisedOn: TODAY,
        dueOn: addDays(TODAY, days),
        status: 'open',
        overdue: false,
      });
    }
    const settings = await t.call('GET', `${V1}/assurance/settings`, { as: viewer });
    expect(settings.body.findingDeadlineDays).toEqual(expected);
    const denied = await t.call('PUT', `${V1}/assurance/settings`, {
      as: manager,
      body: { ...settings.body, findingDeadlineDays: { ...expected, critical: 7 } },
    });
    expect(denied.status).toBe(403);
    const put = await t.call('PUT', `${V1}/assurance/settings`, {
      as: admin,
      body: { ...settings.body, findingDeadlineDays: { ...expected, critical: 7 } },
    });
    expect(put.status, put.text).toBe(200);
    const critical = await t.call('POST', `${V1}/findings`, {
      as: manager,
      body: { vendorId: vendorA.id, title: 'Exposed admin panel', severity: 'critical' },
    });
    expect(critical.body.dueOn).toBe(addDays(TODAY, 7));
    // Lowering the severity moves the deadline from the day it was raised.
    const lowered = await t.call('PATCH', `${V1}/findings/${critical.body.id}`, {
      as: manager,
      body: { severity: 'low' },
    });
    expect(lowered.body.dueOn).toBe(addDays(TODAY, 180));
    await t.call('PUT', `${V1}/assurance/settings`, { as: admin, body: settings.body });
  });

  it('accepts a risk only by an owner or administrator with an expiry, and reopens it when the acceptance expires', async () => {
    const f = (
      await t.call('POST', `${V1}/findings`, {
        as: manager,
        body: { vendorId: vendorA.id, title: 'Legacy TLS 1.0 endpoint', severity: 'medium' },
      })
    ).body;
    const url = `${V1}/findings/${f.id}/accept-risk`;
    expect(
      (await t.call('POST', url, { as: manager, body: { reason: 'Retired in Q3', expiresOn: '2027-04-30' } }))
        .status,
    ).toBe(403);
    const noExpiry = await t.call('POST', url, { as: admin, body: { reason: 'Retired in Q3' } });
    expect(noExpiry.status).toBe(422);
    expect(noExpiry.body.errors[0].field).toBe('expiresOn');
    const past = await t.call('POST', url, {
      as: admin,
      body: { reason: 'Retired in Q3', expiresOn: TODAY },
    });
    expect(past.status).toBe(422);
    const ok = await t.call('POST', url, {
      as: admin,
      body: { reason: 'Retired in Q3', expiresOn: '2027-04-30' },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'risk_accepted',
      acceptance: { approverId: admin.userId, expiresOn: '2027-04-30', expired: false },
    });

    await travel('2027-05-01T10:00:00Z');
    try {
      // Flagged as soon as it runs out, before the job reopens it.
      expect((await t.call('GET', `${V1}/findings/${f.id}`, { as: viewer })).body.acceptance.expired).toBe(
        true,
      );
      const run = await t.app.services.assurance.jobs.overdue();
      expect(run.reopened).toBeGreaterThanOrEqual(1);
      const after = await t.call('GET', `${V1}/findings/${f.id}`, { as: viewer });
      expect(after.body).toMatchObject({
        status: 'open',
        acceptance: null,
        dueOn: addDays('2027-05-01', 90),
      });
      expect(after.body.comments.at(-1).body).toContain('risk acceptance expired');
      // Running again changes nothing.
      expect((await t.app.services.assurance.jobs.overdue()).reopened).toBe(0);
    } finally {
      await back();
    }
  });

  it('publishes finding.overdue and access_review.overdue once each', async () => {
    const vendor = (await t.vendor({
      name: 'Late Vendor',
      contacts: [{ name: 'Lee Late' }],
    })) as unknown as typeof vendorA;
    const f = (
      await t.call('POST', `${V1}/findings`, {
        as: manager,
        body: { vendorId: vendor.id, title: 'Missing MFA', severity: 'high', dueOn: '2027-03-12' },
      })
    ).body;
    await grant(vendor);
    const review = await t.call('POST', `${V1}/access-reviews`, {
      as: manager,
      body: { scope: 'vendor', vendorId: vendor.id, reviewerId: manager.userId, dueOn: '2027-03-12' },
    });
    expect(review.status).toBe(201);
    const before = {
      f: (await events('finding.overdue')).filter((e) => JSON.parse(e.payload).findingId === f.id).length,
      r: (await events('access_review.overdue')).filter(
        (e) => JSON.parse(e.payload).reviewId === review.body.id,
      ).length,
    };
    expect(before).toEqual({ f: 0, r: 0 });
    await travel('2027-03-14T10:00:00Z');
    try {
      expect((await t.call('GET', `${V1}/findings/${f.id}`, { as: viewer })).body.overdue).toBe(true);
      expect(
        (await t.call('GET', `${V1}/access-reviews/${review.body.id}`, { as: viewer })).body.overdue,
      ).toBe(true);
      const overdueList = await t.call('GET', `${V1}/access-reviews?overdue=true`, { as: viewer });
      expect(overdueList.body.items.map((r: { id: string }) => r.id)).toContain(review.body.id);
      await t.app.services.assurance.jobs.overdue();
      await t.app.services.assurance.jobs.overdue();
      const fe = (await events('finding.overdue')).filter((e) => JSON.parse(e.payload).findingId === f.id);
      const re = (await events('access_review.overdue')).filter(
        (e) => JSON.parse(e.payload).reviewId === review.body.id,
      );
      expect(fe).toHaveLength(1);
      expect(fe[0]!.vendorId).toBe(vendor.id);
      expect(re).toHaveLength(1);
    } finally {
      await back();
    }
  });

  it('lets a vendor user see and answer only its own vendor’s findings and grants (404 for others)', async () => {
    const own = (
      await t.call('POST', `${V1}/findings`, {
        as: manager,
        body: { vendorId: vendorA.id, title: 'Shared admin account', severity: 'high' },
      })
    ).body;
    const other = (
      await t.call('POST', `${V1}/findings`, {
        as: manager,
        body: { vendorId: vendorB.id, title: 'Secret finding of B', severity: 'low' },
      })
    ).body;
    const otherGrant = await grant(vendorB);

    const list = await t.call('GET', `${V1}/findings?vendorId=${vendorB.id}`, { as: vendorUserA });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const mine = await t.call('GET', `${V1}/findings?limit=200`, { as: vendorUserA });
    expect(mine.body.items.every((i: { vendorId: string }) => i.vendorId === vendorA.id)).toBe(true);
    expect(mine.text).not.toContain('Secret finding of B');
    const grants = await t.call('GET', `${V1}/access-grants?limit=200`, { as: vendorUserA });
    expect(grants.body.items.length).toBeGreaterThan(0);
    expect(grants.body.items.every((i: { vendorId: string }) => i.vendorId === vendorA.id)).toBe(true);

    for (const [method, url, body] of [
      ['GET', `${V1}/findings/${other.id}`, undefined],
      ['POST', `${V1}/findings/${other.id}/start`, undefined],
      ['POST', `${V1}/findings/${other.id}/comments`, { body: 'hello' }],
      ['POST', `${V1}/findings/${other.id}/resolve`, { evidence: 'Fixed' }],
      ['GET', `${V1}/access-grants/${otherGrant.id}`, undefined],
      ['POST', `${V1}/access-grants/${otherGrant.id}/revoke`, { reason: 'Not mine' }],
      ['GET', `${V1}/access-reviews`, undefined],
      ['GET', `${V1}/security-assessments`, undefined],
    ] as const) {
      const res = await t.call(method, url, { as: vendorUserA, body });
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.text).not.toContain('Secret finding of B');
    }
    expect((await t.call('GET', `${V1}/findings/${other.id}`, { as: viewer })).body.status).toBe('open');

    // The vendor answers its own finding: comment, start, propose the resolution with evidence.
    const url = `${V1}/findings/${own.id}`;
    expect(
      (await t.call('POST', `${url}/comments`, { as: vendorUserA, body: { body: 'We are on it' } })).status,
    ).toBe(201);
    expect((await t.call('POST', `${url}/start`, { as: vendorUserA })).body.status).toBe('in_progress');
    const noEvidence = await t.call('POST', `${url}/resolve`, { as: vendorUserA, body: {} });
    expect(noEvidence.status).toBe(422);
    expect(noEvidence.body.errors[0].field).toBe('evidence');
    const proposed = await t.call('POST', `${url}/resolve`, {
      as: vendorUserA,
      body: { evidence: 'Personal accounts created, shared one disabled' },
    });
    expect(proposed.status, proposed.text).toBe(200);
    expect(proposed.body).toMatchObject({
      status: 'in_progress',
      proposedResolution: { text: 'Personal accounts created, shared one disabled' },
    });
    // The vendor may not accept risks nor change the finding.
    expect(
      (
        await t.call('POST', `${url}/accept-risk`, {
          as: vendorUserA,
          body: { reason: 'No thanks', expiresOn: '2027-12-31' },
        })
      ).status,
    ).toBe(404);
    expect((await t.call('PATCH', url, { as: vendorUserA, body: { severity: 'low' } })).status).toBe(404);
    // An internal writer confirms with the proposal's evidence.
    const resolved = await t.call('POST', `${url}/resolve`, { as: manager, body: {} });
    expect(resolved.status, resolved.text).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      proposedResolution: null,
      resolution: { text: 'Personal accounts created, shared one disabled' },
    });
    const detail = await t.call('GET', url, { as: vendorUserA });
    expect(detail.body.comments.map((c: { side: string; body: string }) => [c.side, c.body])).toEqual([
      ['vendor', 'We are on it'],
    ]);
  });

  it('schedules assessments from the tier and computes the next due date from the last completed', async () => {
    const vendor = await t.vendor({ name: 'Assessed Vendor', criticality: 'high' });
    const tier = await t.call('GET', `${V1}/vendors/${vendor.id}/tier`, { as: viewer });
    expect(tier.status, tier.text).toBe(200);
    const months: number = tier.body.reassessmentMonths;

    const first = await t.call('GET', `${V1}/security-assessments?vendorId=${vendor.id}`, { as: viewer });
    expect(first.body.schedule).toMatchObject({
      tier: tier.body.tier,
      reassessmentMonths: months,
      lastCompletedOn: null,
      nextDueOn: TODAY,
    });

    const scheduled = await t.call('POST', `${V1}/security-assessments/schedule`, {
      as: manager,
      body: { vendorId: vendor.id, ownerId: manager.userId },
    });
    expect(scheduled.status, scheduled.text).toBe(201);
    expect(scheduled.body.items.length).toBe(scheduled.body.schedule.types.length);
    // Scheduling again adds nothing already pending.
    const again = await t.call('POST', `${V1}/security-assessments/schedule`, {
      as: manager,
      body: { vendorId: vendor.id, ownerId: manager.userId },
    });
    expect(again.body.items).toEqual([]);

    const a = scheduled.body.items[0];
    expect(
      (await t.call('POST', `${V1}/security-assessments/${a.id}/start`, { as: manager })).body.status,
    ).toBe('in_progress');
    const done = await t.call('POST', `${V1}/security-assessments/${a.id}/complete`, {
      as: manager,
      body: { result: 'needs_improvement', summary: 'Two gaps in access control', completedOn: '2027-03-01' },
    });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({
      status: 'completed',
      result: 'needs_improvement',
      completedOn: '2027-03-01',
    });
    const finding = await t.call('POST', `${V1}/findings`, {
      as: manager,
      body: { assessmentId: a.id, title: 'No access recertification', severity: 'high' },
    });
    expect(finding.body).toMatchObject({ vendorId: vendor.id, assessmentType: a.type });

    const after = await t.call('GET', `${V1}/security-assessments?vendorId=${vendor.id}`, { as: viewer });
    const due = new Date('2027-03-01T00:00:00Z');
    due.setUTCMonth(due.getUTCMonth() + months);
    expect(after.body.schedule).toMatchObject({
      lastCompletedOn: '2027-03-01',
      nextDueOn: due.toISOString().slice(0, 10),
    });
    expect(after.body.items.find((i: { id: string }) => i.id === a.id).openFindings).toBe(1);
  });

  it('opens recurring campaigns per vendor when the tier’s interval has passed, once', async () => {
    const vendor = (await t.vendor({
      name: 'Recurring Vendor',
      contacts: [{ name: 'Rita Recur' }],
    })) as unknown as typeof vendorA;
    await grant(vendor, { grantedOn: '2026-01-05' });
    const open = async () =>
      (await t.call('GET', `${V1}/access-reviews?vendorId=${vendor.id}&status=open`, { as: viewer })).body
        .items;
    await t.app.services.assurance.jobs.recurringReviews();
    const first = await open();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      origin: 'scheduled',
      scope: 'vendor',
      total: 1,
      dueOn: addDays(TODAY, 14),
    });
    await t.app.services.assurance.jobs.recurringReviews();
    expect(await open()).toHaveLength(1);
  });
});

/**
 * Check-then-act races: each invariant of the kind "at least one …" or "only one …" holds when the
 * two requests that would break it arrive at the same moment. On PostgreSQL `overlapping` makes the
 * two transactions really overlap (both wait inside their transactions on rows the test holds, then
 * go together); on SQLite transactions run one at a time, and the same assertions hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockName } from '../../src/server/db/locks';
import { GOOD_SOW } from '../fixtures/sow';
import { type Answer, createTestApp, PASSWORD, type Session, type TestApp } from '../helpers/app';
import { overlapping } from '../helpers/concurrency';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

const V1 = '/api/v1';

/** Exactly one of the answers is `ok`; the other is a 409 problem. */
function oneWins(answers: Answer[], ok: number) {
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses, answers.map((a) => a.text).join('\n')).toEqual([ok, 409].sort());
  expectProblem(answers.find((a) => a.status === 409)!, 409);
}

describe.each(dialects)('concurrent requests on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let vendorId: string;
  let n = 0;

  beforeAll(async () => {
    // Webhooks here point at a local address that is never called.
    t = await createTestApp(dialect, { env: { OUTPOST_WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    owner = await t.owner();
    vendorId = (await t.vendor({ name: 'Race Desk', country: 'PT' })).id;
  });
  afterAll(() => t?.close());

  /** The audit entries of one action on one record, oldest first, with their changes parsed. */
  const audits = async (action: string, entityId: string) =>
    (
      await t.db.database.db
        .selectFrom('auditEvents')
        .select('changes')
        .where('action', '=', action)
        .where('entityId', '=', entityId)
        .orderBy('seq')
        .execute()
    ).map((a) => JSON.parse(a.changes ?? '{}'));

  /** An engagement with an approved SOW (GOOD_SOW); answers its id and its deliverables' ids. */
  const withSow = async () => {
    const e = await engagement();
    expect((await t.call('PUT', `${V1}/engagements/${e}/sow`, { as: owner, body: GOOD_SOW })).status).toBe(
      200,
    );
    const approved = await t.call('POST', `${V1}/engagements/${e}/sow/approve`, { as: owner });
    expect(approved.status, approved.text).toBe(200);
    return { id: e, deliverables: approved.body.deliverables.map((d: { id: string }) => d.id) as string[] };
  };

  const engagement = async (startDate = '2027-01-01') => {
    const res = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId,
        title: `Race ${++n}`,
        function: 'customer_service',
        startDate,
        endDate: '2027-12-31',
        renewalDate: '2027-12-31',
        monthlyFee: 100_000,
        budget: 1_500_000,
      },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };

  it('keeps an active owner when two owners disable or demote each other at once', async () => {
    // An app of its own: one of its two owners loses that role (and its sessions) here.
    const u = await createTestApp(dialect);
    try {
      const first = await u.owner();
      const created = await u.call('POST', `${V1}/users`, {
        as: first,
        body: { name: 'Second owner', email: 'second-owner@example.com', password: PASSWORD, role: 'owner' },
      });
      expect(created.status, created.text).toBe(201);
      const second = await u.login('second-owner@example.com');
      const answers = await overlapping(
        u,
        (db) => db.selectFrom('users').select('id').where('role', '=', 'owner').forUpdate().execute(),
        () => [
          u.call('PATCH', `${V1}/users/${second.userId}`, { as: first, body: { disabled: true } }),
          u.call('PATCH', `${V1}/users/${first.userId}`, { as: second, body: { role: 'admin' } }),
        ],
      );
      oneWins(answers, 200);
      const owners = await u.db.database.db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'owner')
        .where('disabled', '=', 0)
        .execute();
      expect(owners).toHaveLength(1);
    } finally {
      await u.close();
    }
  });

  it('approves a SOW draft once when two approvals arrive at once', async () => {
    const e = await engagement();
    const draft = await t.call('PUT', `${V1}/engagements/${e}/sow`, { as: owner, body: GOOD_SOW });
    expect(draft.status, draft.text).toBe(200);
    const answers = await overlapping(
      t,
      async (db) => {
        await db.selectFrom('engagements').select('id').where('id', '=', e).forUpdate().execute();
        await db.selectFrom('sowVersions').select('id').where('engagementId', '=', e).forUpdate().execute();
      },
      () => [
        t.call('POST', `${V1}/engagements/${e}/sow/approve`, { as: owner }),
        t.call('POST', `${V1}/engagements/${e}/sow/approve`, { as: owner }),
      ],
    );
    oneWins(answers, 200);
    const approvals = await t.db.database.db
      .selectFrom('auditEvents')
      .select('id')
      .where('action', '=', 'sow.approve')
      .where('entityId', '=', e)
      .execute();
    expect(approvals).toHaveLength(1);
  });

  it('keeps one approved SOW version when two change requests on the same baseline are approved at once', async () => {
    const e = await engagement();
    await t.call('PUT', `${V1}/engagements/${e}/sow`, { as: owner, body: GOOD_SOW });
    expect((await t.call('POST', `${V1}/engagements/${e}/sow/approve`, { as: owner })).status).toBe(200);
    const requests: string[] = [];
    for (const changes of [
      { creditCapPct: 15 },
      { inScope: [...GOOD_SOW.inScope, 'Polish-language support'] },
    ]) {
      const cr = await t.call('POST', `${V1}/engagements/${e}/change-requests`, {
        as: owner,
        body: { title: 'Change', changes, submit: true },
      });
      expect(cr.status, cr.text).toBe(201);
      requests.push(cr.body.id);
    }
    const answers = await overlapping(
      t,
      async (db) => {
        await db.selectFrom('engagements').select('id').where('id', '=', e).forUpdate().execute();
        await db.selectFrom('sowVersions').select('id').where('engagementId', '=', e).forUpdate().execute();
      },
      () => requests.map((id) => t.call('POST', `${V1}/change-requests/${id}/approve`, { as: owner })),
    );
    oneWins(answers, 200);
    const versions = await t.db.database.db
      .selectFrom('sowVersions')
      .select(['version', 'status'])
      .where('engagementId', '=', e)
      .orderBy('version')
      .execute();
    expect(versions.map((v) => [Number(v.version), v.status])).toEqual([
      [1, 'superseded'],
      [2, 'approved'],
    ]);
  });

  it('records two renewal decisions one after the other: the later replaces the earlier, and says so', async () => {
    const e = await engagement();
    // The renewal row exists (automatic renewal recorded), so the test can hold it.
    const terms = await t.call('PUT', `${V1}/engagements/${e}/renewal`, {
      as: owner,
      body: { autoRenew: true },
    });
    expect(terms.status, terms.text).toBe(200);
    const answers = await overlapping(
      t,
      (db) =>
        db
          .selectFrom('engagementRenewals')
          .select('engagementId')
          .where('engagementId', '=', e)
          .forUpdate()
          .execute(),
      () =>
        (['renew', 'exit'] as const).map((decision) =>
          t.call('PUT', `${V1}/engagements/${e}/renewal-decision`, { as: owner, body: { decision } }),
        ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const decisions = await t.db.database.db
      .selectFrom('auditEvents')
      .select('changes')
      .where('action', '=', 'renewal.decide')
      .where('entityId', '=', e)
      .orderBy('seq')
      .execute();
    const changes = decisions.map((d) => JSON.parse(d.changes).decision);
    expect(changes).toHaveLength(2);
    // The first decided on nothing; the second replaced the first — not "nothing" again.
    expect(changes[0].before ?? null).toBeNull();
    expect(changes[1].before).toBe(changes[0].after);
    const row = await t.db.database.db
      .selectFrom('engagementRenewals')
      .select('decision')
      .where('engagementId', '=', e)
      .executeTakeFirstOrThrow();
    expect(row.decision).toBe(changes[1].after);
  });

  it('awards a sourcing event once when two awards arrive at once', async () => {
    const other = (await t.vendor({ name: 'Race Rival', country: 'PL' })).id;
    const event = await t.call('POST', `${V1}/sourcing-events`, {
      as: owner,
      body: {
        title: 'Race sourcing',
        function: 'customer_service',
        scopeSummary: 'First-line support',
        candidates: [vendorId, other],
        criteria: [{ name: 'Quality of proposal', weight: 100 }],
        evaluators: [owner.userId],
      },
    });
    expect(event.status, event.text).toBe(201);
    const id = event.body.id as string;
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('sourcingEvents').select('id').where('id', '=', id).forUpdate().execute(),
      () =>
        [vendorId, other].map((v) =>
          t.call('POST', `${V1}/sourcing-events/${id}/award`, {
            as: owner,
            body: { vendorId: v, startDate: '2027-02-01', endDate: '2028-01-31' },
          }),
        ),
    );
    oneWins(answers, 201);
    const opened = await t.db.database.db
      .selectFrom('engagements')
      .select('id')
      .where('title', '=', 'Race sourcing')
      .execute();
    expect(opened).toHaveLength(1);
    const after = await t.call('GET', `${V1}/sourcing-events/${id}`, { as: owner });
    expect(after.body.awardedEngagementId).toBe(opened[0]!.id);
  });

  it('completes a security assessment once when two completions arrive at once', async () => {
    const vendor = await t.vendor({ name: 'Race Assessed', criticality: 'high' });
    const scheduled = await t.call('POST', `${V1}/security-assessments/schedule`, {
      as: owner,
      body: { vendorId: vendor.id, ownerId: owner.userId },
    });
    expect(scheduled.status, scheduled.text).toBe(201);
    const id = scheduled.body.items[0].id as string;
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('securityAssessments').select('id').where('id', '=', id).forUpdate().execute(),
      () =>
        (['satisfactory', 'needs_improvement'] as const).map((result) =>
          t.call('POST', `${V1}/security-assessments/${id}/complete`, {
            as: owner,
            body: { result, summary: `Completed as ${result}` },
          }),
        ),
    );
    oneWins(answers, 200);
    const completions = await t.db.database.db
      .selectFrom('auditEvents')
      .select('id')
      .where('action', '=', 'security_assessment.complete')
      .where('entityId', '=', id)
      .execute();
    expect(completions).toHaveLength(1);
  });

  it('decides a grant of an access review once when two decisions arrive at once', async () => {
    const vendor = await t.vendor({
      name: 'Race Reviewed',
      country: 'PL',
      contacts: [{ name: 'Has Access' }],
    });
    const grant = await t.call('POST', `${V1}/access-grants`, {
      as: owner,
      body: {
        vendorId: vendor.id,
        contactId: vendor.contacts[0].id,
        system: 'Zendesk',
        accessLevel: 'write',
        grantedOn: '2026-01-04',
        justification: 'Handles tier-1 tickets',
      },
    });
    expect(grant.status, grant.text).toBe(201);
    const review = await t.call('POST', `${V1}/access-reviews`, {
      as: owner,
      body: { scope: 'vendor', vendorId: vendor.id, reviewerId: owner.userId, dueOn: '2099-03-31' },
    });
    expect(review.status, review.text).toBe(201);
    const id = review.body.id as string;
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('accessReviews').select('id').where('id', '=', id).forUpdate().execute(),
      () =>
        (['keep', 'revoke'] as const).map((decision) =>
          t.call('POST', `${V1}/access-reviews/${id}/decisions`, {
            as: owner,
            body: { grantId: grant.body.id, decision, comment: `Decided: ${decision}` },
          }),
        ),
    );
    oneWins(answers, 200);
    const after = await t.call('GET', `${V1}/access-reviews/${id}`, { as: owner });
    expect(after.body).toMatchObject({ decided: 1, total: 1 });
    const won = answers.findIndex((a) => a.status === 200);
    expect(after.body.items[0].decision).toBe(['keep', 'revoke'][won]);
  });

  it('records an engagement transition once when the same one arrives twice at once', async () => {
    const e = await engagement();
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('engagements').select('id').where('id', '=', e).forUpdate().execute(),
      () =>
        [0, 1].map(() =>
          t.call('PATCH', `${V1}/engagements/${e}`, { as: owner, body: { status: 'terminated' } }),
        ),
    );
    // The second finds the status already moved: a no-op, not a second transition from the old status.
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const moves = await t.db.database.db
      .selectFrom('auditEvents')
      .select('id')
      .where('entityId', '=', e)
      .where('action', '=', 'engagement.status')
      .execute();
    expect(moves).toHaveLength(1);
  });

  it('records a vendor transition once when the same one arrives twice at once', async () => {
    const vendor = await t.vendor({ name: 'Race Leaver', country: 'PL' });
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('vendors').select('id').where('id', '=', vendor.id).forUpdate().execute(),
      () =>
        [0, 1].map(() =>
          t.call('PATCH', `${V1}/vendors/${vendor.id}`, { as: owner, body: { status: 'offboarded' } }),
        ),
    );
    // The second finds the status already moved: a no-op, not a second transition from the old status.
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const moves = await t.db.database.db
      .selectFrom('auditEvents')
      .select('id')
      .where('entityId', '=', vendor.id)
      .where('action', '=', 'vendor.status')
      .execute();
    expect(moves).toHaveLength(1);
  });

  it('moves an invoice along one transition when two conflicting ones arrive at once', async () => {
    const e = await engagement();
    const created = await t.call('POST', `${V1}/invoices`, {
      as: owner,
      body: {
        engagementId: e,
        number: 'RACE-1',
        periodStart: '2027-01-01',
        periodEnd: '2027-01-31',
        amount: 100_000,
        currency: 'USD',
      },
    });
    expect(created.status, created.text).toBe(201);
    const url = `${V1}/invoices/${created.body.id}`;
    expect((await t.call('PATCH', url, { as: owner, body: { status: 'approved' } })).status).toBe(200);
    // Paid and disputed are each allowed from approved, and neither from the other.
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('invoices').select('id').where('id', '=', created.body.id).forUpdate().execute(),
      () => [
        t.call('PATCH', url, { as: owner, body: { status: 'paid' } }),
        t.call('PATCH', url, { as: owner, body: { status: 'disputed', disputeReason: 'Wrong rate' } }),
      ],
    );
    oneWins(answers, 200);
    const won = answers.find((a) => a.status === 200)!;
    expect((await t.call('GET', url, { as: owner })).body.status).toBe(won.body.status);
  });

  it('submits a change request once when two submissions arrive at once', async () => {
    const { id: e } = await withSow();
    const draft = await t.call('POST', `${V1}/engagements/${e}/change-requests`, {
      as: owner,
      body: { title: 'Change', changes: { creditCapPct: 15 } },
    });
    expect(draft.status, draft.text).toBe(201);
    const id = draft.body.id as string;
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('changeRequests').select('id').where('id', '=', id).forUpdate().execute(),
      () => [0, 1].map(() => t.call('POST', `${V1}/change-requests/${id}/submit`, { as: owner })),
    );
    oneWins(answers, 200);
    expect(await audits('change_request.submit', id)).toHaveLength(1);
  });

  it('moves a finding once when it is resolved and its risk accepted at once', async () => {
    const vendor = await t.vendor({ name: 'Race Finding', country: 'PL' });
    const finding = await t.call('POST', `${V1}/findings`, {
      as: owner,
      body: { vendorId: vendor.id, title: 'Open management port', severity: 'medium' },
    });
    expect(finding.status, finding.text).toBe(201);
    const id = finding.body.id as string;
    // Resolved and risk accepted are each allowed from open, and neither from the other.
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('findings').select('id').where('id', '=', id).forUpdate().execute(),
      () => [
        t.call('POST', `${V1}/findings/${id}/resolve`, { as: owner, body: { evidence: 'Port closed' } }),
        t.call('POST', `${V1}/findings/${id}/accept-risk`, {
          as: owner,
          body: { reason: 'Decommissioned in spring', expiresOn: '2099-06-30' },
        }),
      ],
    );
    oneWins(answers, 200);
    const won = answers.find((a) => a.status === 200)!;
    expect((await t.call('GET', `${V1}/findings/${id}`, { as: owner })).body.status).toBe(won.body.status);
  });

  it('revokes an access grant once when two revocations arrive at once', async () => {
    const vendor = await t.vendor({ name: 'Race Grant', country: 'PL', contacts: [{ name: 'Has Access' }] });
    const grant = await t.call('POST', `${V1}/access-grants`, {
      as: owner,
      body: {
        vendorId: vendor.id,
        contactId: vendor.contacts[0].id,
        system: 'Zendesk',
        accessLevel: 'write',
        grantedOn: '2026-01-04',
        justification: 'Handles tier-1 tickets',
      },
    });
    expect(grant.status, grant.text).toBe(201);
    const id = grant.body.id as string;
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('accessGrants').select('id').where('id', '=', id).forUpdate().execute(),
      () =>
        ['Left the team', 'Contract ended'].map((reason) =>
          t.call('POST', `${V1}/access-grants/${id}/revoke`, { as: owner, body: { reason } }),
        ),
    );
    oneWins(answers, 200);
    expect(await audits('access_grant.revoke', id)).toHaveLength(1);
  });

  it('keeps a certificate being verified from a vendor user’s removal at the same moment', async () => {
    const vendor = await t.vendor({ name: 'Race Certified', country: 'PL' });
    const vendorUser = await t.user('vendor', vendor.id);
    const url = `${V1}/vendors/${vendor.id}/certifications`;
    const cert = await t.call('POST', url, {
      as: vendorUser,
      body: { standard: 'iso27001', expiresOn: '2029-06-30' },
    });
    expect(cert.status, cert.text).toBe(201);
    const id = cert.body.id as string;
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('certifications').select('id').where('id', '=', id).forUpdate().execute(),
      () => [
        t.call('POST', `${url}/${id}/verify`, { as: owner }),
        t.call('DELETE', `${url}/${id}`, { as: vendorUser }),
      ],
    );
    // One of them: verified first, the removal is refused (409); removed first, nothing to verify (404).
    const [verify, remove] = answers;
    expect([verify!.status, remove!.status], answers.map((a) => a.text).join('\n')).toEqual(
      verify!.status === 200 ? [200, 409] : [404, 204],
    );
    const row = await t.db.database.db
      .selectFrom('certifications')
      .select('verifiedAt')
      .where('id', '=', id)
      .executeTakeFirst();
    if (verify!.status === 200) expect(row?.verifiedAt).toBeTruthy();
    else expect(row).toBeUndefined();
  });

  it('takes one submission of a deliverable when two arrive at once', async () => {
    const { id: e, deliverables } = await withSow();
    const vendorUser = await t.user('vendor', vendorId);
    const d = deliverables[0]!;
    const answers = await overlapping(
      t,
      async (db) => {
        // What the service holds now, and the engagement row (which a submission refers to) it did not.
        await lockName(db, `deliverable:${e}:${d}`);
        await db.selectFrom('engagements').select('id').where('id', '=', e).forUpdate().execute();
      },
      () =>
        ['First', 'Second'].map((note) =>
          t.call('POST', `${V1}/engagements/${e}/deliverables/${d}/submissions`, {
            as: vendorUser,
            body: { note },
          }),
        ),
    );
    oneWins(answers, 201);
    const rows = await t.db.database.db
      .selectFrom('deliverableSubmissions')
      .select('cycle')
      .where('engagementId', '=', e)
      .execute();
    expect(rows.map((r) => Number(r.cycle))).toEqual([1]);
  });

  it('opens one scorecard per period and publishes it once when the requests arrive twice at once', async () => {
    // A scorecard rates a month the engagement covers and that has begun (decision 110).
    const e = await engagement('2026-01-01');
    const opened = await overlapping(
      t,
      // A scorecard refers to its engagement: both inserts wait on this row, past the period check.
      (db) => db.selectFrom('engagements').select('id').where('id', '=', e).forUpdate().execute(),
      () =>
        [0, 1].map(() =>
          t.call('POST', `${V1}/engagements/${e}/scorecards`, { as: owner, body: { period: '2026-11' } }),
        ),
    );
    oneWins(opened, 201);
    const id = opened.find((a) => a.status === 201)!.body.id as string;
    const scored = await t.call('PATCH', `${V1}/scorecards/${id}`, {
      as: owner,
      body: {
        lines: ['quality', 'timeliness', 'communication', 'cost', 'security'].map((criterion) => ({
          criterion,
          score: 4,
        })),
      },
    });
    expect(scored.status, scored.text).toBe(200);
    const published = await overlapping(
      t,
      (db) => db.selectFrom('scorecards').select('id').where('id', '=', id).forUpdate().execute(),
      () => [0, 1].map(() => t.call('POST', `${V1}/scorecards/${id}/publish`, { as: owner })),
    );
    oneWins(published, 200);
    expect(await audits('scorecard.publish', id)).toHaveLength(1);
  });

  it('submits a questionnaire assessment once when two submissions arrive at once', async () => {
    const vendor = await t.vendor({ name: 'Race Questioned', country: 'PL' });
    const vendorUser = await t.user('vendor', vendor.id);
    const template = await t.call('POST', `${V1}/questionnaire-templates`, {
      as: owner,
      body: {
        name: 'Race questions',
        sections: [{ id: 's', title: 'S', questions: [{ id: 'q1', text: 'Encrypted?', type: 'yes_no' }] }],
      },
    });
    expect(template.status, template.text).toBe(201);
    const sent = await t.call('POST', `${V1}/assessments`, {
      as: owner,
      body: { templateId: template.body.id, vendorId: vendor.id, dueDate: '2099-03-31' },
    });
    expect(sent.status, sent.text).toBe(201);
    const id = sent.body.id as string;
    const answered = await t.call('PUT', `${V1}/assessments/${id}/answers`, {
      as: vendorUser,
      body: { answers: { q1: 'yes' } },
    });
    expect(answered.status, answered.text).toBe(200);
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('assessments').select('id').where('id', '=', id).forUpdate().execute(),
      () => [0, 1].map(() => t.call('POST', `${V1}/assessments/${id}/submit`, { as: vendorUser })),
    );
    oneWins(answers, 200);
    const events = await t.db.database.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'assessment.submitted')
      .execute();
    expect(events.filter((e) => JSON.parse(e.payload).assessmentId === id)).toHaveLength(1);
  });

  it('deletes a webhook once when two deletions arrive at once', async () => {
    const hook = await t.call('POST', `${V1}/webhooks`, {
      as: owner,
      body: { url: 'http://127.0.0.1:9/race', events: ['assessment.submitted'] },
    });
    expect(hook.status, hook.text).toBe(201);
    const id = hook.body.id as string;
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('webhooks').select('id').where('id', '=', id).forUpdate().execute(),
      () => [0, 1].map(() => t.call('DELETE', `${V1}/webhooks/${id}`, { as: owner })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([204, 404]);
    expect(await audits('webhook.delete', id)).toHaveLength(1);
  });

  it('leaves exactly one valid invitation when two invitations to an address arrive at once', async () => {
    const vendor = await t.vendor({ name: 'Race Portal', country: 'PL' });
    const email = 'race-invitee@example.com';
    const invite = () =>
      t.call('POST', `${V1}/vendors/${vendor.id}/invitations`, {
        as: owner,
        body: { email, name: 'Rosa Race' },
      });
    const first = await invite();
    expect(first.status, first.text).toBe(201);
    const answers = await overlapping(
      t,
      async (db) => {
        // What the service holds now (the address), and the older invitation both would revoke.
        await lockName(db, `invitation:${email}`);
        await db
          .selectFrom('portalInvitations')
          .select('id')
          .where('id', '=', first.body.id)
          .forUpdate()
          .execute();
      },
      () => [invite(), invite()],
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    const views = await Promise.all(
      [first, ...answers].map((a) =>
        t.call('GET', `${V1}/invitations/${(a.body.url as string).split('/').at(-1)}`),
      ),
    );
    expect(views.map((v) => v.status).filter((s) => s === 200)).toHaveLength(1);
    expect(views[0]!.status).toBe(404);
  });

  it('writes a meeting’s first minutes from two requests at once: one meeting, each edit after the other', async () => {
    const e = await engagement();
    const series = await t.call('POST', `${V1}/engagements/${e}/meeting-series`, {
      as: owner,
      body: {
        title: 'Weekly race',
        kind: 'weekly_operations',
        recurrence: { frequency: 'weekly', weekday: 'mon' },
        startDate: '2027-03-01',
        startTime: '09:00',
        durationMinutes: 30,
        timezone: 'Europe/Berlin',
        attendees: [],
      },
    });
    expect(series.status, series.text).toBe(201);
    const seriesId = series.body.id as string;
    const date = '2027-03-29';
    const at = new Date().toISOString();
    const answers = await overlapping(
      t,
      // The test writes the meeting first (uncommitted): both requests' inserts wait on its key.
      (db) =>
        db
          .insertInto('meetings')
          .values({
            id: `mtg_race${Date.now()}`,
            seriesId,
            date,
            agenda: '',
            agendaHtml: '',
            minutes: '',
            minutesHtml: '',
            updatedBy: owner.userId,
            createdAt: at,
            updatedAt: at,
          })
          .execute(),
      () =>
        ['Minutes A', 'Minutes B'].map((minutes) =>
          t.call('PUT', `${V1}/meetings/${seriesId}@${date}`, { as: owner, body: { agenda: '', minutes } }),
        ),
    );
    expect(
      answers.map((a) => a.status),
      answers.map((a) => a.text).join('\n'),
    ).toEqual([200, 200]);
    const rows = await t.db.database.db
      .selectFrom('meetings')
      .select('minutes')
      .where('seriesId', '=', seriesId)
      .execute();
    expect(rows).toHaveLength(1);
    const edits = (await audits('meeting.update', seriesId)).map((c) => c.minutes);
    expect(edits).toHaveLength(2);
    expect(edits[0].before).toBe('');
    expect(edits[1].before).toBe(edits[0].after);
    expect(rows[0]!.minutes).toBe(edits[1].after);
  });

  it('moves a risk from the status the other request left when two transitions arrive at once', async () => {
    const vendor = await t.vendor({ name: 'Race Risk', country: 'PL' });
    const risk = await t.call('POST', `${V1}/risks`, {
      as: owner,
      body: {
        vendorId: vendor.id,
        title: 'Key-person dependency',
        category: 'operational',
        likelihood: 3,
        impact: 4,
      },
    });
    expect(risk.status, risk.text).toBe(201);
    const id = risk.body.id as string;
    // Mitigating then closed is allowed; closed then mitigating is not.
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('risks').select('id').where('id', '=', id).forUpdate().execute(),
      () =>
        (['mitigating', 'closed'] as const).map((status) =>
          t.call('PATCH', `${V1}/risks/${id}`, { as: owner, body: { status } }),
        ),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      [
        [200, 200],
        [409, 200],
      ],
      answers.map((a) => a.text).join('\n'),
    ).toContainEqual(statuses);
    const moves = (
      await t.db.database.db
        .selectFrom('auditEvents')
        .select('changes')
        .where('entityId', '=', id)
        .where('action', 'like', 'risk.%')
        .where('action', '!=', 'risk.create')
        .orderBy('seq')
        .execute()
    ).map((a) => JSON.parse(a.changes).status);
    // Each transition starts where the one before it ended.
    expect(moves[0].before).toBe('open');
    for (let i = 1; i < moves.length; i++) expect(moves[i].before).toBe(moves[i - 1].after);
    expect((await t.call('GET', `${V1}/risks/${id}`, { as: owner })).body.status).toBe(moves.at(-1).after);
  });

  it('deletes a business case once when two deletions arrive at once', async () => {
    const created = await t.call('POST', `${V1}/business-cases`, {
      as: owner,
      body: {
        name: 'Race case',
        function: 'customer_service',
        currency: 'EUR',
        horizonYears: 3,
        discountRatePct: 10,
        inHouse: {
          roles: [
            { title: 'Agent', fte: 10, annualSalary: 4_000_000, benefitsPct: 25, overheadPerFte: 500_000 },
          ],
          otherAnnualCosts: 1_000_000,
          salaryEscalationPct: 3,
        },
        options: [
          {
            name: 'Option A',
            deliveryModel: 'nearshore',
            currency: 'EUR',
            pricing: { model: 'per_fte_month', ratePerFteMonth: 300_000, fte: 8 },
            transitionCost: 5_000_000,
          },
        ],
      },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('businessCases').select('id').where('id', '=', id).forUpdate().execute(),
      () => [0, 1].map(() => t.call('DELETE', `${V1}/business-cases/${id}`, { as: owner })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([204, 404]);
    expect(await audits('businessCase.delete', id)).toHaveLength(1);
  });

  it('replaces an escalation matrix in turn when two replacements arrive at once', async () => {
    const vendor = await t.vendor({
      name: 'Race Escalated',
      country: 'PL',
      contacts: [{ name: 'Duty Lead' }],
    });
    const created = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId: vendor.id,
        title: 'Race escalations',
        function: 'customer_service',
        startDate: '2027-01-01',
      },
    });
    expect(created.status, created.text).toBe(201);
    const e = created.body.id as string;
    const url = `${V1}/engagements/${e}/escalation-matrix`;
    const matrix = (title: string) => ({
      levels: [
        {
          level: 1,
          title,
          channel: 'chat',
          responseTime: { value: 30, unit: 'minutes' },
          internalContacts: [owner.userId],
          vendorContacts: [vendor.contacts[0].id],
        },
      ],
    });
    expect((await t.call('PUT', url, { as: owner, body: matrix('Initial') })).status).toBe(200);
    const answers = await overlapping(
      t,
      async (db) => {
        // What the service holds now, and the rows both replacements would delete.
        await lockName(db, `escalation-matrix:${e}`);
        await db
          .selectFrom('escalationLevels')
          .select('level')
          .where('engagementId', '=', e)
          .forUpdate()
          .execute();
      },
      () => ['Alpha', 'Beta'].map((title) => t.call('PUT', url, { as: owner, body: matrix(title) })),
    );
    expect(
      answers.map((a) => a.status),
      answers.map((a) => a.text).join('\n'),
    ).toEqual([200, 200]);
    const titles = (await audits('engagement.escalation_matrix.update', e)).map((c) => c.level1);
    expect(titles).toHaveLength(3);
    // The second replacement replaced the first's matrix, not the one both read.
    expect(titles[2].before.title).toBe(titles[1].after.title);
    const now = await t.call('GET', url, { as: owner });
    expect(now.body.levels.map((l: { title: string }) => l.title)).toEqual([titles[2].after.title]);
  });

  it('keeps each replaced text when two edits of a message arrive at once', async () => {
    const e = await engagement();
    const thread = await t.call('POST', `${V1}/engagements/${e}/threads`, {
      as: owner,
      body: { title: 'Race thread', visibility: 'internal' },
    });
    expect(thread.status, thread.text).toBe(201);
    const message = await t.call('POST', `${V1}/threads/${thread.body.id}/messages`, {
      as: owner,
      body: { body: 'Original' },
    });
    expect(message.status, message.text).toBe(201);
    const id = message.body.id as string;
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('messages').select('id').where('id', '=', id).forUpdate().execute(),
      () =>
        ['Edit one', 'Edit two'].map((body) =>
          t.call('PATCH', `${V1}/messages/${id}`, { as: owner, body: { body } }),
        ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const history = await t.db.database.db
      .selectFrom('messageEdits')
      .select('body')
      .where('messageId', '=', id)
      .orderBy('replacedAt')
      .execute();
    const current = (
      await t.call('GET', `${V1}/threads/${thread.body.id}/messages`, { as: owner })
    ).body.items.find((m: { id: string }) => m.id === id).body;
    // Original → one edit → the other: the history holds the original and the first edit, once each.
    expect(history.map((h) => h.body).sort()).toEqual(
      ['Original', current === 'Edit one' ? 'Edit two' : 'Edit one'].sort(),
    );
  });

  it('records a vendor’s tier from both register entries when two are added at once', async () => {
    const vendor = await t.vendor({ name: 'Race Tiered', country: 'PL', criticality: 'low' });
    const created = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId: vendor.id,
        title: 'Race register',
        function: 'customer_service',
        startDate: '2027-01-01',
      },
    });
    expect(created.status, created.text).toBe(201);
    const entry = (classification: string) => ({
      categories: ['personal_basic'],
      classification,
      dataSubjects: ['customers'],
      recordVolume: 1_000,
      purpose: `Support (${classification})`,
      processingCountries: ['PL'],
      storageCountries: ['IE'],
      subProcessors: [],
      transferMechanism: 'none',
      legalBasis: 'contract',
      retention: 'P2Y',
      exitHandling: { action: 'delete', certificate: true },
    });
    const answers = await overlapping(
      t,
      async (db) => {
        // What the service holds now, and the vendor row both entries refer to (they wait on it to insert).
        await lockName(db, `vendor-tier:${vendor.id}`);
        await db.selectFrom('vendors').select('id').where('id', '=', vendor.id).forUpdate().execute();
      },
      () =>
        ['confidential', 'restricted'].map((classification) =>
          t.call('POST', `${V1}/engagements/${created.body.id}/data-flows`, {
            as: owner,
            body: entry(classification),
          }),
        ),
    );
    expect(
      answers.map((a) => a.status),
      answers.map((a) => a.text).join('\n'),
    ).toEqual([201, 201]);
    // The matrix says what the highest classification gives a low-criticality vendor.
    const settings = (await t.call('GET', `${V1}/data-sharing/settings`, { as: owner })).body;
    const changes = await t.db.database.db
      .selectFrom('vendorTierChanges')
      .select(['tier', 'previousTier'])
      .where('vendorId', '=', vendor.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(Number(changes.at(-1)!.tier)).toBe(settings.matrix.restricted.low);
    // Each change starts from the tier the one before it recorded.
    for (let i = 1; i < changes.length; i++)
      expect(Number(changes[i]!.previousTier)).toBe(Number(changes[i - 1]!.tier));
  });

  it('gives an upload to one record when two records claim it at once', async () => {
    const vendor = await t.vendor({ name: 'Race Evidence', country: 'PL' });
    const boundary = '----race';
    const upload = await t.call('POST', `${V1}/files`, {
      as: owner,
      raw: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="iso.txt"\r\n` +
          `Content-Type: text/plain\r\n\r\ncertificate\r\n--${boundary}--\r\n`,
      ),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(upload.status, upload.text).toBe(201);
    const fileId = upload.body.id as string;
    const answers = await overlapping(
      t,
      (db) => db.selectFrom('files').select('id').where('id', '=', fileId).forUpdate().execute(),
      () =>
        (['iso27001', 'soc2_type2'] as const).map((standard) =>
          t.call('POST', `${V1}/vendors/${vendor.id}/certifications`, {
            as: owner,
            body: { standard, expiresOn: '2029-06-30', evidenceFileId: fileId },
          }),
        ),
    );
    oneWins(answers, 201);
    const file = await t.db.database.db
      .selectFrom('files')
      .select(['entityType', 'entityId'])
      .where('id', '=', fileId)
      .executeTakeFirstOrThrow();
    expect(file.entityId).toBe(answers.find((a) => a.status === 201)!.body.id);
  });
});

/**
 * Check-then-act races: each invariant of the kind "at least one …" or "only one …" holds when the
 * two requests that would break it arrive at the same moment. On PostgreSQL `overlapping` makes the
 * two transactions really overlap (both wait inside their transactions on rows the test holds, then
 * go together); on SQLite transactions run one at a time, and the same assertions hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    t = await createTestApp(dialect);
    owner = await t.owner();
    vendorId = (await t.vendor({ name: 'Race Desk', country: 'PT' })).id;
  });
  afterAll(() => t?.close());

  const engagement = async () => {
    const res = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId,
        title: `Race ${++n}`,
        function: 'customer_service',
        startDate: '2027-01-01',
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
});

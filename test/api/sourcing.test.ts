import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

const URL = '/api/v1/sourcing-events';

describe.each(dialects)('sourcing events on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let outsider: Session;
  let viewer: Session;
  let vendorUser: Session;
  let a: { id: string; name: string };
  let b: { id: string; name: string };
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    manager = await t.user('manager');
    outsider = await t.user('manager');
    viewer = await t.user('viewer');
    a = await t.vendor({ name: 'Alpha Care', country: 'PH' });
    b = await t.vendor({ name: 'Beta Desk', country: 'PL' });
    vendorUser = await t.user('vendor', a.id);
    // Alpha holds a valid ISO 27001 certificate; Beta none.
    const cert = await t.call('POST', `/api/v1/vendors/${a.id}/certifications`, {
      as: owner,
      body: { standard: 'iso27001', expiresOn: '2031-01-31', issuer: 'Registrar' },
    });
    expect(cert.status, cert.text).toBe(201);
    // A business case with one option per candidate: their costs suggest the cost score.
    const bc = await t.call('POST', '/api/v1/business-cases', {
      as: owner,
      body: {
        name: 'Service desk bids',
        function: 'customer_service',
        currency: 'EUR',
        horizonYears: 2,
        inHouse: { roles: [{ title: 'Agent', fte: 10, annualSalary: 4_000_000 }] },
        options: [
          {
            name: 'Alpha bid',
            vendorId: a.id,
            deliveryModel: 'offshore',
            currency: 'EUR',
            pricing: { model: 'fixed_monthly', monthlyFee: 1_000_000 },
          },
          {
            name: 'Beta bid',
            vendorId: b.id,
            deliveryModel: 'nearshore',
            currency: 'EUR',
            pricing: { model: 'fixed_monthly', monthlyFee: 2_000_000 },
          },
        ],
      },
    });
    expect(bc.status, bc.text).toBe(201);
    caseId = bc.body.id;
  });
  afterAll(() => t?.close());

  const create = (as: Session, extra: Record<string, unknown> = {}) =>
    t.call('POST', URL, {
      as,
      body: {
        title: 'Service desk 2027',
        function: 'customer_service',
        scopeSummary: 'First-line support in English and German',
        candidates: [a.id, b.id],
        criteria: [
          { name: 'Cost', weight: 40, source: 'cost' },
          { name: 'Quality of proposal', weight: 40 },
          { name: 'Security posture', weight: 20, source: 'certification' },
        ],
        evaluators: [manager.userId],
        businessCaseId: caseId,
        ...extra,
      },
    });

  it('scores, ranks with spread, sensitivity and suggestions, and awards a draft engagement', async () => {
    const made = await create(owner);
    expect(made.status, made.text).toBe(201);
    const event = made.body;
    // The creator evaluates too; weights are shown out of 100.
    expect(event.evaluators.map((e: { userId: string }) => e.userId)).toEqual([owner.userId, manager.userId]);
    expect(event.criteria.map((c: { normalisedWeight: number }) => c.normalisedWeight)).toEqual([40, 40, 20]);
    const [cost, quality, security] = event.criteria.map((c: { id: string }) => c.id);

    const score = (as: Session, vendorId: string, criterionId: string, value: number, comment?: string) =>
      t.call('POST', `${URL}/${event.id}/scores`, {
        as,
        body: { vendorId, criterionId, score: value, comment },
      });
    for (const [as, v, c, x] of [
      [owner, a.id, cost, 4],
      [manager, a.id, cost, 5],
      [owner, a.id, quality, 3],
      [manager, a.id, quality, 3],
      [owner, a.id, security, 5],
      [manager, a.id, security, 5],
      [owner, b.id, cost, 5],
      [manager, b.id, cost, 5],
      [owner, b.id, quality, 4],
      [manager, b.id, quality, 4],
      [owner, b.id, security, 0],
    ] as const) {
      const res = await score(as, v, c, x);
      expect(res.status, res.text).toBe(200);
    }
    // Sent again, a score replaces the evaluator's earlier one.
    expect((await score(manager, b.id, security, 3)).status).toBe(200);
    expect((await score(manager, b.id, security, 2, 'Policies only on paper')).body.comment).toBe(
      'Policies only on paper',
    );

    const ranking = await t.call('GET', `${URL}/${event.id}/ranking`, { as: viewer });
    expect(ranking.status, ranking.text).toBe(200);
    const [first, second] = ranking.body.candidates;
    // Alpha: 0.4·90 + 0.4·60 + 0.2·100 = 80; Beta: 0.4·100 + 0.4·80 + 0.2·20 = 76.
    expect([first.vendorName, first.weightedScore, first.rank]).toEqual(['Alpha Care', 80, 1]);
    expect([second.vendorName, second.weightedScore, second.rank]).toEqual(['Beta Desk', 76, 2]);
    expect(second.evaluatorSpread).toMatchObject({ min: 72, max: 80, spread: 8 });
    expect(ranking.body.sensitivity.cases.length).toBe(6);
    // Suggestions: Alpha's certificate; the cheaper bid scores 5 and the dearer half as much.
    type Cell = { criterionId: string; suggested: number | null; suggestionBasis: string };
    const by = (c: { byCriterion: Cell[] }, id: string) =>
      c.byCriterion.find((x) => x.criterionId === id) as {
        suggested: number | null;
        suggestionBasis: string;
      };
    expect(by(first, security)).toMatchObject({
      suggested: 5,
      suggestionBasis: 'ISO/IEC 27001 certificate valid',
    });
    expect(by(second, security)).toMatchObject({ suggested: 0 });
    expect(by(first, cost).suggested).toBe(5);
    expect(by(second, cost).suggested).toBe(2.5);
    expect(by(first, quality).suggested).toBeNull();

    const scores = await t.call('GET', `${URL}/${event.id}/scores`, { as: manager });
    expect(scores.body.items).toHaveLength(12);

    const award = await t.call('POST', `${URL}/${event.id}/award`, {
      as: manager,
      body: { vendorId: a.id, startDate: '2027-02-01', endDate: '2028-01-31' },
    });
    expect(award.status, award.text).toBe(201);
    expect(award.body.event).toMatchObject({ status: 'awarded', awardedVendorId: a.id });
    expect(award.body.engagement).toMatchObject({
      vendorId: a.id,
      status: 'draft',
      title: 'Service desk 2027',
      function: 'customer_service',
    });
    const engagement = await t.call('GET', `/api/v1/engagements/${award.body.engagement.id}`, { as: owner });
    expect(engagement.status).toBe(200);
    // Awarded: closed for awards, scores and changes.
    expectProblem(
      await t.call('POST', `${URL}/${event.id}/award`, {
        as: owner,
        body: { vendorId: b.id, startDate: '2027-02-01' },
      }),
      409,
    );
    expectProblem(await score(owner, a.id, cost, 1), 409);
    expectProblem(await t.call('PATCH', `${URL}/${event.id}`, { as: owner, body: { title: 'Again' } }), 409);
    const audit = await t.call('GET', `/api/v1/audit-events?entityId=${event.id}&limit=100`, { as: owner });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('sourcing.award');
  });

  it('keeps scores of kept criteria when the list changes, and drops the removed ones', async () => {
    const event = (await create(owner)).body;
    const [cost, quality] = event.criteria.map((c: { id: string }) => c.id);
    await t.call('POST', `${URL}/${event.id}/scores`, {
      as: owner,
      body: { vendorId: a.id, criterionId: cost, score: 4 },
    });
    await t.call('POST', `${URL}/${event.id}/scores`, {
      as: owner,
      body: { vendorId: a.id, criterionId: quality, score: 2 },
    });
    const patched = await t.call('PATCH', `${URL}/${event.id}`, {
      as: manager,
      body: {
        criteria: [
          { id: cost, name: 'Price', weight: 60, source: 'cost' },
          { name: 'Time-zone overlap', weight: 40 },
        ],
      },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.criteria.map((c: { name: string }) => c.name)).toEqual([
      'Price',
      'Time-zone overlap',
    ]);
    const scores = await t.call('GET', `${URL}/${event.id}/scores`, { as: owner });
    expect(
      scores.body.items.map((s: { criterionId: string; score: number }) => [s.criterionId, s.score]),
    ).toEqual([[cost, 4]]);
    // A ranking with only some scores says what is missing rather than counting zeros.
    const ranking = (await t.call('GET', `${URL}/${event.id}/ranking`, { as: owner })).body;
    const alpha = ranking.candidates.find((c: { vendorId: string }) => c.vendorId === a.id);
    expect(alpha).toMatchObject({ weightedScore: 80, complete: false });
    const beta = ranking.candidates.find((c: { vendorId: string }) => c.vendorId === b.id);
    expect(beta).toMatchObject({ weightedScore: null, rank: null });
    // Cancel it.
    const cancelled = await t.call('PATCH', `${URL}/${event.id}`, {
      as: owner,
      body: { status: 'cancelled' },
    });
    expect(cancelled.body.status).toBe('cancelled');
    const list = await t.call('GET', `${URL}?status=cancelled`, { as: viewer });
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([event.id]);
  });

  it('suggests the security score from the vendor’s latest completed questionnaire', async () => {
    const event = (
      await create(owner, {
        criteria: [{ name: 'Security questionnaire', weight: 1, source: 'questionnaire' }],
      })
    ).body;
    const suggestion = async () =>
      (await t.call('GET', `${URL}/${event.id}/ranking`, { as: owner })).body.candidates.find(
        (c: { vendorId: string }) => c.vendorId === a.id,
      ).byCriterion[0];
    expect(await suggestion()).toMatchObject({
      suggested: null,
      suggestionBasis: expect.stringMatching(/^no completed questionnaire/),
    });
    // A one-question template: "yes" earns full marks, "no" half and raises a flag.
    const template = await t.call('POST', '/api/v1/questionnaire-templates', {
      as: owner,
      body: {
        name: 'Quick check',
        sections: [
          {
            id: 's',
            title: 'S',
            questions: [
              {
                id: 'enc',
                text: 'Encrypted?',
                type: 'yes_no',
                options: [
                  { id: 'yes', label: 'Yes', score: 2 },
                  { id: 'no', label: 'No', score: 1 },
                ],
              },
            ],
          },
        ],
        flags: [{ id: 'plain', condition: 'enc/no', severity: 'high', title: 'Not encrypted' }],
      },
    });
    const sent = await t.call('POST', '/api/v1/assessments', {
      as: owner,
      body: { templateId: template.body.id, vendorId: a.id, dueDate: '2027-01-31' },
    });
    await t.call('PUT', `/api/v1/assessments/${sent.body.id}/answers`, {
      as: owner,
      body: { answers: { enc: 'no' } },
    });
    await t.call('POST', `/api/v1/assessments/${sent.body.id}/submit`, { as: owner });
    const done = await t.call('POST', `/api/v1/assessments/${sent.body.id}/review`, {
      as: owner,
      body: { decision: 'complete' },
    });
    expect(done.body.score).toBe(50);
    expect(await suggestion()).toMatchObject({
      suggested: 2.5,
      suggestionBasis: 'questionnaire scored 50 of 100, 1 flag raised',
    });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = (await t.call('GET', `${URL}?limit=200`, { as: owner })).body.items.length;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ candidates: [a.id, 'vnd_01JUNKJUNKJUNKJUNKJUNKJUNK'] }, 'candidates.1'],
      [{ candidates: [a.id, a.id] }, 'candidates'],
      [{ criteria: [] }, 'criteria'],
      [{ criteria: [{ name: 'Cost', weight: 0 }] }, 'criteria'],
      [{ criteria: [{ name: 'Cost', weight: -1 }] }, 'criteria.0.weight'],
      [
        {
          criteria: [
            { name: 'Cost', weight: 1 },
            { name: 'cost', weight: 1 },
          ],
        },
        'criteria',
      ],
      [{ evaluators: [viewer.userId] }, 'evaluators.0'],
      [{ businessCaseId: 'bcs_01JUNKJUNKJUNKJUNKJUNKJUNK' }, 'businessCaseId'],
      [{ function: 'dancing' }, 'function'],
    ];
    for (const [extra, field] of cases) {
      const res = await create(owner, extra);
      expectProblem(res, 422);
      expect(
        res.body.errors.map((e: { field: string }) => e.field),
        JSON.stringify(extra),
      ).toContain(field);
    }
    expect((await t.call('GET', `${URL}?limit=200`, { as: owner })).body.items.length).toBe(before);

    const event = (await create(owner)).body;
    const score = (as: Session, body: Record<string, unknown>) =>
      t.call('POST', `${URL}/${event.id}/scores`, { as, body });
    const bad = await score(owner, { vendorId: a.id, criterionId: event.criteria[0].id, score: 6 });
    expectProblem(bad, 422);
    expect(bad.body.errors[0].field).toBe('score');
    const notCandidate = await score(owner, {
      vendorId: vendorUser.vendorId ?? a.id,
      criterionId: 'crt_01JUNKJUNKJUNKJUNKJUNKJUNK',
      score: 3,
    });
    expectProblem(notCandidate, 422);
    expect(notCandidate.body.errors[0].field).toBe('criterionId');
    // Only named evaluators score; a viewer may not at all.
    expectProblem(
      await score(outsider, { vendorId: a.id, criterionId: event.criteria[0].id, score: 3 }),
      403,
    );
    expectProblem(await score(viewer, { vendorId: a.id, criterionId: event.criteria[0].id, score: 3 }), 403);
    const award = await t.call('POST', `${URL}/${event.id}/award`, {
      as: owner,
      body: {
        vendorId: vendorUser.vendorId === a.id ? 'vnd_01JUNKJUNKJUNKJUNKJUNKJUNK' : a.id,
        startDate: '2027-02-01',
      },
    });
    expectProblem(award, 422);
    expect(award.body.errors[0].field).toBe('vendorId');
  });

  it('answers a vendor user 404 on every route, even as a candidate', async () => {
    const event = (await create(owner)).body;
    for (const [method, url, body] of [
      ['GET', URL, undefined],
      ['GET', `${URL}/${event.id}`, undefined],
      ['GET', `${URL}/${event.id}/ranking`, undefined],
      ['GET', `${URL}/${event.id}/scores`, undefined],
      ['POST', `${URL}/${event.id}/scores`, { vendorId: a.id, criterionId: event.criteria[0].id, score: 5 }],
      ['PATCH', `${URL}/${event.id}`, { title: 'Mine' }],
      ['POST', `${URL}/${event.id}/award`, { vendorId: a.id, startDate: '2027-02-01' }],
    ] as const) {
      const res = await t.call(method, url, { as: vendorUser, body });
      expectProblem(res, 404);
      expect(res.text).not.toContain('Beta Desk');
    }
  });
});

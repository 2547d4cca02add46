import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

const VSAQ = readFileSync(path.join(import.meta.dirname, '../fixtures/vsaq-sample.vsaq'), 'utf8');

describe.each(dialects)('questionnaires and assessments on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let vendorUser: Session;
  let otherVendorUser: Session;
  let vendorId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    const v = await t.vendor({ name: 'Manila Care', country: 'PH' });
    const other = await t.vendor({ name: 'Other Vendor', country: 'PL' });
    vendorId = v.id;
    vendorUser = await t.user('vendor', v.id);
    otherVendorUser = await t.user('vendor', other.id);
  });
  afterAll(() => t?.close());

  it('copies a starter, exports it, imports the export, and versions a change', async () => {
    const starter = await t.call('POST', '/api/v1/questionnaire-starters/information_security', {
      as: manager,
    });
    expect(starter.status, starter.text).toBe(201);
    expect(starter.body).toMatchObject({
      name: 'Information security',
      version: 1,
      origin: 'starter:information_security',
    });
    expect(starter.body.questionCount).toBeGreaterThan(10);
    const exported = await t.call('GET', `/api/v1/questionnaire-templates/${starter.body.id}/export`, {
      as: viewer,
    });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toContain('information-security.json');
    const imported = await t.call('POST', '/api/v1/questionnaire-templates/import?format=outpost', {
      as: manager,
      raw: exported.text,
      headers: { 'content-type': 'application/json' },
    });
    expect(imported.status, imported.text).toBe(201);
    expect(imported.body.template.sections).toEqual(starter.body.sections);
    expect(imported.body.template.origin).toBe('import');
    const changed = await t.call('PUT', `/api/v1/questionnaire-templates/${imported.body.template.id}`, {
      as: manager,
      body: { ...exported.body, name: 'Information security (ours)' },
    });
    expect(changed.body).toMatchObject({ version: 2, name: 'Information security (ours)' });
    // Viewers read templates; vendor users do not see them at all.
    expect(
      (await t.call('GET', '/api/v1/questionnaire-templates', { as: viewer })).body.items.length,
    ).toBeGreaterThanOrEqual(2);
    expectProblem(
      await t.call('GET', `/api/v1/questionnaire-templates/${starter.body.id}`, { as: vendorUser }),
      404,
    );
    expectProblem(await t.call('POST', '/api/v1/questionnaire-starters/privacy', { as: viewer }), 403);
  });

  it('imports a VSAQ questionnaire with its types, conditions and warnings', async () => {
    const res = await t.call('POST', '/api/v1/questionnaire-templates/import?format=vsaq', {
      as: owner,
      raw: VSAQ,
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status, res.text).toBe(201);
    const { template, warnings } = res.body;
    expect(template).toMatchObject({ name: 'Vendor security', origin: 'vsaq', questionCount: 7 });
    expect(template.flags.map((f: { id: string; severity: string }) => `${f.id}:${f.severity}`)).toEqual([
      'warn_storage_plain:high',
      'warn_no_mfa:medium',
    ]);
    expect(warnings.some((w: string) => w.includes('vendor_has_no_systems'))).toBe(true);
  });

  it('refuses bad templates and files naming the field, and writes nothing', async () => {
    const before = (await t.call('GET', '/api/v1/questionnaire-templates?limit=200', { as: owner })).body
      .items.length;
    const bad = await t.call('POST', '/api/v1/questionnaire-templates', {
      as: owner,
      body: {
        name: 'Bad',
        sections: [
          {
            id: 's',
            title: 'S',
            questions: [
              { id: 'q1', text: 'Q1', type: 'yes_no' },
              { id: 'q2', text: 'Q2', type: 'text', condition: 'q1 &&' },
              { id: 'q3', text: 'Q3', type: 'single_choice' },
            ],
          },
        ],
      },
    });
    expectProblem(bad, 422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'sections.0.questions.2.options',
      'sections.0.questions.1.condition',
    ]);
    const notJson = await t.call('POST', '/api/v1/questionnaire-templates/import?format=outpost', {
      as: owner,
      raw: '{ nope',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(notJson, 422);
    expect(notJson.body.errors[0].field).toBe('body');
    const notVsaq = await t.call('POST', '/api/v1/questionnaire-templates/import?format=vsaq', {
      as: owner,
      raw: '{"items": []}',
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(notVsaq, 422);
    const wrongType = await t.call('POST', '/api/v1/questionnaire-templates/import?format=outpost', {
      as: owner,
      raw: JSON.stringify({
        name: 'X',
        sections: [{ id: 's', title: 'S', questions: [{ id: 'q', text: 'Q', type: 'essay' }] }],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(wrongType, 422);
    expect(wrongType.body.errors[0].field).toBe('sections.0.questions.0.type');
    expect(
      (await t.call('GET', '/api/v1/questionnaire-templates?limit=200', { as: owner })).body.items.length,
    ).toBe(before);
  });

  it('runs an assessment: vendor drafts and submits, reviewer sends back, vendor answers, reviewer completes', async () => {
    // The diligence checklist asks for a questionnaire scored 85 or more without flags, at every criticality.
    const need = [{ kind: 'questionnaire', minScore: 85, noOpenFlags: true }];
    const settings = await t.call('PUT', '/api/v1/diligence/settings', {
      as: owner,
      body: { expiringWindowDays: 90, requirements: { low: need, medium: need, high: need, critical: need } },
    });
    expect(settings.status, settings.text).toBe(200);
    const checklist = async () =>
      (await t.call('GET', `/api/v1/vendors/${vendorId}/checklist`, { as: manager })).body;
    expect((await checklist()).items[0]).toMatchObject({
      met: false,
      detail: 'No completed questionnaire assessment',
    });
    const template = (
      await t.call('POST', '/api/v1/questionnaire-starters/information_security', { as: owner })
    ).body;
    const sent = await t.call('POST', '/api/v1/assessments', {
      as: manager,
      body: { templateId: template.id, vendorId, dueDate: '2027-03-31' },
    });
    expect(sent.status, sent.text).toBe(201);
    const id = sent.body.id;
    expect(sent.body).toMatchObject({
      status: 'sent',
      vendorName: 'Manila Care',
      templateVersion: 1,
      flags: [],
    });
    // Another vendor's user cannot see or answer it, by any route.
    for (const [method, url, body] of [
      ['GET', `/api/v1/assessments/${id}`, undefined],
      ['PUT', `/api/v1/assessments/${id}/answers`, { answers: { sec_policy: 'yes' } }],
      ['POST', `/api/v1/assessments/${id}/submit`, undefined],
      ['POST', `/api/v1/assessments/${id}/review`, { decision: 'complete' }],
    ] as const)
      expectProblem(await t.call(method, url, { as: otherVendorUser, body }), 404);
    expect((await t.call('GET', '/api/v1/assessments', { as: otherVendorUser })).body.items).toEqual([]);

    const answer = (answers: Record<string, unknown>, as = vendorUser) =>
      t.call('PUT', `/api/v1/assessments/${id}/answers`, { as, body: { answers } });
    const wrong = await answer({ sec_policy: 'maybe', mfa_admin: 'yes', nope: 1 });
    expectProblem(wrong, 422);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'answers.sec_policy',
      'answers.nope',
    ]);
    // A file of another vendor's user is not theirs to attach.
    const foreign = await t.call('POST', '/api/v1/files', {
      as: otherVendorUser,
      raw: Buffer.from(
        '--b\r\nContent-Disposition: form-data; name="file"; filename="r.txt"\r\nContent-Type: text/plain\r\n\r\nreport\r\n--b--\r\n',
      ),
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    });
    expect(foreign.status, foreign.text).toBe(201);
    const stolen = await answer({ pentest_yearly: 'yes', pentest_report: foreign.body.id });
    expectProblem(stolen, 422);
    expect(stolen.body.errors[0].field).toBe('answers.pentest_report');

    // Encryption at rest "no": a critical flag, and the key question is not shown.
    let draft = await answer({ sec_policy: 'yes', enc_at_rest: 'no', enc_at_rest_how: 'keys_hsm' });
    expect(draft.status, draft.text).toBe(200);
    expect(draft.body.status).toBe('in_progress');
    expect(draft.body.answers).toEqual({ sec_policy: 'yes', enc_at_rest: 'no' });
    // The vendor never sees the scoring model nor the live score and flags: the reviewer does.
    for (const key of ['score', 'flags']) expect(draft.body).not.toHaveProperty(key);
    expect(JSON.stringify(draft.body.template)).not.toMatch(/"(score|weight|severity)"/);
    const reviewed = async () => (await t.call('GET', `/api/v1/assessments/${id}`, { as: manager })).body;
    expect((await reviewed()).flags.map((f: { id: string }) => f.id)).toEqual(['no_encryption_at_rest']);
    const early = await t.call('POST', `/api/v1/assessments/${id}/submit`, { as: vendorUser });
    expectProblem(early, 422);
    expect(early.body.errors.map((e: { field: string }) => e.field)).toContain('answers.enc_in_transit');

    draft = await answer({
      sec_officer: 'Ana Cruz, CISO',
      sec_certification: ['cert_iso27001'],
      enc_at_rest: 'yes',
      enc_at_rest_how: 'keys_hsm',
      enc_in_transit: 'yes',
      mfa_admin: 'yes',
      access_review_frequency: 'review_yearly',
      incident_process: 'yes',
      pentest_yearly: 'no',
    });
    expect(draft.status, draft.text).toBe(200);
    // Scored: policy 2, certs 2·(2/5), at rest 3, keys 1, transit 3, MFA 3, reviews 2·½, incidents 2, pentest 0·2
    // → (2 + 0.8 + 3 + 1 + 3 + 3 + 1 + 2) / 20 = 15.8 / 20 = 79.
    expect(draft.body).not.toHaveProperty('score');
    expect((await reviewed()).score).toBe(79);
    expect((await reviewed()).flags.map((f: { id: string }) => f.id)).toEqual(['no_pentest']);
    const submitted = await t.call('POST', `/api/v1/assessments/${id}/submit`, { as: vendorUser });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    const events = await t.db.database.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'assessment.submitted')
      .execute();
    expect(events.map((e) => e.vendorId)).toEqual([vendorId]);
    expectProblem(await answer({ sec_policy: 'no' }), 409);

    // The reviewer asks for clarification on one answer; the vendor answers and submits again.
    expectProblem(
      await t.call('POST', `/api/v1/assessments/${id}/review`, {
        as: vendorUser,
        body: { decision: 'complete' },
      }),
      404,
    );
    expectProblem(
      await t.call('POST', `/api/v1/assessments/${id}/review`, {
        as: viewer,
        body: { decision: 'complete' },
      }),
      403,
    );
    const noComment = await t.call('POST', `/api/v1/assessments/${id}/review`, {
      as: manager,
      body: { decision: 'clarify' },
    });
    expectProblem(noComment, 422);
    const back = await t.call('POST', `/api/v1/assessments/${id}/review`, {
      as: manager,
      body: {
        decision: 'clarify',
        comments: [{ questionId: 'pentest_yearly', comment: 'When is the first test planned?' }],
      },
    });
    expect(back.body.status).toBe('clarification_requested');
    expect(back.body.comments).toEqual([
      expect.objectContaining({ questionId: 'pentest_yearly', comment: 'When is the first test planned?' }),
    ]);
    expect((await answer({ pentest_yearly: 'yes' })).status).toBe(200);
    expect((await reviewed()).flags).toEqual([]);
    expect((await t.call('POST', `/api/v1/assessments/${id}/submit`, { as: vendorUser })).body.status).toBe(
      'submitted',
    );
    const done = await t.call('POST', `/api/v1/assessments/${id}/review`, {
      as: manager,
      body: { decision: 'complete' },
    });
    expect(done.body).toMatchObject({ status: 'completed', score: 89 });
    expect(done.body.completedAt).toEqual(expect.any(String));
    // After the decision the vendor sees the outcome, still not the score.
    const outcome = await t.call('GET', `/api/v1/assessments/${id}`, { as: vendorUser });
    expect(outcome.body).toMatchObject({ status: 'completed', completedAt: done.body.completedAt });
    for (const key of ['score', 'flags']) expect(outcome.body).not.toHaveProperty(key);
    expect(await checklist()).toMatchObject({
      complete: true,
      items: [{ met: true, detail: 'Scored 89, no flags' }],
    });
    // Completed is read-only.
    expectProblem(await answer({ sec_policy: 'no' }), 409);
    expectProblem(await t.call('POST', `/api/v1/assessments/${id}/submit`, { as: vendorUser }), 409);
    // The template changing later leaves the assessment as it was sent.
    const exported = (
      await t.call('GET', `/api/v1/questionnaire-templates/${template.id}/export`, { as: owner })
    ).body;
    await t.call('PUT', `/api/v1/questionnaire-templates/${template.id}`, {
      as: owner,
      body: { ...exported, name: 'Changed' },
    });
    const again = await t.call('GET', `/api/v1/assessments/${id}`, { as: vendorUser });
    expect(again.body).toMatchObject({ templateName: 'Information security', templateVersion: 1 });
  });

  it('refuses to send an unknown template or vendor', async () => {
    const res = await t.call('POST', '/api/v1/assessments', {
      as: owner,
      body: {
        templateId: 'qtp_01JUNKJUNKJUNKJUNKJUNKJUNK',
        vendorId: 'vnd_01JUNKJUNKJUNKJUNKJUNKJUNK',
        dueDate: '2027-01-01',
      },
    });
    expectProblem(res, 422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['templateId', 'vendorId']);
  });
});

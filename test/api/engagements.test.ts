import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

describe.each(dialects)('engagements, SOW and change requests on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let vendorA: string;
  let vendorB: string;
  let vendorUserA: Session;

  const newEngagement = async (vendorId = vendorA, extra: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/v1/engagements', {
      as: manager,
      body: {
        vendorId,
        title: 'Customer service DACH',
        function: 'customer_service',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        monthlyFee: 100_000,
        budget: 1_500_000,
        renewalDate: '2027-12-31',
        noticePeriodDays: 90,
        ...extra,
      },
    });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string };
  };

  const approvedEngagement = async () => {
    const e = await newEngagement();
    expect(
      (await t.call('PUT', `/api/v1/engagements/${e.id}/sow`, { as: manager, body: GOOD_SOW })).status,
    ).toBe(200);
    expect((await t.call('POST', `/api/v1/engagements/${e.id}/sow/approve`, { as: manager })).status).toBe(
      200,
    );
    return e;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    await t.call('PUT', '/api/v1/settings/organisation', {
      as: owner,
      body: {
        name: 'Northwind',
        country: 'DE',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        workdays: [1, 2, 3, 4, 5],
        hours: { start: '09:00', end: '17:00' },
      },
    });
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    vendorA = (
      await t.call('POST', '/api/v1/vendors', { as: owner, body: { name: 'Manila Care', country: 'PH' } })
    ).body.id;
    vendorB = (
      await t.call('POST', '/api/v1/vendors', { as: owner, body: { name: 'Krakow Desk', country: 'PL' } })
    ).body.id;
    vendorUserA = await t.user('vendor', vendorA);
  });
  afterAll(() => t?.close());

  it('opens a draft engagement with derived delivery model, vendor time zone and organisation currency', async () => {
    const e = await newEngagement();
    const res = await t.call('GET', `/api/v1/engagements/${e.id}`, { as: viewer });
    expect(res.body).toMatchObject({
      status: 'draft',
      deliveryModel: 'offshore',
      deliveryModelOverridden: false,
      timezone: 'Asia/Manila',
      currency: 'EUR',
      vendorName: 'Manila Care',
      noticeDeadline: '2027-10-02',
      baselineVersion: null,
    });
    const near = await newEngagement(vendorB, { deliveryModel: 'offshore' });
    const nearRes = await t.call('GET', `/api/v1/engagements/${near.id}`, { as: viewer });
    expect(nearRes.body).toMatchObject({
      deliveryModel: 'offshore',
      derivedDeliveryModel: 'nearshore',
      deliveryModelOverridden: true,
    });
  });

  it('refuses bad input naming the fields', async () => {
    const res = await t.call('POST', '/api/v1/engagements', {
      as: manager,
      body: {
        vendorId: vendorA,
        title: '',
        function: 'cooking',
        startDate: '2027-13-01',
        currency: 'XXX',
        monthlyFee: 1.5,
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'currency',
      'function',
      'monthlyFee',
      'startDate',
      'title',
    ]);
    const order = await t.call('POST', '/api/v1/engagements', {
      as: manager,
      body: { vendorId: vendorA, title: 'X', function: 'it', startDate: '2027-05-01', endDate: '2027-01-01' },
    });
    expect(order.status).toBe(422);
    expect(order.body.errors[0].field).toBe('endDate');
    const unknownVendor = await t.call('POST', '/api/v1/engagements', {
      as: manager,
      body: {
        vendorId: 'vnd_01JD3ZQ8N00000000000000000',
        title: 'X',
        function: 'it',
        startDate: '2027-05-01',
      },
    });
    expect(unknownVendor.status).toBe(422);
    expect(unknownVendor.body.errors[0].field).toBe('vendorId');
  });

  it('becomes active when its first SOW is approved, as the new-engagement form says, and not before', async () => {
    const e = await newEngagement();
    const early = await t.call('PATCH', `/api/v1/engagements/${e.id}`, {
      as: manager,
      body: { status: 'active' },
    });
    expect(early.status).toBe(409);
    await t.call('PUT', `/api/v1/engagements/${e.id}/sow`, { as: manager, body: GOOD_SOW });
    expect((await t.call('GET', `/api/v1/engagements/${e.id}`, { as: viewer })).body.status).toBe('draft');
    await t.call('POST', `/api/v1/engagements/${e.id}/sow/approve`, { as: manager });
    const after = await t.call('GET', `/api/v1/engagements/${e.id}`, { as: viewer });
    expect(after.body).toMatchObject({
      status: 'active',
      baselineVersion: 1,
      allowedTransitions: ['on_hold', 'completed', 'terminated'],
    });
    // Setting it active again is no change.
    const again = await t.call('PATCH', `/api/v1/engagements/${e.id}`, {
      as: manager,
      body: { status: 'active' },
    });
    expect(again.status).toBe(200);
    const wrong = await t.call('PATCH', `/api/v1/engagements/${e.id}`, {
      as: manager,
      body: { status: 'draft' },
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body.allowed).toEqual(['on_hold', 'completed', 'terminated']);

    // A change request approves v2; an engagement put on hold stays on hold.
    await t.call('PATCH', `/api/v1/engagements/${e.id}`, { as: manager, body: { status: 'on_hold' } });
    const cr = await t.call('POST', `/api/v1/engagements/${e.id}/change-requests`, {
      as: manager,
      body: { title: 'Raise cap', changes: { creditCapPct: 12 }, submit: true },
    });
    expect(
      (await t.call('POST', `/api/v1/change-requests/${cr.body.id}/approve`, { as: manager })).status,
    ).toBe(200);
    expect((await t.call('GET', `/api/v1/engagements/${e.id}`, { as: viewer })).body).toMatchObject({
      status: 'on_hold',
      baselineVersion: 2,
    });
  });

  it('an engagement left in draft with an approved SOW (before decision 107) becomes active when a change is approved', async () => {
    const e = await approvedEngagement();
    await t.db.database.db
      .updateTable('engagements')
      .set({ status: 'draft' })
      .where('id', '=', e.id)
      .execute();
    const cr = await t.call('POST', `/api/v1/engagements/${e.id}/change-requests`, {
      as: manager,
      body: { title: 'Raise cap', changes: { creditCapPct: 12 }, submit: true },
    });
    await t.call('POST', `/api/v1/change-requests/${cr.body.id}/approve`, { as: manager });
    expect((await t.call('GET', `/api/v1/engagements/${e.id}`, { as: viewer })).body).toMatchObject({
      status: 'active',
      baselineVersion: 2,
    });
  });

  it('saves a draft SOW with item ids, lints it, refuses approval while it has errors, then freezes it', async () => {
    const e = await newEngagement();
    const draft = await t.call('PUT', `/api/v1/engagements/${e.id}/sow`, {
      as: manager,
      body: { ...GOOD_SOW, deliverables: [{ title: 'Plan', acceptanceCriteria: [], dueDate: null }] },
    });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ version: 1, status: 'draft' });
    expect(draft.body.deliverables[0].id).toMatch(/^dlv_/);
    const lint = await t.call('GET', `/api/v1/engagements/${e.id}/sow/lint`, { as: viewer });
    expect(lint.body.findings.map((f: { path: string }) => f.path)).toEqual([
      'deliverables[0].acceptanceCriteria',
      'deliverables[0].dueDate',
    ]);
    // Two errors, 10 points each; every section a SOW needs is there.
    expect(lint.body.score).toBe(80);
    const refused = await t.call('POST', `/api/v1/engagements/${e.id}/sow/approve`, { as: manager });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((x: { field: string }) => x.field)).toContain(
      'deliverables[0].acceptanceCriteria',
    );

    const id = draft.body.deliverables[0].id;
    const fixed = await t.call('PUT', `/api/v1/engagements/${e.id}/sow`, {
      as: manager,
      body: {
        ...GOOD_SOW,
        deliverables: [{ id, title: 'Plan', acceptanceCriteria: ['Signed'], dueDate: '2027-02-01' }],
      },
    });
    expect(fixed.body.deliverables[0].id).toBe(id);
    const approved = await t.call('POST', `/api/v1/engagements/${e.id}/sow/approve`, { as: manager });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ version: 1, status: 'approved', approvedAt: expect.any(String) });
    const edit = await t.call('PUT', `/api/v1/engagements/${e.id}/sow`, { as: manager, body: GOOD_SOW });
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toContain('change request');
  });

  it('lints an unsaved document for the live editor', async () => {
    const e = await newEngagement();
    const res = await t.call('POST', `/api/v1/engagements/${e.id}/sow/lint`, {
      as: manager,
      body: { ...GOOD_SOW, inScope: ['Support as needed'] },
    });
    expect(res.status).toBe(200);
    expect(res.body.findings).toEqual([
      {
        rule: 'wording.vague',
        severity: 'warning',
        path: 'inScope[0]',
        message: expect.stringContaining('as needed'),
        points: 4,
      },
    ]);
  });

  it('scores an empty SOW 0, and a SOW with a vague objective, gaps and "first response ≥ 60 s" well below a clear one', async () => {
    const e = await newEngagement();
    const lint = (body: unknown) =>
      t.call('POST', `/api/v1/engagements/${e.id}/sow/lint`, { as: manager, body });
    expect((await lint({})).body.score).toBe(0);
    const weak = await lint({
      objectives: ['Deliver excellent customer service'],
      inScope: GOOD_SOW.inScope,
      outOfScope: GOOD_SOW.outOfScope,
      assumptions: GOOD_SOW.assumptions,
      deliverables: GOOD_SOW.deliverables,
      kpis: [
        {
          name: 'First response',
          unit: 's',
          aggregation: 'mean',
          direction: 'at_least',
          target: 60,
          period: 'month',
        },
      ],
      creditCapPct: 0,
    });
    expect(weak.body.score).toBeLessThan(60);
    const rules = weak.body.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('objective.unmeasurable');
    expect(rules).toContain('kpi.direction');
    expect(rules.filter((r: string) => r.endsWith('.missing')).sort()).toEqual([
      'credits.missing',
      'governance.missing',
      'milestones.missing',
      'raci.missing',
      'reporting.missing',
    ]);
    expect((await lint(GOOD_SOW)).body).toEqual({ score: 100, findings: [] });
  });

  it('an approved change request creates the next version atomically; a stale one answers 409 and applies nothing', async () => {
    const e = await approvedEngagement();
    const first = await t.call('POST', `/api/v1/engagements/${e.id}/change-requests`, {
      as: manager,
      body: {
        title: 'Add Polish',
        reason: 'New market',
        changes: { inScope: [...GOOD_SOW.inScope, 'Polish-language support'] },
        costImpact: 25_000,
        scheduleImpactDays: 14,
        submit: true,
      },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ baseVersion: 1, status: 'submitted', costImpact: 25_000 });
    const second = await t.call('POST', `/api/v1/engagements/${e.id}/change-requests`, {
      as: manager,
      body: { title: 'Raise cap', changes: { creditCapPct: 15 }, submit: true },
    });
    const ok = await t.call('POST', `/api/v1/change-requests/${first.body.id}/approve`, {
      as: manager,
      body: { comment: 'Agreed in the QBR' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'approved',
      resultVersion: 2,
      decisionComment: 'Agreed in the QBR',
    });
    const v2 = await t.call('GET', `/api/v1/engagements/${e.id}/sow`, { as: viewer });
    expect(v2.body).toMatchObject({ version: 2, status: 'approved' });
    expect(v2.body.inScope).toContain('Polish-language support');
    const v1 = await t.call('GET', `/api/v1/engagements/${e.id}/sow?version=1`, { as: viewer });
    expect(v1.body.status).toBe('superseded');

    const stale = await t.call('POST', `/api/v1/change-requests/${second.body.id}/approve`, { as: manager });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain('version 1');
    const after = await t.call('GET', `/api/v1/engagements/${e.id}/sow`, { as: viewer });
    expect(after.body).toMatchObject({ version: 2, creditCapPct: 10 });
    expect(
      (await t.call('GET', `/api/v1/change-requests/${second.body.id}`, { as: viewer })).body.status,
    ).toBe('submitted');

    const diff = await t.call('GET', `/api/v1/engagements/${e.id}/sow/diff?from=1&to=2`, { as: viewer });
    expect(diff.body.changes).toEqual([
      { section: 'inScope', kind: 'added', key: 'Polish-language support', label: 'Polish-language support' },
    ]);
  });

  it('refuses a change request that would make the SOW invalid, naming the path', async () => {
    const e = await approvedEngagement();
    const res = await t.call('POST', `/api/v1/engagements/${e.id}/change-requests`, {
      as: manager,
      body: { title: 'Bad', changes: { kpis: [{ name: 'X' }] } },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((x: { field: string }) => x.field)).toEqual(
      expect.arrayContaining(['changes.kpis[0].aggregation']),
    );
  });

  it('a rejected request changes nothing; decisions need a submitted request and an internal manager', async () => {
    const e = await approvedEngagement();
    const cr = await t.call('POST', `/api/v1/engagements/${e.id}/change-requests`, {
      as: vendorUserA,
      body: { title: 'More agents', changes: { assumptions: ['Volumes grow 10%'] } },
    });
    expect(cr.status).toBe(201);
    expect(cr.body.status).toBe('draft');
    expect(
      (await t.call('POST', `/api/v1/change-requests/${cr.body.id}/approve`, { as: manager })).status,
    ).toBe(409);
    expect(
      (await t.call('POST', `/api/v1/change-requests/${cr.body.id}/submit`, { as: vendorUserA })).status,
    ).toBe(200);
    expect(
      (await t.call('POST', `/api/v1/change-requests/${cr.body.id}/approve`, { as: vendorUserA })).status,
    ).toBe(404);
    expect(
      (await t.call('POST', `/api/v1/change-requests/${cr.body.id}/approve`, { as: viewer })).status,
    ).toBe(403);
    const rejected = await t.call('POST', `/api/v1/change-requests/${cr.body.id}/reject`, {
      as: manager,
      body: { comment: 'Not now' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', resultVersion: null });
    expect((await t.call('GET', `/api/v1/engagements/${e.id}/sow`, { as: viewer })).body.version).toBe(1);
  });

  it('a vendor user sees and proposes only on their own engagements', async () => {
    const mine = await approvedEngagement();
    const other = await newEngagement(vendorB);
    const list = await t.call('GET', '/api/v1/engagements?limit=200', { as: vendorUserA });
    expect(list.body.items.every((e: { vendorId: string }) => e.vendorId === vendorA)).toBe(true);
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(mine.id);
    for (const [method, url] of [
      ['GET', `/api/v1/engagements/${other.id}`],
      ['GET', `/api/v1/engagements/${other.id}/sow`],
      ['GET', `/api/v1/engagements/${other.id}/sow/lint`],
      ['GET', `/api/v1/engagements/${other.id}/change-requests`],
      ['POST', `/api/v1/engagements/${other.id}/change-requests`],
      ['GET', `/api/v1/engagements/${other.id}/sow/export`],
    ] as const) {
      const res = await t.call(method, url, {
        as: vendorUserA,
        ...(method === 'POST' ? { body: { title: 'x', changes: { objectives: ['x'] } } } : {}),
      });
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    expect(
      (
        await t.call('PATCH', `/api/v1/engagements/${mine.id}`, {
          as: vendorUserA,
          body: { title: 'Mine now' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.call('PUT', `/api/v1/engagements/${mine.id}/sow`, { as: vendorUserA, body: GOOD_SOW })).status,
    ).toBe(404);
    expect((await t.call('GET', `/api/v1/engagements/${mine.id}/sow`, { as: vendorUserA })).status).toBe(200);
  });

  it('exports the SOW as Markdown and PDF', async () => {
    const e = await approvedEngagement();
    const md = await t.call('GET', `/api/v1/engagements/${e.id}/sow/export?format=markdown`, { as: viewer });
    expect(md.status).toBe(200);
    expect(md.headers['content-type']).toContain('text/markdown');
    const lines = md.text.split('\n');
    expect(lines[0]).toBe('# Statement of work: Customer service DACH');
    const section = (title: string) => {
      const start = lines.indexOf(`## ${title}`);
      const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
      return lines.slice(start + 1, end === -1 ? undefined : end).filter(Boolean);
    };
    expect(section('Objectives')).toEqual([
      '- Answer 80% of customer calls within 20 seconds from March 2027',
    ]);
    expect(section('Out of scope')).toEqual(['- Outbound sales calls']);
    expect(section('KPIs and service levels')).toContain(
      '| Service level | ratio | ≥ 80 % | month | 5% | 2 |',
    );
    expect(section('Milestones')).toContain('| 1 | Go-live | 2027-02-01 | €2,000.00 |');

    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/v1/engagements/${e.id}/sow/export?format=pdf`,
      headers: { cookie: viewer.cookie! },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { extractPdfText } = await import('../helpers/pdf-text');
    const text = await extractPdfText(bytes);
    expect(text).toContain('Statement of work: Customer service DACH');
    expect(text).toContain('Outbound sales calls');
    expect(text).toContain('Agent training plan');
  });

  it('writes every step to the audit trail', async () => {
    const e = await approvedEngagement();
    const events = await t.call(
      'GET',
      `/api/v1/audit-events?entityType=engagement&entityId=${e.id}&limit=50`,
      { as: owner },
    );
    expect(events.body.items.map((x: { action: string }) => x.action).reverse()).toEqual([
      'engagement.create',
      'sow.create',
      'sow.approve',
      'engagement.status',
    ]);
    const activation = events.body.items.find((x: { action: string }) => x.action === 'engagement.status');
    expect(activation.changes).toEqual({ status: { before: 'draft', after: 'active' } });
  });

  it('lists with filters and the renewal sort', async () => {
    const a = await newEngagement(vendorB, {
      title: 'Zeta payroll',
      function: 'payroll',
      renewalDate: '2027-03-01',
    });
    const b = await newEngagement(vendorB, {
      title: 'Alpha payroll',
      function: 'payroll',
      renewalDate: null,
    });
    const res = await t.call(
      'GET',
      `/api/v1/engagements?vendorId=${vendorB}&function=payroll&sort=renewalDate`,
      { as: viewer },
    );
    expect(res.body.items.map((x: { id: string }) => x.id)).toEqual([a.id, b.id]);
    const paged = await t.call(
      'GET',
      `/api/v1/engagements?vendorId=${vendorB}&function=payroll&sort=-renewalDate&limit=1`,
      { as: viewer },
    );
    expect(paged.body.items[0].id).toBe(b.id);
    const next = await t.call(
      'GET',
      `/api/v1/engagements?vendorId=${vendorB}&function=payroll&sort=-renewalDate&limit=1&cursor=${paged.body.nextCursor}`,
      { as: viewer },
    );
    expect(next.body.items[0].id).toBe(a.id);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';
const LONG_SESSIONS = { OUTPOST_SESSION_IDLE_MINUTES: '400000', OUTPOST_SESSION_ABSOLUTE_HOURS: '9000' };

/** The fixture SOW with three deliverables: two criteria, one criterion, and one never handed in. */
const SOW = {
  ...GOOD_SOW,
  deliverables: [
    {
      title: 'Agent training plan',
      description: 'Two-week plan',
      acceptanceCriteria: ['Signed off by the client operations lead', 'Covers both languages'],
      dueDate: '2027-01-20',
    },
    {
      title: 'Knowledge base',
      description: 'Articles for the top 50 call reasons',
      acceptanceCriteria: ['Reviewed by the client product owner'],
      dueDate: '2027-02-10',
    },
    {
      title: 'Escalation runbook',
      description: 'Who to call when',
      acceptanceCriteria: ['Approved by the client operations lead'],
      dueDate: '2027-01-05',
    },
  ],
};

function multipart(filename: string, content: string) {
  const boundary = '----outpostdeliverable';
  return {
    raw: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        `Content-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`,
    ),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.each(dialects)('deliverable acceptance on %s', (dialect) => {
  const clock = fakeClock('2027-01-10T08:00:00Z');
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let vendorUser: Session;
  let strangerUser: Session;
  let engagementId: string;
  let dlv: string[];

  const upload = async (as: Session, name = 'plan.txt') => {
    const res = await t.call('POST', `${V1}/files`, { as, ...multipart(name, `content of ${name}\n`) });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  const submit = (as: Session, d: string, body: Record<string, unknown> = {}) =>
    t.call('POST', `${V1}/engagements/${engagementId}/deliverables/${d}/submissions`, { as, body });
  const review = (as: Session, d: string, s: string, body: Record<string, unknown>) =>
    t.call('POST', `${V1}/engagements/${engagementId}/deliverables/${d}/submissions/${s}/review`, {
      as,
      body,
    });

  beforeAll(async () => {
    // The clock jumps weeks ahead: sessions must outlive it.
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
    expect(e.status, e.text).toBe(201);
    engagementId = e.body.id;
    expect(e.body.timezone).toBe('Asia/Manila');
    const put = await t.call('PUT', `${V1}/engagements/${engagementId}/sow`, { as: manager, body: SOW });
    expect(put.status, put.text).toBe(200);
    const approve = await t.call('POST', `${V1}/engagements/${engagementId}/sow/approve`, { as: manager });
    expect(approve.status, approve.text).toBe(200);
    dlv = approve.body.deliverables.map((d: { id: string }) => d.id);
  });
  afterAll(() => t?.close());

  it('lists the SOW deliverables, none handed in yet, with the due date ending in Manila', async () => {
    const res = await t.call('GET', `${V1}/engagements/${engagementId}/deliverables`, { as: vendorUser });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ timezone: 'Asia/Manila', sowVersion: 1 });
    expect(res.body.items.map((d: { status: string }) => d.status)).toEqual([
      'not_submitted',
      'not_submitted',
      'not_submitted',
    ]);
    // 2027-01-20 ends at 23:59:59.999 in Manila (UTC+8), which is 15:59:59.999 UTC.
    expect(res.body.items[0].dueAt).toBe('2027-01-20T15:59:59.999Z');
  });

  it('runs two cycles: on time, rejected on one criterion, late resubmission, accepted and final', async () => {
    clock.set('2027-01-20T15:59:59Z'); // 23:59:59 in Manila: still the due date
    const fileId = await upload(vendorUser);
    const first = await submit(vendorUser, dlv[0]!, { note: 'First draft', fileIds: [fileId] });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ cycle: 1, onTime: true, status: 'submitted', note: 'First draft' });
    expect(first.body.files).toEqual([expect.objectContaining({ id: fileId, name: 'plan.txt' })]);

    expect((await submit(vendorUser, dlv[0]!)).status).toBe(409); // awaits review
    expect((await submit(viewer, dlv[0]!)).status).toBe(403);
    // The vendor user can still read the file, now held by the submission.
    expect((await t.call('GET', `${V1}/files/${fileId}/meta`, { as: vendorUser })).status).toBe(200);

    const badReviews: Array<[Record<string, unknown>, string]> = [
      [{ decision: 'rejected', criteria: [{ index: 0, passed: false }] }, 'criteria'],
      [
        {
          decision: 'accepted',
          criteria: [
            { index: 0, passed: true },
            { index: 1, passed: false },
          ],
        },
        'decision',
      ],
      [
        {
          decision: 'rejected',
          criteria: [
            { index: 0, passed: true },
            { index: 5, passed: true },
          ],
        },
        'criteria.1.index',
      ],
    ];
    for (const [body, field] of badReviews) {
      const res = await review(manager, dlv[0]!, first.body.id, body);
      expect(res.status, res.text).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await review(vendorUser, dlv[0]!, first.body.id, { decision: 'accepted' })).status).toBe(404);
    expect((await review(viewer, dlv[0]!, first.body.id, { decision: 'accepted' })).status).toBe(403);

    const rejected = await review(manager, dlv[0]!, first.body.id, {
      decision: 'rejected',
      comment: 'Add the English part',
      criteria: [
        { index: 0, passed: true, comment: 'Signed' },
        { index: 1, passed: false, comment: 'English missing' },
      ],
    });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body.review).toMatchObject({
      decision: 'rejected',
      criteria: [
        { index: 0, criterion: 'Signed off by the client operations lead', passed: true },
        { index: 1, criterion: 'Covers both languages', passed: false, comment: 'English missing' },
      ],
    });
    expect(
      (await review(manager, dlv[0]!, first.body.id, { decision: 'rejected', comment: 'again' })).status,
    ).toBe(409);

    clock.set('2027-01-20T16:00:00Z'); // midnight in Manila: the 21st, late
    const second = await submit(vendorUser, dlv[0]!, {
      note: 'With English',
      fileIds: [await upload(vendorUser)],
    });
    expect(second.status, second.text).toBe(201);
    expect(second.body).toMatchObject({ cycle: 2, onTime: false });

    const accepted = await review(manager, dlv[0]!, second.body.id, {
      decision: 'accepted',
      criteria: [
        { index: 1, passed: true },
        { index: 0, passed: true },
      ],
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect((await submit(vendorUser, dlv[0]!)).status).toBe(409); // accepted is final

    const list = await t.call('GET', `${V1}/engagements/${engagementId}/deliverables`, { as: viewer });
    expect(list.body.items[0]).toMatchObject({ status: 'accepted', cycles: 2, onTime: false });
    expect(list.body.items[0].submissions.map((s: { status: string }) => s.status)).toEqual([
      'rejected',
      'accepted',
    ]);

    const audit = await t.call('GET', `${V1}/audit-events?entityType=deliverable_submission&limit=50`, {
      as: owner,
    });
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    for (const a of ['deliverable.submit', 'deliverable.reject', 'deliverable.accept'])
      expect(actions).toContain(a);
  });

  it('lets an internal writer hand in on the vendor’s behalf, and refuses files that are not yours', async () => {
    const ownersFile = await upload(owner, 'internal.txt');
    const refused = await submit(vendorUser, dlv[1]!, { fileIds: [ownersFile] });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('fileIds.0');
    expect((await submit(vendorUser, dlv[1]!, { fileIds: ['fil_NOPE'] })).status).toBe(422);

    clock.set('2027-02-10T15:59:59.999Z');
    const s = await submit(manager, dlv[1]!, { note: 'Uploaded for the vendor', fileIds: [ownersFile] });
    expect(s.status, s.text).toBe(201);
    expect(s.body).toMatchObject({ onTime: true, submittedByName: expect.stringContaining('manager') });
    const ok = await review(owner, dlv[1]!, s.body.id, {
      decision: 'accepted',
      criteria: [{ index: 0, passed: true }],
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it('computes the on-time and first-pass rates', async () => {
    clock.set('2027-03-01T00:00:00Z');
    const res = await t.call('GET', `${V1}/engagements/${engagementId}/deliverables/stats`, {
      as: vendorUser,
    });
    expect(res.status, res.text).toBe(200);
    // Training plan: accepted late after a rejection; knowledge base: on time, first pass;
    // runbook: never handed in and past due (late), not reviewed (not in the first-pass count).
    expect(res.body).toEqual({
      deliverables: 3,
      accepted: 2,
      onTimeCounted: 3,
      onTime: 1,
      onTimeRate: 33.33,
      firstPassCounted: 2,
      firstPass: 1,
      firstPassRate: 50,
      meanCycles: 1.5,
    });
  });

  it('answers 404 to another vendor’s user and for unknown deliverables', async () => {
    const urls = [
      ['GET', `${V1}/engagements/${engagementId}/deliverables`],
      ['GET', `${V1}/engagements/${engagementId}/deliverables/stats`],
      ['POST', `${V1}/engagements/${engagementId}/deliverables/${dlv[2]}/submissions`],
    ] as const;
    for (const [method, url] of urls) {
      const res = await t.call(method, url, { as: strangerUser, body: method === 'POST' ? {} : undefined });
      expect(res.status, url).toBe(404);
      expect(res.text).not.toContain('Manila');
    }
    expect((await submit(vendorUser, 'dlv_01JD3ZQ8N0000000000000000')).status).toBe(404);
  });
});

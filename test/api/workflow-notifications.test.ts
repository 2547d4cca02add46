import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';
const LONG_SESSIONS = { OUTPOST_SESSION_IDLE_MINUTES: '400000', OUTPOST_SESSION_ABSOLUTE_HOURS: '9000' };

type Note = { type: string; title: string; body: string; link: string | null };

/**
 * Each step of a questionnaire and a scorecard tells the person who must act next, in sentences,
 * and nobody else: never another vendor's users, never a colleague who is not involved.
 */
describe.each(dialects)('notifications of questionnaires and scorecards on %s', (dialect) => {
  const clock = fakeClock('2027-02-03T09:00:00Z');
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let bystander: Session;
  let vendorUser: Session;
  let otherVendorUser: Session;
  let engagementId: string;

  const inbox = async (as: Session, type: string): Promise<Note[]> => {
    await t.app.services.notificationDelivery.consume();
    const res = await t.call('GET', `${V1}/notifications?limit=100`, { as });
    expect(res.status, res.text).toBe(200);
    return (res.body.items as Note[]).filter((n) => n.type === type);
  };

  /** Written for a person: no stored enum value, no Markdown marks, ends as a sentence. */
  const readable = (n: Note) => {
    for (const text of [n.title, n.body]) {
      expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
      expect(text).not.toMatch(/\*\*|__|`|^#|\]\(/);
    }
    expect(n.body).toMatch(/[.!?]$/);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, env: LONG_SESSIONS });
    owner = await t.owner();
    manager = await t.user('manager');
    bystander = await t.user('manager');
    const vendor = await t.vendor({ name: 'Manila Care', country: 'PH' });
    const other = await t.vendor({ name: 'Krakow Desk', country: 'PL' });
    vendorUser = await t.user('vendor', vendor.id);
    otherVendorUser = await t.user('vendor', other.id);
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
    await t.call('POST', `${V1}/engagements/${engagementId}/sow/approve`, { as: manager });

    // A questionnaire for Manila Care, and one for Krakow Desk sent by someone else.
    const template = await t.call('POST', `${V1}/questionnaire-templates`, {
      as: owner,
      body: {
        name: 'Security basics',
        sections: [
          {
            id: 's',
            title: 'Policies',
            questions: [
              {
                id: 'policy',
                text: 'Do you have a written security policy?',
                type: 'yes_no',
                required: true,
              },
            ],
          },
        ],
      },
    });
    expect(template.status, template.text).toBe(201);
    const sent = await t.call('POST', `${V1}/assessments`, {
      as: manager,
      body: { templateId: template.body.id, vendorId: vendor.id, dueDate: '2027-03-31' },
    });
    expect(sent.status, sent.text).toBe(201);
    assessmentId = sent.body.id;
    templateId = template.body.id;
  });
  afterAll(() => t?.close());

  let assessmentId: string;
  let templateId: string;

  it('tells the vendor’s users that a questionnaire waits for them, and nobody else', async () => {
    const [told] = await inbox(vendorUser, 'assessment.sent');
    expect(told).toMatchObject({
      title: 'Please answer the questionnaire “Security basics” by 2027-03-31',
      link: `/assessments/${assessmentId}`,
    });
    readable(told!);
    expect(await inbox(otherVendorUser, 'assessment.sent')).toEqual([]);
    expect(await inbox(manager, 'assessment.sent')).toEqual([]);
    expect(await inbox(bystander, 'assessment.sent')).toEqual([]);
    expect(await inbox(owner, 'assessment.sent')).toEqual([]);
    // The vendor user may set how they hear of it.
    const prefs = await t.call('GET', `${V1}/notification-preferences`, { as: vendorUser });
    expect(prefs.body.items.map((i: { eventType: string }) => i.eventType)).toContain('assessment.sent');
  });

  it('tells the manager who sent the questionnaire that it was answered, and no vendor user', async () => {
    expect(
      (
        await t.call('PUT', `${V1}/assessments/${assessmentId}/answers`, {
          as: vendorUser,
          body: { answers: { policy: 'yes' } },
        })
      ).status,
    ).toBe(200);
    const submitted = await t.call('POST', `${V1}/assessments/${assessmentId}/submit`, { as: vendorUser });
    expect(submitted.status, submitted.text).toBe(200);
    const [told] = await inbox(manager, 'assessment.submitted');
    expect(told).toMatchObject({
      title: 'Manila Care answered “Security basics”',
      link: `/assessments/${assessmentId}`,
    });
    expect(told!.body).toContain('waits for your review');
    readable(told!);
    expect(await inbox(bystander, 'assessment.submitted')).toEqual([]);
    expect(await inbox(vendorUser, 'assessment.submitted')).toEqual([]);
    expect(await inbox(otherVendorUser, 'assessment.submitted')).toEqual([]);
    expect(templateId).toBeTruthy();
  });

  it('tells the vendor’s users that a scorecard is published, and a dispute to whoever published it', async () => {
    const card = await t.call('POST', `${V1}/engagements/${engagementId}/scorecards`, {
      as: manager,
      body: { period: '2027-01' },
    });
    expect(card.status, card.text).toBe(201);
    const scores = { quality: 4, timeliness: 4, communication: 3, cost: 3, security: 5 };
    const scored = await t.call('PATCH', `${V1}/scorecards/${card.body.id}`, {
      as: manager,
      body: { lines: Object.entries(scores).map(([criterion, score]) => ({ criterion, score })) },
    });
    expect(scored.status, scored.text).toBe(200);
    const published = await t.call('POST', `${V1}/scorecards/${card.body.id}/publish`, { as: manager });
    expect(published.status, published.text).toBe(200);

    const [told] = await inbox(vendorUser, 'scorecard.published');
    expect(told!.title).toBe(
      `Your scorecard for January 2027 is published with ${published.body.total} out of 100`,
    );
    expect(told!.link).toBe(`/engagements/${engagementId}/quality`);
    expect(told!.body).toContain('dispute');
    readable(told!);
    expect(await inbox(otherVendorUser, 'scorecard.published')).toEqual([]);
    expect(await inbox(bystander, 'scorecard.published')).toEqual([]);
    expect(await inbox(manager, 'scorecard.published')).toEqual([]);

    const dispute = await t.call('POST', `${V1}/scorecards/${card.body.id}/responses`, {
      as: vendorUser,
      body: { kind: 'dispute', criterion: 'communication', comment: 'We answered every mail within a day.' },
    });
    expect(dispute.status, dispute.text).toBe(201);
    const [disputed] = await inbox(manager, 'scorecard.disputed');
    expect(disputed).toMatchObject({
      title: 'Manila Care disputes the communication score of January 2027',
      link: `/engagements/${engagementId}/quality`,
    });
    readable(disputed!);
    // Internal only: the vendor who disputed, another vendor and an uninvolved manager hear nothing.
    expect(await inbox(vendorUser, 'scorecard.disputed')).toEqual([]);
    expect(await inbox(otherVendorUser, 'scorecard.disputed')).toEqual([]);
    expect(await inbox(bystander, 'scorecard.disputed')).toEqual([]);
    // A response that is not a dispute asks nothing of anyone.
    await t.call('POST', `${V1}/scorecards/${card.body.id}/responses`, {
      as: vendorUser,
      body: { kind: 'response', comment: 'Thanks for the review.' },
    });
    expect(await inbox(manager, 'scorecard.disputed')).toHaveLength(1);
  });
});

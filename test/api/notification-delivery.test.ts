/**
 * Notifications by event, per-user preferences, email over a real in-process SMTP server, retries
 * with backoff, and the daily digest. Jobs are driven by calling their functions with a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/contracts/events';
import { jobsOf } from '../../src/server/jobs/index';
import type { PublishInput } from '../../src/server/modules/events/service';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

const V1 = '/api/v1';
const LONG_SESSIONS = { OUTPOST_SESSION_IDLE_MINUTES: '400000', OUTPOST_SESSION_ABSOLUTE_HOURS: '9000' };
const ORG = {
  name: 'Northwind',
  country: 'DE',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '17:00' },
};
const MIN = 60_000;

describe.each(dialects)('notification delivery on %s', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let clock: FakeClock;
  let owner: Session;
  let admin: Session;
  let manager: Session;
  let bystander: Session;
  let vendorA: { id: string; name: string };
  let vendorB: { id: string; name: string };
  let userA: Session;
  let userB: Session;
  let engagementA: string;
  let engagementB: string;
  let sharedThread: string;
  let internalThread: string;

  const delivery = () => t.app.services.notificationDelivery;
  const consume = async () => {
    const res = await delivery().consume();
    expect(res.failed).toEqual([]);
    return res;
  };
  const inbox = async (as: Session) => {
    const res = await t.call('GET', `${V1}/notifications?limit=100`, { as });
    expect(res.status, res.text).toBe(200);
    return res.body.items as Array<{ type: string; title: string; body: string; link: string | null }>;
  };
  const prefs = async (as: Session, items: Array<{ eventType: string; channel: string | null }>) => {
    const res = await t.call('PUT', `${V1}/notification-preferences`, { as, body: { items } });
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  const publish = (input: PublishInput) =>
    t.db.database.db.transaction().execute((tx) => t.app.services.events.publish(tx, input));
  const outbox = () =>
    t.db.database.db.selectFrom('emailOutbox').selectAll().orderBy('createdAt').orderBy('id').execute();
  const mailsTo = (s: Session) => smtp.mails.filter((m) => m.to.includes(s.email!));
  const engagement = async (vendorId: string, title: string) => {
    const res = await t.call('POST', `${V1}/engagements`, {
      as: manager,
      body: { vendorId, title, function: 'customer_service', startDate: '2027-01-01', budget: 1_000_000 },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    // Monday 2027-03-01, 10:00 in Berlin.
    clock = fakeClock('2027-03-01T09:00:00Z');
    t = await createTestApp(dialect, {
      clock,
      env: { ...LONG_SESSIONS, SMTP_URL: smtp.url, MAIL_FROM: 'Outpost <outpost@northwind.example>' },
    });
    owner = await t.owner();
    await t.call('PUT', `${V1}/settings/organisation`, { as: owner, body: ORG });
    admin = await t.user('admin');
    manager = await t.user('manager');
    bystander = await t.user('manager');
    vendorA = await t.vendor({ name: 'Manila Care', country: 'PH', ownerId: manager.userId });
    vendorB = await t.vendor({ name: 'Krakow Desk', country: 'PL' });
    userA = await t.user('vendor', vendorA.id);
    userB = await t.user('vendor', vendorB.id);
    engagementA = await engagement(vendorA.id, 'Care <DACH> & Co');
    engagementB = await engagement(vendorB.id, 'Back office PL');
    const put = await t.call('PUT', `${V1}/engagements/${engagementA}/sow`, { as: manager, body: GOOD_SOW });
    expect(put.status, put.text).toBe(200);
    const approve = await t.call('POST', `${V1}/engagements/${engagementA}/sow/approve`, { as: manager });
    expect(approve.status, approve.text).toBe(200);
    const shared = await t.call('POST', `${V1}/engagements/${engagementA}/threads`, {
      as: manager,
      body: { title: 'Weekly operations', visibility: 'shared' },
    });
    sharedThread = shared.body.id;
    const internal = await t.call('POST', `${V1}/engagements/${engagementA}/threads`, {
      as: manager,
      body: { title: 'Pricing (internal)', visibility: 'internal' },
    });
    internalThread = internal.body.id;
    // Nothing so far is an event anybody hears of.
    await consume();
    smtp.mails.length = 0;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('answers each user their own preferences, with documented defaults and only the types they can hear of', async () => {
    const mine = await t.call('GET', `${V1}/notification-preferences`, { as: manager });
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body.emailConfigured).toBe(true);
    expect(mine.body.digestTimezone).toBe('Europe/Berlin');
    expect(mine.body.items.map((i: { eventType: string }) => i.eventType)).toEqual([...EVENT_TYPES]);
    const byType = Object.fromEntries(mine.body.items.map((i: { eventType: string }) => [i.eventType, i]));
    expect(byType['sla.breached']).toEqual({
      eventType: 'sla.breached',
      channel: 'email',
      defaultChannel: 'email',
      isDefault: true,
    });
    expect(byType['message.created'].channel).toBe('in_app');

    const theirs = await t.call('GET', `${V1}/notification-preferences`, { as: userA });
    expect(theirs.body.items.map((i: { eventType: string }) => i.eventType)).toEqual([
      'message.created',
      'certification.expiring',
      'certification.expired',
      'holiday_calendar.next_year_missing',
      'assessment.sent',
      'scorecard.published',
    ]);
    const refused = await t.call('PUT', `${V1}/notification-preferences`, {
      as: userA,
      body: { items: [{ eventType: 'sla.breached', channel: 'email' }] },
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('items.0.eventType');
    const bad = await t.call('PUT', `${V1}/notification-preferences`, {
      as: manager,
      body: { items: [{ eventType: 'message.created', channel: 'pigeon' }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('channel');
    expect((await t.call('GET', `${V1}/notification-preferences`)).status).toBe(401);

    const saved = await prefs(manager, [
      { eventType: 'message.created', channel: 'email' },
      { eventType: 'vendor.status_changed', channel: 'none' },
      { eventType: 'change_request.submitted', channel: 'digest' },
      { eventType: 'deliverable.submitted', channel: 'digest' },
    ]);
    const after = Object.fromEntries(saved.items.map((i: { eventType: string }) => [i.eventType, i]));
    expect(after['message.created']).toMatchObject({ channel: 'email', isDefault: false });
    // Another user's settings are untouched; null goes back to the default.
    const admins = await t.call('GET', `${V1}/notification-preferences`, { as: admin });
    expect(admins.body.items.every((i: { isDefault: boolean }) => i.isDefault)).toBe(true);
    const reset = await prefs(admin, [{ eventType: 'sla.breached', channel: null }]);
    expect(reset.items.find((i: { eventType: string }) => i.eventType === 'sla.breached').channel).toBe(
      'email',
    );
  });

  it('mails a thread participant at once: plain text and escaped HTML, the engagement in the subject, once', async () => {
    const posted = await t.call('POST', `${V1}/threads/${sharedThread}/messages`, {
      as: userA,
      body: { body: 'Hello <script>alert(1)</script> team & friends' },
    });
    expect(posted.status, posted.text).toBe(201);
    const res = await consume();
    expect(res.handled).toBe(1);
    expect(res.emails).toBe(1); // the manager started the thread and chose email
    expect(await inbox(manager)).toEqual([]); // email instead of the bell, as chosen
    // Owners and admins took no part in the thread: not told.
    expect((await inbox(owner)).filter((n) => n.type === 'message.created')).toEqual([]);

    expect(await delivery().sendDue()).toEqual({ attempted: 1, sent: 1, failed: 0 });
    const [mail] = mailsTo(manager);
    expect(mail).toBeDefined();
    expect(mail!.to).toEqual([manager.email]);
    expect(mail!.from).toBe('outpost@northwind.example');
    expect(mail!.subject.startsWith('[Care <DACH> & Co] ')).toBe(true);
    expect(mail!.subject).toContain('“Weekly operations”');
    expect(mail!.text).toContain('Hello <script>alert(1)</script> team & friends');
    expect(mail!.text).toContain(`/engagements/${engagementA}/messages/${sharedThread}`);
    expect(mail!.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt; team &amp; friends');
    expect(mail!.html).not.toContain('<script>');

    // Never twice: the event is consumed, the mail is sent.
    expect((await consume()).handled).toBe(0);
    expect(await delivery().sendDue()).toEqual({ attempted: 0, sent: 0, failed: 0 });
    expect(mailsTo(manager)).toHaveLength(1);
    const rows = await outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });

  it('never tells a vendor user about another vendor or an internal thread', async () => {
    // The vendor user answers in the shared thread: now a participant there.
    await t.call('POST', `${V1}/threads/${sharedThread}/messages`, {
      as: manager,
      body: { body: 'Thanks!' },
    });
    // An internal message, even one that names the vendor user as mentioned.
    await t.call('POST', `${V1}/threads/${internalThread}/messages`, {
      as: bystander,
      body: { body: 'Internal only' },
    });
    await publish({
      type: 'message.created',
      engagementId: engagementA,
      vendorId: vendorA.id,
      payload: {
        threadId: internalThread,
        threadTitle: 'Pricing (internal)',
        authorName: 'bystander',
        mentionIds: [userA.userId, userB.userId, manager.userId],
        excerpt: 'internal',
        actorId: bystander.userId,
      },
    });
    // Another vendor's user mentioned in vendor A's shared thread: not theirs to read.
    await publish({
      type: 'message.created',
      engagementId: engagementA,
      vendorId: vendorA.id,
      payload: {
        threadId: sharedThread,
        threadTitle: 'Weekly operations',
        mentionIds: [userB.userId],
        excerpt: 'x',
      },
    });
    // Vendor B's certificate expires; vendor B's thread gets a message.
    await publish({
      type: 'certification.expiring',
      vendorId: vendorB.id,
      payload: { standardName: 'ISO/IEC 27001', expiresOn: '2027-03-31', days: 30, threshold: 30 },
    });
    const threadB = await t.call('POST', `${V1}/engagements/${engagementB}/threads`, {
      as: userB,
      body: { title: 'Onboarding', visibility: 'shared' },
    });
    await t.call('POST', `${V1}/threads/${threadB.body.id}/messages`, {
      as: userB,
      body: { body: 'Hi from Krakow' },
    });
    await t.call('POST', `${V1}/threads/${threadB.body.id}/messages`, {
      as: manager,
      body: { body: 'Welcome' },
    });
    await consume();

    const a = await inbox(userA);
    // Two messages in vendor A's shared thread, which the vendor user took part in; nothing else.
    expect(a).toHaveLength(2);
    for (const n of a) {
      expect(n.title).toContain('“Weekly operations”');
      expect(n.link).toBe(`/engagements/${engagementA}/messages/${sharedThread}`);
    }
    const b = await inbox(userB);
    expect(b).toHaveLength(2);
    expect(b.map((n) => n.title)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('“Onboarding”'),
        'Your ISO/IEC 27001 certificate expires in 30 days (2027-03-31)',
      ]),
    );
    expect(b.every((n) => !n.link?.includes(engagementA))).toBe(true);
    // Internal users who took part hear of the internal thread (the manager by email, as chosen).
    await delivery().sendDue();
    expect(mailsTo(manager).some((m) => m.subject.includes('Pricing (internal)'))).toBe(true);
    expect(smtp.mails.some((m) => m.to.includes(userA.email!) || m.to.includes(userB.email!))).toBe(false);
  });

  it('respects in_app and none: a vendor status change reaches the admins, not the owner who chose none', async () => {
    const res = await t.call('PATCH', `${V1}/vendors/${vendorA.id}`, {
      as: owner,
      body: { status: 'under_review' },
    });
    expect(res.status, res.text).toBe(200);
    await consume();
    const [told] = (await inbox(admin)).filter((n) => n.type === 'vendor.status_changed');
    expect(told).toMatchObject({ title: 'Manila Care is now under review', link: `/vendors/${vendorA.id}` });
    // The vendor's owner chose none; the owner made the change; vendor users never hear of status.
    expect((await inbox(manager)).filter((n) => n.type === 'vendor.status_changed')).toEqual([]);
    expect((await inbox(owner)).filter((n) => n.type === 'vendor.status_changed')).toEqual([]);
    expect((await inbox(userA)).filter((n) => n.type === 'vendor.status_changed')).toEqual([]);
    expect((await inbox(bystander)).filter((n) => n.type === 'vendor.status_changed')).toEqual([]);
  });

  it('gathers digest items into one mail per user per day, grouped by engagement, after the digest hour', async () => {
    const cr = await t.call('POST', `${V1}/engagements/${engagementA}/change-requests`, {
      as: owner,
      body: { title: 'Add Polish', changes: { creditCapPct: 12 }, submit: true },
    });
    expect(cr.status, cr.text).toBe(201);
    const deliverable = (await t.call('GET', `${V1}/engagements/${engagementA}/sow`, { as: manager })).body
      .deliverables[0].id;
    const sub = await t.call(
      'POST',
      `${V1}/engagements/${engagementA}/deliverables/${deliverable}/submissions`,
      {
        as: userA,
        body: { note: 'Plan attached' },
      },
    );
    expect(sub.status, sub.text).toBe(201);
    await publish({
      type: 'change_request.submitted',
      engagementId: engagementB,
      vendorId: vendorB.id,
      payload: { title: 'More hours', submittedByName: 'Krakow Desk' },
    });
    // engagement B is the manager's too (they created it).
    const res = await consume();
    expect(res.digest).toBeGreaterThanOrEqual(3);
    expect((await inbox(manager)).filter((n) => n.type.endsWith('.submitted'))).toEqual([]);

    // Same day: nothing goes yet. Next day before 08:00 Berlin: still nothing.
    expect(await delivery().runDigest()).toEqual({ day: '2027-03-01', mails: 0, items: 0 });
    clock.set('2027-03-02T06:30:00Z');
    expect(await delivery().runDigest()).toEqual({ day: null, mails: 0, items: 0 });
    clock.set('2027-03-02T07:05:00Z'); // 08:05 in Berlin
    const digest = await delivery().runDigest();
    expect(digest).toEqual({ day: '2027-03-02', mails: 1, items: 3 });
    expect(await delivery().runDigest()).toEqual({ day: '2027-03-02', mails: 0, items: 0 });

    const before = mailsTo(manager).length;
    await delivery().sendDue();
    const mails = mailsTo(manager).slice(before);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe('Outpost daily digest for 2027-03-02: 3 updates [2 engagements and vendors]');
    const text = mail.text;
    const a = text.indexOf('Care <DACH> & Co\n');
    const b = text.indexOf('Back office PL\n');
    expect(a).toBeGreaterThan(-1);
    expect(b).toBeGreaterThan(-1);
    expect(b).toBeLessThan(a); // sorted by name
    const sectionA = text.slice(a, text.indexOf('\n\n', a));
    expect(sectionA).toContain('Change request submitted: Add Polish');
    expect(sectionA).toContain('Deliverable submitted: Agent training plan');
    expect(text.slice(b, a)).toContain('Change request submitted: More hours');
    expect(mail.html).toContain('<h3>Care &lt;DACH&gt; &amp; Co</h3>');
  });

  it('retries a failed mail with exponential backoff, through a refusing and a stopped server, and loses nothing', async () => {
    const start = clock.now().getTime();
    smtp.mails.length = 0;
    await publish({
      type: 'sla.breached',
      engagementId: engagementA,
      vendorId: vendorA.id,
      payload: { period: '2027-02', name: 'First response', actual: 71, target: 80, creditPct: 5 },
    });
    expect((await consume()).emails).toBe(3); // owner, admin and the engagement's owner: email by default
    smtp.refuse = true;
    expect(await delivery().sendDue()).toEqual({ attempted: 3, sent: 0, failed: 3 });
    const pending = async () => (await outbox()).filter((r) => r.subject.includes('SLA breached'));
    let rows = await pending();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 1],
      ['pending', 1],
      ['pending', 1],
    ]);
    expect(rows[0]!.lastError).toContain('451');
    expect(Date.parse(rows[0]!.nextAttemptAt)).toBe(start + MIN);
    // Not yet due: nothing is tried.
    clock.set(new Date(start + 30_000));
    expect((await delivery().sendDue()).attempted).toBe(0);
    clock.set(new Date(start + MIN));
    expect(await delivery().sendDue()).toEqual({ attempted: 3, sent: 0, failed: 3 });
    rows = await pending();
    expect(Date.parse(rows[0]!.nextAttemptAt)).toBe(start + 3 * MIN); // waited 2 min this time
    // The server goes down altogether.
    await smtp.stop();
    clock.set(new Date(start + 3 * MIN));
    expect(await delivery().sendDue()).toEqual({ attempted: 3, sent: 0, failed: 3 });
    rows = await pending();
    expect(rows[0]).toMatchObject({ status: 'pending', attempts: 3 });
    expect(rows[0]!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(Date.parse(rows[0]!.nextAttemptAt)).toBe(start + 7 * MIN); // then 4 min
    // Back up and accepting: at the next due time every mail goes out, once.
    smtp.refuse = false;
    await smtp.start();
    clock.set(new Date(start + 6 * MIN));
    expect((await delivery().sendDue()).attempted).toBe(0);
    clock.set(new Date(start + 7 * MIN));
    expect(await delivery().sendDue()).toEqual({ attempted: 3, sent: 3, failed: 0 });
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([admin.email, manager.email, owner.email].sort());
    expect(smtp.mails[0]!.subject).toBe('[Care <DACH> & Co] SLA breached: First response (2027-02)');
    expect(smtp.mails[0]!.text).toContain(
      'Measured 71 against a target of 80; a service credit of 5 % applies.',
    );
    rows = await pending();
    expect(rows.map((r) => [r.status, r.attempts, r.lastError])).toEqual([
      ['sent', 4, null],
      ['sent', 4, null],
      ['sent', 4, null],
    ]);
    clock.set(new Date(start + 60 * MIN));
    expect((await delivery().sendDue()).attempted).toBe(0);
    expect(smtp.mails).toHaveLength(3);
  });

  it('registers the consumer, the sender and the digest with the scheduler', () => {
    const names = jobsOf(t.app.services).map((j) => j.name);
    expect(names).toEqual(
      expect.arrayContaining(['notifications', 'notifications.email', 'notifications.digest']),
    );
  });
});

describe.each(dialects)('notification email without SMTP_URL on %s', (dialect) => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('keeps email preferences and queued mails, sends nothing, and says so', async () => {
    t = await createTestApp(dialect);
    const owner = await t.owner();
    const prefs = await t.call('GET', `${V1}/notification-preferences`, { as: owner });
    expect(prefs.body.emailConfigured).toBe(false);
    const put = await t.call('PUT', `${V1}/notification-preferences`, {
      as: owner,
      body: { items: [{ eventType: 'renewal.due', channel: 'email' }] },
    });
    expect(put.status).toBe(200);
    await t.db.database.db
      .transaction()
      .execute((tx) =>
        t.app.services.events.publish(tx, { type: 'renewal.due', payload: { title: 'Care DACH contract' } }),
      );
    const consumed = await t.app.services.notificationDelivery.consume();
    expect(consumed.emails).toBe(1);
    expect(await t.app.services.notificationDelivery.sendDue()).toEqual({ attempted: 0, sent: 0, failed: 0 });
    const rows = await t.db.database.db.selectFrom('emailOutbox').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'pending',
      attempts: 0,
      subject: 'Renewal due: Care DACH contract',
    });
  });
});

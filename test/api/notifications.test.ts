import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsOf } from '../../src/server/jobs/index';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const DAY = 86_400_000;
const ORG = {
  name: 'Northwind',
  country: 'DE',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '17:00' },
};

describe.each(dialects)('notifications and certificate reminders on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let admin: Session;
  let manager: Session;
  let otherManager: Session;
  let vendorUser: Session;
  let vendorId: string;

  const inbox = async (as: Session, query = '') => {
    const res = await call('GET', `/api/v1/notifications${query}`, { as });
    expect(res.status, res.text).toBe(200);
    return res.body as {
      items: Array<{ id: string; title: string; type: string; readAt: string | null; link: string }>;
      nextCursor: string | null;
      unreadCount: number;
    };
  };
  /** The reminder job publishes; the notifications consumer tells people (in the app, by default). */
  const run = async () => {
    const { certificates } = await t.app.services.diligence.reminders.run();
    const delivered = await t.app.services.notificationDelivery.consume();
    expect(delivered.failed).toEqual([]);
    return { notified: delivered.inApp, certificates };
  };
  /** The fake clock jumps weeks ahead, past session expiry: every call signs in afresh. */
  const call: TestApp['call'] = async (method, url, options = {}) =>
    t.call(method, url, { ...options, as: options.as?.email ? await t.login(options.as.email) : options.as });

  beforeAll(async () => {
    // 2027-01-01 12:00 in Berlin.
    clock = fakeClock('2027-01-01T11:00:00Z');
    t = await createTestApp(dialect, { clock });
    owner = await t.owner();
    await t.call('PUT', '/api/v1/settings/organisation', { as: owner, body: ORG });
    admin = await t.user('admin');
    manager = await t.user('manager');
    otherManager = await t.user('manager');
    const vendor = await t.vendor({ name: 'Expiring Ltd', country: 'DE', ownerId: manager.userId });
    vendorId = vendor.id;
    vendorUser = await t.user('vendor', vendorId);
    // Expires 100 days from today (Berlin): no reminder yet.
    const res = await t.call('POST', `/api/v1/vendors/${vendorId}/certifications`, {
      as: manager,
      body: { standard: 'iso27001', expiresOn: '2027-04-11' },
    });
    expect(res.status, res.text).toBe(201);
  });
  afterAll(() => t?.close());

  it('tells the vendor’s owner and the admins once per threshold, on the organisation’s day', async () => {
    expect(await run()).toEqual({ notified: 0, certificates: 0 });
    const titles = async (as: Session) => (await inbox(as)).items.map((n) => n.title);

    // 90 days before: 2027-01-11 in Berlin. At 23:30 UTC on the 10th it is already the 11th there.
    clock.set('2027-01-10T23:30:00Z');
    const first = await run();
    expect(first.certificates).toBe(1);
    expect(first.notified).toBe(4); // owner, admin, the vendor's owner (manager), the vendor's user
    expect(await titles(manager)).toEqual([
      'Expiring Ltd: ISO/IEC 27001 certificate expires in 90 days (2027-04-11)',
    ]);
    expect((await inbox(owner)).unreadCount).toBe(1);
    expect((await inbox(admin)).items).toHaveLength(1);
    expect((await inbox(otherManager)).items).toEqual([]);
    // The vendor's own user hears of it in their words: they are the ones to renew it.
    expect(await titles(vendorUser)).toEqual([
      'Your ISO/IEC 27001 certificate expires in 90 days (2027-04-11)',
    ]);

    // Again the same day, and every day until the next threshold: nothing new.
    expect((await run()).notified).toBe(0);
    for (let d = 1; d < 60; d += 7) {
      clock.set(new Date(Date.parse('2027-01-11T08:00:00Z') + d * DAY));
      expect((await run()).notified).toBe(0);
    }
    // 30, 7 and 0 days before.
    for (const [at, days] of [
      ['2027-03-12T08:00:00Z', '30'],
      ['2027-04-04T08:00:00Z', '7'],
    ] as const) {
      clock.set(at);
      expect((await run()).notified).toBe(4);
      expect((await run()).notified).toBe(0);
      expect((await titles(manager))[0]).toMatch(new RegExp(`expires in ${days} days`));
    }
    clock.set('2027-04-11T08:00:00Z');
    expect((await run()).notified).toBe(4);
    expect((await titles(manager))[0]).toBe('Expiring Ltd: ISO/IEC 27001 certificate expires today');
    clock.set('2027-04-12T08:00:00Z');
    expect((await run()).notified).toBe(0);
    expect(await titles(manager)).toHaveLength(4);
  });

  it('sends only the most urgent reminder for a certificate added late, and starts over on renewal', async () => {
    clock.set('2027-05-01T08:00:00Z');
    const res = await call('POST', `/api/v1/vendors/${vendorId}/certifications`, {
      as: manager,
      body: { standard: 'soc2_type2', expiresOn: '2027-05-06' },
    });
    const before = (await inbox(admin)).items.length;
    expect((await run()).notified).toBe(4);
    const latest = (await inbox(admin)).items;
    expect(latest).toHaveLength(before + 1);
    expect(latest[0]!.title).toMatch(/SOC 2 Type II certificate expires in 5 days/);
    expect(latest[0]!.link).toBe(`/vendors/${vendorId}/diligence`);
    // Renewed: a new expiry date brings the reminders back.
    await call('PATCH', `/api/v1/vendors/${vendorId}/certifications/${res.body.id}`, {
      as: manager,
      body: { expiresOn: '2027-07-30' },
    });
    expect((await run()).notified).toBe(4);
    expect((await inbox(admin)).items[0]!.title).toMatch(/expires in 90 days/);
  });

  it('is registered with the scheduler', () => {
    expect(jobsOf(t.app.services).map((j) => j.name)).toContain('diligence.certificate-reminders');
  });

  it('pages newest first, filters unread, marks one and all read, and keeps to the caller', async () => {
    const all = await inbox(manager, '?limit=2');
    expect(all.items).toHaveLength(2);
    expect(all.nextCursor).not.toBeNull();
    const next = await inbox(manager, `?limit=2&cursor=${all.nextCursor}`);
    expect(next.items.map((n) => n.id)).not.toContain(all.items[0]!.id);
    const total = all.unreadCount;
    const first = all.items[0]!;
    const read = await call('POST', `/api/v1/notifications/${first.id}/read`, { as: manager });
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await inbox(manager)).unreadCount).toBe(total - 1);
    expect((await inbox(manager, '?unread=true')).items.map((n) => n.id)).not.toContain(first.id);
    // Someone else's notification is not there.
    expect((await call('POST', `/api/v1/notifications/${first.id}/read`, { as: admin })).status).toBe(404);
    expect((await call('POST', `/api/v1/notifications/${first.id}/read`, { as: vendorUser })).status).toBe(
      404,
    );
    const all2 = await call('POST', '/api/v1/notifications/read-all', { as: manager });
    expect(all2.body.marked).toBe(total - 1);
    expect((await inbox(manager)).unreadCount).toBe(0);
    expect((await inbox(admin)).unreadCount).toBeGreaterThan(0);
    expect((await call('GET', '/api/v1/notifications?unread=maybe', { as: manager })).status).toBe(422);
    expect((await call('GET', '/api/v1/notifications')).status).toBe(401);
  });

  it('never repeats a dedupe key for the same user through notify()', async () => {
    const db = t.db.database.db;
    const notify = t.app.services.notifications.notify;
    const input = {
      userIds: [otherManager.userId, otherManager.userId],
      type: 't',
      title: 'Once',
      body: 'b',
      dedupeKey: 'k-1',
    };
    expect(await db.transaction().execute((tx) => notify(tx, input))).toBe(1);
    expect(await db.transaction().execute((tx) => notify(tx, input))).toBe(0);
    expect(await db.transaction().execute((tx) => notify(tx, { ...input, dedupeKey: null }))).toBe(1);
    expect((await inbox(otherManager)).items.map((n) => n.title)).toEqual(['Once', 'Once']);
  });
});

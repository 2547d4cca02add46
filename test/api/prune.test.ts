import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsOf } from '../../src/server/jobs/index';
import { createTestApp, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const NOW = new Date('2027-03-20T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const MIN = 60_000;
const DAY = 86_400_000;
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

/** The prune job deletes exactly the expired rows of each kind, each by its owner's rule (issue #15, item 14). */
describe.each(dialects)('the prune job on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      clock: fakeClock(NOW),
      env: { OUTPOST_SESSION_IDLE_MINUTES: '30', OUTPOST_SESSION_ABSOLUTE_HOURS: '8' },
    });
    owner = await t.owner();
  });
  afterAll(() => t?.close());

  it('deletes expired sessions, stale sign-in failures, spent invitations and old idempotency keys, and nothing else', async () => {
    const db = t.db.database.db;
    const session = (id: string, lastSeenAt: string, expiresAt: string) => ({
      idHash: sha256(id),
      userId: owner.userId,
      csrfToken: `csrf-${id}`,
      createdAt: ago(60 * MIN),
      lastSeenAt,
      expiresAt,
      ip: null,
      userAgent: null,
    });
    const sessions = {
      live: session('live', ago(29 * MIN), ago(-60 * MIN)),
      // Idle exactly as long as allowed: resolveSession refuses it, so it goes.
      idle: session('idle', ago(30 * MIN), ago(-60 * MIN)),
      longIdle: session('long-idle', ago(5 * 60 * MIN), ago(-3 * 60 * MIN)),
      absolute: session('absolute', ago(MIN), ago(0)),
      nearlyAbsolute: session('nearly-absolute', ago(MIN), ago(-1)),
    };
    // More than one batch of expired sessions: the job goes on until none is left.
    const many = Array.from({ length: 1500 }, (_, i) => session(`old-${i}`, ago(DAY), ago(DAY / 2)));
    await db.insertInto('sessions').values(Object.values(sessions)).execute();
    for (let i = 0; i < many.length; i += 500)
      await db
        .insertInto('sessions')
        .values(many.slice(i, i + 500))
        .execute();

    const failures = {
      locked: { key: 'acct:locked@example.com', count: 10, firstAt: ago(20 * MIN), lockedUntil: ago(-MIN) },
      lockEnded: { key: 'acct:ended@example.com', count: 10, firstAt: ago(40 * MIN), lockedUntil: ago(0) },
      inWindow: { key: 'addr:10.9.0.1', count: 3, firstAt: ago(14 * MIN), lockedUntil: null },
      windowPassed: { key: 'addr:10.9.0.2', count: 3, firstAt: ago(16 * MIN), lockedUntil: null },
      takenBack: { key: 'addr:10.9.0.3', count: 0, firstAt: ago(16 * MIN), lockedUntil: null },
    };
    await db.insertInto('loginFailures').values(Object.values(failures)).execute();

    const vendor = await t.vendor();
    const invitation = (id: string, expiresAt: string, acceptedAt: string | null) => ({
      id,
      vendorId: vendor.id,
      email: `${id}@example.com`,
      name: id,
      tokenHash: sha256(id),
      invitedBy: owner.userId,
      invitedByName: 'Olga Owner',
      createdAt: new Date(Date.parse(expiresAt) - 7 * DAY).toISOString(),
      expiresAt,
      acceptedAt,
      userId: null,
    });
    const invitations = {
      live: invitation('inv_live', ago(-3 * DAY), null),
      expiredLately: invitation('inv_expired_29d', ago(29 * DAY), null),
      expiredLongAgo: invitation('inv_expired_31d', ago(31 * DAY), null),
      usedLately: invitation('inv_used_29d', ago(23 * DAY), ago(29 * DAY)),
      usedLongAgo: invitation('inv_used_31d', ago(26 * DAY), ago(31 * DAY)),
    };
    await db.insertInto('portalInvitations').values(Object.values(invitations)).execute();

    const engagement = await t.call('POST', '/api/v1/engagements', {
      as: owner,
      body: {
        vendorId: vendor.id,
        title: 'Service desk',
        function: 'customer_service',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        monthlyFee: 1000,
      },
    });
    expect(engagement.status, engagement.text).toBe(201);
    const key = (k: string, createdAt: string) => ({
      key: k,
      engagementId: engagement.body.id,
      requestHash: 'h',
      response: '{"inserted":1}',
      createdAt,
    });
    const keys = {
      fresh: key('fresh', ago(DAY)),
      sixDays: key('six-days', ago(6 * DAY + 23 * 60 * MIN)),
      eightDays: key('eight-days', ago(8 * DAY)),
      weekAndAMinute: key('week-and-a-minute', ago(7 * DAY + MIN)),
    };
    await db.insertInto('idempotencyKeys').values(Object.values(keys)).execute();

    const job = jobsOf(t.app.services).find((j) => j.name === 'prune.expired')!;
    expect(job.everyMs).toBe(60 * MIN);
    expect(await job.run()).toEqual({
      sessions: 3 + many.length,
      signInFailures: 3,
      invitations: 2,
      idempotencyKeys: 2,
    });

    const sessionsLeft = await db.selectFrom('sessions').select('idHash').execute();
    const seeded = new Set([...Object.values(sessions), ...many].map((s) => s.idHash));
    expect(sessionsLeft.map((s) => s.idHash).filter((h) => seeded.has(h))).toEqual(
      expect.arrayContaining([sessions.live.idHash, sessions.nearlyAbsolute.idHash]),
    );
    expect(sessionsLeft.filter((s) => seeded.has(s.idHash))).toHaveLength(2);
    // What is left still signs in; the owner's own session was not touched.
    const me = await t.call('GET', '/api/v1/me', { headers: { cookie: 'outpost_session=live' } });
    expect(me.status).toBe(200);
    expect((await t.call('GET', '/api/v1/me', { as: owner })).status).toBe(200);

    const failuresLeft = await db
      .selectFrom('loginFailures')
      .select('key')
      .where(
        'key',
        'in',
        Object.values(failures).map((f) => f.key),
      )
      .orderBy('key')
      .execute();
    expect(failuresLeft.map((f) => f.key)).toEqual([failures.locked.key, failures.inWindow.key].sort());

    const invitationsLeft = await db.selectFrom('portalInvitations').select('id').orderBy('id').execute();
    expect(invitationsLeft.map((i) => i.id)).toEqual(
      [invitations.live.id, invitations.expiredLately.id, invitations.usedLately.id].sort(),
    );

    const keysLeft = await db.selectFrom('idempotencyKeys').select('key').orderBy('key').execute();
    expect(keysLeft.map((k) => k.key)).toEqual([keys.fresh.key, keys.sixDays.key].sort());

    // A second run finds nothing more.
    expect(await job.run()).toEqual({ sessions: 0, signInFailures: 0, invitations: 0, idempotencyKeys: 0 });
  });
});

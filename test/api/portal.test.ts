import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { startSmtp } from '../helpers/smtp';

const PASSWORD = 'a long portal password';
const tokenOf = (url: string) => url.split('/invitations/')[1]!;
const cookieOf = (headers: Record<string, unknown>) => {
  const set = headers['set-cookie'];
  return String(Array.isArray(set) ? set[0] : set).split(';')[0]!;
};

describe.each(dialects)('vendor portal invitations on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let vendorId: string;

  const invite = async (email: string, as = manager, id = vendorId) =>
    t.call('POST', `/api/v1/vendors/${id}/invitations`, { as, body: { email, name: 'Rosa Reyes' } });

  beforeAll(async () => {
    clock = fakeClock('2027-03-01T09:00:00Z');
    t = await createTestApp(dialect, { clock });
    owner = await t.owner();
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    vendorId = (await t.vendor({ name: 'Manila Support' })).id;
  });
  afterAll(() => t.close());

  it('invites, shows the invitation, and signs the new vendor user in once', async () => {
    const res = await invite('Rosa@Example.com');
    expect(res.status, res.text).toBe(201);
    expect(res.body.expiresAt).toBe('2027-03-08T09:00:00.000Z');
    expect(res.body.url).toMatch(/^\/invitations\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(res.body.url);

    // Only the hash is stored.
    const stored = await t.db.database.db.selectFrom('portalInvitations').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    const view = await t.call('GET', `/api/v1/invitations/${token}`);
    expect(view.status, view.text).toBe(200);
    expect(view.body).toMatchObject({
      vendorName: 'Manila Support',
      email: 'rosa@example.com',
      name: 'Rosa Reyes',
    });
    expect(view.body.invitedBy).toBeTruthy();

    const short = await t.call('POST', `/api/v1/invitations/${token}/accept`, {
      body: { password: 'short' },
    });
    expect(short.status).toBe(422);
    expect(short.body.errors[0].field).toBe('password');

    const accepted = await t.call('POST', `/api/v1/invitations/${token}/accept`, {
      body: { password: PASSWORD },
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.user).toMatchObject({ role: 'vendor', vendorId, email: 'rosa@example.com' });
    const session: Session = {
      cookie: cookieOf(accepted.headers),
      csrf: accepted.body.csrfToken,
      userId: accepted.body.user.id,
      role: 'vendor',
    };
    const me = await t.call('GET', '/api/v1/me', { as: session });
    expect(me.status, me.text).toBe(200);
    expect(me.body.user.vendorId).toBe(vendorId);
    expect((await t.call('GET', `/api/v1/vendors/${vendorId}`, { as: session })).status).toBe(200);

    // Single use: the page no longer finds it, and a second accept is refused naming the token.
    expect((await t.call('GET', `/api/v1/invitations/${token}`)).status).toBe(404);
    const again = await t.call('POST', `/api/v1/invitations/${token}/accept`, {
      body: { password: PASSWORD },
    });
    expect(again.status).toBe(422);
    expect(again.body.errors[0].field).toBe('token');
    // And they can sign in with the password they chose.
    expect(
      (
        await t.call('POST', '/api/v1/auth/login', {
          body: { email: 'rosa@example.com', password: PASSWORD },
        })
      ).status,
    ).toBe(200);
  });

  it('revokes the older invitations to an address when a new one is made', async () => {
    const first = await invite('twice@example.com');
    const other = await invite('someone.else@example.com');
    const second = await invite('Twice@Example.com');
    const otherVendor = (await t.vendor({ name: 'Second Desk' })).id;
    const third = await invite('twice@example.com', manager, otherVendor);
    for (const res of [first, other, second, third]) expect(res.status, res.text).toBe(201);
    for (const old of [first, second]) {
      const token = tokenOf(old.body.url);
      expect((await t.call('GET', `/api/v1/invitations/${token}`)).status).toBe(404);
      const accept = await t.call('POST', `/api/v1/invitations/${token}/accept`, {
        body: { password: PASSWORD },
      });
      expect(accept.status).toBe(422);
      expect(accept.body.errors[0].field).toBe('token');
    }
    // Another address keeps its link; the newest link to this one works.
    expect((await t.call('GET', `/api/v1/invitations/${tokenOf(other.body.url)}`)).status).toBe(200);
    const newest = await t.call('POST', `/api/v1/invitations/${tokenOf(third.body.url)}/accept`, {
      body: { password: PASSWORD },
    });
    expect(newest.status, newest.text).toBe(200);
    expect(newest.body.user.vendorId).toBe(otherVendor);
  });

  it('mails the link to the contact when SMTP is set up, keeping it encrypted until sent and no copy after', async () => {
    const smtp = await startSmtp();
    const mailing = await createTestApp(dialect, {
      clock,
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Outpost <outpost@example.com>',
        OUTPOST_PUBLIC_URL: 'https://outpost.example.com',
      },
    });
    try {
      const boss = await mailing.owner();
      const v = await mailing.vendor({ name: 'Krakow <Desk>' });
      const res = await mailing.call('POST', `/api/v1/vendors/${v.id}/invitations`, {
        as: boss,
        body: { email: 'jan@example.com', name: 'Jan Nowak' },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.email).toBe('queued');
      // Queued, the mail holds the link encrypted: a copy of the database holds no claimable link.
      const queued = await mailing.db.database.db.selectFrom('emailOutbox').selectAll().execute();
      expect(queued.map((r) => r.status)).toEqual(['pending']);
      expect(JSON.stringify(queued)).not.toContain(tokenOf(res.body.url));
      expect(queued[0]!.text).toContain('⟦sealed:');
      expect(await mailing.app.services.notificationDelivery.sendDue()).toMatchObject({ sent: 1 });
      expect(smtp.mails).toHaveLength(1);
      const [mail] = smtp.mails;
      expect(mail!.to).toEqual(['jan@example.com']);
      expect(mail!.subject).toMatch(/^\[Krakow <Desk>\] .* invites you to Outpost$/);
      expect(mail!.text).toContain(res.body.url);
      expect(mail!.html).toContain(`href="${res.body.url}"`);
      expect(mail!.text).toContain('until 2027-03-08');
      expect(mail!.html).toContain('Krakow &lt;Desk&gt;');
      const stored = await mailing.db.database.db.selectFrom('emailOutbox').selectAll().execute();
      expect(stored.map((r) => r.status)).toEqual(['sent']);
      expect(JSON.stringify(stored)).not.toContain(tokenOf(res.body.url));
    } finally {
      await mailing.close();
      await smtp.stop();
    }
    // Without SMTP the answer says the link must be handed over by hand.
    expect((await invite('nomail@example.com')).body.email).toBe('not_configured');
  });

  it('expires after seven days', async () => {
    const res = await invite('late@example.com');
    const token = tokenOf(res.body.url);
    clock.advance(7 * 86_400_000 - 1000);
    expect((await t.call('GET', `/api/v1/invitations/${token}`)).status).toBe(200);
    clock.advance(1000);
    expect((await t.call('GET', `/api/v1/invitations/${token}`)).status).toBe(404);
    const late = await t.call('POST', `/api/v1/invitations/${token}/accept`, {
      body: { password: PASSWORD },
    });
    expect(late.status).toBe(422);
    expect(late.body.errors[0]).toMatchObject({
      field: 'token',
      message: expect.stringContaining('expired'),
    });
    expect(
      (
        await t.call('POST', '/api/v1/auth/login', {
          body: { email: 'late@example.com', password: PASSWORD },
        })
      ).status,
    ).toBe(401);
    // Back to the first day, so that the other tests' sessions are still fresh.
    clock.set('2027-03-01T10:00:00Z');
  });

  it('refuses unknown tokens, taken emails, read-only roles and unknown vendors', async () => {
    expect((await t.call('GET', '/api/v1/invitations/nope')).status).toBe(404);
    expect(
      (await t.call('POST', '/api/v1/invitations/nope/accept', { body: { password: PASSWORD } })).status,
    ).toBe(404);
    const taken = await invite('rosa@example.com');
    expect(taken.status).toBe(422);
    expect(taken.body.errors[0].field).toBe('email');
    expect((await invite('x@example.com', viewer)).status).toBe(403);
    expect((await invite('x@example.com', manager, 'vnd_01JD3ZQ8N0000000000000000')).status).toBe(404);
    const bad = await t.call('POST', `/api/v1/vendors/${vendorId}/invitations`, {
      as: manager,
      body: { email: 'nope' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'name']);
  });

  it('offboarding disables the vendor users and ends their sessions and API tokens at once', async () => {
    const v = (await t.vendor({ name: 'Leaving Ltd' })).id;
    const res = await invite('leaver@example.com', manager, v);
    const accepted = await t.call('POST', `/api/v1/invitations/${tokenOf(res.body.url)}/accept`, {
      body: { password: PASSWORD },
    });
    const session: Session = {
      cookie: cookieOf(accepted.headers),
      csrf: accepted.body.csrfToken,
      userId: accepted.body.user.id,
      role: 'vendor',
    };
    const token = await t.call('POST', '/api/v1/tokens', {
      as: session,
      body: { name: 'ci', scope: 'read' },
    });
    expect(token.status, token.text).toBe(201);
    const bearer: Session = { token: token.body.token, userId: session.userId, role: 'vendor' };
    expect((await t.call('GET', '/api/v1/me', { as: bearer })).status).toBe(200);
    // A pending invitation of the vendor, to be accepted after offboarding.
    const pending = await invite('pending@example.com', manager, v);

    const off = await t.call('PATCH', `/api/v1/vendors/${v}`, { as: owner, body: { status: 'offboarded' } });
    expect(off.status, off.text).toBe(200);
    expect((await t.call('GET', '/api/v1/me', { as: session })).status).toBe(401);
    expect((await t.call('GET', '/api/v1/me', { as: bearer })).status).toBe(401);
    const user = await t.call('GET', `/api/v1/users/${session.userId}`, { as: owner });
    expect(user.body.disabled).toBe(true);
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email: 'leaver@example.com', password: PASSWORD },
    });
    expect(login.status).toBe(401);
    expect(
      (
        await t.call('POST', `/api/v1/invitations/${tokenOf(pending.body.url)}/accept`, {
          body: { password: PASSWORD },
        })
      ).status,
    ).toBe(409);
    expect((await invite('another@example.com', manager, v)).status).toBe(409);
    // The audit trail says who was cut off.
    const audit = await t.call('GET', `/api/v1/audit-events?entityId=${session.userId}`, { as: owner });
    expect(audit.body.items.some((e: { action: string }) => e.action === 'user.update')).toBe(true);
  });
});

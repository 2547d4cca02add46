/**
 * Absolute links come only from OUTPOST_PUBLIC_URL (issue #15 item 4): a forged Host or forwarded
 * header never reaches a mail or an answer, with the public address set or not.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { startSmtp } from '../helpers/smtp';

const V1 = '/api/v1';
const FORGED = {
  host: 'attacker.example:8080',
  'x-forwarded-host': 'attacker.example',
  'x-forwarded-proto': 'https',
};

async function withApp(
  dialect: (typeof dialects)[number],
  env: Record<string, string>,
  run: (t: TestApp, mails: () => any[]) => Promise<void>,
) {
  const smtp = await startSmtp();
  const t = await createTestApp(dialect, {
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Outpost <outpost@example.com>', ...env },
  });
  try {
    await run(t, () => smtp.mails);
  } finally {
    await t.close();
    await smtp.stop();
  }
}

/** Invite and create a calendar feed with a forged Host; answers both answers and the sent mail. */
async function forgedRequests(t: TestApp, mails: () => any[]) {
  const owner = await t.owner();
  const vendor = await t.vendor({ name: 'Lagos Desk' });
  const invitation = await t.call('POST', `${V1}/vendors/${vendor.id}/invitations`, {
    as: owner,
    headers: FORGED,
    body: { email: 'ada@example.com', name: 'Ada Obi' },
  });
  expect(invitation.status, invitation.text).toBe(201);
  const calendar = await t.call('POST', `${V1}/calendar/token`, { as: owner, headers: FORGED });
  expect(calendar.status, calendar.text).toBe(201);
  expect(await t.app.services.notificationDelivery.sendDue()).toMatchObject({ sent: 1 });
  const [mail] = mails();
  expect(mail).toBeDefined();
  const everything = [invitation.text, calendar.text, mail.text, mail.html, JSON.stringify(mail)].join('\n');
  expect(everything).not.toContain('attacker');
  return { invitation: invitation.body, calendar: calendar.body, mail };
}

describe.each(dialects)('links on %s', (dialect) => {
  it('come from OUTPOST_PUBLIC_URL only, whatever Host the request names', async () => {
    await withApp(dialect, { OUTPOST_PUBLIC_URL: 'https://outpost.example.com/' }, async (t, mails) => {
      const { invitation, calendar, mail } = await forgedRequests(t, mails);
      expect(invitation.url).toMatch(/^https:\/\/outpost\.example\.com\/invitations\/[A-Za-z0-9_-]{43}$/);
      expect(calendar.url).toMatch(
        /^https:\/\/outpost\.example\.com\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/,
      );
      expect(mail.text).toContain(invitation.url);
      expect(mail.html).toContain(`href="${invitation.url}"`);
      // The link works.
      expect((await t.call('GET', `${V1}${new URL(invitation.url).pathname}`)).status).toBe(200);
    });
  });

  it('are paths without OUTPOST_PUBLIC_URL, and the mail carries no link and says so', async () => {
    await withApp(dialect, {}, async (t, mails) => {
      const { invitation, calendar, mail } = await forgedRequests(t, mails);
      expect(invitation.url).toMatch(/^\/invitations\/[A-Za-z0-9_-]{43}$/);
      expect(calendar.url).toMatch(/^\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      const token = invitation.url.split('/invitations/')[1];
      for (const part of [mail.text, mail.html]) {
        expect(part).not.toContain(token);
        expect(part).not.toMatch(/https?:\/\//);
        expect(part).toContain('carries no link');
      }
      expect((await t.call('GET', `${V1}${invitation.url}`)).status).toBe(200);
      expect((await t.call('GET', calendar.url)).status).toBe(200);
    });
  });
});

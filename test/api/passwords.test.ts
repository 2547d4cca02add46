/**
 * NIST SP 800-63B password rules wherever a password is set: setup, user creation, POST
 * /me/password and joining through a portal invitation. Every refusal is 422 problem+json naming
 * the field the request sent (`password`, or `newPassword`), with a message a person can act on,
 * and changes nothing. The rule itself is unit-tested in src/server/modules/accounts/passwords.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, createTestApp, PASSWORD, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

/** The review's cases that everyone must be refused, whoever they are. */
const WEAK_FOR_ANYONE = [
  ' '.repeat(12),
  '\u200b'.repeat(12),
  'aaaaaaaaaaaa',
  'password1234',
  'ｐａｓｓｗｏｒｄ１２３４', // full width: password1234 after NFKC
  '🔐'.repeat(11), // 22 UTF-16 units, 11 characters
];

function expectRefused(res: Answer, field: string, message: RegExp = /./) {
  expectProblem(res, 422);
  expect(res.body.errors, res.text).toEqual([{ field, message: expect.stringMatching(message) }]);
  // A human sentence, not a code: "is too easy to guess. This is a commonly used password. …".
  expect(res.body.errors[0].message).toMatch(/^(must|is) [a-z]/);
}

describe.each(dialects)('password rules on %s', (dialect) => {
  describe('setup', () => {
    let fresh: TestApp;
    beforeAll(async () => {
      fresh = await createTestApp(dialect);
    });
    afterAll(() => fresh?.close());

    it('refuses the weak cases, the owner’s own e-mail and the organisation’s name, then takes a passphrase', async () => {
      const setup = (password: string) =>
        fresh.call('POST', '/api/v1/setup', {
          body: {
            name: 'Olga Owner',
            email: 'olga.owner@example.com',
            password,
            organisation: { name: 'Northwind Traders' },
          },
        });
      for (const password of [...WEAK_FOR_ANYONE, 'olga.owner@example.com', 'northwindtraders']) {
        expectRefused(await setup(password), 'password');
      }
      expectRefused(await setup(' '.repeat(12)), 'password', /visible/);
      expectRefused(await setup('olga.owner@example.com'), 'password', /too easy to guess/);
      expect((await fresh.call('GET', '/api/v1/setup')).body).toEqual({ needsSetup: true });

      const created = await setup('Zażółć gęślą jaźń');
      expect(created.status, created.text).toBe(201);
      // Signs in with the same passphrase typed with decomposed accents.
      await expect(
        fresh.login('olga.owner@example.com', 'Zażółć gęślą jaźń'.normalize('NFD')),
      ).resolves.toMatchObject({ role: 'owner' });
    });
  });

  describe('once set up', () => {
    let t: TestApp;
    let owner: Session;
    beforeAll(async () => {
      // Invitation links are absolute only with a public address.
      t = await createTestApp(dialect, { env: { OUTPOST_PUBLIC_URL: 'https://outpost.example' } });
      owner = await t.owner();
    });
    afterAll(() => t?.close());

    it('refuses weak passwords and the new user’s own e-mail on user creation', async () => {
      const create = (password: string) =>
        t.call('POST', '/api/v1/users', {
          as: owner,
          body: { name: 'Ines Ibarra', email: 'ines.ibarra@example.com', password, role: 'viewer' },
        });
      for (const password of [...WEAK_FOR_ANYONE, 'ines.ibarra@example.com', 'InesIbarra2026!']) {
        expectRefused(await create(password), 'password');
      }
      const users = await t.call('GET', '/api/v1/users?q=ines', { as: owner });
      expect(users.body.items).toEqual([]);

      const created = await create('吾輩は猫である名前はまだ無い');
      expect(created.status, created.text).toBe(201);
      await expect(t.login('ines.ibarra@example.com', '吾輩は猫である名前はまだ無い')).resolves.toMatchObject(
        {
          role: 'viewer',
        },
      );
    });

    it('refuses on /me/password the current password, weak ones and the user’s e-mail, without locking anyone out', async () => {
      const me = await t.user('manager');
      const change = (newPassword: string, currentPassword = PASSWORD) =>
        t.call('POST', '/api/v1/me/password', { as: me, body: { currentPassword, newPassword } });

      expectRefused(await change(PASSWORD), 'newPassword', /^must differ from the current password$/);
      for (const newPassword of [...WEAK_FOR_ANYONE, me.email!]) {
        expectRefused(await change(newPassword), 'newPassword');
      }
      // Twelve refusals of the new password with the right current one: more than the account's
      // lock-out allows, yet nothing was counted against it.
      const ok = await change('Съешь же ещё этих мягких');
      expect(ok.status, ok.text).toBe(200);
      await expect(t.login(me.email!, 'Съешь же ещё этих мягких')).resolves.toMatchObject({
        userId: me.userId,
      });
      await expect(t.login(me.email!)).rejects.toThrow(/401/);
    });

    it('refuses weak passwords and the invitee’s own e-mail when joining through the portal', async () => {
      const manager = await t.user('manager');
      const vendor = await t.vendor({ name: 'Manila Support' });
      const invited = await t.call('POST', `/api/v1/vendors/${vendor.id}/invitations`, {
        as: manager,
        body: { email: 'rosa.reyes@example.com', name: 'Rosa Reyes' },
      });
      expect(invited.status, invited.text).toBe(201);
      const token = String(invited.body.url).split('/invitations/')[1];
      const accept = (password: string) =>
        t.call('POST', `/api/v1/invitations/${token}/accept`, { body: { password } });

      for (const password of [...WEAK_FOR_ANYONE, 'rosa.reyes@example.com', 'RosaReyes123']) {
        expectRefused(await accept(password), 'password');
      }
      // The link still works: a refused password used nothing up.
      expect((await t.call('GET', `/api/v1/invitations/${token}`)).status).toBe(200);
      const joined = await accept('Ξεσκεπάζω την ψυχοφθόρα');
      expect(joined.status, joined.text).toBe(200);
      expect(joined.body.user).toMatchObject({ role: 'vendor', email: 'rosa.reyes@example.com' });
    });
  });
});

/**
 * Browser: a user creates API tokens with a scope, changes the password, sees the tokens that
 * still work listed with it, and revokes one with one click; the scopes hold against the API.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiLogin,
  buildWebIfStale,
  launchBrowser,
  newPage,
  type RunningServer,
  startServer,
} from '../helpers/browser';
import { browserAvailable } from '../helpers/browser-available';

const OWNER = { name: 'Olga Owner', email: 'olga@example.com', password: 'correct horse battery staple' };
const NEW_PASSWORD = 'a quieter horse on a new staple';

describe.skipIf(!browserAvailable())('API token scopes and the password page in chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    buildWebIfStale();
    server = await startServer();
    browser = await launchBrowser();
    const setup = await newPage(browser, server.url);
    expect((await setup.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    await setup.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a token with a scope, lists it after a password change and revokes it with one click', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, OWNER.email, OWNER.password);
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'API tokens' }).click();
    await page.getByText('No API tokens yet').waitFor();

    /** Create a token through the form; answers the secret the modal shows once. */
    const create = async (name: string, scope: 'Read' | 'Write') => {
      await page.getByRole('textbox', { name: 'Token name' }).fill(name);
      await page.locator('form').getByText(scope, { exact: true }).click();
      await page.getByRole('button', { name: 'Create token' }).click();
      const secret = (await page.getByTestId('new-token').textContent()) ?? '';
      expect(secret).toMatch(/^opt_[\w-]{40,}$/);
      await page.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('row', { name: new RegExp(name) }).waitFor();
      return secret;
    };
    const nightly = await create('Nightly import', 'Write');
    const reporting = await create('Reporting', 'Read');
    expect(await page.getByRole('row', { name: /Nightly import/ }).textContent()).toContain('Write');
    expect(await page.getByRole('row', { name: /Reporting/ }).textContent()).toContain('Read');
    // Each expires at the end of the day 90 days ahead unless another is chosen, and has not been used.
    const listed = async () =>
      (await (await context.request.get('/api/v1/tokens')).json()).items as Array<{
        name: string;
        expiresAt: string;
        lastUsedAt: string | null;
      }>;
    for (const t of await listed()) {
      const days = (Date.parse(t.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(89.9);
      expect(days).toBeLessThanOrEqual(91);
    }
    expect(await page.getByRole('row', { name: /Reporting/ }).textContent()).toContain('Never used');

    // The scopes hold: the read token reads but does not write; neither makes tokens.
    const api = (token: string) => ({ authorization: `Bearer ${token}` });
    const vendor = { name: 'Made By Script', country: 'DE' };
    expect((await context.request.get('/api/v1/vendors', { headers: api(reporting) })).status()).toBe(200);
    expect(
      (await context.request.post('/api/v1/vendors', { headers: api(reporting), data: vendor })).status(),
    ).toBe(403);
    expect(
      (await context.request.post('/api/v1/vendors', { headers: api(nightly), data: vendor })).status(),
    ).toBe(201);
    const minted = await context.request.post('/api/v1/tokens', {
      headers: api(nightly),
      data: { name: 'minted', scope: 'write' },
    });
    expect(minted.status()).toBe(403);
    // The page shows when each was last used, once it is loaded again.
    const used = (await listed()).find((t) => t.name === 'Reporting')!;
    expect(used.lastUsedAt).not.toBeNull();
    await page.reload();
    const row = page.getByRole('row', { name: /Reporting/ });
    await expect.poll(async () => row.textContent()).not.toContain('Never used');
    expect(await row.textContent()).toContain(String(new Date(used.lastUsedAt!).getFullYear()));

    // Change the password: the tokens that still work are listed beside the form.
    await nav.getByRole('link', { name: 'Password' }).click();
    const form = page.getByTestId('password-form');
    await form.waitFor();
    await page.getByLabel(/^Current password/).fill(OWNER.password);
    await page.getByLabel(/^New password/).fill(NEW_PASSWORD);
    await page.getByLabel(/^Repeat the new password/).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    const notice = page.getByTestId('password-changed-tokens');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('2 API tokens still work');
    await page.getByRole('row', { name: /Nightly import/ }).waitFor();
    await page.getByRole('row', { name: /Reporting/ }).waitFor();

    // One click revokes: no second question.
    await page.getByRole('button', { name: 'Revoke Nightly import' }).click();
    await page.getByRole('row', { name: /Nightly import/ }).waitFor({ state: 'detached' });
    await page.getByText('Token “Nightly import” revoked.').waitFor();
    expect((await context.request.get('/api/v1/me', { headers: api(nightly) })).status()).toBe(401);
    expect((await context.request.get('/api/v1/me', { headers: api(reporting) })).status()).toBe(200);

    // The page still lists what is left after a reload, and the new password signs in.
    await page.reload();
    await page.getByRole('row', { name: /Reporting/ }).waitFor();
    expect(await page.getByRole('row', { name: /Nightly import/ }).count()).toBe(0);
    const again = await newPage(browser, server.url);
    await apiLogin(again.context, OWNER.email, NEW_PASSWORD);
    await again.context.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('revokes every token with the password when asked', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, OWNER.email, NEW_PASSWORD);
    await page.goto('/settings/password');
    await page.getByRole('row', { name: /Reporting/ }).waitFor();
    await page.getByLabel(/^Current password/).fill(NEW_PASSWORD);
    await page.getByLabel(/^New password/).fill('yet another long passphrase');
    await page.getByLabel(/^Repeat the new password/).fill('yet another long passphrase');
    await page.getByRole('checkbox', { name: 'Also revoke all my API tokens' }).check();
    await page.getByRole('button', { name: 'Change password' }).click();
    const notice = page.getByTestId('password-changed-tokens');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Revoked 1 API token: “Reporting”');
    await page.getByText('No API tokens', { exact: true }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

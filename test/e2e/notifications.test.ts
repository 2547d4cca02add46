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

describe.skipIf(!browserAvailable())('notification settings in chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    buildWebIfStale();
    // No SMTP_URL: the page must say that email is not configured.
    server = await startServer({ OUTPOST_SCHEDULER: 'off' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens from the bell, warns that email is not configured, and keeps a chosen channel', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    expect((await context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    await apiLogin(context, OWNER.email, OWNER.password);
    await page.goto('/vendors');
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-settings-link').click();
    await page.getByRole('heading', { name: 'Notification settings' }).waitFor();
    await page.getByTestId('email-not-configured').waitFor();
    const dir = process.env.OUTPOST_SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: `${dir}/notification-settings.png`, fullPage: true });

    const row = page.getByTestId('pref-message.created');
    await row.getByText('Daily digest').click();
    await page.getByText('New message in a thread you take part in: Daily digest').waitFor();
    const saved = await (await context.request.get('/api/v1/notification-preferences')).json();
    expect(saved.items.find((i: { eventType: string }) => i.eventType === 'message.created')).toMatchObject({
      channel: 'digest',
      isDefault: false,
    });

    await page.reload();
    await page.getByTestId('pref-message.created').waitFor();
    await expect
      .poll(() => page.getByTestId('pref-message.created').locator('input[value="digest"]').isChecked())
      .toBe(true);
    await page.getByRole('button', { name: 'Back to the defaults' }).click();
    await expect
      .poll(() => page.getByTestId('pref-message.created').locator('input[value="in_app"]').isChecked())
      .toBe(true);
    expect(errors).toEqual([]);
  });
});

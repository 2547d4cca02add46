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

describe.skipIf(!browserAvailable())('portfolio dashboard in chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    buildWebIfStale();
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('follows an overdue finding on the dashboard to the vendor’s findings', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    expect((await context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(context, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': csrf };
    const vendor = await (
      await context.request.post('/api/v1/vendors', { data: { name: 'Oslo Ops', country: 'NO' }, headers })
    ).json();
    const finding = await context.request.post('/api/v1/findings', {
      data: { vendorId: vendor.id, title: 'Backups never restored', severity: 'high', dueOn: '2020-01-31' },
      headers,
    });
    expect(finding.status()).toBe(201);

    await page.goto('/vendors');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    await page.waitForURL('**/dashboard');
    const upcoming = page.getByTestId('upcoming');
    await upcoming.getByText('Overdue', { exact: true }).waitFor();
    expect(await upcoming.textContent()).toContain('Oslo Ops');
    await upcoming.getByRole('link', { name: 'Overdue high finding: Backups never restored' }).click();
    await page.waitForURL(`**/vendors/${vendor.id}/assessments`);
    await page.getByText('Backups never restored').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

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
const MANAGER = { name: 'Mia Manager', email: 'mia@example.com', password: 'correct horse battery staple' };

describe.skipIf(!browserAvailable())('risk register in chromium', () => {
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

  it('a manager follows a heat map cell to the risks behind it, and enters a risk that lands in its cell', async () => {
    const admin = await newPage(browser, server.url);
    expect((await admin.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(admin.context, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': csrf };
    expect(
      (
        await admin.context.request.post('/api/v1/users', { data: { ...MANAGER, role: 'manager' }, headers })
      ).status(),
    ).toBe(201);
    const vendor = await (
      await admin.context.request.post('/api/v1/vendors', {
        data: { name: 'Lisbon Desk', country: 'PT' },
        headers,
      })
    ).json();
    const risk = (title: string, likelihood: number, impact: number) =>
      admin.context.request.post('/api/v1/risks', {
        data: { vendorId: vendor.id, title, category: 'operational', likelihood, impact },
        headers,
      });
    for (const [title, l, i] of [
      ['Team lead may leave', 4, 5],
      ['Single data centre', 4, 5],
      ['Minor tooling gaps', 2, 2],
    ] as const)
      expect((await risk(title, l, i)).status()).toBe(201);
    await admin.context.close();

    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, MANAGER.email, MANAGER.password);
    await page.goto('/vendors');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Risks' })
      .click();
    await page.waitForURL('**/risks');
    const register = page.getByTestId('risk-register');
    await register.getByText('Minor tooling gaps').waitFor();

    // The cell likelihood 4 × impact 5 holds two risks; following it lists exactly those.
    const cell = page.getByTestId('heat-cell-4-5');
    expect(await cell.textContent()).toBe('2');
    await cell.click();
    await page.getByTestId('cell-filter').waitFor();
    await register.getByText('Minor tooling gaps').waitFor({ state: 'detached' });
    const titles = await register.locator('tbody tr').allInnerTexts();
    expect(titles).toHaveLength(2);
    expect(titles.join('\n')).toContain('Team lead may leave');
    expect(titles.join('\n')).toContain('Single data centre');
    await page.getByRole('button', { name: 'Clear the heat map cell' }).click();
    await register.getByText('Minor tooling gaps').waitFor();

    // Enter a risk through the form: it counts in the 3 × 3 cell.
    await page.getByRole('button', { name: 'New risk' }).click();
    const modal = page.getByRole('dialog', { name: 'New risk' });
    await modal.getByRole('combobox', { name: 'Vendor' }).click({ force: true });
    await page.getByRole('option', { name: 'Lisbon Desk' }).click();
    await modal.getByRole('textbox', { name: 'Title' }).fill('Holiday cover thin in August');
    await modal.getByRole('button', { name: 'Add risk' }).click();
    await modal.waitFor({ state: 'detached' });
    await register.getByText('Holiday cover thin in August').waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="heat-cell-3-3"]')?.textContent === '1',
    );
    await page.getByTestId('heat-cell-3-3').click();
    await register.getByText('Team lead may leave').waitFor({ state: 'detached' });
    await expect.poll(() => register.locator('tbody tr').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

import type { Browser, Page } from 'playwright-core';
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

const OWNER = { name: 'Sam Sourcing', email: 'sam@example.com', password: 'correct horse battery staple' };

/** Pick a value in a Mantine Select by its accessible name. */
async function pick(page: Page, name: string, option: string) {
  await page.getByRole('combobox', { name, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.skipIf(!browserAvailable())('sourcing in chromium', () => {
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

  it('opens an event through the form, scores both candidates, reads the ranking and awards the leader', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    expect((await context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(context, OWNER.email, OWNER.password);
    for (const [name, country] of [
      ['Manila Care', 'PH'],
      ['Vistula Desk', 'PL'],
    ])
      expect(
        (
          await context.request.post('/api/v1/vendors', {
            data: { name, country },
            headers: { 'x-csrf-token': csrf },
          })
        ).status(),
      ).toBe(201);

    await page.goto('/sourcing');
    await page.getByText('No sourcing events yet').waitFor();
    await page.getByRole('link', { name: 'New sourcing event' }).first().click();
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Service desk 2027');
    const candidates = page.getByRole('combobox', { name: 'Candidate vendors' });
    await candidates.click();
    await page.getByRole('option', { name: 'Manila Care' }).click();
    await page.getByRole('option', { name: 'Vistula Desk' }).click();
    await page.keyboard.press('Escape');
    // Two criteria are enough here: remove the last four defaults.
    for (let i = 6; i > 2; i--) await page.getByRole('button', { name: `Remove criterion ${i}` }).click();
    await page.getByRole('textbox', { name: 'Weight 1', exact: true }).fill('60');
    await page.getByRole('textbox', { name: 'Weight 2', exact: true }).fill('40');
    await page.getByRole('button', { name: 'Open the sourcing event' }).click();
    await page.waitForURL(/\/sourcing\/src_[0-9A-Z]{26}$/);
    expect(await page.getByTestId('sourcing-status').textContent()).toBe('open');
    await page.getByText('No scores yet.').waitFor();

    // The owner opened it and so evaluates it: Manila 5 and 2, Vistula 3 and 5.
    // Manila: 0.6·100 + 0.4·40 = 76; Vistula: 0.6·60 + 0.4·100 = 76 → a tie, both rank 1.
    await pick(page, 'Cost score for Manila Care', '5');
    await pick(page, 'Quality of proposal score for Manila Care', '2');
    await pick(page, 'Cost score for Vistula Desk', '3');
    await pick(page, 'Quality of proposal score for Vistula Desk', '5');
    const rows = page.getByTestId('ranking-row');
    await expect
      .poll(async () =>
        Promise.all(
          (await rows.all()).map(async (r) =>
            (await r.locator('td').allTextContents()).slice(0, 3).join(' '),
          ),
        ),
      )
      .toEqual(['1 Manila Care 76.00', '1 Vistula Desk 76.00']);
    // A tie breaks with a weight move: cost at 50 puts Vistula ahead (50 + 20 = 70 < 30 + 50 = 80).
    await expect
      .poll(() => page.getByTestId('sensitivity').textContent())
      .toMatch(/^Sensitive: Cost −10 → Vistula Desk > Manila Care/);
    // Quality up to 4 for Manila: 0.6·100 + 0.4·80 = 92 leads.
    await pick(page, 'Quality of proposal score for Manila Care', '4');
    await expect
      .poll(async () => (await rows.first().locator('td').allTextContents()).slice(0, 3).join(' '))
      .toBe('1 Manila Care 92.00');

    await page.getByRole('textbox', { name: 'Start date' }).fill('2027-02-01');
    await page.getByRole('button', { name: 'Award', exact: true }).click();
    await page.waitForURL(/\/engagements\/eng_[0-9A-Z]{26}$/);
    await page.getByText('Service desk 2027').first().waitFor();
    await page.goBack();
    await page.getByText('Awarded to Manila Care').waitFor();
    expect(await page.getByTestId('sourcing-status').textContent()).toBe('awarded');
    expect(errors).toEqual([]);
    await context.close();
  });
});

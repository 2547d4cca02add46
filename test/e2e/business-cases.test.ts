import type { Browser, Locator, Page } from 'playwright-core';
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

const OWNER = { name: 'Fiona Finance', email: 'fiona@example.com', password: 'correct horse battery staple' };

/** Type into a Mantine Select inside a scope and pick the option. */
async function choose(page: Page, scope: Locator, label: string, typed: string, option: RegExp) {
  const input = scope.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

describe.skipIf(!browserAvailable())('business cases in chromium', () => {
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

  it('builds a two-option case through the form and sees the summary, charts, tornado and risk range', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    const setup = await context.request.post('/api/v1/setup', { data: OWNER });
    expect(setup.status()).toBe(201);
    const csrf = await apiLogin(context, OWNER.email, OWNER.password);
    const vendor = await context.request.post('/api/v1/vendors', {
      data: { name: 'Manila Care', country: 'PH' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(vendor.status()).toBe(201);

    await page.goto('/business-cases');
    await page.getByText('No business cases yet').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link').allInnerTexts()).toContain('Business cases');
    await page.getByRole('link', { name: 'New business case' }).first().click();
    await page.waitForURL('**/business-cases/new');
    await page.getByTestId('case-form').waitFor();

    await page.getByRole('textbox', { name: 'Case name', exact: true }).fill('Customer service 2027');
    // No organisation currency is set up here: report in euro.
    await choose(page, page.getByTestId('case-form'), 'Reporting currency', 'EUR', /^EUR/);
    await page.getByRole('textbox', { name: 'Horizon (years)', exact: true }).fill('3');
    await page.getByRole('textbox', { name: 'Discount rate %', exact: true }).fill('10');
    const role = page.getByTestId('role-0');
    await role.getByRole('textbox', { name: 'Role', exact: true }).fill('Agent');
    await role.getByRole('textbox', { name: 'FTE', exact: true }).fill('10');
    await role.getByRole('textbox', { name: 'Salary a year', exact: true }).fill('40000');
    await role.getByRole('textbox', { name: 'Benefits %', exact: true }).fill('25');
    await role.getByRole('textbox', { name: 'Overhead per FTE', exact: true }).fill('5000');
    await page.getByRole('textbox', { name: 'Other costs a year', exact: true }).fill('10000');
    await page.getByRole('textbox', { name: 'Salary escalation %', exact: true }).fill('3');

    // Option A: a nearshore bid per FTE-month, in the case currency, linked to the vendor.
    const a = page.getByTestId('option-0');
    await choose(page, a, 'Vendor', 'Manila', /Manila Care/);
    await a.getByRole('textbox', { name: 'Rate per FTE-month', exact: true }).fill('3000');
    // Live validation: no FTE is refused next to the field before anything is sent.
    await a.getByRole('textbox', { name: 'FTE', exact: true }).fill('0');
    await a.getByText('Must be more than 0').waitFor();
    await a.getByRole('textbox', { name: 'FTE', exact: true }).fill('8');
    await expect.poll(() => a.getByText('Must be more than 0').count()).toBe(0);
    await a.getByRole('textbox', { name: 'Transition cost', exact: true }).fill('50000');
    await a.getByRole('textbox', { name: 'Retained costs a year', exact: true }).fill('20000');
    await a.getByRole('textbox', { name: 'Price escalation %', exact: true }).fill('2');

    // Option B: offshore, hourly, quoted in USD.
    await page.getByRole('button', { name: 'Add option' }).click();
    const b = page.getByTestId('option-1');
    await choose(page, b, 'Quote currency', 'USD', /^USD/);
    await b.getByText('Hourly', { exact: true }).click();
    await b.getByRole('textbox', { name: 'Hourly rate', exact: true }).fill('25');
    await b.getByRole('textbox', { name: 'Hours a year', exact: true }).fill('16000');
    await b.getByRole('textbox', { name: 'Transition cost', exact: true }).fill('100000');
    await b.getByRole('textbox', { name: 'Governance %', exact: true }).fill('0');
    await b.getByRole('textbox', { name: 'Price escalation %', exact: true }).fill('0');
    // Without an exchange rate the case cannot be computed: the form says so at the rate.
    await page.getByRole('button', { name: 'Create and analyse' }).click();
    await b.getByText(/needs the rate of USD/i).waitFor();
    await b.getByRole('textbox', { name: 'Exchange rate: EUR per 1 USD', exact: true }).fill('0.9');
    await page.getByRole('button', { name: 'Create and analyse' }).click();

    await page.waitForURL(/\/business-cases\/bcs_[0-9A-Z]{26}$/);
    const summary = page.getByTestId('summary');
    await summary.waitFor();
    // The worked example of the API tests: option A has the higher NPV (€534.3K over 3 years).
    await expect
      .poll(() => summary.textContent())
      .toBe(
        'Option A saves €651.4K over 3 years, NPV €534.3K, pays back in month 3; most sensitive to the salaries.',
      );
    expect(await page.getByTestId('key-figures').textContent()).toContain('€534,265.73');
    for (const chart of ['chart-cumulative', 'chart-savings', 'chart-tornado']) {
      const svg = page.getByTestId(chart).locator('svg.recharts-surface').first();
      await svg.waitFor();
      await expect.poll(() => page.getByTestId(chart).locator('.recharts-layer').count()).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('chart-cumulative').locator('.recharts-line').count()).toBe(3);
    expect(await page.getByTestId('risk-range').count()).toBe(2);
    expect(await page.getByTestId('key-figures').textContent()).toContain('month 6');
    const pdf = await page.getByRole('link', { name: 'PDF brief' }).getAttribute('href');
    expect((await context.request.get(pdf!)).headers()['content-type']).toBe('application/pdf');

    await page.screenshot({ path: '/tmp/outpost-business-case.png', fullPage: true });

    // Edit: the saved case reopens with its values, and a change reaches the analysis.
    await page.getByRole('tab', { name: /Inputs/ }).click();
    await page.getByTestId('option-1').getByRole('textbox', { name: 'Hourly rate', exact: true }).fill('5');
    await page.getByRole('button', { name: 'Save and analyse' }).click();
    await expect.poll(() => summary.textContent()).toMatch(/^Option B saves/);

    await page.getByRole('link', { name: 'Business cases' }).click();
    await page.getByRole('link', { name: 'Customer service 2027' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

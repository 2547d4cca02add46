import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/contracts/money';
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

/** A calendar date `days` from today, as the API takes it. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function call(
  context: BrowserContext,
  csrf: string,
  method: 'POST' | 'PUT',
  url: string,
  data: unknown,
) {
  const res = await context.request.fetch(url, { method, data, headers: { 'x-csrf-token': csrf } });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/** With OUTPOST_SCREENSHOT_DIR set, keep a picture of each step to look at. */
async function snap(page: Page, name: string) {
  const dir = process.env.OUTPOST_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/engagements-${name}.png`, fullPage: true });
}

describe.skipIf(!browserAvailable())('engagements in chromium', () => {
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

  it('writes a SOW, fixes a lint finding, approves it and changes it through a change request', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await context.request.post('/api/v1/setup', { data: OWNER });
    const csrf = await apiLogin(context, OWNER.email, OWNER.password);
    await call(context, csrf, 'PUT', '/api/v1/settings/organisation', {
      name: 'Northwind',
      country: 'DE',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      workdays: [1, 2, 3, 4, 5],
      hours: { start: '09:00', end: '17:00' },
    });
    const vendor = await call(context, csrf, 'POST', '/api/v1/vendors', {
      name: 'Manila Care',
      country: 'PH',
    });
    // Renewal in 30 days with 90 days' notice: the list must flag that a decision is due.
    const engagement = await call(context, csrf, 'POST', '/api/v1/engagements', {
      vendorId: vendor.id,
      title: 'Customer service DACH',
      function: 'customer_service',
      startDate: day(-10),
      endDate: day(300),
      monthlyFee: 1_250_000,
      budget: 15_000_000,
      renewalDate: day(30),
      noticePeriodDays: 90,
    });

    await page.goto('/engagements');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Engagements' }).waitFor();
    const row = page.getByTestId('engagement-row');
    await row.waitFor();
    expect(await row.textContent()).toContain('€12,500.00');
    expect(await row.getByTestId('notice-period').textContent()).toMatch(/^notice period: decide by /);
    await snap(page, 'list');

    await page.getByRole('link', { name: 'Customer service DACH' }).click();
    await page.waitForURL(`**/engagements/${engagement.id}`);
    // Areas other features build (quality, messages, data, spend) add their tabs after these three.
    await page.getByRole('tab', { name: 'Overview' }).waitFor();
    const tabs = await page.getByRole('tab').allInnerTexts();
    expect(tabs.slice(0, 3)).toEqual(['Overview', 'Statement of work', 'Change requests']);
    // Data & access (data-sharing register) and Spend (invoices, savings, exit plan) are built.
    expect(tabs).toContain('Data & access');
    expect(tabs).toContain('Spend');
    await page.getByText('Offshore (derived from the countries)').waitFor();
    await page.getByRole('tab', { name: 'Statement of work' }).click();

    await page.getByRole('button', { name: 'Add objective' }).click();
    await page
      .getByRole('textbox', { name: 'Objective 1' })
      .fill('Answer 80% of customer calls within 20 seconds');
    await page.getByRole('button', { name: 'Add in-scope item' }).click();
    await page
      .getByRole('textbox', { name: 'In-scope item 1' })
      .fill('Inbound voice support in German and English');
    await page.getByRole('button', { name: 'Add out-of-scope item' }).click();
    await page.getByRole('textbox', { name: 'Out-of-scope item 1' }).fill('Outbound sales calls');
    await page.getByRole('button', { name: 'Add deliverable' }).click();
    const deliverable = page.getByTestId('deliverable-0');
    await deliverable.getByRole('textbox', { name: 'Title' }).fill('Agent training plan');
    await deliverable.getByLabel('Due date').fill(day(20));

    const criteriaFinding = page
      .getByTestId('deliverable-0-criteria')
      .locator('[data-testid="finding"][data-path="deliverables[0].acceptanceCriteria"]');
    await criteriaFinding.waitFor();
    expect(await criteriaFinding.textContent()).toContain('has no acceptance criteria');
    expect(await criteriaFinding.getAttribute('data-severity')).toBe('error');
    // Sections not written yet cost their weight (assumptions 4, milestones 8, KPIs 14, credits 6,
    // RACI 8, governance 5, reporting 3 = 48) and the error 10: 100 − 48 − 10.
    await expect.poll(() => page.getByTestId('clarity-score').textContent()).toBe('42');
    expect(await page.getByTestId('finding-summary').textContent()).toContain('Add a RACI table');
    expect(await page.getByTestId('finding-summary').textContent()).toContain('has no acceptance criteria');
    await snap(page, 'sow-finding');

    await deliverable.getByRole('button', { name: 'Add acceptance criterion' }).click();
    await deliverable
      .getByRole('textbox', { name: 'Acceptance criterion 1' })
      .fill('Signed off by the client operations lead');
    await expect.poll(() => criteriaFinding.count()).toBe(0);
    await expect.poll(() => page.getByTestId('clarity-score').textContent()).toBe('52');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    expect(await page.getByTestId('engagement-status').first().textContent()).toBe('Draft');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText('Approving freezes this version as the baseline').waitFor();
    await page.getByText('The engagement becomes active.').waitFor();
    await page.getByRole('button', { name: 'Approve version' }).click();

    await page.getByTestId('sow-frozen').waitFor();
    expect(await page.getByTestId('sow-status').textContent()).toBe('Approved');
    // The new-engagement form promised it: approving the SOW makes the engagement active.
    await expect.poll(() => page.getByTestId('engagement-status').first().textContent()).toBe('Active');
    expect(await page.getByTestId('sow-editor').count()).toBe(0);
    expect(await page.getByTestId('sow-view').textContent()).toContain(
      'Signed off by the client operations lead',
    );
    expect(await page.getByRole('combobox', { name: 'SOW version' }).inputValue()).toBe(
      'Version 1 · approved',
    );
    expect(await page.getByRole('link', { name: 'Export PDF' }).getAttribute('href')).toBe(
      `/api/v1/engagements/${engagement.id}/sow/export?format=pdf&version=1`,
    );
    await snap(page, 'sow-approved');

    await page.getByRole('button', { name: 'Raise change request' }).click();
    const form = page.getByTestId('change-request-form');
    await form.waitFor();
    await form.getByRole('textbox', { name: 'Title' }).first().fill('Add email support');
    await form.getByRole('textbox', { name: 'Reason' }).fill('Customers ask for it');
    await form.getByRole('textbox', { name: 'Cost impact' }).fill('1500.50');
    await form.getByRole('textbox', { name: 'Schedule impact (days)' }).fill('5');
    await form.getByRole('button', { name: 'Add in-scope item' }).click();
    await form.getByRole('textbox', { name: 'In-scope item 2' }).fill('Email support in German');
    await form.getByRole('checkbox', { name: 'Submit now for a decision' }).uncheck();
    await snap(page, 'change-request-form');
    await form.getByRole('button', { name: 'Raise change request' }).click();

    const request = page.getByTestId('change-request-row');
    await request.waitFor();
    expect(await request.getByTestId('change-request-status').textContent()).toBe('Draft');
    expect(await request.textContent()).toContain('€1,500.50');
    expect(await request.textContent()).toContain('Changes in scope');
    await request.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => request.getByTestId('change-request-status').textContent()).toBe('Submitted');
    await request.getByRole('button', { name: 'Approve' }).click();
    await page
      .getByRole('dialog')
      .getByRole('textbox', { name: 'Comment' })
      .fill('Agreed in the monthly review');
    await page.getByRole('button', { name: 'Approve change' }).click();
    await expect.poll(() => request.getByTestId('change-request-status').textContent()).toBe('Approved');
    expect(await request.getByTestId('result-version').textContent()).toBe('v2');
    await snap(page, 'change-requests');

    await page.getByRole('tab', { name: 'Statement of work' }).click();
    await expect
      .poll(() => page.getByRole('combobox', { name: 'SOW version' }).inputValue())
      .toBe('Version 2 · approved');
    expect(await page.getByTestId('sow-view').textContent()).toContain('Email support in German');
    const added = page.getByTestId('sow-diff').getByTestId('diff-added');
    await added.first().waitFor();
    expect(await added.allTextContents()).toEqual([expect.stringContaining('Email support in German')]);
    await snap(page, 'sow-v2');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens an engagement through the form, explains a refused status change, and shows a vendor user no decisions', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    const setup = await (await context.request.get('/api/v1/setup')).json();
    if (setup.needsSetup) await context.request.post('/api/v1/setup', { data: OWNER });
    const csrf = await apiLogin(context, OWNER.email, OWNER.password);
    const vendor = await call(context, csrf, 'POST', '/api/v1/vendors', {
      name: 'Krakow Ledger',
      country: 'PL',
    });
    await call(context, csrf, 'POST', '/api/v1/users', {
      name: 'Vera Vendor',
      email: 'vera@krakow.example',
      password: 'vendor password 123',
      role: 'vendor',
      vendorId: vendor.id,
    });

    await page.goto('/engagements/new');
    await page.getByTestId('engagement-form').waitFor();
    const vendorSelect = page.getByRole('combobox', { name: 'Vendor', exact: true });
    await vendorSelect.click();
    await vendorSelect.fill('Krakow');
    await page.getByRole('option', { name: 'Krakow Ledger' }).click();
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Payroll Poland');
    await page.getByRole('combobox', { name: 'Function', exact: true }).click();
    await page.getByRole('option', { name: 'Payroll' }).click();
    await page.getByLabel('Start date').fill(day(1));
    const currency = page.getByRole('combobox', { name: 'Currency', exact: true });
    await currency.click();
    await currency.fill('PLN');
    await page.getByRole('option', { name: /^PLN — / }).click();
    await page.getByRole('textbox', { name: 'Monthly fee' }).fill('12.345');
    await page.getByText('Enter an amount such as').waitFor();
    await page.getByRole('textbox', { name: 'Monthly fee' }).fill('2,500.5');
    await page.getByRole('textbox', { name: 'Total budget' }).fill('30000');
    await snap(page, 'form');
    await page.getByRole('button', { name: 'Open engagement' }).click();

    await page.waitForURL(/\/engagements\/eng_[0-9A-Z]{26}\?tab=sow$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await (await context.request.get(`/api/v1/engagements/${id}`)).json();
    expect(stored).toMatchObject({
      monthlyFee: 250_050,
      budget: 3_000_000,
      currency: 'PLN',
      function: 'payroll',
    });
    await page.getByTestId('sow-editor').waitFor();

    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByTestId('engagement-overview').getByText(formatMoney(250_050, 'PLN')).waitFor();
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByRole('menuitem', { name: 'Active' }).click();
    await page.getByText('An engagement becomes active only with an approved statement of work').waitFor();
    expect(await page.getByTestId('engagement-status').first().textContent()).toBe('Draft');
    expect(errors).toEqual([]);

    // A vendor user sees their engagement, may raise changes, but decides nothing.
    await call(context, csrf, 'PUT', `/api/v1/engagements/${id}/sow`, {
      objectives: ['Pay every employee correctly on the 25th'],
      inScope: ['Monthly payroll for 120 employees'],
      outOfScope: ['Benefits administration'],
    });
    await call(context, csrf, 'POST', `/api/v1/engagements/${id}/sow/approve`, {});
    await call(context, csrf, 'POST', `/api/v1/engagements/${id}/change-requests`, {
      title: 'Add 20 employees',
      changes: { inScope: ['Monthly payroll for 140 employees'] },
      costImpact: -5000,
      submit: true,
    });
    await context.close();

    const vendorSide = await newPage(browser, server.url);
    await apiLogin(vendorSide.context, 'vera@krakow.example', 'vendor password 123');
    await vendorSide.page.goto('/engagements');
    await vendorSide.page.getByRole('link', { name: 'Payroll Poland' }).click();
    await vendorSide.page.getByRole('tab', { name: 'Change requests' }).click();
    const row = vendorSide.page.getByTestId('change-request-row');
    await row.waitFor();
    expect(await row.textContent()).toContain(formatMoney(-5000, 'PLN'));
    expect(await row.getByRole('button').count()).toBe(0);
    await expect
      .poll(() => vendorSide.page.getByRole('button', { name: 'Raise change request' }).count())
      .toBe(1);
    expect(await vendorSide.page.getByRole('button', { name: 'Change status' }).count()).toBe(0);
    await vendorSide.page.getByRole('tab', { name: 'Statement of work' }).click();
    await vendorSide.page.getByTestId('sow-view').waitFor();
    expect(await vendorSide.page.getByTestId('sow-editor').count()).toBe(0);
    await snap(vendorSide.page, 'vendor-sow');
    expect(vendorSide.errors).toEqual([]);
    await vendorSide.context.close();
  });
});

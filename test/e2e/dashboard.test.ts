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

  it('follows a month of outsourced spend to that month’s records, and offers the report downloads', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    const csrf = await apiLogin(context, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': csrf };
    // An invoice last month (inside the dashboard's twelve months in any time zone), so spend over
    // time has a vendor to show.
    const vendors = await (await context.request.get('/api/v1/vendors', { headers })).json();
    const now = new Date();
    const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
      .toISOString()
      .slice(0, 7);
    const engagement = await context.request.post('/api/v1/engagements', {
      data: {
        vendorId: vendors.items[0].id,
        title: 'Oslo service desk',
        function: 'it',
        startDate: `${thisMonth}-01`,
        endDate: '2099-12-31',
        currency: 'USD',
        monthlyFee: 100_000,
        budget: 1_200_000,
      },
      headers,
    });
    expect(engagement.status(), await engagement.text()).toBe(201);
    const invoice = await context.request.post('/api/v1/invoices', {
      data: {
        engagementId: (await engagement.json()).id,
        number: 'OS-1',
        periodStart: `${thisMonth}-01`,
        periodEnd: `${thisMonth}-01`,
        amount: 123_400,
        currency: 'USD',
        status: 'received',
      },
      headers,
    });
    expect(invoice.status(), await invoice.text()).toBe(201);
    await page.goto('/dashboard');
    await page.getByText('By vendor', { exact: true }).click();
    const byVendor = page.getByTestId('spend-over-vendor');
    await byVendor.waitFor();
    const oslo = byVendor.getByRole('link', { name: 'Oslo Ops' });
    await oslo.waitFor();
    expect(await byVendor.locator('tbody tr').first().locator('td').last().textContent()).toBe('1.2K');
    await oslo.click();
    await page.waitForURL('**/spend?groupBy=vendor&from=*');
    await page.goto('/dashboard');
    const months = page.getByTestId('spend-by-month');
    await months.waitFor();
    const rows = months.locator('tbody tr');
    expect(await rows.count()).toBe(12);
    const last = rows.last();
    const month = (await last.locator('td').first().textContent())!;
    await last.getByRole('link').click();
    await page.waitForURL(`**/spend?from=${month}&to=${month}`);
    await page.getByText('Budget vs actual').first().waitFor();
    await page.goto('/dashboard');
    const reports = page.getByTestId('reports');
    await reports.waitFor();
    expect(await reports.getByRole('link', { name: 'Portfolio summary (CSV)' }).getAttribute('href')).toBe(
      '/api/v1/reports/portfolio?format=csv&bom=1',
    );
    const csv = await context.request.get('/api/v1/reports/portfolio?format=csv&bom=1', { headers });
    expect(csv.status()).toBe(200);
    // The button's file starts with the UTF-8 byte order mark Excel needs for non-Latin names.
    expect([...(await csv.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(await csv.text()).toContain('Oslo Ops');
    expect(errors).toEqual([]);
    await context.close();
  });
});

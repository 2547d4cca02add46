import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
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
const ORG = {
  name: 'Northwind',
  country: 'DE',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '17:00' },
};

describe.skipIf(!browserAvailable())('spend in chromium', () => {
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

  it('a manager enters an invoice on the engagement and sees it in budget vs actual', async () => {
    const admin = await newPage(browser, server.url);
    expect((await admin.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(admin.context, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': csrf };
    const req = admin.context.request;
    expect((await req.put('/api/v1/settings/organisation', { data: ORG, headers })).status()).toBe(200);
    expect(
      (await req.post('/api/v1/users', { data: { ...MANAGER, role: 'manager' }, headers })).status(),
    ).toBe(201);
    const vendor = await (
      await req.post('/api/v1/vendors', { data: { name: 'Lisbon Desk', country: 'PT' }, headers })
    ).json();
    const engagement = await (
      await req.post('/api/v1/engagements', {
        data: {
          vendorId: vendor.id,
          title: 'Help desk',
          function: 'it',
          startDate: '2027-01-01',
          endDate: '2027-12-31',
          currency: 'EUR',
          monthlyFee: 100_000,
          noticePeriodDays: 90,
          budget: 1_200_000,
        },
        headers,
      })
    ).json();
    expect(
      (await req.put(`/api/v1/engagements/${engagement.id}/sow`, { data: GOOD_SOW, headers })).status(),
    ).toBe(200);
    expect((await req.post(`/api/v1/engagements/${engagement.id}/sow/approve`, { headers })).status()).toBe(
      200,
    );
    expect(
      (
        await req.patch(`/api/v1/engagements/${engagement.id}`, { data: { status: 'active' }, headers })
      ).status(),
    ).toBe(200);
    await admin.context.close();

    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, MANAGER.email, MANAGER.password);
    await page.goto(`/engagements/${engagement.id}`);
    await page.getByRole('tab', { name: 'Spend' }).click();
    await page.getByText('No invoices yet').waitFor();
    await page.getByRole('textbox', { name: 'Number' }).fill('LD-2027-01');
    await page.getByRole('textbox', { name: 'Period start' }).fill('2027-01-01');
    await page.getByRole('textbox', { name: 'Period end' }).fill('2027-01-31');
    await page.getByRole('textbox', { name: 'Amount (EUR)' }).fill('950.00');
    await page.getByRole('button', { name: 'Add invoice' }).click();
    const invoices = page.getByTestId('invoices-table');
    await invoices.getByText('LD-2027-01').waitFor();
    expect(await invoices.textContent()).toContain('€950.00');
    // Not linked to a business case yet: the savings section says what to do.
    await page.getByText('No business case linked').waitFor();

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Spend' })
      .click();
    await page.getByRole('textbox', { name: 'From (YYYY-MM)' }).fill('2027-01');
    await page.getByRole('textbox', { name: 'To (YYYY-MM)' }).fill('2027-01');
    const row = page.getByTestId('spend-row').filter({ hasText: 'Lisbon Desk' });
    await row.waitFor();
    // Budget: the €1,000.00 monthly fee; actual: the invoice; €50.00 under budget.
    const text = await row.textContent();
    expect(text).toContain('€1,000.00');
    expect(text).toContain('€950.00');
    expect(text).toContain('€50.00');
    await page.getByRole('tab', { name: 'Renewals' }).click();
    await page.getByTestId('renewals-table').getByText('Help desk').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

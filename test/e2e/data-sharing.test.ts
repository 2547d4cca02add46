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

/** With OUTPOST_SCREENSHOT_DIR set, keep a picture of each step to look at. */
async function snap(page: Page, name: string) {
  const dir = process.env.OUTPOST_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/data-sharing-${name}.png`, fullPage: true });
}

/** Choose in a Mantine multiselect by typing and clicking the option, then leave the field. */
async function pick(
  scope: ReturnType<Page['getByRole']>,
  page: Page,
  label: string,
  typed: string,
  option: string,
) {
  const input = scope.getByRole('combobox', { name: label });
  await input.click({ force: true });
  if (typed) await input.fill(typed);
  await page.getByRole('option', { name: option, exact: true }).first().click();
  await input.evaluate((el: HTMLElement) => el.blur());
}

describe.skipIf(!browserAvailable())('data-sharing register in chromium', () => {
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

  it('a manager adds a register entry sending data to India without a mechanism and sees it flagged', async () => {
    const admin = await newPage(browser, server.url);
    expect((await admin.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(admin.context, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': csrf };
    expect(
      (await admin.context.request.put('/api/v1/settings/organisation', { data: ORG, headers })).status(),
    ).toBe(200);
    expect(
      (
        await admin.context.request.post('/api/v1/users', { data: { ...MANAGER, role: 'manager' }, headers })
      ).status(),
    ).toBe(201);
    const vendor = await (
      await admin.context.request.post('/api/v1/vendors', {
        data: { name: 'Pune Support', country: 'IN', criticality: 'high' },
        headers,
      })
    ).json();
    const engagement = await (
      await admin.context.request.post('/api/v1/engagements', {
        data: {
          vendorId: vendor.id,
          title: 'Customer support',
          function: 'customer_service',
          startDate: '2027-01-01',
          endDate: '2027-12-31',
          budget: 1_000_000,
        },
        headers,
      })
    ).json();
    await admin.context.close();

    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, MANAGER.email, MANAGER.password);
    await page.goto(`/engagements/${engagement.id}`);
    await page.getByRole('tab', { name: 'Data & access' }).click();
    await page.getByTestId('register-empty').waitFor();

    await page.getByTestId('add-flow').click();
    const modal = page.getByRole('dialog', { name: 'Add a register entry' });
    await pick(modal, page, 'Data categories', '', 'Personal (basic)');
    await modal.getByRole('combobox', { name: 'Data subjects' }).fill('customers');
    await modal.getByRole('combobox', { name: 'Data subjects' }).press('Enter');
    await modal.getByRole('textbox', { name: 'Purpose' }).fill('Answer customer tickets');
    await pick(modal, page, 'Processed in', 'India', 'India (IN)');
    await pick(modal, page, 'Stored in', 'Germany', 'Germany (DE)');
    await snap(page, 'form');
    await modal.getByRole('button', { name: 'Add entry' }).click();
    await modal.waitFor({ state: 'detached' });

    const row = page.getByTestId('register-row');
    await row.waitFor();
    await page.getByTestId('flag-cross_border_without_mechanism').waitFor();
    expect(await row.textContent()).toContain('Cross-border without mechanism');
    // Personal data and no DPA: the tier section says so.
    await page.getByTestId('tier-section').getByTestId('flag-dpa_missing').waitFor();
    await snap(page, 'flagged');

    // The organisation-wide view lists India with the flag and the vendor without a DPA.
    await page.getByRole('link', { name: 'Data protection' }).click();
    const byCountry = page.getByTestId('by-country');
    await byCountry.getByText('India (IN)').waitFor();
    expect(await byCountry.textContent()).toContain('Cross-border without mechanism: 1');
    expect(await page.getByTestId('missing-dpa').textContent()).toContain('Pune Support');
    expect(errors).toEqual([]);
    await context.close();
  });
});

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
const MANAGER = { name: 'Max Manager', email: 'max@example.com', password: 'manager password 123' };
const VENDOR_USER = { name: 'Rania Saleh', email: 'rania@riyadh.example', password: 'vendor password 123' };

async function snap(page: Page, name: string) {
  const dir = process.env.OUTPOST_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/partner-brief-${name}.png`, fullPage: true });
}

/** The local HH:MM of now in a zone, by Intl in the test. */
const hhmm = (zone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date());

/** Types into a Mantine select and picks the option. */
async function pick(page: Page, label: string, typed: string, option: string | RegExp) {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.fill(typed);
  await page
    .getByRole('option', { name: option, exact: typeof option === 'string' })
    .first()
    .click();
}

describe.skipIf(!browserAvailable())('partner brief in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let riyadh: string;
  let krakow: string;

  beforeAll(async () => {
    buildWebIfStale();
    server = await startServer();
    browser = await launchBrowser();
    const admin = await newPage(browser, server.url);
    const request = admin.context.request;
    expect((await request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const headers = { 'x-csrf-token': await apiLogin(admin.context, OWNER.email, OWNER.password) };
    const org = await request.put('/api/v1/settings/organisation', {
      headers,
      data: {
        name: 'Northwind',
        country: 'DE',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        workdays: [1, 2, 3, 4, 5],
        hours: { start: '09:00', end: '17:00' },
      },
    });
    expect(org.status()).toBe(200);
    riyadh = (
      await (
        await request.post('/api/v1/vendors', {
          headers,
          data: { name: 'Riyadh Desk', country: 'SA', timezone: 'Asia/Riyadh', languages: ['ar', 'en'] },
        })
      ).json()
    ).id;
    krakow = (
      await (
        await request.post('/api/v1/vendors', {
          headers,
          data: { name: 'Kraków Ledger', country: 'PL', timezone: 'Europe/Warsaw' },
        })
      ).json()
    ).id;
    for (const data of [
      { ...MANAGER, role: 'manager' },
      { ...VENDOR_USER, role: 'vendor', vendorId: riyadh },
    ])
      expect((await request.post('/api/v1/users', { data, headers })).status()).toBe(201);
    await admin.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a manager reads the partner brief on the vendor page', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, MANAGER.email, MANAGER.password);
    await page.goto(`/vendors/${riyadh}`);
    const brief = page.getByTestId('partner-brief');
    await brief.getByTestId('brief-vendor').waitFor();
    const time = (await page.getByTestId('brief-vendor-time').textContent()) ?? '';
    // The local time now, as Intl gives it here (a minute may pass between the two readings).
    expect(time).toMatch(/Asia\/Riyadh, UTC\+03:00/);
    const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
    const shown = minutes(time.slice(11, 16));
    const now = minutes(hhmm('Asia/Riyadh'));
    expect(Math.min(Math.abs(now - shown), 1440 - Math.abs(now - shown))).toBeLessThanOrEqual(2);
    expect(await page.getByTestId('brief-difference').textContent()).toMatch(
      /Riyadh Desk is [12] h ahead of us\./,
    );
    expect(await page.getByTestId('brief-languages').textContent()).toBe('ArabicEnglish');
    expect(await page.getByTestId('brief-slot').textContent()).toMatch(
      /^(Mon|Tue|Wed|Thu) \d\d:\d\d \(Europe\/Berlin\), 60 min/,
    );
    await snap(page, 'manager');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a vendor user reads their own vendor's brief, and not another vendor's", async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, VENDOR_USER.email, VENDOR_USER.password);
    await page.goto(`/vendors/${riyadh}`);
    await page.getByTestId('partner-brief').getByTestId('brief-organisation').waitFor();
    // Saudi Arabia writes Arabic-Indic digits: 1234567.89 as Intl writes it for ar-SA.
    expect(await page.getByTestId('brief-formats').textContent()).toContain(
      new Intl.NumberFormat('ar-SA').format(1234567.89),
    );
    await snap(page, 'vendor-user');
    expect(errors).toEqual([]);
    const other = await context.request.get(`/api/v1/vendors/${krakow}/brief`);
    expect(other.status()).toBe(404);
    await context.close();
  });

  it('a vendor user adds a delivery site in Manila and reads its own brief', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, VENDOR_USER.email, VENDOR_USER.password);
    await page.goto(`/vendors/${riyadh}`);
    const sites = page.getByTestId('sites');
    await sites.getByRole('button', { name: 'Add site' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Manila hub');
    await pick(page, 'Country', 'Philippines', /Philippines \(PH\)/);
    await pick(page, 'Time zone', 'Asia/Manila', 'Asia/Manila');
    await dialog.getByLabel('Sat').check();
    await dialog.getByRole('button', { name: 'Add site' }).click();
    await dialog.waitFor({ state: 'detached' });
    await sites.getByText('Manila hub').waitFor();
    expect(await sites.textContent()).toContain('Mon, Tue, Wed, Thu, Fri, Sat · 09:00–17:00');

    // The brief offers the vendor's own country and the site; the site's side is Manila's.
    const chooser = page.getByTestId('brief-sites');
    await chooser.getByText('Manila hub').click();
    const vendorSide = page.getByTestId('brief-vendor');
    await vendorSide.getByText('Them: Manila hub').waitFor();
    const time = (await page.getByTestId('brief-vendor-time').textContent()) ?? '';
    expect(time).toMatch(/Asia\/Manila, UTC\+08:00/);
    const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
    const shown = minutes(time.slice(11, 16));
    const now = minutes(hhmm('Asia/Manila'));
    expect(Math.min(Math.abs(now - shown), 1440 - Math.abs(now - shown))).toBeLessThanOrEqual(2);
    expect(await page.getByTestId('brief-difference').textContent()).toMatch(
      /Manila hub is [67] h ahead of us\./,
    );
    // The Philippines writes money in pesos.
    expect(await page.getByTestId('brief-formats').textContent()).toContain('₱');
    await snap(page, 'site');

    // Back to the vendor's own country.
    await chooser.getByText('Riyadh Desk (own country)').click();
    await vendorSide.getByText('Them: Riyadh Desk').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

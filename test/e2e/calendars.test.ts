/**
 * Holiday calendars in the browser: import a vendor's .ics file, see its days, and see the
 * planner use it (the day off in the grid and the calendar named under it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Acme//Holidays//EN',
  'BEGIN:VEVENT',
  'UID:diwali-2027@acme.example',
  'DTSTAMP:20261201T000000Z',
  'DTSTART;VALUE=DATE:20271029',
  'SUMMARY:Diwali',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

async function snap(page: Page, name: string) {
  const dir = process.env.OUTPOST_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/calendars-${name}.png`, fullPage: true });
}

async function pick(page: Page, label: string, typed: string, option: string | RegExp) {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.fill(typed);
  await page
    .getByRole('option', { name: option, exact: typeof option === 'string' })
    .first()
    .click();
}

describe.skipIf(!browserAvailable())('holiday calendars in chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    buildWebIfStale();
    server = await startServer();
    browser = await launchBrowser();
    const admin = await newPage(browser, server.url);
    expect((await admin.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const headers = { 'x-csrf-token': await apiLogin(admin.context, OWNER.email, OWNER.password) };
    const org = await admin.context.request.put('/api/v1/settings/organisation', {
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
    const vendor = await admin.context.request.post('/api/v1/vendors', {
      headers,
      data: { name: 'Acme Bangalore Centre', country: 'IN', timezone: 'Asia/Kolkata' },
    });
    expect(vendor.status()).toBe(201);
    await admin.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('imports a vendor’s .ics file, lists its days, and the planner uses it', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, OWNER.email, OWNER.password);
    await page.goto('/');
    await page.getByRole('link', { name: 'Holiday calendars' }).click();
    await page.getByTestId('calendars-empty').waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill('Acme Bangalore');
    await pick(page, 'Whose', 'Acme', /Acme Bangalore Centre/);
    await pick(page, 'Country', 'India', /India \(IN\)/);
    await page.getByRole('button', { name: 'Create' }).click();

    await page.getByTestId('calendar-label').waitFor();
    await page.getByRole('textbox', { name: 'Year', exact: true }).fill('2027');
    await page.getByText('India national + Acme Bangalore (no days for 2027)').waitFor();
    const file = join(mkdtempSync(join(tmpdir(), 'outpost-ics-')), 'bangalore.ics');
    writeFileSync(file, ICS);
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('India national + Acme Bangalore 2027').waitFor();
    const days = page.getByTestId('calendar-days');
    expect(await days.textContent()).toContain('2027-10-29Diwali');
    expect(await days.textContent()).toContain('Republic Day');
    await snap(page, 'calendar');

    await page.getByRole('link', { name: 'Planner' }).click();
    await page.getByTestId('planner-empty').waitFor();
    await pick(page, 'Vendor', 'Acme', /Acme Bangalore Centre/);
    await page.getByRole('button', { name: 'Add vendor' }).click();
    await page.getByLabel('From', { exact: true }).fill('2027-10-25');
    await page.getByLabel('To', { exact: true }).fill('2027-11-05');
    await page.getByRole('button', { name: 'Show overlap' }).click();
    const diwali = page.getByTestId('planner-day-2027-10-29');
    await diwali.waitFor();
    expect(await diwali.textContent()).toContain('Diwali');
    expect(await page.getByTestId('planner-calendars').textContent()).toContain(
      'Acme Bangalore Centre: India national + Acme Bangalore 2027',
    );
    await snap(page, 'planner');
    expect(errors).toEqual([]);
    await context.close();
  });
});

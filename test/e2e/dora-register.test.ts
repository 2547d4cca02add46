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

describe.skipIf(!browserAvailable())('DORA register in chromium', () => {
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

  it('lists what to fix with links to the records, takes a function, and downloads the package', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    expect((await context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(context, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': csrf };
    const post = async (method: 'post' | 'put' | 'patch', url: string, data?: unknown) => {
      const res = await context.request[method](url, { data, headers });
      expect(res.status(), `${url}: ${await res.text()}`).toBeLessThan(300);
      return res.json().catch(() => ({}));
    };
    const vendor = await post('post', '/api/v1/vendors', { name: 'Nolei Hosting', country: 'PL' });
    const e = await post('post', '/api/v1/engagements', {
      vendorId: vendor.id,
      title: 'Core banking hosting',
      function: 'it',
      startDate: '2026-01-01',
      budget: 10_000_000,
      ictServiceType: 'S17',
      supportsCriticalFunction: false,
    });
    await post('put', `/api/v1/engagements/${e.id}/sow`, GOOD_SOW);
    await post('post', `/api/v1/engagements/${e.id}/sow/approve`);
    await post('patch', `/api/v1/engagements/${e.id}`, { status: 'active' });

    await page.goto('/vendors');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'DORA register' })
      .click();
    await page.waitForURL('**/registers/dora');
    const issues = page.getByTestId('register-issues');
    await issues.getByText('Nolei Hosting has no LEI').waitFor();
    await issues.getByText('No function of B_06.01 is linked to “Core banking hosting”.').waitFor();

    // A function linked to the engagement: the gap closes.
    await page.getByRole('button', { name: 'Add a function' }).click();
    const form = page.getByTestId('function-form');
    await form.getByRole('textbox', { name: 'Function identifier' }).fill('F-CORE');
    await form.getByRole('textbox', { name: 'Function name' }).fill('Core banking');
    await form.getByRole('textbox', { name: 'Licensed activity' }).fill('Lending activities');
    await form.getByRole('combobox', { name: 'Critical or important' }).click({ force: true });
    await page.getByRole('option', { name: 'Not critical or important' }).click();
    await form.getByLabel('Engagements that support it').click({ force: true });
    await page.getByRole('option', { name: 'Core banking hosting (Nolei Hosting)' }).click();
    await form.getByRole('button', { name: 'Save function' }).click();
    await page.getByTestId('functions').getByText('F-CORE').waitFor();
    await issues.getByText('No function of B_06.01 is linked').waitFor({ state: 'detached' });

    // B_06.01 shows the function's row.
    await page.getByRole('button', { name: /B_06\.01/ }).click();
    await page.getByTestId('template-B_06.01').getByText('F-CORE').waitFor();

    // The package downloads with its conventional name.
    const href = await page.getByTestId('download-package').getAttribute('href');
    expect(href).toBe('/api/v1/registers/dora');
    const zip = await context.request.get(href!);
    expect(zip.status()).toBe(200);
    expect(zip.headers()['content-disposition']).toMatch(
      /NO-LEI\.IND_US_DORA010100_DORA_\d{4}-\d\d-\d\d_\d{17}\.zip/,
    );
    expect([...(await zip.body()).subarray(0, 2)]).toEqual([0x50, 0x4b]);

    // The issue's link opens the vendor to fix.
    await issues.getByRole('link', { name: 'Fix on Nolei Hosting' }).first().click();
    await page.waitForURL(`**/vendors/${vendor.id}`);
    expect(errors).toEqual([]);
  });
});

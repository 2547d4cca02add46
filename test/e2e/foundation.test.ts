import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

/** Pick an option of a Mantine Select by typing into it. */
async function choose(page: Page, label: string, typed: string, option: string) {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Create vendors through the API with a signed-in context's cookie and CSRF token. */
async function createVendor(context: BrowserContext, csrf: string, body: Record<string, unknown>) {
  const res = await context.request.post('/api/v1/vendors', {
    data: body,
    headers: { 'x-csrf-token': csrf },
  });
  if (res.status() !== 201) throw new Error(`create vendor: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { id: string; name: string };
}

describe.skipIf(!browserAvailable())('web app in chromium', () => {
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

  it('sets up the owner, signs in, creates a vendor and finds it in the list', async () => {
    const { context, page, errors } = await newPage(browser, server.url);

    await page.goto('/');
    await page.waitForURL('**/setup');
    await page.getByRole('textbox', { name: 'Your name', exact: true }).fill(OWNER.name);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(OWNER.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('too short');
    await page.getByRole('button', { name: 'Create owner account' }).click();
    await expect.poll(() => page.getByText('Must be at least 12 characters').count()).toBe(1);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(OWNER.password);
    await page.getByRole('button', { name: 'Create owner account' }).click();

    await page.waitForURL('**/login');
    // The URL changes before the new page renders: wait for the login form itself.
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe(OWNER.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('wrong password entirely');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('login-error').waitFor();
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // An internal user lands on the portfolio dashboard.
    await page.waitForURL('**/dashboard');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Vendors' }).click();
    await page.waitForURL('**/vendors');
    await page.getByText('No vendors yet — add your first vendor or import a CSV').waitFor();
    // The owner sees the foundation's areas in this order (other capabilities add their own items
    // between them), and no area that is not built yet.
    const items = await nav.getByRole('link').allInnerTexts();
    const foundation = ['Vendors', 'Audit trail', 'Users', 'Organisation', 'API tokens', 'Password'];
    expect(items.filter((i) => foundation.includes(i))).toEqual(foundation);
    // Risks are built: an internal area.
    expect(items).toContain('Risks');
    // Spend is built: an internal area.
    expect(items).toContain('Spend');
    // Webhooks are built: an owner's area, after the organisation's settings.
    expect(items).toContain('Webhooks');
    expect(await page.getByTestId('current-user').textContent()).toMatch(/Olga Owner\s*Owner/);

    await page.getByRole('link', { name: 'Add vendor' }).first().click();
    await page.waitForURL('**/vendors/new');
    await page.getByTestId('vendor-form').waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Manila Care BPO');
    await page.getByRole('textbox', { name: 'Legal name', exact: true }).fill('Manila Care Outsourcing Inc.');
    await choose(page, 'Country', 'Philippines', 'Philippines (PH)');
    const languages = page.getByRole('combobox', { name: 'Languages' });
    // "e" is no language tag: the API's field error must appear next to the field.
    await languages.fill('e');
    await languages.press('Enter');
    await page.getByRole('combobox', { name: 'Services' }).fill('customer service');
    await page.getByRole('combobox', { name: 'Services' }).press('Enter');
    await page.getByRole('button', { name: 'Create vendor' }).click();
    await page.getByText('Must be a BCP 47 language tag', { exact: false }).waitFor();
    expect(page.url()).toContain('/vendors/new');

    await languages.press('Backspace');
    await languages.fill('en');
    await languages.press('Enter');
    await languages.fill('fil');
    await languages.press('Enter');
    await page.getByRole('button', { name: 'Create vendor' }).click();

    await page.waitForURL(/\/vendors\/vnd_[0-9A-Z]{26}$/);
    const vendorId = page.url().split('/').pop()!;
    expect(await page.getByTestId('vendor-name').textContent()).toBe('Manila Care BPO');
    await page.getByText('Asia/Manila').first().waitFor();
    expect(await page.getByTestId('status-badge').textContent()).toMatch(/prospect/i);

    await nav.getByRole('link', { name: 'Vendors' }).click();
    await page.waitForURL('**/vendors');
    await page.getByRole('link', { name: 'Manila Care BPO' }).waitFor();

    const csrf = await (await context.request.get('/api/v1/me')).json().then((b) => b.csrfToken as string);
    await createVendor(context, csrf, { name: 'Lisbon Books', country: 'PT' });
    await page.reload();
    await page.getByRole('link', { name: 'Lisbon Books' }).waitFor();
    await page.getByRole('textbox', { name: 'Search vendors' }).fill('manila');
    await expect.poll(() => page.getByTestId('vendor-row').count()).toBe(1);
    expect(await page.getByTestId('vendor-row').textContent()).toContain('Manila Care BPO');
    await page.getByRole('textbox', { name: 'Search vendors' }).fill('no such vendor');
    await page.getByText('No vendor matches these filters').waitFor();
    await page.getByRole('textbox', { name: 'Search vendors' }).fill('');
    await expect.poll(() => page.getByTestId('vendor-row').count()).toBe(2);

    await page.getByRole('link', { name: 'Manila Care BPO' }).click();
    await page.waitForURL(`**/vendors/${vendorId}`);
    await page.getByTestId('contacts').waitFor();
    expect(errors).toEqual([]);

    if (process.env.OUTPOST_SCREENSHOT === '1') await screenshotList(context, csrf, page);
    await context.close();
  });

  it('shows a vendor user only their own vendor', async () => {
    const owner = await browser.newContext({ baseURL: server.url });
    // The first test creates the owner; make this one stand on its own too.
    const setup = await (await owner.request.get('/api/v1/setup')).json();
    if (setup.needsSetup) await owner.request.post('/api/v1/setup', { data: OWNER });
    const csrf = await apiLogin(owner, OWNER.email, OWNER.password);
    const a = await createVendor(owner, csrf, { name: 'Alpha Ledger Services', country: 'IN' });
    const b = await createVendor(owner, csrf, { name: 'Bravo Payroll', country: 'PL' });
    const created = await owner.request.post('/api/v1/users', {
      headers: { 'x-csrf-token': csrf },
      data: {
        name: 'Vera Vendor',
        email: 'vera@alpha.example',
        password: 'vendor password 123',
        role: 'vendor',
        vendorId: a.id,
      },
    });
    expect(created.status()).toBe(201);
    await owner.close();

    const { context, page, errors } = await newPage(browser, server.url);
    await page.goto('/');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill('vera@alpha.example');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('vendor password 123');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // A vendor user lands on their to-do list; their own vendor is one click away.
    await page.waitForURL('**/todo');
    await page.getByTestId('todo-empty').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual([
      'To do',
      'Inbox',
      'My tasks',
      'My organisation',
      'Engagements',
      'Assessments',
      'Holiday calendars',
      'API tokens',
      'Password',
    ]);
    await nav.getByRole('link', { name: 'My organisation' }).click();
    await page.waitForURL(`**/vendors/${a.id}`);
    expect(await page.getByTestId('vendor-name').textContent()).toBe(a.name);
    expect(await page.getByText('Internal', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Change status' }).count()).toBe(0);

    await page.goto('/vendors');
    await page.waitForURL(`**/vendors/${a.id}`);
    await page.getByTestId('vendor-name').waitFor();

    await page.goto(`/vendors/${b.id}`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByText(b.name).count()).toBe(0);

    const list = await (await context.request.get('/api/v1/vendors')).json();
    expect(list.items.map((v: { id: string }) => v.id)).toEqual([a.id]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** The README's picture: the vendor list with a handful of vendors. */
async function screenshotList(context: BrowserContext, csrf: string, page: Page) {
  const more = [
    {
      name: 'Bogotá Contact Center',
      country: 'CO',
      services: ['customer service', 'sales'],
      criticality: 'high',
    },
    {
      name: 'Kraków Finance Hub',
      country: 'PL',
      services: ['accounting', 'payroll'],
      criticality: 'critical',
    },
    { name: 'Cape Town Creative', country: 'ZA', services: ['marketing'], criticality: 'low' },
    { name: 'Nairobi IT Desk', country: 'KE', services: ['IT support'], criticality: 'medium' },
    { name: 'Cebu Accounts Team', country: 'PH', services: ['accounting'], criticality: 'medium' },
  ];
  for (const v of more) {
    const created = await createVendor(context, csrf, { ...v, legalName: `${v.name} Ltd.` });
    for (const status of ['under_review', 'approved', 'active'].slice(0, v.criticality === 'low' ? 1 : 3)) {
      await context.request.patch(`/api/v1/vendors/${created.id}`, {
        data: { status },
        headers: { 'x-csrf-token': csrf },
      });
    }
  }
  await page.goto('/vendors');
  await expect.poll(() => page.getByTestId('vendor-row').count()).toBe(7);
  await page.screenshot({ path: path.resolve('docs/screenshot.png') });
}

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

/** With OUTPOST_SCREENSHOT_DIR set, keep a picture of each step to look at. */
async function snap(page: Page, name: string) {
  const dir = process.env.OUTPOST_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/meetings-${name}.png`, fullPage: true });
}

describe.skipIf(!browserAvailable())('governance meetings in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let engagementId: string;

  beforeAll(async () => {
    buildWebIfStale();
    server = await startServer();
    browser = await launchBrowser();
    const admin = await newPage(browser, server.url);
    expect((await admin.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const headers = { 'x-csrf-token': await apiLogin(admin.context, OWNER.email, OWNER.password) };
    const user = await admin.context.request.post('/api/v1/users', {
      data: { ...MANAGER, role: 'manager' },
      headers,
    });
    expect(user.status()).toBe(201);
    const vendor = await admin.context.request.post('/api/v1/vendors', {
      headers,
      data: {
        name: 'Manila Care',
        country: 'PH',
        timezone: 'Asia/Manila',
        contacts: [{ name: 'Ana Reyes' }],
      },
    });
    expect(vendor.status()).toBe(201);
    const e = await admin.context.request.post('/api/v1/engagements', {
      headers,
      data: {
        vendorId: (await vendor.json()).id,
        title: 'Customer care',
        function: 'customer_service',
        startDate: '2027-01-01',
        budget: 1_000_000,
      },
    });
    expect(e.status()).toBe(201);
    engagementId = (await e.json()).id;
    await admin.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a manager creates a series, writes minutes with an action for themself and finds it in My tasks', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, MANAGER.email, MANAGER.password);
    await page.goto(`/engagements/${engagementId}`);
    await page.getByRole('tab', { name: 'Meetings' }).click();
    await page.getByText('No meeting series yet').waitFor();
    await page.getByRole('button', { name: 'New series' }).click();
    const form = page.getByTestId('series-form');
    await form.getByRole('textbox', { name: 'Title' }).fill('Weekly operations');
    await form.getByLabel("Time zone (the organiser's)").fill('Europe/Berlin');
    await snap(page, 'form');
    await page.getByRole('button', { name: 'Create series' }).click();

    // The new series is selected: its meetings are listed; open the first.
    await page.getByText('times in Europe/Berlin').waitFor();
    await page.getByTestId('occurrence').first().click();
    const panel = page.getByTestId('meeting-panel');
    await panel.waitFor();
    await panel.getByLabel('Minutes (Markdown)').fill('Agreed the **holiday rota**.');
    await panel.getByRole('button', { name: 'Save agenda and minutes' }).click();
    await page.getByText('Minutes saved').waitFor();

    await panel.getByRole('textbox', { name: 'New action' }).fill('Send the staffing plan');
    await panel.getByRole('combobox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: MANAGER.name }).click();
    await panel.getByLabel('Due').fill('2027-02-15');
    await panel.getByRole('button', { name: 'Add action' }).click();
    await panel.getByTestId('action-row').filter({ hasText: 'Send the staffing plan' }).waitFor();
    await snap(page, 'minutes');

    await page.getByRole('link', { name: 'My tasks' }).click();
    const tasks = page.getByTestId('tasks');
    await tasks.waitFor();
    expect(await tasks.textContent()).toContain('Send the staffing plan');
    expect(await tasks.textContent()).toContain('Weekly operations');
    expect(await tasks.textContent()).toContain('2027-02-15');
    // Ticking it off moves it out of the open list.
    await page.getByRole('checkbox', { name: 'Done: Send the staffing plan' }).click();
    await page.getByText('Nothing open').waitFor();

    await page.getByRole('button', { name: 'Get my calendar address' }).click();
    expect(await page.getByTestId('calendar-url').textContent()).toMatch(
      /\/api\/v1\/calendar\/[\w-]{43}\.ics$/,
    );
    await snap(page, 'tasks');

    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByText('No threads yet').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

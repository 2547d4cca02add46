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

/** With OUTPOST_SCREENSHOT_DIR set, keep a picture of each step to look at. */
async function snap(page: Page, name: string) {
  const dir = process.env.OUTPOST_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/communicate-${name}.png`, fullPage: true });
}

/** Choose in a Mantine select by typing and clicking the option. */
async function pick(page: Page, label: string, typed: string, option: string | RegExp) {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.fill(typed);
  await page
    .getByRole('option', { name: option, exact: typeof option === 'string' })
    .first()
    .click();
}

describe.skipIf(!browserAvailable())('communicate in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let headers: Record<string, string>;

  beforeAll(async () => {
    buildWebIfStale();
    server = await startServer();
    browser = await launchBrowser();
    const admin = await newPage(browser, server.url);
    expect((await admin.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    headers = { 'x-csrf-token': await apiLogin(admin.context, OWNER.email, OWNER.password) };
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
      data: { name: 'Cairo Support', country: 'EG', timezone: 'Africa/Cairo' },
    });
    expect(vendor.status()).toBe(201);
    await admin.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the planner shows the overlap with a Sunday–Thursday vendor, Eid marked, and a weekly slot', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, OWNER.email, OWNER.password);
    await page.goto('/');
    await page.getByRole('link', { name: 'Planner' }).click();
    await page.getByTestId('planner-empty').waitFor();
    await pick(page, 'Vendor', 'Cairo', /Cairo Support/);
    await page.getByRole('button', { name: 'Add vendor' }).click();
    await page.getByRole('textbox', { name: 'Ad-hoc party' }).fill('New York desk');
    await pick(page, 'Time zone', 'America/New_York', 'America/New_York');
    await pick(page, 'Country', 'United States', /United States \(US\)/);
    await page.getByRole('button', { name: 'Add party' }).click();
    expect(await page.getByTestId('planner-party').count()).toBe(3);
    await page.getByLabel('From', { exact: true }).fill('2027-03-01');
    await page.getByLabel('To', { exact: true }).fill('2027-03-28');
    await page.getByRole('button', { name: 'Show overlap' }).click();

    const eid = page.getByTestId('planner-day-2027-03-09');
    await eid.waitFor();
    expect(await eid.textContent()).toContain('Eid al-Fitr');
    // Berlin 09–17 (CET), Cairo 09–17 (UTC+2), New York 09–17 (EST): 14:00–15:00 UTC = 15:00–16:00 Berlin.
    expect(await page.getByTestId('planner-day-2027-03-02').textContent()).toContain('15:00–16:00 (60 min)');
    // Friday is Cairo's weekend.
    expect(await page.getByTestId('planner-day-2027-03-05').textContent()).toContain('Off: Cairo Support');
    const slot = page.getByTestId('planner-slot');
    await slot.waitFor();
    expect(await slot.textContent()).toContain('Suggested weekly slot');
    await snap(page, 'planner');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an owner invites a vendor contact, who sets a password and lands in the portal', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, OWNER.email, OWNER.password);
    await page.goto('/vendors');
    await page.getByRole('link', { name: 'Cairo Support' }).first().click();
    await page.getByTestId('invite-link').click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Rania Saleh');
    await page.getByRole('textbox', { name: 'Email' }).fill('rania@cairo.example');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const url = await page.getByTestId('invitation-url').inputValue();
    expect(url).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
    await snap(page, 'invite');
    expect(errors).toEqual([]);
    await context.close();

    const guest = await newPage(browser, server.url);
    await guest.page.goto(url);
    await guest.page.getByText('Join Cairo Support on Outpost').waitFor();
    await guest.page.getByLabel(/^Password/).fill('a long portal password');
    await guest.page.getByLabel('Repeat the password').fill('a long portal password');
    await snap(guest.page, 'accept');
    await guest.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await guest.page.getByTestId('vendor-name').waitFor();
    expect(await guest.page.getByTestId('vendor-name').textContent()).toBe('Cairo Support');
    await expect.poll(() => guest.page.getByRole('link', { name: 'My organisation' }).count()).toBe(1);
    // The link works once.
    await guest.page.goto(url);
    await guest.page.getByTestId('invitation-gone').waitFor();
    expect(guest.errors).toEqual([]);
    await guest.context.close();
  });

  it('a vendor user answers a shared thread and never sees the internal one', async () => {
    const admin = await newPage(browser, server.url);
    const csrf = { 'x-csrf-token': await apiLogin(admin.context, OWNER.email, OWNER.password) };
    const vendors = await (await admin.context.request.get('/api/v1/vendors?q=Cairo')).json();
    const vendorId = vendors.items[0].id;
    const engagement = await (
      await admin.context.request.post('/api/v1/engagements', {
        headers: csrf,
        data: {
          vendorId,
          title: 'Customer care MENA',
          function: 'customer_service',
          startDate: '2027-01-01',
          endDate: '2027-12-31',
          budget: 1_000_000,
        },
      })
    ).json();
    const thread = async (title: string, visibility: string) =>
      (
        await (
          await admin.context.request.post(`/api/v1/engagements/${engagement.id}/threads`, {
            headers: csrf,
            data: { title, visibility },
          })
        ).json()
      ).id as string;
    const shared = await thread('Weekly operations', 'shared');
    await thread('Renewal negotiation', 'internal');
    const first = await admin.context.request.post(`/api/v1/threads/${shared}/messages`, {
      headers: csrf,
      data: {
        body: '@rania@cairo.example can you confirm the **Eid** cover plan? <script>alert(1)</script>',
      },
    });
    expect(first.status()).toBe(201);

    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, 'rania@cairo.example', 'a long portal password');
    await page.goto(`/engagements/${engagement.id}`);
    await page.getByRole('tab', { name: 'Messages' }).click();
    // The messages stay a tab of the engagement: its title and tabs remain above the threads.
    await page.getByTestId('engagement-messages').waitFor();
    expect(await page.getByTestId('engagement-title').textContent()).toBe('Customer care MENA');
    expect(new URL(page.url()).pathname).toBe(`/engagements/${engagement.id}`);
    await expect.poll(() => page.getByTestId('thread-link').count()).toBe(1);
    expect(await page.getByText('Renewal negotiation').count()).toBe(0);
    expect(await page.getByTestId('unread-count').textContent()).toBe('1');
    await page.getByTestId('thread-link').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('thread')).toBe(shared);
    const message = page.getByTestId('message').first();
    await message.waitFor();
    expect(await message.locator('strong').textContent()).toBe('Eid');
    expect(await message.textContent()).toContain('<script>alert(1)</script>');
    await page.getByRole('textbox', { name: 'Reply' }).fill('Confirmed: **two agents** on each Eid day.');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'eid-roster.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Eid roster: Rania, Omar\n'),
    });
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByTestId('message').count()).toBe(2);
    const reply = page.getByTestId('message').nth(1);
    expect(await reply.locator('strong').textContent()).toBe('two agents');
    await expect.poll(() => reply.getByText('eid-roster.txt').count()).toBe(1);
    await expect.poll(() => page.getByTestId('unread-count').count()).toBe(0);
    await snap(page, 'thread');
    expect(errors).toEqual([]);

    // The owner now has one unread message: the vendor's answer.
    const list = await (
      await admin.context.request.get(`/api/v1/engagements/${engagement.id}/threads`)
    ).json();
    expect(list.items.find((t: { id: string }) => t.id === shared).unreadCount).toBe(1);
    await context.close();
    await admin.context.close();
  });
});

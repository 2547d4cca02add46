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
  if (dir) await page.screenshot({ path: `${dir}/diligence-${name}.png`, fullPage: true });
}

describe.skipIf(!browserAvailable())('due diligence in chromium', () => {
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

  it('a manager is refused approval, adds a certificate and two references, and approves the vendor', async () => {
    const admin = await newPage(browser, server.url);
    expect((await admin.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(admin.context, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': csrf };
    expect(
      (
        await admin.context.request.post('/api/v1/users', { data: { ...MANAGER, role: 'manager' }, headers })
      ).status(),
    ).toBe(201);
    const created = await admin.context.request.post('/api/v1/vendors', {
      data: { name: 'Warsaw Ledger', country: 'PL', criticality: 'critical', status: 'under_review' },
      headers,
    });
    const vendor = await created.json();
    await admin.context.close();

    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, MANAGER.email, MANAGER.password);
    await page.goto(`/vendors/${vendor.id}`);
    await page.getByTestId('diligence-link').click();
    await page.getByText('Due diligence: Warsaw Ledger').waitFor();
    await expect.poll(() => page.getByTestId('checklist-state').textContent()).toBe('Incomplete');
    await page.getByTestId('notification-bell').waitFor();

    // Approving now is refused, and the page says what is missing.
    await page.getByRole('button', { name: 'Approve vendor' }).click();
    const blocked = page.getByTestId('approval-blocked');
    await blocked.waitFor();
    expect(await blocked.textContent()).toContain('2 more positive references needed');
    // Managers are not offered the override.
    expect(await page.getByRole('button', { name: 'Override with reason' }).count()).toBe(0);
    await snap(page, 'blocked');

    // A certificate with its evidence.
    await page.getByRole('button', { name: 'Add certificate' }).click();
    const certModal = page.getByRole('dialog', { name: 'Add a certificate' });
    await certModal.getByRole('textbox', { name: 'Issuer' }).fill('BSI');
    await certModal.getByRole('textbox', { name: 'Certificate number' }).fill('IS 123456');
    await certModal.getByLabel('Expires on').fill('2031-06-30');
    await certModal.locator('input[type="file"]').setInputFiles({
      name: 'iso27001.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('ISO/IEC 27001 certificate IS 123456, valid until 2031-06-30\n'),
    });
    await certModal.getByRole('button', { name: 'Add certificate' }).click();
    await certModal.waitFor({ state: 'detached' });
    const row = page.getByTestId('cert-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('cert-status').textContent()).toMatch(/^valid/);
    await expect.poll(() => row.getByRole('link', { name: 'Evidence' }).count()).toBe(1);

    // Two positive references, the first with ratings.
    for (const referee of ['Contoso Bank', 'Fabrikam Retail']) {
      await page.getByRole('button', { name: 'Add reference' }).click();
      const modal = page.getByRole('dialog', { name: 'Record a reference check' });
      await modal.getByRole('textbox', { name: 'Referee organisation' }).fill(referee);
      await modal.getByRole('textbox', { name: 'Relationship' }).fill('Client since 2021');
      await modal
        .getByRole('textbox', { name: 'Answer to Would you hire them again?' })
        .fill('Yes, without hesitation.');
      await modal.getByRole('button', { name: 'Record reference' }).click();
      await modal.waitFor({ state: 'detached' });
    }
    await expect.poll(() => page.getByTestId('reference-row').count()).toBe(2);
    await expect.poll(() => page.getByTestId('checklist-state').textContent()).toBe('Complete');
    expect(await page.getByTestId('reference-summary').textContent()).toContain('2 checked: 2 positive');
    await snap(page, 'complete');

    await page.getByRole('button', { name: 'Approve vendor' }).click();
    await expect.poll(() => page.getByTestId('diligence-vendor-status').textContent()).toBe('approved');
    // The vendor page agrees (the breadcrumb: the toasts cover the header's corner).
    await page.getByRole('link', { name: 'Warsaw Ledger' }).click();
    await page.getByTestId('vendor-name').waitFor();
    // The vendor's own query may still hold the status from before the approval until it refetches.
    await expect.poll(() => page.getByText('Approved', { exact: true }).count()).toBeGreaterThan(0);
    await snap(page, 'approved');
    expect(errors).toEqual([]);
  });
});

/** Browser: an owner registers a webhook (secret shown once) and tests it; a manager sets up the escalation matrix, which the vendor user then reads. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
const VENDOR_USER = {
  name: 'Vic Vendor',
  email: 'vic@vendor.example',
  password: 'correct horse battery staple',
};

describe.skipIf(!browserAvailable())('webhooks and escalation in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
  let engagementId: string;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/outpost`;
    buildWebIfStale();
    server = await startServer({ OUTPOST_WEBHOOKS_ALLOW_PRIVATE: 'true' });
    browser = await launchBrowser();
    const admin = await newPage(browser, server.url);
    expect((await admin.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const headers = { 'x-csrf-token': await apiLogin(admin.context, OWNER.email, OWNER.password) };
    const vendor = await admin.context.request.post('/api/v1/vendors', {
      headers,
      data: {
        name: 'Manila Care',
        country: 'PH',
        contacts: [{ name: 'Ana Reyes', email: 'ana@manila.example', role: 'Team lead' }],
      },
    });
    const vendorId = (await vendor.json()).id;
    const e = await admin.context.request.post('/api/v1/engagements', {
      headers,
      data: {
        vendorId,
        title: 'Customer care',
        function: 'customer_service',
        startDate: '2027-01-01',
        budget: 100000,
      },
    });
    engagementId = (await e.json()).id;
    const u = await admin.context.request.post('/api/v1/users', {
      headers,
      data: { ...VENDOR_USER, role: 'vendor', vendorId },
    });
    expect(u.status()).toBe(201);
    await admin.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  });

  it('an owner registers a webhook, copies the secret shown once, and sends a test', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, OWNER.email, OWNER.password);
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Webhooks' })
      .click();
    await page.getByTestId('webhooks-empty').waitFor();
    await page.getByRole('textbox', { name: 'URL' }).fill(receiverUrl);
    const events = page.getByRole('combobox', { name: 'Event types' });
    await events.click();
    await page.getByRole('option', { name: 'message.created', exact: true }).click();
    await events.press('Escape');
    await page.getByRole('button', { name: 'Register' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('webhooks-table').getByText(receiverUrl).waitFor();

    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByTestId('delivery-log').getByText('delivered', { exact: true }).waitFor();
    expect(await page.getByTestId('delivery-log').textContent()).toContain('webhook.test');
    expect(received).toHaveLength(1);
    expect(String(received[0]!.headers['webhook-signature'])).toMatch(/^v1,/);
    // The secret is not shown again.
    await page.reload();
    await page.getByTestId('webhooks-table').waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an owner sets up the escalation matrix, and the vendor user reads it in the portal', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, OWNER.email, OWNER.password);
    await page.goto(`/engagements/${engagementId}?tab=escalation`);
    await page.getByTestId('escalation-empty').waitFor();
    await page.getByRole('button', { name: 'Set up the matrix' }).click();
    await page.getByTestId('escalation-editor').waitFor();
    await page.getByRole('textbox', { name: 'Title' }).fill('Service delivery');
    await page.getByRole('combobox', { name: 'Our contacts' }).click();
    await page.getByRole('option', { name: 'Olga Owner' }).click();
    await page.getByRole('combobox', { name: 'Our contacts' }).press('Escape');
    await page.getByRole('combobox', { name: 'Vendor contacts' }).click();
    await page.getByRole('option', { name: /Ana Reyes/ }).click();
    await page.getByRole('combobox', { name: 'Vendor contacts' }).press('Escape');
    await page.getByRole('button', { name: 'Save matrix' }).click();
    const matrix = page.getByTestId('escalation-matrix');
    await matrix.waitFor();
    expect(await matrix.textContent()).toContain('Ana Reyes');
    expect(errors).toEqual([]);
    await context.close();

    const vendor = await newPage(browser, server.url);
    await apiLogin(vendor.context, VENDOR_USER.email, VENDOR_USER.password);
    await vendor.page.goto(`/engagements/${engagementId}`);
    await vendor.page.getByRole('tab', { name: 'Escalation' }).click();
    const seen = vendor.page.getByTestId('escalation-matrix');
    await seen.waitFor();
    const text = (await seen.textContent()) ?? '';
    expect(text).toContain('Olga Owner');
    expect(text).toContain('within 4 hours');
    expect(await vendor.page.getByRole('button', { name: 'Edit matrix' }).count()).toBe(0);
    expect(vendor.errors).toEqual([]);
    await vendor.context.close();
  });
});

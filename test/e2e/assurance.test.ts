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
const REVIEWER = {
  name: 'Rita Reviewer',
  email: 'rita@example.com',
  password: 'correct horse battery staple',
};

describe.skipIf(!browserAvailable())('access reviews in chromium', () => {
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

  it('the reviewer keeps one grant and revokes another, each with a comment, and the review completes', async () => {
    const admin = await newPage(browser, server.url);
    const request = admin.context.request;
    expect((await request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const headers = { 'x-csrf-token': await apiLogin(admin.context, OWNER.email, OWNER.password) };
    const reviewer = await (
      await request.post('/api/v1/users', { data: { ...REVIEWER, role: 'manager' }, headers })
    ).json();
    const vendor = await (
      await request.post('/api/v1/vendors', {
        data: {
          name: 'Manila Helpdesk',
          country: 'PH',
          contacts: [{ name: 'Ana Keep' }, { name: 'Ben Leave' }],
        },
        headers,
      })
    ).json();
    const [ana, ben] = vendor.contacts;
    const grant = async (contactId: string, system: string) => {
      const res = await request.post('/api/v1/access-grants', {
        data: {
          vendorId: vendor.id,
          contactId,
          system,
          accessLevel: 'write',
          grantedOn: '2026-09-01',
          justification: 'Tier-1 support',
        },
        headers,
      });
      expect(res.status()).toBe(201);
      return (await res.json()).id as string;
    };
    await grant(ana.id, 'Zendesk');
    const benGrant = await grant(ben.id, 'Salesforce');
    const review = await request.post('/api/v1/access-reviews', {
      data: { scope: 'vendor', vendorId: vendor.id, reviewerId: reviewer.id, dueOn: '2099-12-31' },
      headers,
    });
    expect(review.status()).toBe(201);
    await admin.context.close();

    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, REVIEWER.email, REVIEWER.password);
    // The reviewer finds the campaign from the vendor's Data & access page.
    await page.goto(`/vendors/${vendor.id}/data`);
    await page.getByTestId('review-link').first().click();
    await expect.poll(() => page.getByTestId('review-item').count()).toBe(2);

    const row = (name: string) => page.getByTestId('review-item').filter({ hasText: name });
    await row('Ana Keep').getByTestId('review-comment').fill('Works the Zendesk queue every day');
    await row('Ana Keep').getByTestId('review-keep').click();
    await expect.poll(() => row('Ana Keep').getByTestId('review-keep').count()).toBe(0);
    await row('Ben Leave').getByTestId('review-comment').fill('Moved to another client in October');
    await row('Ben Leave').getByTestId('review-revoke').click();
    await expect.poll(() => page.getByTestId('review-status').textContent()).toBe('completed');
    expect(await row('Ben Leave').textContent()).toContain('Moved to another client in October');

    const g = await (await context.request.get(`/api/v1/access-grants/${benGrant}`)).json();
    expect(g).toMatchObject({ status: 'revoked', revokedBy: reviewer.id });
    const open = await (
      await context.request.get(`/api/v1/access-grants?vendorId=${vendor.id}&status=open`)
    ).json();
    expect(open.items.map((i: { system: string }) => i.system)).toEqual(['Zendesk']);
    expect(errors).toEqual([]);
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UK_CSV } from '../fixtures/sanctions';
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

describe.skipIf(!browserAvailable())('sanctions screening in chromium', () => {
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

  it('an owner uploads the UK list, reviews a hit beside the entry, confirms it, and the vendor page shows the hold', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    expect((await context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(context, OWNER.email, OWNER.password);
    const vendor = await (
      await context.request.post('/api/v1/vendors', {
        data: { name: 'Taiga Logistika', country: 'RU' },
        headers: { 'x-csrf-token': csrf },
      })
    ).json();

    await page.goto('/screening/lists');
    const uk = page.getByTestId('list-uk');
    await uk.getByText('Not loaded').waitFor();
    await uk.locator('input[type=file]').setInputFiles({
      name: 'ConList.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(UK_CSV),
    });
    await uk.getByRole('button', { name: 'Load as new version' }).click();
    await uk.getByText('2 entries').waitFor();
    await page.getByTestId('versions').getByText('2027-03-05').waitFor();

    await page.getByRole('link', { name: 'Hits to review' }).click();
    await page.waitForURL('**/screening/hits');
    await page.getByTestId('hits').getByRole('link', { name: 'Taiga Logistika' }).click();
    await page.waitForURL('**/screening/hits/*');
    await page.getByTestId('hit-record').getByText('Taiga Logistika').first().waitFor();
    await page.getByTestId('hit-entry').getByText('TAIGA LOGISTIKA OOO').waitFor();
    await page.getByTestId('hit-entry').getByText('UK consolidated list (OFSI)').waitFor();

    await page.getByRole('radio', { name: /True match/ }).check();
    await page.getByRole('textbox', { name: 'Reason' }).fill('Same registration number as OFSI group 16002.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText(/^Decided by Olga Owner/).waitFor();

    await page.goto(`/vendors/${vendor.id}`);
    await page.getByTestId('vendor-screening').getByText('Held: confirmed sanctions match').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
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
const VENDOR_USER = { name: 'Vic Vendor', email: 'vic@manila.example', password: 'another long password' };

/** A calendar date `days` from today, as the API takes it. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** The 15th of the month `back` months before this one, noon UTC. */
function midMonth(back: number): { at: string; month: string } {
  const d = new Date();
  d.setUTCDate(15);
  d.setUTCHours(12, 0, 0, 0);
  d.setUTCMonth(d.getUTCMonth() - back);
  return { at: d.toISOString(), month: d.toISOString().slice(0, 7) };
}

async function call(
  context: BrowserContext,
  csrf: string,
  method: 'POST' | 'PUT',
  url: string,
  data: unknown,
) {
  const res = await context.request.fetch(url, { method, data, headers: { 'x-csrf-token': csrf } });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/** With OUTPOST_SCREENSHOT_DIR set, keep a picture of each step to look at. */
async function snap(page: Page, name: string) {
  const dir = process.env.OUTPOST_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/quality-${name}.png`, fullPage: true });
}

const status = (page: Page) =>
  page.getByTestId('deliverable-Agent training plan').getByTestId('deliverable-status').textContent();

describe.skipIf(!browserAvailable())('quality in chromium', () => {
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

  it('a vendor hands in a deliverable, the reviewer rejects then accepts it, and the KPI chart shows', async () => {
    const owner = await newPage(browser, server.url);
    await owner.context.request.post('/api/v1/setup', { data: OWNER });
    const csrf = await apiLogin(owner.context, OWNER.email, OWNER.password);
    const vendor = await call(owner.context, csrf, 'POST', '/api/v1/vendors', {
      name: 'Manila Care',
      country: 'PH',
    });
    await call(owner.context, csrf, 'POST', '/api/v1/users', {
      ...VENDOR_USER,
      role: 'vendor',
      vendorId: vendor.id,
    });
    const engagement = await call(owner.context, csrf, 'POST', '/api/v1/engagements', {
      vendorId: vendor.id,
      title: 'Customer service DACH',
      function: 'customer_service',
      startDate: day(-120),
      endDate: day(300),
      // Ahead of UTC: last month has ended here whenever it has in UTC, where the page counts months.
      timezone: 'Europe/Berlin',
      monthlyFee: 1_000_000,
      budget: 15_000_000,
    });
    const sow = {
      ...GOOD_SOW,
      deliverables: [
        {
          title: 'Agent training plan',
          description: 'Two-week plan',
          acceptanceCriteria: ['Signed off by the client operations lead', 'Covers German and English'],
          dueDate: day(10),
        },
      ],
      milestones: [{ title: 'Go-live', dueDate: day(20), paymentAmount: 200_000 }],
    };
    await call(owner.context, csrf, 'PUT', `/api/v1/engagements/${engagement.id}/sow`, sow);
    const approved = await call(
      owner.context,
      csrf,
      'POST',
      `/api/v1/engagements/${engagement.id}/sow/approve`,
      {},
    );
    // Service level (calls answered in 20 s / calls offered) for three months; the middle one breached.
    const kpiId = approved.kpis[0].id;
    const [m2, m1, m0] = [midMonth(2), midMonth(1), midMonth(0)];
    await call(owner.context, csrf, 'POST', `/api/v1/engagements/${engagement.id}/measurements`, {
      items: [
        { kpiId, at: m2.at, numerator: 90, denominator: 100, externalId: 'a' },
        { kpiId, at: m1.at, numerator: 60, denominator: 100, externalId: 'b' },
        { kpiId, at: m0.at, numerator: 85, denominator: 100, externalId: 'c' },
      ],
    });
    // Close the months that have ended (the scheduler would): the portfolio reads closed months.
    // No grace for late data, so that last month closes even on the first days of this one.
    await call(owner.context, csrf, 'PUT', `/api/v1/engagements/${engagement.id}/sla-settings`, {
      earnBack: { enabled: false, periods: 3 },
      graceHours: 0,
    });
    await call(owner.context, csrf, 'POST', '/api/v1/sla/close', {});
    const qualityUrl = `/engagements/${engagement.id}/quality`;

    // The vendor user hands the plan in with a file.
    const vend = await newPage(browser, server.url);
    await apiLogin(vend.context, VENDOR_USER.email, VENDOR_USER.password);
    const handIn = async (note: string) => {
      await vend.page.goto(qualityUrl);
      await vend.page.getByRole('button', { name: /^Hand in( again)?$/ }).click();
      const dialog = vend.page.getByRole('dialog');
      await dialog.locator('input[type="file"]').setInputFiles({
        name: 'training-plan.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(`Training plan: ${note}\n`),
      });
      await dialog.getByText('training-plan.txt').waitFor();
      await dialog.getByRole('textbox', { name: 'Note to the reviewer' }).fill(note);
      await dialog.getByRole('button', { name: 'Hand in' }).click();
      await expect.poll(() => status(vend.page)).toBe('submitted');
    };
    await handIn('German part done');
    await snap(vend.page, '1-vendor-handed-in');

    // The reviewer fails one criterion and rejects.
    await owner.page.goto(`/engagements/${engagement.id}`);
    await owner.page.getByRole('tab', { name: 'Quality' }).click();
    await owner.page.waitForURL(`**${qualityUrl}`);
    await owner.page.getByRole('button', { name: 'Review' }).click();
    let dialog = owner.page.getByRole('dialog');
    await dialog.getByRole('link', { name: 'training-plan.txt' }).waitFor();
    await dialog.getByRole('checkbox', { name: 'Covers German and English' }).uncheck();
    await dialog
      .getByRole('textbox', { name: 'Comment on Covers German and English' })
      .fill('English is missing');
    await snap(owner.page, '2-review-reject');
    await dialog.getByRole('button', { name: 'Reject deliverable' }).click();
    await expect.poll(() => status(owner.page)).toBe('rejected');

    // The vendor sees why and hands in cycle 2.
    await vend.page.goto(qualityUrl);
    await vend.page
      .getByText('failed “Covers German and English” (English is missing)', { exact: false })
      .waitFor();
    await handIn('English added');

    // The reviewer accepts: every criterion passes.
    await owner.page.reload();
    await owner.page.getByRole('button', { name: 'Review' }).click();
    dialog = owner.page.getByRole('dialog');
    expect(await dialog.getByRole('checkbox', { checked: true }).count()).toBe(2);
    await dialog.getByRole('button', { name: 'Accept deliverable' }).click();
    await expect.poll(() => status(owner.page)).toBe('accepted');
    const row = owner.page.getByTestId('deliverable-Agent training plan');
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('2');
    await expect.poll(() => owner.page.getByTestId('first-pass-rate').textContent()).toBe('0% of 1');

    // The dashboard: a line chart for the KPI with its breached month marked.
    const chart = owner.page.getByTestId('kpi-chart');
    await chart.locator('.recharts-line').first().waitFor();
    expect(await chart.textContent()).toContain('Service level');
    await expect.poll(() => chart.getByText(`Breached: ${m1.month}`).count()).toBe(1);
    expect(await chart.locator('.recharts-line').count()).toBe(3);
    await snap(owner.page, '3-dashboard');
    if (process.env.OUTPOST_SCREENSHOT_DIR)
      await chart.screenshot({ path: `${process.env.OUTPOST_SCREENSHOT_DIR}/quality-4-kpi-chart.png` });

    // Measurements from the page. The vendor uploads a CSV: the server checks every row first,
    // names a bad one by its line, and writes nothing until the whole file is good.
    await vend.page.reload();
    const entry = vend.page.getByTestId('measurement-entry');
    await entry.waitFor();
    await entry.getByRole('tab', { name: 'Upload a CSV file' }).click();
    const head = 'engagement,kpi,at,value,numerator,denominator,source,external_id';
    const csvFile = (rows: string[]) => ({
      name: 'measurements.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${head}\n${rows.join('\n')}\n`),
    });
    const fileInput = entry.locator('input[type="file"]');
    await fileInput.setInputFiles(
      csvFile([
        `${engagement.id},${kpiId},${m0.at},,8,10,,`,
        `${engagement.id},${kpiId},${m0.at},,eight,10,,`,
      ]),
    );
    await entry.getByTestId('csv-preview').waitFor();
    await entry.getByTestId('csv-errors').waitFor();
    expect(await entry.getByTestId('csv-errors').textContent()).toContain('Line 3');
    expect(await entry.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    await fileInput.setInputFiles(csvFile([`${engagement.id},${kpiId},${m0.at},,8,10,,`]));
    await expect.poll(() => entry.getByTestId('csv-checked').textContent()).toBe('All 1 row are good.');
    await entry.getByRole('button', { name: 'Import 1 row' }).click();
    await vend.page.getByText('1 measurement imported.').waitFor();
    // The manager enters one value by hand.
    const form = owner.page.getByTestId('measurement-form');
    await form.getByRole('combobox', { name: 'KPI of measurement 1' }).click();
    await owner.page.getByRole('option', { name: /^Service level/ }).click();
    await form.getByLabel('When measurement 1 was taken').fill(m0.at.slice(0, 16));
    await form.getByRole('textbox', { name: 'Numerator of measurement 1' }).fill('9');
    await form.getByRole('textbox', { name: 'Denominator of measurement 1' }).fill('10');
    await form.getByRole('button', { name: 'Save measurements' }).click();
    await owner.page.getByText('1 measurement added.').waitFor();

    // A scorecard for this month: suggestions from the data, scored and published; the vendor disputes.
    // A period that has not begun is refused with a sentence.
    const nextYear = `${Number(m0.month.slice(0, 4)) + 1}-${m0.month.slice(5)}`;
    await owner.page.getByRole('textbox', { name: 'Period' }).fill(nextYear);
    await owner.page.getByRole('button', { name: 'New scorecard' }).click();
    await owner.page.getByText('has not begun yet: a scorecard looks back').first().waitFor();
    await owner.page.getByRole('textbox', { name: 'Period' }).fill(m0.month);
    await owner.page.getByRole('button', { name: 'New scorecard' }).click();
    await owner.page.getByTestId('scorecard-lines').waitFor();
    expect(await owner.page.getByTestId('scorecard-lines').textContent()).toContain('Suggested');
    // Nothing was due this month, so timeliness has no suggestion either.
    for (const label of ['Timeliness', 'Communication', 'Security & compliance']) {
      await owner.page.getByRole('combobox', { name: `Score for ${label}` }).click();
      await owner.page.getByRole('option', { name: '4 – Above expectations', exact: true }).click();
    }
    expect(await owner.page.getByTestId('scorecard-total-explained').textContent()).toContain(
      '1 is 0, 2 is 25',
    );
    // Publishing asks first; cancelling leaves the draft.
    await owner.page.getByRole('button', { name: 'Publish', exact: true }).click();
    await owner.page.getByText('The vendor sees the scores and comments at once').waitFor();
    await owner.page.getByRole('button', { name: 'Cancel' }).click();
    expect(await owner.page.getByText('Draft', { exact: true }).count()).toBeGreaterThan(0);
    await owner.page.getByRole('button', { name: 'Publish', exact: true }).click();
    await owner.page.getByRole('button', { name: 'Publish scorecard' }).click();
    await expect.poll(() => owner.page.getByTestId('scorecard-total').textContent()).toMatch(/\/ 100$/);
    await owner.page.getByText('Published', { exact: true }).first().waitFor();
    await snap(owner.page, '5-scorecard');
    await vend.page.reload();
    // The vendor reads the scores on the labelled scale, without the client's suggestions.
    const theirLines = vend.page.getByTestId('scorecard-lines');
    await theirLines.waitFor();
    expect(await theirLines.textContent()).not.toContain('Suggested');
    expect(await theirLines.textContent()).toContain('4 – Above expectations');
    await vend.page.getByText('Dispute a score', { exact: true }).click();
    await vend.page.getByRole('combobox', { name: 'Criterion' }).click();
    await vend.page.getByRole('option', { name: 'Timeliness' }).click();
    await vend.page
      .getByRole('textbox', { name: 'Your comment' })
      .fill('The resubmission waited for your review');
    await vend.page.getByRole('button', { name: 'Send' }).click();
    await vend.page.getByTestId('scorecard-response').waitFor();
    await snap(vend.page, '6-vendor-dispute');

    await owner.page.getByRole('link', { name: 'Quality' }).click();
    await owner.page.waitForURL('**/quality');
    await owner.page.getByRole('textbox', { name: 'Month' }).fill(m1.month);
    await owner.page.getByText(`Attainment by vendor (${m1.month})`).waitFor();
    await snap(owner.page, '7-portfolio');

    expect(owner.errors).toEqual([]);
    expect(vend.errors).toEqual([]);
  });
});

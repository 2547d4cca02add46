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
const MANAGER = { name: 'Mina Manager', email: 'mina@example.com', password: 'manager password 123' };
const VENDOR_USER = { name: 'Vic Vendor', email: 'vic@ledger.example', password: 'vendor password 123' };

/** A small template: a yes/no whose "yes" shows a choice, a scored MFA question, a flag on "no". */
const TEMPLATE = {
  name: 'Security basics',
  description: 'A short security questionnaire.',
  sections: [
    {
      id: 'security',
      title: 'Security',
      questions: [
        { id: 'intro', text: 'Answer for the systems that hold our data.', type: 'info', weight: 0 },
        {
          id: 'enc',
          text: 'Do you encrypt data at rest?',
          type: 'yes_no',
          required: true,
          weight: 2,
          options: [
            { id: 'yes', label: 'Yes', score: 1 },
            { id: 'no', label: 'No', score: 0 },
          ],
        },
        {
          id: 'enc_how',
          text: 'Where are the keys kept?',
          type: 'single_choice',
          required: true,
          weight: 1,
          condition: 'enc/yes',
          options: [
            { id: 'keys_hsm', label: 'In an HSM or cloud KMS', score: 2 },
            { id: 'keys_app', label: 'In the application', score: 1 },
          ],
        },
        {
          id: 'mfa',
          text: 'Do administrators sign in with MFA?',
          type: 'yes_no',
          required: true,
          weight: 1,
          options: [
            { id: 'yes', label: 'Yes', score: 1 },
            { id: 'no', label: 'No', score: 0 },
          ],
        },
      ],
    },
  ],
  flags: [{ id: 'no_mfa', condition: 'mfa/no', severity: 'high', title: 'Administrators without MFA' }],
};

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(who.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('current-user').waitFor();
}

describe.skipIf(!browserAvailable())('questionnaires in chromium', () => {
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

  it('a manager sends a questionnaire, the vendor answers and submits, the manager sends it back and completes it', async () => {
    const admin = await newPage(browser, server.url);
    expect((await admin.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(admin.context, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': csrf };
    const post = async (url: string, data: unknown) => {
      const res = await admin.context.request.post(url, { data, headers });
      expect(res.status(), await res.text()).toBe(201);
      return res.json();
    };
    const vendor = await post('/api/v1/vendors', { name: 'Ledger Works', country: 'PL' });
    await post('/api/v1/users', { ...MANAGER, role: 'manager' });
    await post('/api/v1/users', { ...VENDOR_USER, role: 'vendor', vendorId: vendor.id });
    await post('/api/v1/questionnaire-templates', TEMPLATE);
    await admin.context.close();

    // The manager sends it from the vendor's page.
    const reviewer = await newPage(browser, server.url);
    await signIn(reviewer.page, MANAGER);
    const nav = reviewer.page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link').allInnerTexts()).toContain('Questionnaires');
    await reviewer.page.goto(`/vendors/${vendor.id}`);
    await reviewer.page.getByTestId('questionnaires-link').click();
    await reviewer.page.getByText('No assessments yet').waitFor();
    await reviewer.page.getByRole('combobox', { name: 'Template', exact: true }).click();
    await reviewer.page.getByRole('option', { name: 'Security basics (v1)' }).click();
    await reviewer.page.getByLabel('Due date').fill('2027-01-31');
    await reviewer.page.getByRole('button', { name: 'Send', exact: true }).click();
    await reviewer.page.waitForURL(/\/assessments\/asm_[0-9A-Z]{26}$/);
    const url = new URL(reviewer.page.url()).pathname;
    expect(await reviewer.page.getByTestId('assessment-status').textContent()).toBe('sent');
    await reviewer.page.getByText('Waiting for the vendor to submit.').waitFor();

    // The vendor user answers in the portal: "yes" shows the key question.
    const vendorSide = await newPage(browser, server.url);
    const page = vendorSide.page;
    await signIn(page, VENDOR_USER);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Assessments' })
      .click();
    await page.getByRole('link', { name: 'Security basics' }).click();
    await page.waitForURL(`**${url}`);
    await page.getByText('Answer for the systems that hold our data.').waitFor();
    expect(await page.getByTestId('question-enc_how').count()).toBe(0);
    await page.getByTestId('question-enc').getByRole('radio', { name: 'Yes' }).check();
    await page.getByTestId('question-enc_how').waitFor();
    await page.getByTestId('question-enc_how').getByRole('radio', { name: 'In the application' }).check();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('All changes saved').waitFor();
    expect(await page.getByTestId('assessment-status').textContent()).toBe('in progress');
    // Submitting without the required MFA answer names the question.
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByTestId('question-mfa').getByText('Is required').waitFor();
    await page.getByTestId('question-mfa').getByRole('radio', { name: 'No' }).check();
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByTestId('assessment-status').textContent()).toBe('submitted');
    await page.getByTestId('read-only').waitFor();
    expect(await page.getByRole('button', { name: 'Save draft' }).count()).toBe(0);

    // The manager sees the score and the flag: (2·1 + 1·½ + 1·0) / 4 = 62.5.
    await reviewer.page.reload();
    await expect.poll(() => reviewer.page.getByTestId('assessment-status').textContent()).toBe('submitted');
    expect(await reviewer.page.getByTestId('assessment-score').textContent()).toBe('62.5');
    expect(await reviewer.page.getByTestId('assessment-flag').allInnerTexts()).toEqual([
      expect.stringContaining('Administrators without MFA'),
    ]);
    expect(await reviewer.page.getByTestId('assessment-flag').first().textContent()).toContain('high');
    await reviewer.page
      .getByRole('textbox', { name: 'Comment on mfa' })
      .fill('MFA is mandatory for administrators: what is your plan?');
    await reviewer.page.getByRole('button', { name: 'Send back for clarification' }).click();
    await expect
      .poll(() => reviewer.page.getByTestId('assessment-status').textContent())
      .toBe('clarification requested');

    // The vendor reads the comment next to the question, answers again and resubmits.
    await page.reload();
    await page.getByText('Clarification requested').first().waitFor();
    await page
      .getByTestId('question-mfa')
      .getByText('MFA is mandatory for administrators: what is your plan?')
      .waitFor();
    await page.getByTestId('question-mfa').getByRole('radio', { name: 'Yes' }).check();
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByTestId('assessment-status').textContent()).toBe('submitted');

    // The manager completes it: (2 + ½ + 1) / 4 = 87.5, no flag; then it is read-only.
    await reviewer.page.reload();
    await expect.poll(() => reviewer.page.getByTestId('assessment-score').textContent()).toBe('87.5');
    expect(await reviewer.page.getByTestId('assessment-flag').count()).toBe(0);
    await reviewer.page.getByRole('button', { name: 'Complete' }).click();
    await expect.poll(() => reviewer.page.getByTestId('assessment-status').textContent()).toBe('completed');
    expect(await reviewer.page.getByRole('button', { name: 'Complete' }).count()).toBe(0);
    await page.reload();
    await page.getByText('This assessment is completed and kept as it is.').waitFor();

    expect(reviewer.errors).toEqual([]);
    expect(vendorSide.errors).toEqual([]);
    await reviewer.context.close();
    await vendorSide.context.close();
  });
});

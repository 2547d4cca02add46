/**
 * Orientation (issue 17, part 6): the navigation grouped by the life cycle with a mark per item,
 * `/` on the dashboard for internal users, the vendor portal opening on its to-do list, messages
 * inside the engagement's tabs with new threads internal by default, no "Score 0" for a
 * questionnaire nobody answered, and an incomplete submit taking the vendor to the first problem.
 */
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
const VENDOR_USER = { name: 'Vic Vendor', email: 'vic@ledger.example', password: 'vendor password 123' };

/** A required question first, then enough optional ones that it is out of sight at the Submit button. */
const TEMPLATE = {
  name: 'Security basics',
  description: null,
  sections: [
    {
      id: 'security',
      title: 'Security',
      questions: [
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
    {
      id: 'general',
      title: 'General',
      questions: ['owner', 'team', 'tools', 'audits', 'notes'].map((id) => ({
        id,
        text: `Tell us about your ${id}.`,
        type: 'text',
        required: false,
        weight: 0,
      })),
    },
  ],
  flags: [],
};

/** `YYYY-MM` of the month `back` months before this one (UTC). */
const monthAgo = (back: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
};

describe.skipIf(!browserAvailable())('orientation in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let vendorId: string;
  let engagementId: string;
  let threadId: string;

  beforeAll(async () => {
    buildWebIfStale();
    server = await startServer();
    browser = await launchBrowser();
    const admin = await newPage(browser, server.url);
    expect((await admin.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(admin.context, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': csrf };
    const call = async (method: 'post' | 'patch', url: string, data: unknown, status = 201) => {
      const res = await admin.context.request[method](url, { data, headers });
      expect(res.status(), await res.text()).toBe(status);
      return res.json();
    };
    vendorId = (await call('post', '/api/v1/vendors', { name: 'Ledger Works', country: 'PL' })).id;
    await call('post', '/api/v1/users', { ...VENDOR_USER, role: 'vendor', vendorId });
    const template = await call('post', '/api/v1/questionnaire-templates', TEMPLATE);
    await call('post', '/api/v1/assessments', { templateId: template.id, vendorId, dueDate: '2099-01-31' });
    await call('post', '/api/v1/findings', {
      vendorId,
      title: 'Backups never restored',
      severity: 'high',
      dueOn: '2020-01-31',
    });
    engagementId = (
      await call('post', '/api/v1/engagements', {
        vendorId,
        title: 'Ledger back office',
        function: 'accounting',
        startDate: `${monthAgo(4)}-01`,
        endDate: '2099-12-31',
        budget: 1_000_000,
      })
    ).id;
    const scorecard = await call('post', `/api/v1/engagements/${engagementId}/scorecards`, {
      period: monthAgo(1),
    });
    const lines = ['quality', 'timeliness', 'communication', 'cost', 'security'].map((criterion) => ({
      criterion,
      score: 4,
    }));
    await call('patch', `/api/v1/scorecards/${scorecard.id}`, { lines }, 200);
    await call('post', `/api/v1/scorecards/${scorecard.id}/publish`, {}, 200);
    threadId = (
      await call('post', `/api/v1/engagements/${engagementId}/threads`, {
        title: 'Month-end close',
        visibility: 'shared',
      })
    ).id;
    await call('post', `/api/v1/threads/${threadId}/messages`, { body: 'Can you confirm the cut-off?' });
    await admin.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lands an internal user on the dashboard, with the menu grouped by the life cycle and no icon twice', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, OWNER.email, OWNER.password);
    await page.goto('/');
    await page.waitForURL('**/dashboard');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    const headings = await nav
      .getByTestId('nav-group')
      .evaluateAll((groups) =>
        groups.map((g) => g.getAttribute('aria-labelledby') && g.querySelector('[id]')?.textContent),
      );
    expect(headings).toEqual(['Decide', 'Select', 'Define', 'Run', 'Govern', 'Administer']);
    // Each group is a region named by its heading, for screen readers' landmark navigation.
    await nav.getByRole('region', { name: 'Govern' }).getByRole('link', { name: 'Risks' }).waitFor();
    const links = await nav
      .getByRole('link')
      .evaluateAll((all) =>
        all.map((l) => ({ label: l.textContent ?? '', icon: l.querySelector('svg')?.innerHTML ?? '' })),
      );
    expect(links.length).toBeGreaterThanOrEqual(19);
    expect(links.every((l) => l.icon !== '')).toBe(true);
    const byIcon = new Map<string, string[]>();
    for (const l of links) byIcon.set(l.icon, [...(byIcon.get(l.icon) ?? []), l.label]);
    expect([...byIcon.values()].filter((labels) => labels.length > 1)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps an engagement’s messages in its tabs and starts new threads internal', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, OWNER.email, OWNER.password);
    // The old address of a thread (in notifications already sent) opens the tab.
    await page.goto(`/engagements/${engagementId}/messages/${threadId}`);
    await page.waitForURL(`**/engagements/${engagementId}?tab=messages&thread=${threadId}`);
    await page.getByTestId('engagement-messages').waitFor();
    await page.getByTestId('message').first().waitFor();
    expect(await page.getByRole('tab', { name: 'Messages' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tab', { name: 'Overview' }).count()).toBe(1);
    const internal = page.getByRole('radio', { name: 'Internal only' });
    expect(await internal.isChecked()).toBe(true);
    await page.getByRole('textbox', { name: 'New thread' }).fill('Renewal strategy');
    await page.getByRole('button', { name: 'Start thread' }).click();
    await expect.poll(() => page.getByTestId('thread-link').count()).toBe(2);
    const threads = await (await context.request.get(`/api/v1/engagements/${engagementId}/threads`)).json();
    expect(threads.items.find((t: { title: string }) => t.title === 'Renewal strategy').visibility).toBe(
      'internal',
    );
    // A questionnaire nobody answered has no score of 0.
    await page.goto(`/vendors/${vendorId}/questionnaires`);
    const list = page.getByTestId('assessment-list');
    await list.waitFor();
    expect(await list.textContent()).toContain('Not answered yet');
    expect(await list.locator('td').allInnerTexts()).not.toContain('0');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens the vendor portal on a to-do list, and an incomplete submit goes to the first problem', async () => {
    const { context, page, errors } = await newPage(browser, server.url);
    await apiLogin(context, VENDOR_USER.email, VENDOR_USER.password);
    await page.goto('/');
    await page.waitForURL('**/todo');
    const section = (id: string) => page.getByTestId(id);
    await section('todo-questionnaires').getByRole('link', { name: 'Security basics' }).waitFor();
    expect(await section('todo-questionnaires').textContent()).toContain('Not started');
    await section('todo-findings').getByRole('link', { name: 'Backups never restored' }).waitFor();
    expect(await section('todo-findings').textContent()).toContain('Overdue since');
    await section('todo-scorecards').getByTestId('todo-item').waitFor();
    expect(await section('todo-scorecards').textContent()).toContain('Ledger back office');
    // (4 − 1)/4 × 100 = 75 on every criterion.
    expect(await section('todo-scorecards').textContent()).toContain('total 75 of 100');
    await section('todo-messages').getByRole('link', { name: 'Month-end close' }).waitFor();
    expect(await section('todo-messages').textContent()).toContain('1 unread');

    await section('todo-questionnaires').getByRole('link', { name: 'Security basics' }).click();
    await page.getByTestId('question-mfa').waitFor();
    await page.setViewportSize({ width: 1280, height: 500 });
    await page.getByTestId('question-notes').getByRole('textbox').fill('Our CISO answers.');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByTestId('question-mfa').getByText('Is required').waitFor();
    await expect
      .poll(() =>
        page.getByTestId('question-mfa').evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
    expect(await page.getByTestId('question-mfa').evaluate((el) => el.contains(document.activeElement))).toBe(
      true,
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});

/**
 * Role-aware, human language (issue 17, part 3) in chromium: a read-only role is offered no button
 * it cannot use, and the main pages show no raw id (`usr_01M98…`, the prefix and ULID of
 * src/server/lib/ids.ts) and no snake_case enum value (`customer_service`) — each page as people
 * read it, the text of the page and of its tabs.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiLogin,
  buildWebIfStale,
  launchBrowser,
  navigationTargets,
  newPage,
  type RunningServer,
  settle,
  startServer,
} from '../helpers/browser';
import { browserAvailable } from '../helpers/browser-available';

const OWNER = { name: 'Olga Owner', email: 'olga@example.com', password: 'correct horse battery staple' };
const AUDITOR = { name: 'Aldo Auditor', email: 'aldo@example.com', password: 'auditor password 123' };
const VIEWER = { name: 'Vita Viewer', email: 'vita@example.com', password: 'viewer password 123' };

/** An id as the server makes them: a short lower-case prefix, an underscore, a 26-letter ULID. */
const RAW_ID = /\b[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}\b/g;
/** An enum value or a field name as the code spells it: lower-case words joined by underscores. */
const SNAKE = /\b[a-z]+(?:_[a-z0-9]+)+\b/g;

/** Labels of controls that change something: what a read-only role must not be offered. */
const WRITE =
  /^(add|new|create|raise|edit|delete|remove|import|upload|send|approve|invite|start thread|log a|propose|change status|publish|save|submit)\b/i;

/** The page's main area and each of its tabs, as visible text and as offered controls. */
async function readPage(page: Page, path: string): Promise<{ text: string; controls: string[] }> {
  await page.goto(path);
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await settle(page);
  const main = page.locator('main');
  let text = (await main.allInnerTexts()).join('\n');
  const controls = async () =>
    main
      .locator('button:not([disabled]), a[role="button"], a.mantine-Button-root')
      .evaluateAll((all) =>
        all.filter((b) => (b as HTMLElement).offsetParent !== null).map((b) => (b.textContent ?? '').trim()),
      );
  const found = await controls();
  const tabs = await main.getByRole('tab').all();
  for (const tab of tabs) {
    const label = (await tab.textContent()) ?? '';
    // Tabs that open another page (quality, meetings) are read as their own pages.
    if (/^(Quality|Meetings)$/.test(label)) continue;
    await tab.click();
    await settle(page);
    text += `\n${(await main.allInnerTexts()).join('\n')}`;
    found.push(...(await controls()));
  }
  return { text, controls: found };
}

/** The main navigation but one's own tokens and password, which are every role's to change. */
const ownTargets = async (page: Page) =>
  (await navigationTargets(page)).filter((h) => !h.startsWith('/settings/'));

describe.skipIf(!browserAvailable())('human language in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let vendorId: string;
  let engagementId: string;

  beforeAll(async () => {
    buildWebIfStale();
    server = await startServer();
    browser = await launchBrowser();
    const { context } = await newPage(browser, server.url);
    expect((await context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(context, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': csrf };
    const post = async (url: string, data: object) => {
      const res = await context.request.post(url, { data, headers });
      if (!res.ok()) throw new Error(`${url}: ${res.status()} ${await res.text()}`);
      return res.json();
    };
    vendorId = (
      await post('/api/v1/vendors', {
        name: 'Oslo Ops',
        country: 'NO',
        services: ['customer_service', 'it_support'],
        languages: ['en', 'fil'],
      })
    ).id;
    engagementId = (
      await post('/api/v1/engagements', {
        vendorId,
        title: 'Oslo service desk',
        function: 'it',
        startDate: '2026-01-01',
        endDate: '2099-12-31',
        currency: 'EUR',
        monthlyFee: 100_000,
        budget: 1_200_000,
      })
    ).id;
    await post('/api/v1/findings', {
      vendorId,
      title: 'Backups never restored',
      severity: 'high',
      dueOn: '2020-01-31',
    });
    await post('/api/v1/risks', {
      title: 'Single data centre',
      category: 'security_privacy',
      vendorId,
      likelihood: 3,
      impact: 4,
    });
    await post('/api/v1/users', { ...AUDITOR, role: 'auditor' });
    await post('/api/v1/users', { ...VIEWER, role: 'viewer' });
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [who, user] of [
    ['an auditor', AUDITOR],
    ['a viewer', VIEWER],
  ] as const) {
    it(`offers ${who} no button that changes something`, async () => {
      const { context, page } = await newPage(browser, server.url);
      await apiLogin(context, user.email, user.password);
      const paths = [...(await ownTargets(page)), `/vendors/${vendorId}`, `/engagements/${engagementId}`];
      const offered: Record<string, string[]> = {};
      for (const path of paths) {
        const { controls } = await readPage(page, path);
        const writes = [...new Set(controls.filter((c) => WRITE.test(c)))];
        if (writes.length) offered[path] = writes;
      }
      expect(offered).toEqual({});
      await context.close();
    }, 240_000);
  }

  it('shows no raw id or snake_case value on the main pages', async () => {
    const { context, page } = await newPage(browser, server.url);
    await apiLogin(context, OWNER.email, OWNER.password);
    const paths = [
      ...(await ownTargets(page)),
      `/vendors/${vendorId}`,
      `/engagements/${engagementId}`,
      `/vendors/${vendorId}/assessments`,
      `/vendors/${vendorId}/diligence`,
      `/vendors/${vendorId}/data`,
    ];
    const raw: Record<string, string[]> = {};
    for (const path of paths) {
      const { text } = await readPage(page, path);
      const found = [...new Set([...(text.match(RAW_ID) ?? []), ...(text.match(SNAKE) ?? [])])];
      if (found.length) raw[path] = found;
    }
    expect(raw).toEqual({});
    await context.close();
  }, 240_000);
});

/**
 * Fast, accessible, robust (issue 17, part 7) in chromium: axe-core (WCAG 2.1 A and AA rules) on
 * every page of the main navigation as each kind of user — an owner (who sees every page a
 * manager sees and the administration), a vendor user and an auditor — with no serious or
 * critical violation; the navigation works from the keyboard alone; and a page whose code fails
 * to load, or that breaks while rendering, shows a way back instead of a white screen.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

// Evaluated through the DevTools protocol: the app's Content-Security-Policy (script-src 'self')
// rightly refuses an inline <script> tag.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

const OWNER = { name: 'Olga Owner', email: 'olga@example.com', password: 'correct horse battery staple' };
const AUDITOR = { name: 'Aldo Auditor', email: 'aldo@example.com', password: 'auditor password 123' };
const VENDOR_USER = { name: 'Vera Vendor', email: 'vera@oslo.example', password: 'vendor password 123' };

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/** axe-core's WCAG 2.1 A/AA rules on the page as it stands; the serious and critical findings. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations: Violation[] = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map(
            (n) =>
              `${JSON.stringify(n.target)} ${n.html.slice(0, 120)} ${n.failureSummary?.split('\n')[1] ?? ''}`,
          )
          .join(', ')}`,
    );
}

async function auditPages(page: Page, paths: string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    await page.goto(path);
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await settle(page);
    const problems = await seriousViolations(page);
    if (problems.length) found[path] = problems;
  }
  return found;
}

describe.skipIf(!browserAvailable())('accessibility and robustness in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let vendorId: string;
  let engagementId: string;

  beforeAll(async () => {
    buildWebIfStale();
    server = await startServer();
    browser = await launchBrowser();
    // Data enough that the pages show tables, badges and forms rather than empty states.
    const { context } = await newPage(browser, server.url);
    expect((await context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    const csrf = await apiLogin(context, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': csrf };
    const post = async (url: string, data: object) => {
      const res = await context.request.post(url, { data, headers });
      if (!res.ok()) throw new Error(`${url}: ${res.status()} ${await res.text()}`);
      return res.json();
    };
    vendorId = (await post('/api/v1/vendors', { name: 'Oslo Ops', country: 'NO' })).id;
    await post('/api/v1/vendors', { name: 'Lisbon Lab', country: 'PT' });
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
    await post('/api/v1/users', { ...AUDITOR, role: 'auditor' });
    await post('/api/v1/users', { ...VENDOR_USER, role: 'vendor', vendorId });
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(user: {
    email: string;
    password: string;
  }): Promise<{ context: BrowserContext; page: Page }> {
    const { context, page } = await newPage(browser, server.url);
    await apiLogin(context, user.email, user.password);
    return { context, page };
  }

  it('the login page has no serious or critical WCAG 2.1 AA violation', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/login');
    await page.getByRole('textbox', { name: 'Password', exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  for (const [who, user, extra] of [
    [
      'an owner',
      OWNER,
      (v: string, e: string) => [`/vendors/${v}`, `/engagements/${e}`, `/vendors/${v}/assessments`],
    ],
    ['a vendor user', VENDOR_USER, (_v: string, e: string) => [`/engagements/${e}`]],
    ['an auditor', AUDITOR, (v: string, e: string) => [`/vendors/${v}`, `/engagements/${e}`]],
  ] as const) {
    it(`every main page has no serious or critical WCAG 2.1 AA violation for ${who}`, async () => {
      const { context, page } = await signedIn(user);
      const paths = [...(await navigationTargets(page)), ...extra(vendorId, engagementId)];
      expect(paths.length).toBeGreaterThan(4);
      expect(await auditPages(page, paths)).toEqual({});
      await context.close();
      // Twenty-odd pages, each loaded and scanned: longer than one page's test on a busy machine.
    }, 240_000);
  }

  it('reaches a page of the main navigation with the keyboard alone', async () => {
    const { context, page } = await signedIn(OWNER);
    await page.goto('/vendors');
    await settle(page);
    const target = page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Risks' });
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await target.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'Tab never reached the "Risks" link of the navigation').toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/risks');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await context.close();
  });

  it('shows a way back when a page’s code fails to load, and the page after a reload', async () => {
    const { context, page } = await signedIn(OWNER);
    await page.goto('/vendors');
    await settle(page);
    // The Risks page's own chunk does not arrive (a dropped network, or a deploy since the page loaded).
    await page.route(/\/assets\/RisksPage-[^/]+\.js$/, (route) => route.abort('failed'));
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Risks' })
      .click();
    const fallback = page.getByTestId('route-error');
    await fallback.waitFor();
    expect(await fallback.textContent()).toContain('This page could not be loaded');
    // Only the page is replaced: the navigation is still there to go elsewhere.
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Vendors' })
      .waitFor();
    await page.unroute(/\/assets\/RisksPage-[^/]+\.js$/);
    await fallback.getByRole('button', { name: 'Reload the page' }).click();
    await page.waitForURL('**/risks');
    await page.getByRole('heading', { level: 1, name: /risk/i }).first().waitFor();
    expect(await page.getByTestId('route-error').count()).toBe(0);
    await context.close();
  });

  it('shows a way back when a page breaks while rendering', async () => {
    const { context, page } = await signedIn(OWNER);
    // An answer the page cannot render (no `items`): a render error, not a failed request.
    await page.route(/\/api\/v1\/vendors(\?.*)?$/, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"unexpected":true}' }),
    );
    await page.goto('/vendors');
    const fallback = page.getByTestId('route-error');
    await fallback.waitFor();
    expect(await fallback.textContent()).toContain('Something went wrong on this page');
    const home = fallback.getByRole('link', { name: 'Go to the start page' });
    expect(await home.getAttribute('href')).toBe('/');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Risks' })
      .click();
    await page.waitForURL('**/risks');
    await page.getByRole('heading', { level: 1, name: /risk/i }).first().waitFor();
    expect(await page.getByTestId('route-error').count()).toBe(0);
    await context.close();
  });
});

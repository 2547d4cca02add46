/**
 * The demo tells the whole story (issue 17, part 1) in chromium: with `outpost demo`'s data, each
 * demo role — a manager, an owner, a vendor user and an auditor — opens every page of its
 * navigation and every detail page of the app's route table (src/web/app/router.tsx, read here,
 * not listed by hand) for a record of the demo, and none shows an empty state, answers 4xx or 5xx
 * to the app's own requests, or logs a console error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessReviewListQuery } from '../../src/contracts/assurance';
import { BusinessCaseListQuery } from '../../src/contracts/business-cases';
import { ThreadListQuery } from '../../src/contracts/messaging';
import { AssessmentListQuery, TemplateListQuery } from '../../src/contracts/questionnaires';
import { SourcingListQuery } from '../../src/contracts/sourcing';
import { loadConfig } from '../../src/server/config';
import { DEMO_PASSWORD } from '../../src/server/demo/catalogue';
import { loadDemo } from '../../src/server/demo/load';
import { systemClock } from '../../src/server/lib/clock';
import { systemActor } from '../../src/server/policy';
import {
  apiLogin,
  buildWebIfStale,
  launchBrowser,
  newPage,
  type RunningServer,
  startServer,
} from '../helpers/browser';
import { browserAvailable } from '../helpers/browser-available';

/** Paths of the signed-in frame, as the app's route table declares them. */
function routeTable(): string[] {
  const source = readFileSync(path.resolve('src/web/app/router.tsx'), 'utf8');
  const paths = [...source.matchAll(/path: '([^']+)'/g)].map((m) => m[1]!);
  // Outside the frame (sign-in, set-up, invitation links), the catch-all, and forms that create
  // or change a record (a form is empty until it is filled, by design).
  return paths.filter((p) => p !== '*' && !p.startsWith('/') && !/(^|\/)(new|edit|invite)$/.test(p));
}

/** Empty states: the shared EmptyState component marks itself; other panels name themselves `*-empty`. */
const EMPTY = '[data-empty-state], [data-testid="empty-state"], [data-testid$="-empty"]';

/**
 * Empty states that are right for the demo, with the reason: the planner is a tool (before anyone
 * picks parties there is nothing to compute), a webhook would call out to the internet, and single
 * sign-on needs the company's own identity provider.
 */
const NOT_EMPTINESS: Record<string, string> = {
  'planner-empty': 'the planner asks which parties to compare before it shows anything',
  'webhooks-empty':
    'the demo sends nothing off the machine: an endpoint would post its events to a real address',
  'identity-providers-empty':
    'single sign-on needs a real identity provider: the demo cannot invent the company’s',
};

/** The visible empty states of the page as it stands. */
function emptyStates(page: Page): Promise<Array<{ id: string; text: string }>> {
  return page.locator(EMPTY).evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({
        id: el.getAttribute('data-testid') ?? '',
        text: el.getAttribute('data-empty-state') ?? el.textContent?.slice(0, 80) ?? '',
      })),
  );
}

interface DemoIds {
  vendor: string;
  engagement: string;
  thread: string;
  businessCase: string;
  template: string;
  assessment: string;
  review: string;
  sourcing: string | null;
  calendar: string | null;
}

/** Fill a route pattern with the ids of demo records; null when the demo has no such record. */
function fill(pattern: string, ids: DemoIds): string | null {
  const parts = pattern.split('/');
  const out: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (!part.startsWith(':')) {
      out.push(part);
      continue;
    }
    const owner = parts[i - 1];
    const id =
      part === ':threadId'
        ? ids.thread
        : (
            {
              vendors: ids.vendor,
              engagements: ids.engagement,
              'business-cases': ids.businessCase,
              questionnaires: ids.template,
              assessments: ids.assessment,
              'access-reviews': ids.review,
              sourcing: ids.sourcing,
              calendars: ids.calendar,
            } as Record<string, string | null>
          )[owner ?? ''];
    if (!id) return null;
    out.push(id);
  }
  return `/${out.join('/')}`;
}

const matches = (pattern: string, url: string) =>
  new RegExp(`^/${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(url);

interface PageProblem {
  path: string;
  problems: string[];
}

describe.skipIf(!browserAvailable())('the demo in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let internalIds: DemoIds;
  let vendorIds: DemoIds;

  beforeAll(async () => {
    buildWebIfStale();
    server = await startServer();
    const config = loadConfig({ OUTPOST_DATA_DIR: server.dataDir } as NodeJS.ProcessEnv);
    await loadDemo({ database: server.app.database, config, clock: systemClock });
    browser = await launchBrowser();

    // The records the detail pages open: the hotline engagement and what hangs off it.
    const s = server.app.services;
    const actor = systemActor('test');
    const hotline = (await s.engagements.list(actor, { q: 'hotline', limit: 5, sort: 'title' })).items[0]!;
    const shared = (
      await s.messaging.listThreads(actor, hotline.id, ThreadListQuery.parse({ limit: 20 }))
    ).items.find((t) => t.visibility === 'shared')!;
    const assessments = (
      await s.questionnaires.assessments.list(actor, AssessmentListQuery.parse({ limit: 50 }))
    ).items;
    const mine = assessments.find((a) => a.vendorId === hotline.vendorId)!;
    internalIds = {
      vendor: hotline.vendorId,
      engagement: hotline.id,
      thread: shared.id,
      businessCase: (await s.businessCases.list(actor, BusinessCaseListQuery.parse({ limit: 5 }))).items[0]!
        .id,
      template: (await s.questionnaires.templates.list(actor, TemplateListQuery.parse({ limit: 5 })))
        .items[0]!.id,
      assessment: mine.id,
      review: (await s.assurance.reviews.list(actor, AccessReviewListQuery.parse({ limit: 5 }))).items[0]!.id,
      sourcing: (await s.sourcing.list(actor, SourcingListQuery.parse({ limit: 5 }))).items[0]?.id ?? null,
      calendar: (await s.calendars.list(actor, { limit: 5 })).items[0]?.id ?? null,
    };
    // The vendor user of Manila Bay sees its own vendor, engagement, shared thread and assessment.
    vendorIds = { ...internalIds };
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Open each path; answer what went wrong on each. */
  async function visit(page: Page, errors: string[], paths: string[]): Promise<PageProblem[]> {
    const found: PageProblem[] = [];
    const failed: string[] = [];
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.pathname.startsWith('/api/') && res.status() >= 400)
        failed.push(`${res.request().method()} ${url.pathname}${url.search} answered ${res.status()}`);
    });
    for (const p of paths) {
      failed.length = 0;
      errors.length = 0;
      await page.goto(p);
      await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
      await page.waitForLoadState('networkidle');
      await page
        .locator('.mantine-Loader-root, .mantine-Skeleton-root')
        .first()
        .waitFor({ state: 'detached', timeout: 15_000 })
        .catch(() => {});
      // A page with tabs shows each of them in turn; every tab is part of the page.
      const tabs = page.getByRole('tab');
      const tabCount = await tabs.count();
      const empties: Array<{ id: string; text: string }> = [];
      for (let t = 0; t <= tabCount; t++) {
        if (t > 0) {
          await tabs.nth(t - 1).click();
          await page.waitForLoadState('networkidle');
          await page
            .locator('.mantine-Loader-root, .mantine-Skeleton-root')
            .first()
            .waitFor({ state: 'detached', timeout: 15_000 })
            .catch(() => {});
          // A tab that is a link to another page of the route table is visited on its own.
          if (new URL(page.url()).pathname !== p.split('?')[0]) {
            await page.goto(p);
            await page.waitForLoadState('networkidle');
            continue;
          }
        }
        empties.push(...(await emptyStates(page)));
      }

      const problems = [
        ...empties.filter((e) => !NOT_EMPTINESS[e.id]).map((e) => `empty state ${e.id}: ${e.text}`),
        ...failed,
        ...errors.map((e) => `console: ${e}`),
      ];
      if (problems.length) found.push({ path: p, problems: [...problems] });
    }
    return found;
  }

  const roles = [
    { who: 'the manager', email: 'manager@demo.outpost.local', internal: true },
    { who: 'the owner', email: 'owner@demo.outpost.local', internal: true },
    { who: 'the auditor', email: 'auditor@demo.outpost.local', internal: true },
    { who: 'a vendor user', email: 'vendor.manila@demo.outpost.local', internal: false },
  ];

  for (const role of roles) {
    it(`every page ${role.who} opens shows demo data, with no failed request or console error`, async () => {
      const { context, page, errors } = await newPage(browser, server.url);
      await apiLogin(context, role.email, DEMO_PASSWORD);
      await page.goto('/');
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      await nav.getByRole('link').first().waitFor();
      const navigation = [
        ...new Set(
          await nav.getByRole('link').evaluateAll((ls) => ls.map((l) => l.getAttribute('href') ?? '')),
        ),
      ];
      const routes = routeTable();
      // Every item of the navigation is a page of the route table.
      for (const href of navigation)
        expect(
          routes.some((r) => matches(r, href)),
          `${href} is not in the route table`,
        ).toBe(true);
      const ids = role.internal ? internalIds : vendorIds;
      const details = routes
        .filter((r) => r.includes(':'))
        .map((r) => fill(r, ids))
        .filter((p): p is string => p !== null);
      const paths = [...new Set([...navigation, ...details])];
      expect(paths.length).toBeGreaterThan(8);

      const problems = await visit(page, errors, paths);
      // A detail page the role may not open says so; that is not an empty page of its navigation.
      const real = problems.filter(
        (p) =>
          navigation.includes(p.path) ||
          !p.problems.every((x) => x.startsWith('empty state not-allowed') || x.includes('answered 404')),
      );
      expect(real).toEqual([]);
      await context.close();
    }, 420_000);
  }
});

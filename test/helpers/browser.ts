/**
 * Shared pieces of the browser suites: build the web app when stale, run the real server
 * in-process on an ephemeral port, and launch Debian's chromium through playwright-core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type App, buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { browserExecutable } from './browser-available';
import { webDir } from './build';

export { buildWebIfStale } from './build';

export interface RunningServer {
  app: App;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The real server on SQLite in a temporary data directory, serving the built web app; on `port`
 * when its address must be known before it starts (single sign-on's redirect URI).
 */
export async function startServer(env: Record<string, string> = {}, port = 0): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'outpost-e2e-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_WEB_DIR: webDir,
    PORT: '0',
    ...env,
  } as NodeJS.ProcessEnv);
  const app = await buildApp(config, { logger: false });
  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${bound}`,
    dataDir,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless chromium with the flags that work on these machines. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: browserExecutable(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page in a fresh context that records console errors and failed page errors, so a test can
 * assert the app ran without them.
 */
export async function newPage(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1360, height: 860 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    // A 4xx the app handles (a wrong password, a missing vendor) is logged by the browser itself.
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page, errors };
}

/** Sign in through the API with a page's own cookie jar; returns the CSRF token. */
export async function apiLogin(context: BrowserContext, email: string, password: string): Promise<string> {
  const res = await context.request.post('/api/v1/auth/login', { data: { email, password } });
  if (!res.ok()) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
  return (await res.json()).csrfToken;
}

/** Wait until the page has its data: no request in flight and no loader or skeleton showing. */
export async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.mantine-Loader-root, .mantine-Skeleton-root')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => {});
}

/** The addresses of the main navigation as the signed-in user sees it. */
export async function navigationTargets(page: Page): Promise<string[]> {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link').first().waitFor();
  const hrefs = await nav
    .getByRole('link')
    .evaluateAll((links) => links.map((l) => l.getAttribute('href') ?? ''));
  return [...new Set(hrefs)];
}

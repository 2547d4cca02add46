/**
 * Browser: an owner connects an OpenID provider in Settings → Sign-in and maps a group to a role;
 * a person signs in with the button on the sign-in page at a real provider (oidc-provider, started
 * in this process), lands in Outpost with the mapped role and signs out at the provider too; a
 * person whose group is not mapped is sent back to a page that says why.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
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
import { startOidcProvider, type TestProvider } from '../helpers/oidc-provider';

const OWNER = { name: 'Olga Owner', email: 'olga@example.com', password: 'correct horse battery staple' };

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

describe.skipIf(!browserAvailable())('single sign-on in chromium', () => {
  let server: RunningServer;
  let idp: TestProvider;
  let browser: Browser;

  beforeAll(async () => {
    buildWebIfStale();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    idp = await startOidcProvider([
      {
        clientId: 'outpost',
        clientSecret: 'e2e-client-secret',
        redirectUris: [`${url}/api/v1/auth/oidc/corp/callback`],
        postLogoutRedirectUris: [`${url}/login`],
      },
    ]);
    idp.people.set('alice', {
      email: 'alice@corp.example',
      name: 'Alice Archer',
      groups: ['outpost-managers'],
    });
    idp.people.set('bob', { email: 'bob@corp.example', name: 'Bob Brown', groups: ['sales'] });
    server = await startServer({ OUTPOST_PUBLIC_URL: url }, port);
    browser = await launchBrowser();
    const setup = await newPage(browser, server.url);
    expect((await setup.context.request.post('/api/v1/setup', { data: OWNER })).status()).toBe(201);
    await setup.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await idp?.close();
  });

  it('connects a provider, signs a mapped person in and out, and explains an unmapped one’s refusal', async () => {
    const owner = await newPage(browser, server.url);
    await apiLogin(owner.context, OWNER.email, OWNER.password);
    await owner.page.goto('/');
    await owner.page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Sign-in' })
      .click();
    await owner.page.getByText('No identity provider').waitFor();
    await owner.page.getByRole('button', { name: 'Add provider' }).click();
    const form = owner.page.getByRole('form', { name: 'Add an identity provider' });
    await form.getByLabel('Key').fill('corp');
    await form.getByLabel('Button label').fill('Corp Login');
    await form.getByLabel('Issuer URL').fill(idp.issuer);
    await form.getByLabel('Client ID').fill('outpost');
    await form.getByLabel('Client secret').fill('e2e-client-secret');
    await form.getByRole('button', { name: 'Add a mapping' }).click();
    await form.getByLabel('Claim value 1').fill('outpost-managers');
    await form.getByLabel('Role 1').click();
    await owner.page.getByRole('option', { name: 'Manager' }).click();
    await form.getByRole('button', { name: 'Add provider' }).click();
    const card = owner.page.getByTestId('provider-corp');
    await card.waitFor();
    expect(await card.textContent()).toContain(`${server.url}/api/v1/auth/oidc/corp/callback`);
    expect(await card.textContent()).toContain('outpost-managers → Manager');
    expect(owner.errors).toEqual([]);
    await owner.context.close();

    // Alice signs in with the button, at the provider's own page.
    const alice = await newPage(browser, server.url);
    await alice.page.goto('/login');
    await alice.page.getByRole('link', { name: 'Sign in with Corp Login' }).click();
    await alice.page.waitForURL((u) => u.origin === idp.issuer);
    await alice.page.getByLabel('Account').fill('alice');
    await alice.page.getByRole('button', { name: 'Continue' }).click();
    await alice.page.waitForURL((u) => u.origin === server.url && u.pathname === '/');
    const me = await alice.context.request.get('/api/v1/me');
    expect((await me.json()).user).toMatchObject({ email: 'alice@corp.example', role: 'manager' });
    expect(await alice.page.getByTestId('current-user').textContent()).toMatch(/Alice Archer\s*Manager/);

    // Signing out ends the Outpost session and goes on to the provider's end-session page.
    await alice.page.getByRole('button', { name: 'Sign out' }).click();
    await alice.page.waitForURL((u) => u.origin === idp.issuer && u.pathname.startsWith('/session/end'));
    expect((await alice.context.request.get(`${server.url}/api/v1/me`)).status()).toBe(401);
    await alice.context.close();

    // Bob's group is not mapped: back on the sign-in page, told why; no account.
    const bob = await newPage(browser, server.url);
    await bob.page.goto('/login');
    await bob.page.getByRole('link', { name: 'Sign in with Corp Login' }).click();
    await bob.page.getByLabel('Account').fill('bob');
    await bob.page.getByRole('button', { name: 'Continue' }).click();
    const refused = bob.page.getByTestId('sso-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('none of your groups gives access to Outpost');
    expect((await bob.context.request.get(`${server.url}/api/v1/me`)).status()).toBe(401);
    await bob.context.close();
  });
});

/** Single sign-on: the sign-in page's providers, the OpenID Connect redirect and callback, and Settings → Sign-in. */
import { z } from 'zod';
import { IdParams } from '../../../contracts/common';
import {
  CreateIdentityProviderBody,
  IdentityProvider,
  ProviderKeyParams,
  SignInProvider,
  SsoCallbackQuery,
  SsoStartQuery,
  UpdateIdentityProviderBody,
} from '../../../contracts/identity';
import {
  actorOf,
  type ModuleOptions,
  metaOf,
  SESSION_COOKIE,
  setSessionCookie,
  type ZodApp,
} from '../../http';
import { refusedPage, SsoRefused } from './sso';

/** The state of a sign-in under way, kept by the browser that started it (login CSRF protection). */
const STATE_COOKIE = 'outpost_sso_state';
const stateCookiePath = (key: string) => `/api/v1/auth/oidc/${key}/callback`;

export async function ssoRoutes(app: ZodApp, { services, config }: ModuleOptions) {
  const sso = services.accounts.sso;

  app.get(
    '/auth/providers',
    {
      config: { public: true, vendor: 'same' },
      schema: {
        tags: ['accounts'],
        summary: 'The single sign-on providers the sign-in page offers',
        response: { 200: z.object({ items: z.array(SignInProvider) }) },
      },
    },
    async () => ({ items: await sso.signInProviders() }),
  );

  app.get(
    '/auth/oidc/:key/start',
    {
      config: { public: true },
      // A browser's navigation, not an API operation: out of the OpenAPI document (decision 92).
      schema: {
        hide: true,
        tags: ['accounts'],
        summary:
          'Begin signing in with an identity provider (OpenID Connect, authorization code with PKCE): redirects to the provider',
        params: ProviderKeyParams,
        querystring: SsoStartQuery,
        response: { 302: z.undefined() },
      },
    },
    async (request, reply) => {
      try {
        const { url, state } = await sso.start(request.params.key, request.query.returnTo, metaOf(request));
        reply.setCookie(STATE_COOKIE, state, {
          httpOnly: true,
          sameSite: 'lax',
          secure: config.secureCookies,
          path: stateCookiePath(request.params.key),
          maxAge: 600,
        });
        return reply.redirect(url, 302);
      } catch (err) {
        if (err instanceof SsoRefused) return reply.redirect(refusedPage(err.reason), 302);
        throw err;
      }
    },
  );

  app.get(
    '/auth/oidc/:key/callback',
    {
      config: { public: true },
      schema: {
        hide: true,
        tags: ['accounts'],
        summary:
          'The redirect URI: the provider sends the browser back here; sets the session cookie and redirects into Outpost, or to the sign-in page with the reason of a refusal',
        params: ProviderKeyParams,
        querystring: SsoCallbackQuery,
        response: { 302: z.undefined() },
      },
    },
    async (request, reply) => {
      const key = request.params.key;
      const raw = request.url.indexOf('?');
      const query = raw >= 0 ? request.url.slice(raw) : '';
      reply.clearCookie(STATE_COOKIE, { path: stateCookiePath(key) });
      try {
        const result = await sso.callback(
          key,
          query,
          request.cookies[STATE_COOKIE],
          metaOf(request),
          request.cookies[SESSION_COOKIE],
        );
        setSessionCookie(reply, config, result.sessionId);
        return reply.redirect(result.returnTo, 302);
      } catch (err) {
        if (err instanceof SsoRefused) return reply.redirect(refusedPage(err.reason), 302);
        throw err;
      }
    },
  );

  app.get(
    '/identity-providers',
    {
      schema: {
        tags: ['identity-providers'],
        summary: 'The single sign-on providers and their role mapping (owners)',
        response: { 200: z.object({ items: z.array(IdentityProvider) }) },
      },
    },
    async (request) => ({ items: await sso.listProviders(actorOf(request)) }),
  );
  app.post(
    '/identity-providers',
    {
      schema: {
        tags: ['identity-providers'],
        summary:
          'Add an OpenID Connect provider (owners): issuer, client, bound e-mail domains, role claim and mapping; the client secret is stored encrypted and never answered',
        body: CreateIdentityProviderBody,
        response: { 201: IdentityProvider },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await sso.createProvider(actorOf(request), request.body)),
  );
  app.get(
    '/identity-providers/:id',
    {
      schema: {
        tags: ['identity-providers'],
        summary: 'One single sign-on provider (owners)',
        params: IdParams,
        response: { 200: IdentityProvider },
      },
    },
    async (request) => sso.getProvider(actorOf(request), request.params.id),
  );
  app.patch(
    '/identity-providers/:id',
    {
      schema: {
        tags: ['identity-providers'],
        summary: 'Change a provider or replace its role mapping (owners)',
        params: IdParams,
        body: UpdateIdentityProviderBody,
        response: { 200: IdentityProvider },
      },
    },
    async (request) => sso.updateProvider(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/identity-providers/:id',
    {
      schema: {
        tags: ['identity-providers'],
        summary: 'Remove a provider (owners); its users keep their accounts',
        params: IdParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await sso.deleteProvider(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}

import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import type { Config } from './config';
import type { Database } from './db/database';
import { unauthenticated } from './errors';
import type { RequestMeta } from './modules/accounts/service';
import type { Actor } from './policy';
import type { Services } from './services';

/** A Fastify instance whose routes are typed by their zod schemas. */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What every module's routes receive when app.ts registers them. */
export interface ModuleOptions {
  services: Services;
  config: Config;
  database: Database;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    authVia: 'session' | 'token' | null;
    sessionId: string | null;
    csrfToken: string | null;
    /** The API token a request authenticated with (rate limits count per token). */
    tokenId: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (health, setup, login, the API document). */
    public?: boolean;
    /**
     * Manages the caller's credentials (API tokens, the calendar-feed address, the password): a
     * signed-in session only, refused to every API token before the body is read, as the policy
     * table (`tokenNeeds` … `session`) refuses it in the service too. The OpenAPI document shows it.
     */
    sessionOnly?: boolean;
    /**
     * What a vendor user receives, by status code: the vendor-facing schema (an allow-list; see
     * plugins/vendor-facing.ts), or `'same'` where the response schema holds nothing internal
     * (reviewed field by field; the permission matrix pins the keys). Every route a vendor user
     * may reach declares one; the OpenAPI document carries it as `x-outpost-vendor-response`.
     */
    vendor?: 'same' | Partial<Record<number, ZodType>>;
  }
}

/** The signed-in actor; the auth plugin has already answered 401 for routes that need one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

export function metaOf(request: FastifyRequest): RequestMeta {
  return { requestId: request.id, ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
}

/** The session cookie: set by sign-in (and the portal's invitation accept), read by the auth plugin. */
export const SESSION_COOKIE = 'outpost_session';

/** How the session cookie is set; it lives as long as a session may. */
function sessionCookieOptions(config: Config) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secureCookies,
    path: '/',
    maxAge: config.sessionAbsoluteHours * 3600,
  };
}

/**
 * Start a session in the browser (sign-in, the portal's invitation accept): set its cookie and answer
 * what the client keeps, the user and the CSRF token; the session id stays in the cookie.
 */
export function sendSession<U>(
  reply: FastifyReply,
  config: Config,
  session: { user: U; sessionId: string; csrfToken: string },
) {
  setSessionCookie(reply, config, session.sessionId);
  return { user: session.user, csrfToken: session.csrfToken };
}

/** Set the session cookie alone (single sign-on's callback, which redirects instead of answering). */
export function setSessionCookie(reply: FastifyReply, config: Config, sessionId: string) {
  reply.setCookie(SESSION_COOKIE, sessionId, sessionCookieOptions(config));
}

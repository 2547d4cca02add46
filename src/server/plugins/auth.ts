import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors';
import { SESSION_COOKIE } from '../http';
import type { AccountService } from '../modules/accounts/service';
import { actorOf as actorFromUser } from '../modules/accounts/service';
import { authorizeRequest } from '../policy';
import { sendProblem } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is calling: a bearer token (no CSRF needed; its scope goes with the actor, and a `read`
 * token may send only GET, HEAD and OPTIONS) or a session cookie (a change must echo the session's
 * CSRF token in X-CSRF-Token). Routes not marked public answer 401 without one.
 */
async function auth(app: FastifyInstance, { accounts }: { accounts: AccountService }) {
  app.decorateRequest('actor', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('tokenId', null);

  app.addHook('onRequest', async (request, reply) => {
    // The browsable API documentation is public, like the document it shows.
    if (!request.url.startsWith('/api/') || /^\/api\/docs(\/|\?|$)/.test(request.url)) return;
    const meta = { requestId: request.id, ip: request.ip ?? null };
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const found = match ? await accounts.resolveToken(match[1]!) : null;
      if (found && 'expiredAt' in found)
        return sendProblem(
          request,
          reply,
          new AppError(
            401,
            'token-expired',
            `The API token expired at ${found.expiredAt}. Create a new one on the API tokens page.`,
            undefined,
            { wwwAuthenticate: 'Bearer error="invalid_token", error_description="The access token expired"' },
          ),
        );
      if (!found)
        return sendProblem(
          request,
          reply,
          new AppError(401, 'unauthenticated', 'The API token is not valid or was revoked.'),
        );
      request.actor = { ...actorFromUser(found.user, meta), tokenScope: found.scope };
      request.authVia = 'token';
      request.tokenId = found.tokenId;
      // A read token is refused anything but a read here, before the body is read or validated.
      authorizeRequest(request.actor, request.method, request.routeOptions.config?.sessionOnly === true);
    } else {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId) {
        const found = await accounts.resolveSession(sessionId);
        if (found) {
          request.actor = actorFromUser(found.user, meta);
          request.authVia = 'session';
          request.sessionId = sessionId;
          request.csrfToken = found.csrfToken;
        }
      }
    }
    const isPublic = request.routeOptions.config?.public === true;
    if (!request.actor && !isPublic) {
      return sendProblem(
        request,
        reply,
        new AppError(401, 'unauthenticated', 'Sign in or send a valid API token.'),
      );
    }
    // Public routes (sign-in, setup) act on no session, so a stale cookie needs no CSRF token there.
    if (request.authVia === 'session' && !isPublic && !SAFE_METHODS.has(request.method)) {
      const given = request.headers['x-csrf-token'];
      if (!accounts.csrfMatches(request.csrfToken!, typeof given === 'string' ? given : undefined)) {
        return sendProblem(
          request,
          reply,
          new AppError(403, 'csrf', 'The X-CSRF-Token header is missing or does not match this session.'),
        );
      }
    }
  });
}

export const authPlugin = fp(auth, { name: 'outpost-auth' });

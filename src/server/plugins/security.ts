/**
 * Hardening that applies to every route: security headers, rate limits on the routes attackers
 * like, and what the logs may never contain. See docs/security.md.
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { tooMany } from '../errors';
import { sendProblem } from './errors';

/** Log fields that hold secrets; pino replaces them with "[redacted]". */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.csrfToken',
  '*.secret',
  '*.authorization',
  '*.cookie',
];

/**
 * Every path segment that is a bearer secret, by the segment before it: invitation tokens
 * (`/invitations/<token>`) and calendar-feed tokens (`/calendar/<token>.ics`). A route whose path
 * carries a secret is added here, and the log never holds it.
 */
const SECRET_PATH_SEGMENTS = ['invitations', 'calendar'];
const SECRET_IN_PATH = new RegExp(`(/(?:${SECRET_PATH_SEGMENTS.join('|')})/)[^/?#]+`, 'g');

/** The URL as it may be logged: the secrets in its path replaced. */
const redactUrl = (url: string) => url.replace(SECRET_IN_PATH, '$1[redacted]');

/** Fastify's logger options: redaction and a request serializer that keeps secrets out. */
export function loggerOptions(level: string, stream?: { write(line: string): void }) {
  return {
    level,
    // Readable lines on a terminal, JSON otherwise (src/server/lib/pretty-log.ts).
    ...(stream ? { stream } : {}),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // Headers are never logged (they carry cookies and tokens); the URL loses the secrets in its path.
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: typeof request.url === 'string' ? redactUrl(request.url) : undefined,
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        };
      },
    },
  };
}

interface Limit {
  method: string;
  url: string;
  perMinute: number;
  /** Count per signed-in user where there is one, else per client address. */
  per: 'user' | 'address';
  what: string;
}

function rateLimitedRoutes(config: Pick<Config, 'rateLimits'>): Limit[] {
  const r = config.rateLimits;
  return [
    {
      method: 'POST',
      url: '/api/v1/invitations/:token/accept',
      perMinute: r.invitationAccept,
      per: 'address',
      what: 'invitation acceptances',
    },
    {
      method: 'POST',
      url: '/api/v1/tokens',
      perMinute: r.tokenCreate,
      per: 'user',
      what: 'API token creations',
    },
    { method: 'POST', url: '/api/v1/files', perMinute: r.uploads, per: 'user', what: 'uploads' },
  ].filter((l): l is Limit => l.perMinute > 0);
}

/**
 * Fixed one-minute windows counted in this process's memory (sign-in has its own throttle in the
 * database). With several processes behind a balancer each counts on its own, so the effective
 * limit is the per-process limit times the number of processes: documented, and fine for the
 * purpose (slowing brute force and floods, not metering).
 */
function registerRateLimits(app: FastifyInstance, config: Pick<Config, 'rateLimits'>) {
  const limits = new Map(rateLimitedRoutes(config).map((l) => [`${l.method} ${l.url}`, l]));
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = Date.now();
  app.addHook('preHandler', async (request, reply) => {
    const limit = limits.get(`${request.method} ${request.routeOptions.url}`);
    if (!limit) return;
    const now = Date.now();
    if (now - lastSweep > 60_000) {
      for (const [k, w] of windows) if (now - w.start >= 60_000) windows.delete(k);
      lastSweep = now;
    }
    const who = limit.per === 'user' && request.actor ? `u:${request.actor.id}` : `a:${request.ip}`;
    const key = `${limit.url}|${who}`;
    let w = windows.get(key);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, count: 0 };
      windows.set(key, w);
    }
    w.count++;
    if (w.count > limit.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000));
      return sendProblem(
        request,
        reply,
        tooMany(
          `Too many ${limit.what}: at most ${limit.perMinute} a minute. Try again in ${retryAfter} s.`,
          retryAfter,
        ),
      );
    }
  });
}

/** The request came over TLS: directly, or through a trusted proxy that says https. */
const overTls = (request: FastifyRequest) => request.protocol === 'https';

export async function registerSecurity(app: FastifyInstance, config: Pick<Config, 'rateLimits'>) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // No inline scripts: index.html loads one module script from the app itself.
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // Mantine sets style attributes at run time; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Sent only over TLS (below): over plain HTTP the header is meaningless and would break a
    // first deployment that is not yet behind TLS.
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (overTls(request)) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    // API answers carry personal data and secrets (the CSRF token of /me, new API tokens): no
    // browser or proxy keeps them, unless a route chose its own policy (the calendar feed, files).
    if (request.url.startsWith('/api/') && !reply.hasHeader('Cache-Control'))
      reply.header('Cache-Control', 'no-store');
  });
  registerRateLimits(app, config);
  await registerTokenRateLimit(app, config);
}

/**
 * Requests per API token and minute (`OUTPOST_RATE_LIMIT_TOKEN_REQUESTS`, 0: none), counted in this
 * process's memory by @fastify/rate-limit after the auth hook has resolved the token, so an
 * unknown or expired token is a 401 and is not counted. Every answer to a token says where it
 * stands in the fields of the IETF draft "RateLimit header fields for HTTP"
 * (draft-ietf-httpapi-ratelimit-headers-06): `RateLimit-Limit` (requests a window), `RateLimit-Remaining`
 * (left in this window), `RateLimit-Reset` (seconds until the window ends); a 429 adds `Retry-After`
 * and is a problem document like every error (decision 90). Sessions are not counted here.
 */
async function registerTokenRateLimit(app: FastifyInstance, config: Pick<Config, 'rateLimits'>) {
  const max = config.rateLimits.tokenRequests;
  if (max <= 0) return;
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow: 60_000,
    enableDraftSpec: true,
    keyGenerator: (request) => `token:${request.tokenId}`,
    allowList: (request) => !request.tokenId,
    errorResponseBuilder: (_request, context) => {
      const retryAfter = Math.max(1, Math.ceil(context.ttl / 1000));
      return tooMany(
        `Too many requests with this API token: at most ${context.max} a minute. Try again in ${retryAfter} s.`,
        retryAfter,
      );
    },
  });
}

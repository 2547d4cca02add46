import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { Problem } from '../../contracts/common';
import type { ZodApp } from '../http';
import { READ_METHODS } from '../policy';

const PROBLEM_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429, 503] as const;

type Transform = typeof jsonSchemaTransform;

/**
 * The zod transform keeps a response's media types but drops its `headers`; put them back, so
 * that a download documents its `Content-Disposition` (lib/download.ts `fileResponse`).
 */
const withResponseHeaders: Transform = (input) => {
  const out = jsonSchemaTransform(input);
  const raw = (input.schema as { response?: Record<string, unknown> } | undefined)?.response ?? {};
  const response = (out.schema as { response?: Record<string, Record<string, unknown>> }).response;
  for (const [status, r] of Object.entries(raw)) {
    const headers = (r as { headers?: unknown } | null)?.headers;
    if (headers && response?.[status]) response[status].headers = headers;
  }
  return out;
};

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/**
 * The library's transform, plus `x-outpost-vendor-response` on every operation that declares a
 * vendor-facing schema (`config.vendor`): by status code, the JSON schema of what a vendor user
 * receives, converted by the same library so that it names the same components.
 */
function withVendorResponses(input: TransformInput & { route?: { config?: { vendor?: unknown } } }) {
  const out = withResponseHeaders(input);
  const declared = input.route?.config?.vendor as 'same' | Record<string, unknown> | undefined;
  const schema = out.schema as Record<string, unknown> | undefined;
  if (!declared || !schema || schema.hide) return out;
  // `same`: the route's own success answers, which hold nothing internal.
  const all = (input.schema as { response?: Record<string, unknown> }).response ?? {};
  const vendor =
    declared === 'same' ? Object.fromEntries(Object.entries(all).filter(([s]) => /^2/.test(s))) : declared;
  const converted = jsonSchemaTransform({ ...input, schema: { response: vendor } }).schema as {
    response: Record<string, unknown>;
  };
  return {
    ...out,
    schema: { ...schema, 'x-outpost-vendor-response': converted.response } as typeof out.schema,
  };
}

/**
 * The OpenAPI 3.1 document is generated from the routes' zod schemas; every API route also
 * documents the problem answers it can give.
 */
export async function registerOpenApi(app: ZodApp, version: string) {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1') || route.url.startsWith('/api/v1/openapi')) return;
    route.schema = route.schema ?? {};
    const schema = route.schema as { response?: Record<string, unknown> };
    schema.response = schema.response ?? {};
    const response = schema.response;
    for (const status of PROBLEM_STATUSES) {
      if (!(status in response)) response[status] = Problem;
    }
    // Who may call it: a session, or a bearer token with the scope it needs (OpenAPI 3.1 lets a
    // non-OAuth scheme list the roles it requires). The auth plugin enforces the same rule.
    const config = route.config as { public?: boolean; sessionOnly?: boolean } | undefined;
    const methods = [route.method].flat();
    (route.schema as { security?: unknown }).security = config?.public
      ? []
      : config?.sessionOnly
        ? [{ session: [] }]
        : [{ session: [] }, { bearer: [methods.every((m) => READ_METHODS.has(m)) ? 'read' : 'write'] }];
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Outpost API',
        version,
        description:
          'The HTTP API of Outpost. Sign in with `POST /api/v1/auth/login` (a session cookie; send the returned csrfToken as `X-CSRF-Token` on changes) or send `Authorization: Bearer <token>`. Errors are RFC 9457 problem documents.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'outpost_session' },
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API token (`opt_…`) acting with its user’s role, within its scope: `read` sends GET only; `write` (which includes `read`) may also change things. No token manages credentials (tokens, the password, the calendar feed): those operations list only the session.',
          },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: withVendorResponses,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}

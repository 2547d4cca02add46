import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { Problem } from '../../contracts/common';
import type { ZodApp } from '../http';

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
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: withResponseHeaders,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}

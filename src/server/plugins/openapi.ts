import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { Problem } from '../../contracts/common';
import type { ZodApp } from '../http';
import { READ_METHODS } from '../policy';
import { operationIdOf } from './openapi-ids';

const PROBLEM_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503] as const;
const PROBLEM_TYPE = 'application/problem+json';

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
type Json = Record<string, any>;
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Every `$ref` to a component schema anywhere in a value, outside `x-` extensions. */
function refsIn(value: unknown, out: Set<string>) {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(SCHEMA_REF))
        out.add(v.slice(SCHEMA_REF.length));
      else if (!k.startsWith('x-')) refsIn(v, out);
    }
  return out;
}
const SCHEMA_REF = '#/components/schemas/';

/** A value with every `$ref` to a schema not in `keep` replaced by that schema (inlined). */
function inlined(value: unknown, schemas: Json, keep: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => inlined(v, schemas, keep));
  if (!value || typeof value !== 'object') return value;
  const ref = (value as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith(SCHEMA_REF) && !keep.has(ref.slice(SCHEMA_REF.length)))
    return inlined(schemas[ref.slice(SCHEMA_REF.length)], schemas, keep);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inlined(v, schemas, keep)]));
}

/**
 * What the document says beyond the routes' own schemas, in one place (decision 88): the server
 * it is served from, the licence, an `operationId` for every operation (derived from method and
 * path, openapi-ids.ts), the problem media type on every error of the API (the error handler answers
 * `application/problem+json`, never `application/json`), and no component that nothing uses.
 */
function finishDocument(doc: Json, serverUrl: string): Json {
  doc.servers = [{ url: serverUrl, description: 'This Outpost server' }];
  doc.info = { ...doc.info, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } };
  for (const [path, item] of Object.entries(doc.paths ?? {}) as Array<[string, Json]>) {
    for (const [method, op] of Object.entries(item) as Array<[string, Json]>) {
      if (!METHODS.has(method)) continue;
      op.operationId ??= operationIdOf(method, path);
      if (!path.startsWith('/api/')) continue;
      for (const [status, response] of Object.entries(op.responses ?? {}) as Array<[string, Json]>) {
        if (!/^[45]/.test(status) || !response.content?.['application/json']) continue;
        const { 'application/json': json, ...rest } = response.content;
        response.content = { [PROBLEM_TYPE]: json, ...rest };
      }
    }
  }
  // Components no operation uses are left out; one used only by a vendor-facing shape
  // (`x-outpost-vendor-response`, which linters do not follow) is written out in place there.
  const schemas: Json = doc.components?.schemas ?? {};
  const used = refsIn({ ...doc, components: { ...doc.components, schemas: {} } }, new Set());
  let size = -1;
  while (size !== used.size) {
    size = used.size;
    for (const name of [...used]) refsIn(schemas[name], used);
  }
  for (const item of Object.values(doc.paths ?? {}) as Json[])
    for (const op of Object.values(item) as Json[])
      if (op?.['x-outpost-vendor-response'])
        op['x-outpost-vendor-response'] = inlined(op['x-outpost-vendor-response'], schemas, used);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
  return doc;
}

export async function registerOpenApi(app: ZodApp, version: string, publicUrl: string | null = null) {
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
    transformObject: (input) => finishDocument(jsonSchemaTransformObject(input) as Json, publicUrl ?? '/'),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}

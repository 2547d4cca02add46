/**
 * A typed client of the Outpost API for scripts: openapi-fetch over the types that openapi-typescript
 * generates from the OpenAPI document (`openapi.d.ts`, committed and checked against the live
 * document by test/api/client.test.ts; decision 90). Every path, parameter, body and answer is typed:
 *
 *   const outpost = createOutpostClient({ baseUrl: 'https://outpost.example.com', token });
 *   const { data, error } = await outpost.GET('/api/v1/vendors', { params: { query: { limit: 10 } } });
 *
 * `error` is the RFC 9457 problem document of a failed call.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './openapi';

export type { components, operations, paths } from './openapi';

export interface ClientOptions {
  /** Where Outpost is served, such as `https://outpost.example.com` (the paths hold `/api/v1`). */
  baseUrl: string;
  /** An API token (`opt_…`), sent as `Authorization: Bearer`. */
  token: string;
  /** Another fetch, such as one with a proxy or a timeout. */
  fetch?: typeof globalThis.fetch;
}

export function createOutpostClient(options: ClientOptions): Client<paths> {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    headers: { Authorization: `Bearer ${options.token}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

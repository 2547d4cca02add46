/**
 * The TypeScript types of the API, generated from the live OpenAPI document by openapi-typescript
 * (which runs on the installed TypeScript 5.9). `src/client/openapi.d.ts` is this output, committed
 * (decision 90); test/api/client.test.ts regenerates it and fails on any difference.
 */
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

export const GENERATED_TYPES = new URL('../../src/client/openapi.d.ts', import.meta.url);

export async function generateTypes(document: unknown): Promise<string> {
  const ast = await openapiTS(JSON.stringify(document), { silent: true });
  return COMMENT_HEADER + astToString(ast);
}

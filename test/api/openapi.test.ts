import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationIdOf } from '../../src/server/plugins/openapi-ids';
import { createTestApp, type TestApp } from '../helpers/app';
import { plausible, type Doc as SampleDoc, type Schema } from '../helpers/openapi';

interface Operation {
  parameters?: Array<{ in: string; name: string; schema?: unknown }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components?: unknown };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** Operations that take no body at all: the request itself is the whole message. */
const NO_BODY = new Set([
  'POST /api/v1/auth/logout',
  // Actions whose path says everything: approve the draft SOW, submit a drafted change request.
  'POST /api/v1/engagements/{id}/sow/approve',
  'POST /api/v1/change-requests/{id}/submit',
  // Verify a certificate; mark notifications read.
  'POST /api/v1/vendors/{id}/certifications/{certId}/verify',
  'POST /api/v1/notifications/read-all',
  // Evaluate every risk signal source now.
  'POST /api/v1/risks/signals/refresh',
  'POST /api/v1/notifications/{id}/read',
  // Publish a scored scorecard.
  'POST /api/v1/scorecards/{id}/publish',
  // Send a webhook test message; replay a delivery.
  'POST /api/v1/webhooks/{id}/test',
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/replay',
  // Erase a person's personal data: the contact in the path is the whole request.
  'POST /api/v1/privacy/people/{contactId}/erase',
  // Start an assessment or a finding's remediation: the path says everything.
  'POST /api/v1/security-assessments/{id}/start',
  'POST /api/v1/findings/{id}/start',
  // Copy a starter questionnaire; submit an assessment's saved answers.
  'POST /api/v1/questionnaire-starters/{key}',
  'POST /api/v1/assessments/{id}/submit',
  // Create or regenerate the caller's calendar feed address.
  'POST /api/v1/calendar/token',
  // Fetch a sanctions list from its URL now; screen a vendor again now.
  'POST /api/v1/screening/lists/{source}/fetch',
  'POST /api/v1/vendors/{id}/screening',
]);

function operations(doc: Doc) {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op })),
  );
}

// The document does not depend on the database, so SQLite alone serves.
describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const res = await t.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(() => t?.close());

  it('is served without signing in and validates as OpenAPI 3.1', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route of the API', () => {
    const keys = operations(doc).map((o) => o.key);
    for (const key of [
      'GET /api/v1/health',
      'POST /api/v1/setup',
      'POST /api/v1/auth/login',
      'GET /api/v1/me',
      'POST /api/v1/tokens',
      'PATCH /api/v1/users/{id}',
      'GET /api/v1/audit-events/verify',
      'PUT /api/v1/settings/organisation',
      'GET /api/v1/vendors',
      'POST /api/v1/vendors/import',
      'DELETE /api/v1/vendors/{id}/contacts/{contactId}',
    ]) {
      expect(keys).toContain(key);
    }
    expect(keys.every((k) => k.split(' ')[1]!.startsWith('/api/v1/'))).toBe(true);
  });

  it('gives every operation a response schema for its success status', () => {
    const missing: string[] = [];
    for (const { key, op } of operations(doc)) {
      const success = Object.keys(op.responses ?? {}).filter((s) => /^2\d\d$/.test(s));
      if (success.length === 0) {
        missing.push(`${key}: no success response`);
        continue;
      }
      for (const status of success) {
        if (status === '204') continue; // no content, nothing to describe
        const content = op.responses![status]!.content ?? {};
        const schemas = Object.values(content).filter((c) => c.schema);
        if (schemas.length === 0) missing.push(`${key}: ${status} has no schema`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every POST, PUT and PATCH a request body schema', () => {
    const missing = operations(doc)
      .filter(({ method, key }) => ['post', 'put', 'patch'].includes(method) && !NO_BODY.has(key))
      .filter(({ op }) => !Object.values(op.requestBody?.content ?? {}).some((c) => c.schema))
      .map(({ key }) => key);
    expect(missing).toEqual([]);
  });

  it('describes every path parameter and the problem answers', () => {
    const problems: string[] = [];
    for (const { key, path, op } of operations(doc)) {
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === name && p.schema)) {
          problems.push(`${key}: path parameter ${name} is not described`);
        }
      }
      for (const status of ['401', '422', '503']) {
        if (!op.responses?.[status]) problems.push(`${key}: ${status} is not described`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('accepts every body property it declares and refuses the ones it does not', async () => {
    const owner = await t.owner();
    const sample = doc as unknown as SampleDoc;
    const problems: string[] = [];
    let checked = 0;
    for (const { method, path, op } of operations(doc)) {
      let schema = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      if (schema?.$ref) schema = sample.components.schemas[String(schema.$ref).split('/').pop()!];
      if (!schema?.properties) continue;
      checked++;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const p = op.parameters?.find((x) => x.in === 'path' && x.name === name);
        return encodeURIComponent(String(plausible(sample, p?.schema as Schema) ?? 'x'));
      });
      const key = `${method.toUpperCase()} ${path}`;
      const base = plausible(sample, schema) as Record<string, unknown>;
      // Every declared property at once: none may be refused as unknown.
      const all = { ...base };
      for (const [name, s] of Object.entries(schema.properties as Record<string, Schema>))
        all[name] ??= plausible(sample, s);
      const full = await t.call(method.toUpperCase() as 'POST', url, { as: owner, body: all });
      for (const e of full.body?.errors ?? [])
        if (e.message === 'is not a known field') problems.push(`${key}: refuses its declared ${e.field}`);
      // One undeclared property: refused by name where the schema is closed.
      if (schema.additionalProperties !== false) continue;
      const extra = await t.call(method.toUpperCase() as 'POST', url, {
        as: owner,
        body: { ...base, undeclaredProperty: 1 },
      });
      if (
        extra.status !== 422 ||
        !extra.body?.errors?.some((e: { field: string }) => e.field === 'undeclaredProperty')
      )
        problems.push(
          `${key}: answers ${extra.status} to an undeclared property ${extra.text.slice(0, 120)}`,
        );
    }
    expect(checked).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });

  it('documents the CSV import and export as CSV', () => {
    const imp = doc.paths['/api/v1/vendors/import']!.post!;
    expect(Object.keys(imp.requestBody!.content!)).toEqual(['text/csv']);
    const exp = doc.paths['/api/v1/vendors/export']!.get!;
    expect(Object.keys(exp.responses!['200']!.content!)).toEqual(['text/csv']);
  });

  it('serves the browsable documentation', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const json = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
    expect(JSON.parse(json.body).paths).toEqual(doc.paths);
  });
});

/**
 * Operation ids are derived from method and path in one place (src/server/plugins/openapi-ids.ts);
 * this list pins them, so that a rename shows in review as a diff. A new route adds its line:
 * run with OUTPOST_UPDATE_OPERATION_IDS=1 to rewrite the file, and review what it says.
 */
describe('operation ids', () => {
  const SNAPSHOT = fileURLToPath(new URL('./openapi-operation-ids.txt', import.meta.url));
  let t: TestApp;
  let doc: Doc;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    doc = (await t.call('GET', '/api/v1/openapi.json')).body;
  });
  afterAll(() => t?.close());

  it('gives every operation a unique, readable id and a tag', () => {
    const ops = operations(doc) as Array<{
      key: string;
      op: Operation & { operationId?: string; tags?: string[] };
    }>;
    const ids = ops.map(({ op }) => op.operationId);
    expect(
      ops.filter(({ op }) => !/^[a-z][A-Za-z0-9]{2,60}$/.test(op.operationId ?? '')).map((o) => o.key),
    ).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ops.filter(({ op }) => !op.tags?.length).map((o) => o.key)).toEqual([]);
  });

  it('keeps the ids of the committed list', () => {
    const lines = operations(doc)
      .map(({ key, op }) => `${(op as { operationId?: string }).operationId} ${key}`)
      .sort()
      .join('\n');
    if (process.env.OUTPOST_UPDATE_OPERATION_IDS === '1') writeFileSync(SNAPSHOT, `${lines}\n`);
    expect(lines, 'operation ids changed: review, then rerun with OUTPOST_UPDATE_OPERATION_IDS=1').toBe(
      readFileSync(SNAPSHOT, 'utf8').trimEnd(),
    );
  });

  it('derives ids from method and path for routes nobody named', () => {
    expect(operationIdOf('GET', '/api/v1/vendors')).toBe('listVendors');
    expect(operationIdOf('GET', '/api/v1/vendors/{id}')).toBe('getVendor');
    expect(operationIdOf('POST', '/api/v1/vendors/{id}/contacts')).toBe('createVendorContact');
    expect(operationIdOf('POST', '/api/v1/change-requests/{id}/approve')).toBe('approveChangeRequest');
    expect(operationIdOf('POST', '/api/v1/vendors/import')).toBe('importVendors');
    expect(operationIdOf('DELETE', '/api/v1/vendors/{id}/contacts/{contactId}')).toBe('deleteVendorContact');
    expect(operationIdOf('GET', '/scim/v2/Users')).toBe('listScimUsers');
    expect(operationIdOf('PATCH', '/scim/v2/Groups/{id}')).toBe('updateScimGroup');
    expect(operationIdOf('GET', '/api/v1/widgets/{id}/parts/{partId}/history')).toBe('getWidgetPartHistory');
    expect(operationIdOf('GET', '/api/v1/boxes')).toBe('listBoxes');
  });
});

/**
 * Fuzzing generated from the OpenAPI document: every operation gets hostile values (NUL, lone
 * surrogates, 10,000-character strings, deep nesting, wrong types, empty objects) in each path
 * parameter, query parameter and top-level body field, the other inputs being plausible values
 * sampled from the schema and the ids of real resources, so that handlers are reached. Values are
 * sampled per field deterministically (NUL always, two more in rotation), not the cross product.
 * Nothing may answer 5xx, on either database, as an owner or as a vendor user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { approvedEngagement } from './quality-fixture';

type Schema = Record<string, any>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  parameters: Parameter[];
  /** The JSON body schema, or the content type of another kind of body. */
  body: Schema | string | null;
}
interface Doc {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

const NUL = '\u0000';
/** As they go into a URL: NUL, the UTF-8 bytes of a lone surrogate (not valid UTF-8), length, wrong types. */
const URL_VALUES = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  'x'.repeat(10_000),
  '-1',
  '1e309',
  '',
  '%',
  '[]',
  "'%20OR%201=1--",
  '..%2F..',
];
/** Stands for 5,000 levels of objects and arrays in turn, spliced into the JSON text (JSON.stringify would overflow). */
const DEEP = 'deep-nesting-placeholder';
const DEEP_JSON = `${'{"a":['.repeat(2500)}1${']}'.repeat(2500)}`;
const json = (value: unknown) => JSON.stringify(value).replace(`"${DEEP}"`, DEEP_JSON);
/** As they go into a JSON body field. */
const BODY_VALUES: unknown[] = [
  `a${NUL}b`,
  '\ud800',
  'x\udfffy',
  'x'.repeat(10_000),
  DEEP,
  { a: [{ a: [{ a: 1 }] }] },
  {},
  [],
  null,
  1e308,
  -1,
  true,
  '',
  [NUL],
  { [NUL]: 1 },
  'x',
];
/** Operations that end the session the fuzzing runs in. */
const SKIP = new Set(['POST /api/v1/auth/logout']);

const hash = (text: string) => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
};
/** NUL (first in each list) and `more` values in rotation, chosen by the field's name. */
const sample = <T>(values: T[], key: string, more: number): T[] => {
  const start = hash(key);
  const picked = [values[0]!];
  for (let i = 0; i < more; i++) picked.push(values[1 + ((start + i) % (values.length - 1))]!);
  return picked;
};

/** A plausible value of a schema: its example, default, first choice or a minimal instance. */
function plausible(doc: Doc, schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return undefined;
  if (schema.$ref) return plausible(doc, doc.components.schemas[schema.$ref.split('/').pop()!], depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return plausible(doc, choices.find((c: Schema) => c.type !== 'null') ?? choices[0], depth + 1);
  if (schema.allOf)
    return Object.assign({}, ...schema.allOf.map((s: Schema) => plausible(doc, s, depth + 1) ?? {}));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      const byFormat: Record<string, string> = {
        date: '2027-01-01',
        'date-time': '2027-01-01T00:00:00.000Z',
        email: 'fuzz@example.com',
        uri: 'http://127.0.0.1/fuzz',
        time: '09:00',
      };
      return byFormat[schema.format] ?? 'Fuzz'.padEnd(schema.minLength ?? 4, 'z');
    }
    case 'integer':
    case 'number':
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => plausible(doc, schema.items, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = plausible(doc, schema.properties?.[key], depth + 1);
      return out;
    }
    default:
      return undefined;
  }
}

function operations(doc: Doc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([m, op]) => {
        const content = op.requestBody?.content ?? {};
        const json = content['application/json']?.schema;
        const other = Object.keys(content).find((c) => c !== 'application/json');
        return {
          method: m.toUpperCase() as Operation['method'],
          path,
          parameters: op.parameters ?? [],
          body: json ?? other ?? null,
        };
      })
      .filter((op) => !SKIP.has(`${op.method} ${op.path}`)),
  );
}

const propertiesOf = (doc: Doc, schema: Schema): Record<string, Schema> => {
  const s = schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!]! : schema;
  return s.properties ?? {};
};

describe.each(dialects)('hostile input in every operation of the OpenAPI document on %s', (dialect) => {
  let t: TestApp;
  let doc: Doc;
  let owner: Session;
  let vendorUser: Session;
  /** Real ids by the path segment before the parameter, so that handlers are reached. */
  const real: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    const vendor = await t.vendor({ name: 'Fuzz Vendor', country: 'DE' });
    vendorUser = await t.user('vendor', vendor.id);
    const viewer = await t.user('viewer');
    const engagement = await approvedEngagement(t, owner, vendor.id);
    const thread = await t.call('POST', '/api/v1/engagements/' + engagement.id + '/threads', {
      as: owner,
      body: { title: 'Fuzz', visibility: 'shared' },
    });
    Object.assign(real, {
      vendors: vendor.id,
      engagements: engagement.id,
      threads: thread.body.id,
      users: viewer.userId,
    });
    doc = (await t.call('GET', '/api/v1/openapi.json')).body as Doc;
  });
  afterAll(() => t?.close());

  /** Fires the variants of every operation; returns the ones that answered 5xx. */
  async function fuzz(as: Session, more: number) {
    const failures: string[] = [];
    let sent = 0;
    const send = async (op: Operation, what: string, url: string, payload?: string, type?: string) => {
      const headers: Record<string, string> = { cookie: as.cookie! };
      if (op.method !== 'GET') headers['x-csrf-token'] = as.csrf!;
      if (payload !== undefined) headers['content-type'] = type ?? 'application/json';
      const res = await t.app.inject({ method: op.method, url, headers, payload });
      sent++;
      if (res.statusCode >= 500)
        failures.push(`${op.method} ${op.path} ${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    };
    for (const op of operations(doc)) {
      const key = `${op.method} ${op.path}`;
      const pathParams = op.parameters.filter((p) => p.in === 'path');
      const queryParams = op.parameters.filter((p) => p.in === 'query');
      const segment = (name: string) => op.path.split('/').at(op.path.split('/').indexOf(`{${name}}`) - 1)!;
      // DELETE runs against ids that do not exist, so the fuzzing deletes nothing it needs.
      const baseParam = (p: Parameter) =>
        (op.method !== 'DELETE' && real[segment(p.name)]) || String(plausible(doc, p.schema) ?? 'x');
      const url = (override: Record<string, string> = {}, query = '') => {
        let path = op.path;
        for (const p of pathParams)
          path = path.replace(`{${p.name}}`, override[p.name] ?? encodeURIComponent(baseParam(p)));
        return query ? `${path}?${query}` : path;
      };
      const baseQuery = queryParams
        .filter((p) => p.required)
        .map((p) => `${p.name}=${encodeURIComponent(String(plausible(doc, p.schema)))}`);
      const jsonBase =
        typeof op.body === 'object' && op.body
          ? (plausible(doc, op.body) as Record<string, unknown>)
          : undefined;
      const basePayload = jsonBase ? JSON.stringify(jsonBase) : undefined;

      for (const p of pathParams)
        for (const v of sample(URL_VALUES, `${key} ${p.name}`, more))
          await send(
            op,
            `path ${p.name}=${v.slice(0, 20)}`,
            url({ [p.name]: v }, baseQuery.join('&')),
            basePayload,
          );
      for (const p of queryParams) {
        const others = baseQuery.filter((q) => !q.startsWith(`${p.name}=`));
        for (const v of sample(URL_VALUES, `${key} ${p.name}`, more))
          await send(
            op,
            `query ${p.name}=${v.slice(0, 20)}`,
            url({}, [...others, `${p.name}=${v}`].join('&')),
            basePayload,
          );
        // The parameter twice: an array where a string is expected.
        await send(
          op,
          `query ${p.name} twice`,
          url({}, [...others, `${p.name}=a`, `${p.name}=b`].join('&')),
          basePayload,
        );
      }
      if (jsonBase && typeof op.body === 'object' && op.body) {
        for (const field of Object.keys(propertiesOf(doc, op.body)))
          for (const v of sample(BODY_VALUES, `${key} ${field}`, more))
            await send(op, `body ${field}`, url({}, baseQuery.join('&')), json({ ...jsonBase, [field]: v }));
        for (const whole of ['{}', '[]', '"x"', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`])
          await send(op, `body ${whole.slice(0, 10)}`, url({}, baseQuery.join('&')), whole);
      } else if (typeof op.body === 'string' && !op.body.startsWith('multipart/')) {
        for (const text of [`a,b\n${NUL},x\n`, `a,b\n${'x'.repeat(10_000)},\n`, '', '\ufeff\n\n'])
          await send(
            op,
            `text body ${JSON.stringify(text.slice(0, 12))}`,
            url({}, baseQuery.join('&')),
            text,
            op.body,
          );
        await send(
          op,
          'text body of invalid UTF-8',
          url({}, baseQuery.join('&')),
          Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x0a]) as unknown as string,
          op.body,
        );
      }
    }
    return { failures, sent };
  }

  it('answers no 5xx to an owner', { timeout: 240_000 }, async () => {
    const { failures, sent } = await fuzz(owner, 2);
    expect(sent).toBeGreaterThan(2000);
    expect(failures).toEqual([]);
  });

  it('answers no 5xx to a vendor user', { timeout: 240_000 }, async () => {
    const { failures, sent } = await fuzz(vendorUser, 1);
    expect(sent).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });
});

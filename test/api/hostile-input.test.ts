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
import {
  operations as allOperations,
  type Doc,
  type Operation,
  type Parameter,
  plausible,
  type Schema,
} from '../helpers/openapi';
import { approvedEngagement } from './quality-fixture';

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
const operations = (doc: Doc) => allOperations(doc).filter((op) => !SKIP.has(`${op.method} ${op.path}`));

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

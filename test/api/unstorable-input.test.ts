import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';
import { approvedEngagement } from './quality-fixture';

const V1 = '/api/v1';
const NUL = '\u0000';
const LONE = '\ud800';

/** `{ a: { a: … { a: leaf } } }`, `depth` objects deep, built without recursion. */
const nested = (depth: number, leaf: unknown = 1) => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value as Record<string, unknown>;
};
/** The same as JSON text (inject would stringify the object, and that recursion is not under test). */
const nestedJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe.each(dialects)('text the databases cannot store, and deep nesting, on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let vendorUser: Session;
  let vendorId: string;
  let engagementId: string;
  let threadId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    const vendor = await t.vendor({ name: 'Manila Care', country: 'PH' });
    vendorId = vendor.id;
    vendorUser = await t.user('vendor', vendorId);
    engagementId = (await approvedEngagement(t, owner, vendorId)).id;
    threadId = (
      await t.call('POST', `${V1}/engagements/${engagementId}/threads`, {
        as: owner,
        body: { title: 'Hello', visibility: 'shared' },
      })
    ).body.id;
  });
  afterAll(() => t?.close());

  const fields = (res: { body: { errors?: Array<{ field: string; line?: number }> } }) =>
    res.body.errors ?? [];

  it('answers 422 naming the query parameter or path parameter that holds a NUL', async () => {
    for (const [url, field] of [
      [`${V1}/vendors?q=a%00b`, 'q'],
      [`${V1}/vendors/vnd%00x`, 'id'],
      [`${V1}/threads/${threadId}/messages?q=%00`, 'q'],
      [`${V1}/audit?entityId=%00`, 'entityId'],
    ] as const) {
      const res = await t.call('GET', url, { as: owner });
      expectProblem(res, 422);
      expect(fields(res), url).toEqual([{ field, message: expect.stringMatching(/NUL/) }]);
      expect(res.body.detail).toContain(field);
    }
  });

  it('answers 422 naming the body field that holds a NUL, nested ones and field names too', async () => {
    for (const [method, url, body, field] of [
      ['POST', `${V1}/vendors`, { name: `Acme${NUL}`, country: 'DE' }, 'name'],
      ['PATCH', `${V1}/vendors/${vendorId}`, { notes: `x${NUL}` }, 'notes'],
      [
        'POST',
        `${V1}/vendors`,
        { name: 'Acme', country: 'DE', contacts: [{ name: 'Pat' }, { name: `Sam${NUL}` }] },
        'contacts.1.name',
      ],
      ['POST', `${V1}/vendors/${vendorId}/contacts`, { name: `Pat${NUL}` }, 'name'],
      ['POST', `${V1}/vendors`, { name: 'Acme', country: 'DE', [`co${NUL}lour`]: 'red' }, 'body'],
    ] as const) {
      const res = await t.call(method, url, { as: owner, body });
      expectProblem(res, 422);
      expect(fields(res), `${method} ${url}`).toEqual([{ field, message: expect.stringMatching(/NUL/) }]);
    }
    const thread = await t.call('POST', `${V1}/engagements/${engagementId}/threads`, {
      as: vendorUser,
      body: { title: `Hi${NUL}`, visibility: 'shared' },
    });
    expectProblem(thread, 422);
    expect(fields(thread).map((e) => e.field)).toEqual(['title']);
    expect(
      (await t.call('GET', `${V1}/vendors?q=Acme`, { as: owner })).body.items.map(
        (v: { name: string }) => v.name,
      ),
    ).toEqual([]);
  });

  it('answers 422 to a lone surrogate and takes a proper pair', async () => {
    const lone = await t.call('POST', `${V1}/vendors`, {
      as: owner,
      raw: `{"name":"Acme${'\\ud800'}","country":"DE"}`,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(lone, 422);
    expect(fields(lone)).toEqual([{ field: 'name', message: expect.stringMatching(/surrogate/) }]);
    const low = await t.call('GET', `${V1}/vendors?q=${encodeURIComponent('x')}`, { as: owner });
    expect(low.status).toBe(200);
    const pair = await t.call('POST', `${V1}/vendors`, {
      as: owner,
      body: { name: 'Acme 😀', country: 'DE' },
    });
    expect(pair.status, pair.text).toBe(201);
    expect(pair.body.name).toBe('Acme 😀');
    const patched = await t.call('PATCH', `${V1}/vendors/${pair.body.id}`, {
      as: owner,
      body: { notes: `end${LONE}` },
    });
    expectProblem(patched, 422);
  });

  it('names the CSV line with a NUL in the vendor, exchange-rate and measurement imports', async () => {
    const vendors = await t.call('POST', `${V1}/vendors/import`, {
      as: owner,
      raw: `name,country\nGood Ltd,DE\nBad${NUL} Ltd,DE\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expectProblem(vendors, 422);
    expect(fields(vendors)).toEqual([{ field: 'file', line: 3, message: expect.stringMatching(/NUL/) }]);
    expect(vendors.body.detail).toContain('line 3');
    const rates = await t.call('POST', `${V1}/exchange-rates/import`, {
      as: owner,
      raw: `currency,date,rate\r\nGBP${NUL},2027-01-01,1.17\r\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expectProblem(rates, 422);
    expect(fields(rates)).toEqual([{ field: 'file', line: 2, message: expect.stringMatching(/NUL/) }]);
    const measurements = await t.call('POST', `${V1}/measurements/import`, {
      as: owner,
      raw: `engagement,kpi,at,value\n${engagementId}${NUL},asa,2027-03-02T10:00:00Z,1\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expectProblem(measurements, 422);
    expect(fields(measurements)).toEqual([
      { field: 'engagement', line: 2, message: expect.stringMatching(/NUL/) },
    ]);
  });

  it('answers 4xx to a cursor and an imported questionnaire file that hold a NUL', async () => {
    const cursor = Buffer.from(JSON.stringify([`a${NUL}`, `vnd${NUL}`])).toString('base64url');
    const page = await t.call('GET', `${V1}/vendors?cursor=${cursor}`, { as: owner });
    expectProblem(page, 400);
    expect(fields(page).map((e) => e.field)).toEqual(['cursor']);
    const starter = await t.call('POST', `${V1}/questionnaire-starters/information_security`, {
      as: owner,
    });
    const exported = await t.call('GET', `${V1}/questionnaire-templates/${starter.body.id}/export`, {
      as: owner,
    });
    const imported = await t.call('POST', `${V1}/questionnaire-templates/import?format=outpost`, {
      as: owner,
      raw: JSON.stringify({ ...exported.body, name: `Copy${NUL}` }),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(imported, 422);
    expect(fields(imported)).toEqual([{ field: 'name', message: expect.stringMatching(/NUL/) }]);
  });

  it('answers 422 to a change request nested 5,000 levels deep, from a vendor user, and to any deep body', async () => {
    const raw = `{"title":"Deep","changes":${nestedJson(5000)}}`;
    const deep = await t.call('POST', `${V1}/engagements/${engagementId}/change-requests`, {
      as: vendorUser,
      raw,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(deep, 422);
    expect(fields(deep)).toEqual([
      { field: 'changes', message: expect.stringMatching(/nested more than 32/) },
    ]);
    const vendor = await t.call('POST', `${V1}/vendors`, {
      as: owner,
      raw: `{"name":"Deep","country":"DE","contacts":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(vendor, 422);
    expect(fields(vendor)).toEqual([{ field: 'contacts', message: expect.stringMatching(/nested/) }]);
    // Thirty levels are within the limit: the change request is judged on its content.
    const shallow = await t.call('POST', `${V1}/engagements/${engagementId}/change-requests`, {
      as: vendorUser,
      body: { title: 'Shallow', changes: { notes: nested(30) } },
    });
    expect(shallow.status, shallow.text).not.toBe(500);
    expect(JSON.stringify(shallow.body)).not.toMatch(/nested more than/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);
const cursorFor = (value: unknown, id = 'vnd_x') =>
  Buffer.from(JSON.stringify([value, id])).toString('base64url');

describe.each(dialects)('bad input on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let vendorId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    vendorId = (await t.vendor({ name: 'Target Vendor' })).id;
  });
  afterAll(() => t?.close());

  const vendorCount = async () =>
    Number(
      (
        await t.db.database.db
          .selectFrom('vendors')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('names an unknown country and an unknown time zone', async () => {
    const res = await t.call('POST', '/api/v1/vendors', {
      as: owner,
      body: { name: 'Nowhere Ltd', country: 'XX', timezone: 'Europe/Atlantis' },
    });
    expectProblem(res, 422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'country', message: expect.stringMatching(/ISO 3166-1 alpha-2/) },
        { field: 'timezone', message: expect.stringMatching(/IANA time zone/) },
      ]),
    );
    const patch = await t.call('PATCH', `/api/v1/vendors/${vendorId}`, {
      as: owner,
      body: { country: 'de', languages: ['english'] },
    });
    expectProblem(patch, 422);
    expect(fieldsOf(patch.body).sort()).toEqual(['country', 'languages.0']);
    const contact = await t.call('POST', `/api/v1/vendors/${vendorId}/contacts`, {
      as: owner,
      body: { name: 'Pat', timezone: 'GMT+25' },
    });
    expect(fieldsOf(contact.body)).toEqual(['timezone']);
  });

  it('names every unknown field, nested ones too, and writes nothing', async () => {
    const before = await vendorCount();
    const res = await t.call('POST', '/api/v1/vendors', {
      as: owner,
      body: { name: 'Extra Ltd', country: 'DE', colour: 'red', size: 3, contacts: [{ name: 'A', fax: '1' }] },
    });
    expectProblem(res, 422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'is not a known field' },
        { field: 'size', message: 'is not a known field' },
        { field: 'contacts.0.fax', message: 'is not a known field' },
      ]),
    );
    for (const f of ['colour', 'size', 'contacts.0.fax']) expect(res.body.detail).toContain(f);
    expect(await vendorCount()).toBe(before);
    for (const [url, body] of [
      ['/api/v1/tokens', { name: 'x', scope: 'all' }],
      ['/api/v1/auth/login', { email: 'owner@example.com', password: 'x', remember: true }],
    ] as const) {
      const r = await t.call('POST', url, { as: owner, body });
      expectProblem(r, 422);
      expect(fieldsOf(r.body)).toEqual([Object.keys(body).at(-1)]);
    }
  });

  it('refuses an empty change', async () => {
    const res = await t.call('PATCH', `/api/v1/vendors/${vendorId}`, { as: owner, body: {} });
    expectProblem(res, 422);
    expect(fieldsOf(res.body)).toEqual(['body']);
  });

  it('answers 413 to a 2 MiB JSON body', async () => {
    const res = await t.call('POST', '/api/v1/vendors', {
      as: owner,
      body: { name: 'x'.repeat(2 * 1024 * 1024), country: 'DE' },
    });
    expectProblem(res, 413);
    expect(res.body.detail).toMatch(/1 MiB/);
  });

  it('answers 413 to a 2 MiB body of another type sent to a JSON route', async () => {
    const res = await t.call('POST', '/api/v1/vendors', {
      as: owner,
      raw: 'name,country\n'.repeat(170_000),
      headers: { 'content-type': 'text/csv' },
    });
    expect([413, 415]).toContain(res.status);
    expectProblem(res, res.status);
  });

  it('answers 400 to a body that is not JSON', async () => {
    for (const raw of ['{"name": "Acme", ', '', 'name=Acme']) {
      const res = await t.call('POST', '/api/v1/vendors', {
        as: owner,
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(res, 400);
      expect(res.body.detail).toMatch(/not valid JSON/);
    }
  });

  it('answers 415 to a content type a route does not take', async () => {
    for (const type of ['application/xml', 'text/csv', 'application/x-www-form-urlencoded']) {
      const res = await t.call('POST', '/api/v1/vendors', {
        as: owner,
        raw: 'name=Acme&country=DE',
        headers: { 'content-type': type },
      });
      expectProblem(res, 415);
      expect(res.body.detail).toContain(type);
    }
    const settings = await t.call('PUT', '/api/v1/settings/organisation', {
      as: owner,
      raw: 'name,country',
      headers: { 'content-type': 'text/csv' },
    });
    expectProblem(settings, 415);
  });

  it('answers 422 to a limit over 200 or not a number, and to an unknown sort', async () => {
    for (const [query, field] of [
      ['limit=201', 'limit'],
      ['limit=0', 'limit'],
      ['limit=ten', 'limit'],
      ['sort=colour', 'sort'],
      ['status=dormant', 'status'],
      ['country=XX', 'country'],
    ] as const) {
      const res = await t.call('GET', `/api/v1/vendors?${query}`, { as: owner });
      expectProblem(res, 422);
      expect(fieldsOf(res.body), query).toEqual([field]);
    }
    expectProblem(await t.call('GET', '/api/v1/audit-events?limit=500', { as: owner }), 422);
    expectProblem(await t.call('GET', '/api/v1/users?limit=1000', { as: owner }), 422);
    expect((await t.call('GET', '/api/v1/vendors?limit=200', { as: owner })).status).toBe(200);
  });

  it('answers 400 to a cursor it did not give out, or one made for another sort', async () => {
    await t.vendor({ name: 'Second Vendor' });
    const nameCursor = (await t.call('GET', '/api/v1/vendors?sort=name&limit=1', { as: owner })).body
      .nextCursor;
    expect(nameCursor).toEqual(expect.any(String));
    const cases: Array<[string, string]> = [
      ['/api/v1/vendors', 'garbage'],
      ['/api/v1/vendors', cursorFor({ a: 1 })],
      ['/api/v1/vendors?sort=createdAt', nameCursor],
      ['/api/v1/vendors?sort=-createdAt', cursorFor(5)],
      ['/api/v1/audit-events', cursorFor('not a number', 'aud_x')],
      ['/api/v1/audit-events', 'garbage'],
      ['/api/v1/users', cursorFor(7, 'usr_x')],
    ];
    for (const [url, cursor] of cases) {
      const res = await t.call('GET', `${url}${url.includes('?') ? '&' : '?'}cursor=${cursor}`, {
        as: owner,
      });
      expectProblem(res, 400);
      expect(res.body.errors, `${url} ${cursor}`).toEqual([{ field: 'cursor', message: 'is not valid' }]);
    }
  });

  it('answers 404 problem+json to an unknown route or method, and to an unknown id', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['PUT', '/api/v1/vendors'],
      ['DELETE', '/api/v1/settings/organisation'],
      ['GET', '/api/v2/vendors'],
    ] as const) {
      const res = await t.call(method, url, { as: owner });
      expectProblem(res, 404);
      expect(res.body.detail).toContain(url);
    }
    expectProblem(await t.call('GET', '/api/v1/vendors/vnd_01JD3ZQ8N00000000000000000', { as: owner }), 404);
    expectProblem(await t.call('GET', '/api/v1/vendors/not-an-id', { as: owner }), 404);
    expectProblem(await t.call('GET', `/api/v1/vendors/${'x'.repeat(80)}`, { as: owner }), 422);
  });

  it('answers every error as problem+json with type, title, status and detail', async () => {
    const answers = [
      await t.call('GET', '/api/v1/me'),
      await t.call('GET', '/api/v1/nothing'),
      await t.call('POST', '/api/v1/auth/login', { body: { email: 'not-an-email', password: '' } }),
      await t.call('POST', '/api/v1/setup', {
        body: { name: 'x', email: 'x@example.com', password: 'long enough pass' },
      }),
      await t.call('POST', '/api/v1/vendors', { as: { ...owner, csrf: 'wrong' }, body: {} }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, expect.any(Number), 422, 409, 403]);
    for (const a of answers) expectProblem(a, a.status);
    const login = answers[2]!;
    expect(fieldsOf(login.body).sort()).toEqual(['email', 'password']);
  });

  it('refuses a bad CSV import with the lines and fields, importing nothing', async () => {
    const before = await vendorCount();
    const csv = ['name,country,timezone', 'First,DE,', 'Second,ZZ,Mars/Base', 'Third,FR,'].join('\n');
    const res = await t.call('POST', '/api/v1/vendors/import', {
      as: owner,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([
      { line: 3, field: 'country', message: expect.any(String) },
      { line: 3, field: 'timezone', message: expect.any(String) },
    ]);
    expect(await vendorCount()).toBe(before);
  });
});

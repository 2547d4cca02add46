import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

describe.each(dialects)('vendors API on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
  });
  afterAll(() => t?.close());

  it('creates a vendor with a default time zone and finds it by name', async () => {
    const created = await t.call('POST', '/api/v1/vendors', {
      as: owner,
      body: {
        name: 'Manila Care BPO',
        country: 'PH',
        languages: ['en', 'fil'],
        services: ['customer service'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^vnd_/),
      timezone: 'Asia/Manila',
      status: 'prospect',
    });
    const list = await t.call('GET', '/api/v1/vendors?q=manila', { as: owner });
    expect(list.status).toBe(200);
    expect(list.body.items.map((v: { id: string }) => v.id)).toEqual([created.body.id]);
  });

  it('refuses a status change outside the life cycle with 409 naming the allowed ones', async () => {
    const created = await t.call('POST', '/api/v1/vendors', {
      as: owner,
      body: { name: 'Lisbon Books', country: 'PT' },
    });
    const res = await t.call('PATCH', `/api/v1/vendors/${created.body.id}`, {
      as: owner,
      body: { status: 'active' },
    });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.allowed).toEqual(['under_review', 'offboarded']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

const GOOD = {
  name: 'Northwind Retail',
  country: 'PL',
  timezone: 'Europe/Warsaw',
  currency: 'PLN',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '08:30', end: '16:30' },
};

describe.each(dialects)('organisation settings on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
  });
  afterAll(() => t?.close());

  it('starts from sensible defaults', async () => {
    const res = await t.call('GET', '/api/v1/settings/organisation', { as: owner });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'My organisation',
      country: 'US',
      timezone: 'UTC',
      currency: 'USD',
      workdays: [1, 2, 3, 4, 5],
      hours: { start: '09:00', end: '17:00' },
    });
  });

  it('takes the organisation at setup, filling in the rest', async () => {
    const fresh = await createTestApp(dialect);
    try {
      const setup = await fresh.call('POST', '/api/v1/setup', {
        body: {
          name: 'Olga',
          email: 'owner@example.com',
          password: PASSWORD,
          organisation: { name: 'Lisbon Foods', country: 'PT', timezone: 'Europe/Lisbon', currency: 'EUR' },
        },
      });
      expect(setup.status).toBe(201);
      const s = await fresh.login('owner@example.com');
      expect((await fresh.call('GET', '/api/v1/settings/organisation', { as: s })).body).toEqual({
        name: 'Lisbon Foods',
        country: 'PT',
        timezone: 'Europe/Lisbon',
        currency: 'EUR',
        workdays: [1, 2, 3, 4, 5],
        hours: { start: '09:00', end: '17:00' },
      });
    } finally {
      await fresh.close();
    }
  });

  it('replaces the settings and records the change', async () => {
    const res = await t.call('PUT', '/api/v1/settings/organisation', { as: owner, body: GOOD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(GOOD);
    expect((await t.call('GET', '/api/v1/settings/organisation', { as: owner })).body).toEqual(GOOD);
    const events = await t.call('GET', '/api/v1/audit-events?entityType=organisation', { as: owner });
    expect(events.body.items[0]).toMatchObject({
      action: 'organisation.update',
      actorId: owner.userId,
      changes: { country: { before: 'US', after: 'PL' }, currency: { before: 'USD', after: 'PLN' } },
    });
  });

  it('answers 422 naming each bad field, and changes nothing', async () => {
    const res = await t.call('PUT', '/api/v1/settings/organisation', {
      as: owner,
      body: {
        name: 'Bad',
        country: 'XX',
        timezone: 'Mars/Olympus',
        currency: 'EURO',
        workdays: [1, 1, 8],
        hours: { start: '25:00', end: '17:00' },
      },
    });
    expectProblem(res, 422);
    const fields: string[] = res.body.errors.map((e: { field: string }) => e.field);
    for (const f of ['country', 'timezone', 'currency', 'workdays', 'hours.start']) {
      expect(
        fields.some((x) => x === f || x.startsWith(`${f}.`)),
        `${f} in ${fields}`,
      ).toBe(true);
    }
    for (const f of ['country', 'timezone', 'currency']) expect(res.body.detail).toContain(f);
    expect((await t.call('GET', '/api/v1/settings/organisation', { as: owner })).body).toEqual(GOOD);
  });

  it.each([
    ['hours that end before they start', { hours: { start: '17:00', end: '09:00' } }, 'hours.end'],
    ['a repeated work day', { workdays: [1, 2, 2] }, 'workdays'],
    ['no work days', { workdays: [] }, 'workdays'],
    ['a missing field', { name: undefined }, 'name'],
    ['an unknown field', { colour: 'blue' }, 'colour'],
  ])('refuses %s', async (_what, change, field) => {
    const res = await t.call('PUT', '/api/v1/settings/organisation', {
      as: owner,
      body: JSON.parse(JSON.stringify({ ...GOOD, ...change })),
    });
    expectProblem(res, 422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('lets every role read but only owners and admins change', async () => {
    const admin = await t.user('admin');
    expect((await t.call('PUT', '/api/v1/settings/organisation', { as: admin, body: GOOD })).status).toBe(
      200,
    );
    for (const role of ['manager', 'viewer', 'auditor'] as const) {
      const s = await t.user(role);
      expect((await t.call('GET', '/api/v1/settings/organisation', { as: s })).status).toBe(200);
      expectProblem(await t.call('PUT', '/api/v1/settings/organisation', { as: s, body: GOOD }), 403);
    }
  });
});

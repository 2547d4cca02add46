import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';

describe.each(dialects)('escalation matrix on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let vendorUser: Session;
  let otherVendorUser: Session;
  let engagementId: string;
  let contactA: string;
  let contactB: string;
  let otherContact: string;

  const url = () => `${V1}/engagements/${engagementId}/escalation-matrix`;
  const level = (n: number, extra: Record<string, unknown> = {}) => ({
    level: n,
    title: n === 1 ? 'Service delivery' : 'Account management',
    channel: n === 1 ? 'chat' : 'phone',
    responseTime: n === 1 ? { value: 30, unit: 'minutes' } : { value: 4, unit: 'hours' },
    internalContacts: [n === 1 ? manager.userId : owner.userId],
    vendorContacts: [n === 1 ? contactA : contactB],
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    const vendor = await t.vendor({
      contacts: [
        { name: 'Ana Reyes', email: 'ana@vendor.example', phone: '+63 2 555 0100', role: 'Team lead' },
        { name: 'Ben Cruz', email: 'ben@vendor.example', role: 'Account director' },
      ],
    });
    const other = await t.vendor({ contacts: [{ name: 'Other Person' }] });
    const contacts = (await t.call('GET', `${V1}/vendors/${vendor.id}/contacts`, { as: owner })).body;
    const list = (contacts.items ?? contacts) as Array<{ id: string; name: string }>;
    contactA = list.find((c) => c.name === 'Ana Reyes')!.id;
    contactB = list.find((c) => c.name === 'Ben Cruz')!.id;
    const oc = (await t.call('GET', `${V1}/vendors/${other.id}/contacts`, { as: owner })).body;
    otherContact = (oc.items ?? oc)[0].id;
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    vendorUser = await t.user('vendor', vendor.id);
    otherVendorUser = await t.user('vendor', other.id);
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId: vendor.id,
        title: 'Customer service',
        function: 'customer_service',
        startDate: '2027-01-01',
        budget: 1_000_000,
      },
    });
    expect(e.status, e.text).toBe(201);
    engagementId = e.body.id;
  });
  afterAll(() => t?.close());

  it('starts empty', async () => {
    const res = await t.call('GET', url(), { as: viewer });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ engagementId, levels: [], updatedAt: null, updatedBy: null });
  });

  it('replaces the whole matrix and shows both sides’ contacts, to internal roles and the vendor', async () => {
    const put = await t.call('PUT', url(), { as: manager, body: { levels: [level(1), level(2)] } });
    expect(put.status, put.text).toBe(200);
    expect(put.body.levels).toHaveLength(2);
    expect(put.body.levels[0]).toMatchObject({
      level: 1,
      channel: 'chat',
      responseTime: { value: 30, unit: 'minutes' },
      responseMinutes: 30,
      internalContacts: [{ id: manager.userId, active: true }],
      vendorContacts: [
        { id: contactA, name: 'Ana Reyes', phone: '+63 2 555 0100', role: 'Team lead', active: true },
      ],
    });
    expect(put.body.levels[1]).toMatchObject({ level: 2, responseMinutes: 240, channel: 'phone' });
    expect(put.body.updatedBy).toBe(manager.userId);

    for (const as of [owner, viewer, vendorUser]) {
      const got = await t.call('GET', url(), { as });
      expect(got.status).toBe(200);
      expect(got.body).toEqual(put.body);
    }
    // Replacing drops what is not sent again.
    const shorter = await t.call('PUT', url(), { as: owner, body: { levels: [level(1)] } });
    expect(shorter.body.levels).toHaveLength(1);
    const trail = await t.call('GET', `${V1}/audit-events?entityId=${engagementId}`, { as: owner });
    expect(trail.body.items.map((a: { action: string }) => a.action)).toContain(
      'engagement.escalation_matrix.update',
    );
  });

  it('refuses a bad matrix naming the field, and keeps the one it had', async () => {
    const before = (await t.call('GET', url(), { as: owner })).body;
    const cases: Array<[unknown, string]> = [
      [{ levels: [level(2)] }, 'levels.0.level'],
      [{ levels: [level(1), level(3)] }, 'levels.1.level'],
      [{ levels: [level(1), level(1)] }, 'levels.1.level'],
      [{ levels: [level(1, { vendorContacts: [otherContact] })] }, 'levels.0.vendorContacts.0'],
      [{ levels: [level(1, { internalContacts: [vendorUser.userId] })] }, 'levels.0.internalContacts.0'],
      [{ levels: [level(1, { internalContacts: [] })] }, 'levels.0.internalContacts'],
      [{ levels: [level(1, { channel: 'carrier pigeon' })] }, 'levels.0.channel'],
      [{ levels: [level(1, { responseTime: { value: 0, unit: 'hours' } })] }, 'levels.0.responseTime.value'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('PUT', url(), { as: owner, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await t.call('GET', url(), { as: owner })).body).toEqual(before);
  });

  it('keeps a removed contact by name, marked inactive', async () => {
    await t.call('PUT', url(), { as: owner, body: { levels: [level(1), level(2)] } });
    const vendorId = (await t.call('GET', `${V1}/engagements/${engagementId}`, { as: owner })).body.vendorId;
    expect(
      (await t.call('DELETE', `${V1}/vendors/${vendorId}/contacts/${contactB}`, { as: owner })).status,
    ).toBe(204);
    const got = await t.call('GET', url(), { as: owner });
    expect(got.body.levels[1].vendorContacts[0]).toMatchObject({
      id: contactB,
      name: 'Ben Cruz',
      active: false,
    });
  });

  it('answers 404 to another vendor’s user and to unknown engagements; only writers change it', async () => {
    expect((await t.call('GET', url(), { as: otherVendorUser })).status).toBe(404);
    expect((await t.call('PUT', url(), { as: vendorUser, body: { levels: [] } })).status).toBe(404);
    expect((await t.call('PUT', url(), { as: viewer, body: { levels: [] } })).status).toBe(403);
    expect((await t.call('GET', `${V1}/engagements/eng_nope/escalation-matrix`, { as: owner })).status).toBe(
      404,
    );
    expect((await t.call('GET', `${url()}/candidates`, { as: vendorUser })).status).toBe(404);
    const c = await t.call('GET', `${url()}/candidates`, { as: manager });
    expect(c.status).toBe(200);
    expect(c.body.users.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining([owner.userId, manager.userId]),
    );
    expect(c.body.users.map((u: { id: string }) => u.id)).not.toContain(vendorUser.userId);
    expect(c.body.vendorContacts.map((u: { id: string }) => u.id)).toEqual([contactA]);
  });
});

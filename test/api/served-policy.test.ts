/**
 * The policy served to the web app (issue 17, part 3): `GET /me` answers what the caller may do,
 * and that answer agrees with what the server then does — each probe below is allowed by the
 * served grants exactly when the server does not refuse it (403, or 404 for a vendor user).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/contracts/accounts';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';

interface Probe {
  resource: string;
  action: string;
  method: 'GET' | 'POST';
  url: () => string;
  body?: () => unknown;
}

describe.each(dialects)('the policy served with the signed-in user on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let vendorId: string;
  let engagementId: string;
  const sessions = new Map<Role, Session>();
  let n = 0;

  const probes: Probe[] = [
    {
      resource: 'vendor',
      action: 'create',
      method: 'POST',
      url: () => `${V1}/vendors`,
      body: () => ({ name: `Probe vendor ${++n}`, country: 'DE' }),
    },
    { resource: 'user', action: 'read', method: 'GET', url: () => `${V1}/users` },
    { resource: 'auditEvent', action: 'read', method: 'GET', url: () => `${V1}/audit-events` },
    { resource: 'risk', action: 'read', method: 'GET', url: () => `${V1}/risks` },
    {
      resource: 'thread',
      action: 'create',
      method: 'POST',
      url: () => `${V1}/engagements/${engagementId}/threads`,
      body: () => ({ title: `Probe thread ${++n}`, visibility: 'shared' }),
    },
    {
      resource: 'changeRequest',
      action: 'create',
      method: 'POST',
      url: () => `${V1}/engagements/${engagementId}/change-requests`,
      body: () => ({ title: `Probe change ${++n}`, changes: { creditCapPct: 12 } }),
    },
  ];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    vendorId = (await t.vendor({ name: 'Probe Services' })).id;
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId,
        title: 'Probe engagement',
        function: 'it',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        budget: 1_000_000,
      },
    });
    expect(e.status, e.text).toBe(201);
    engagementId = e.body.id;
    sessions.set('owner', owner);
    for (const role of ['admin', 'manager', 'viewer', 'auditor'] as const)
      sessions.set(role, await t.user(role));
    sessions.set('vendor', await t.user('vendor', vendorId));
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['owner', 'admin', 'manager', 'viewer', 'auditor', 'vendor'] as const)(
    'offers the %s exactly what the server then allows',
    async (role) => {
      const as = sessions.get(role)!;
      const me = await t.call('GET', `${V1}/me`, { as });
      expect(me.status).toBe(200);
      const grants = me.body.permissions as Record<string, string[]>;
      for (const probe of probes) {
        const offered = grants[probe.resource]?.includes(probe.action) ?? false;
        const res = await t.call(probe.method, probe.url(), { as, body: probe.body?.() });
        const refused = res.status === 403 || res.status === 404;
        expect({ probe: `${probe.resource}.${probe.action}`, offered }).toEqual({
          probe: `${probe.resource}.${probe.action}`,
          offered: !refused,
        });
        // Allowed: done, or refused for the thing's state (a change request needs an approved SOW).
        if (!refused) expect([200, 201, 409], res.text).toContain(res.status);
      }
    },
  );

  it('keeps read-only roles from every write, as the issue’s auditor found', async () => {
    for (const role of ['viewer', 'auditor'] as const) {
      const me = await t.call('GET', `${V1}/me`, { as: sessions.get(role)! });
      const grants = me.body.permissions as Record<string, string[]>;
      const writes = Object.entries(grants).flatMap(([resource, actions]) =>
        actions.filter((a) => a !== 'read' && a !== 'export').map((a) => `${resource}.${a}`),
      );
      // Their own tokens, password and notifications are theirs; the audit trail's verification reads.
      expect(writes.sort()).toEqual(
        [
          'notification.update',
          'password.update',
          'token.create',
          'token.delete',
          ...(role === 'auditor' ? ['auditEvent.verify'] : []),
        ].sort(),
      );
    }
  });

  it('narrows the grants to a token’s scope', async () => {
    const created = await t.call('POST', `${V1}/tokens`, {
      as: owner,
      body: { name: 'reader', scope: 'read' },
    });
    expect(created.status, created.text).toBe(201);
    const reader = { ...owner, cookie: undefined, csrf: undefined, token: created.body.token as string };
    const me = await t.call('GET', `${V1}/me`, { as: reader });
    const grants = me.body.permissions as Record<string, string[]>;
    expect(grants.vendor).toEqual(expect.arrayContaining(['read', 'export']));
    expect(grants.vendor).not.toContain('create');
    const refused = await t.call('POST', `${V1}/vendors`, {
      as: reader,
      body: { name: 'Nope', country: 'DE' },
    });
    expect(refused.status).toBe(403);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import { loadDemo } from '../../src/server/demo/load';
import { buildDemoPlan } from '../../src/server/demo/plan';
import { systemClock } from '../../src/server/lib/clock';
import { systemActor } from '../../src/server/policy';
import { createServices, type Services } from '../../src/server/services';
import { createTestDatabase, dialects, type TestDatabase } from '../helpers/databases';

describe.each(dialects)('demo loader on %s', (dialect) => {
  let db: TestDatabase;
  let services: Services;
  const actor = systemActor('test');

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    const config = loadConfig({ OUTPOST_DATA_DIR: db.dataDir } as NodeJS.ProcessEnv, {
      secret: 'test-secret-test-secret-test-secret-1234',
    });
    services = createServices({ database: db.database, clock: systemClock, config });
  });
  afterEach(() => db?.cleanup());

  async function allVendors() {
    return (await services.vendors.list(actor, { limit: 200, sort: 'name' })).items;
  }

  it('sets up an empty database through the services, audited, and a second run adds nothing', async () => {
    const plan = buildDemoPlan();
    const first = await loadDemo(services);
    expect(first.setUp).toBe(true);
    expect(first.created.users).toBe(plan.staff.length + plan.vendorUsers.length);
    expect(first.created.vendors).toBe(plan.vendors.length);

    const org = await services.settings.organisation();
    expect(org).toMatchObject({ name: 'Northwind Retail', country: 'DE', currency: 'EUR' });

    const vendors = await allVendors();
    expect(vendors).toHaveLength(plan.vendors.length);
    const byName = new Map(vendors.map((v) => [v.name, v]));
    for (const p of plan.vendors) {
      const v = byName.get(p.body.name)!;
      expect(v.status).toBe(p.statusPath.at(-1) ?? 'prospect');
      expect(v.ownerId).toMatch(/^usr_/);
      const contacts = await services.vendors.listContacts(actor, v.id);
      expect(contacts.map((c) => c.name)).toEqual(
        expect.arrayContaining(p.body.contacts!.map((c) => c.name)),
      );
    }

    const users = (await services.accounts.listUsers(actor, { limit: 200 })).items;
    const vendorUsers = users.filter((u) => u.role === 'vendor');
    expect(vendorUsers).toHaveLength(2);
    expect(new Set(vendorUsers.map((u) => u.vendorId)).size).toBe(2);

    const login = await services.accounts.login('manager@demo.outpost.local', plan.password, {
      requestId: null,
      ip: '127.0.0.1',
    });
    expect(login.user.role).toBe('manager');

    const statusEvents = await services.audit.list(actor, { limit: 200, action: 'vendor.status' });
    expect(statusEvents.items.length).toBe(plan.vendors.reduce((n, v) => n + v.statusPath.length, 0));
    expect((await services.audit.verify(actor)).ok).toBe(true);

    const second = await loadDemo(services);
    expect(second.setUp).toBe(false);
    expect(second.created).toEqual({ users: 0, vendors: 0, contacts: 0, statusChanges: 0 });
    expect(second.existing).toEqual({ users: first.created.users, vendors: plan.vendors.length });
    expect(await allVendors()).toHaveLength(plan.vendors.length);
    expect((await services.accounts.listUsers(actor, { limit: 200 })).items).toHaveLength(users.length);
  });

  it('added to a database that already has an owner, keeps that organisation', async () => {
    await services.accounts.setup(
      {
        name: 'Real Owner',
        email: 'real@example.com',
        password: 'a-real-password-1',
        organisation: { name: 'Real Co' },
      },
      { requestId: null, ip: null },
    );
    const result = await loadDemo(services);
    expect(result.setUp).toBe(false);
    expect((await services.settings.organisation()).name).toBe('Real Co');
    expect(await allVendors()).toHaveLength(buildDemoPlan().vendors.length);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/helpers/databases';
import { DEFAULT_RISK_SETTINGS, RiskSettings } from '../../contracts/risks';
import { settingsRow } from '../db/shared-queries';
import { createAuditService } from '../modules/audit/service';
import { type Actor, systemActor } from '../policy';
import { systemClock } from './clock';
import { createSettingsStore } from './settings-store';

const viewer: Actor = {
  id: 'usr_viewer',
  name: 'Vera Viewer',
  role: 'viewer',
  vendorId: null,
  requestId: null,
  ip: null,
};
const vendorUser: Actor = { ...viewer, id: 'usr_vendor', role: 'vendor', vendorId: 'ven_1' };

describe.each(dialects)('the settings store on %s', (dialect) => {
  let t: TestDatabase;
  let store: ReturnType<typeof createRiskStore>;

  const createRiskStore = (database: TestDatabase['database']) =>
    createSettingsStore(
      {
        db: database.db,
        audit: createAuditService({
          db: database.db,
          clock: systemClock,
          // These tests write no checkpoint; the file would live beside the test database.
          checkpointOptions: {
            file: '/nonexistent/audit-checkpoints.jsonl',
            secret: 'x'.repeat(32),
            everyMs: 60_000,
          },
        }),
        clock: systemClock,
      },
      {
        row: settingsRow('riskSettings'),
        schema: RiskSettings,
        defaults: DEFAULT_RISK_SETTINGS,
        resource: 'riskSettings',
        action: 'risk.settings.update',
        entityType: 'risk_settings',
      },
    );
  const auditEvents = () =>
    t.database.db
      .selectFrom('auditEvents')
      .select(['action', 'entityType', 'entityId', 'changes', 'actorName'])
      .orderBy('seq')
      .execute();

  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    store = createRiskStore(t.database);
  });
  afterEach(() => t.cleanup());

  it('answers the defaults while nothing is stored', async () => {
    expect(await store.read()).toEqual({ vendorConcentrationShare: 0.3, countryConcentrationShare: 0.5 });
    expect(await store.get(viewer)).toEqual({
      vendorConcentrationShare: 0.3,
      countryConcentrationShare: 0.5,
    });
  });

  it('stores the document in its row and audits what changed', async () => {
    const value = { vendorConcentrationShare: 0.25, countryConcentrationShare: 0.5 };
    expect(await store.put(systemActor('tester'), value)).toEqual(value);
    expect(await store.read()).toEqual(value);

    const row = await t.database.db.selectFrom('riskSettings').selectAll().executeTakeFirstOrThrow();
    expect(row.id).toBe('organisation');
    expect(JSON.parse(row.document)).toEqual(value);

    const [event, ...more] = await auditEvents();
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      action: 'risk.settings.update',
      entityType: 'risk_settings',
      entityId: 'organisation',
      actorName: 'tester',
    });
    // Only the share that moved, from the default it replaced.
    expect(JSON.parse(event!.changes)).toEqual({ vendorConcentrationShare: { before: 0.3, after: 0.25 } });
  });

  it('falls back to the defaults when what is stored no longer parses', async () => {
    await settingsRow('riskSettings').put(
      t.database.db,
      { vendorConcentrationShare: 7 },
      new Date().toISOString(),
    );
    expect(await store.read()).toEqual(DEFAULT_RISK_SETTINGS);
  });

  it('runs `then` in the same transaction: when it fails, neither the document nor its audit event stays', async () => {
    const value = { vendorConcentrationShare: 0.2, countryConcentrationShare: 0.4 };
    let seenInside: unknown;
    await expect(
      store.put(systemActor(), value, async (tx) => {
        seenInside = await store.read(tx);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seenInside).toEqual(value);
    expect(await store.read()).toEqual(DEFAULT_RISK_SETTINGS);
    expect(await auditEvents()).toEqual([]);
  });

  it('asks the policy: a viewer reads but may not replace, a vendor user is told it does not exist', async () => {
    await expect(store.put(viewer, DEFAULT_RISK_SETTINGS)).rejects.toMatchObject({ status: 403 });
    await expect(store.get(vendorUser)).rejects.toMatchObject({ status: 404 });
    expect(await auditEvents()).toEqual([]);
  });

  it('audits a first value stored at setup as created', async () => {
    await t.database.db.transaction().execute((tx) => store.init(tx, systemActor(), DEFAULT_RISK_SETTINGS));
    const [event] = await auditEvents();
    expect(JSON.parse(event!.changes)).toEqual({
      vendorConcentrationShare: { after: 0.3 },
      countryConcentrationShare: { after: 0.5 },
    });
  });
});

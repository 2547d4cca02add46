/**
 * One approved SOW version per engagement, held by the schema (migration 2026-12-07T2000): a database
 * that two racing approvals left with two approved versions is repaired as approving would have
 * done — the highest stays approved, older ones become superseded — and afterwards the index
 * refuses a second approved version whatever writes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../src/server/db/locks';
import * as migration from '../../src/server/db/migrations/2026-12-07T2000-one-approved-sow';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';

describe.each(dialects)('one approved SOW version per engagement on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
  });
  afterAll(() => t?.close());

  const approvedEngagement = async (title: string) => {
    const vendor = await t.vendor({ name: `${title} vendor`, country: 'PT' });
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId: vendor.id,
        title,
        function: 'customer_service',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        budget: 1_500_000,
      },
    });
    expect(e.status, e.text).toBe(201);
    expect(
      (await t.call('PUT', `${V1}/engagements/${e.body.id}/sow`, { as: owner, body: GOOD_SOW })).status,
    ).toBe(200);
    const approved = await t.call('POST', `${V1}/engagements/${e.body.id}/sow/approve`, { as: owner });
    expect(approved.status, approved.text).toBe(200);
    return e.body.id as string;
  };

  const versions = async (engagementId: string) =>
    (
      await t.db.database.db
        .selectFrom('sowVersions')
        .select(['version', 'status'])
        .where('engagementId', '=', engagementId)
        .orderBy('version')
        .execute()
    ).map((v) => [Number(v.version), v.status]);

  /** Another approved version of an engagement, written straight to the table. */
  const approvedCopy = async (engagementId: string, version: number) => {
    const v1 = await t.db.database.db
      .selectFrom('sowVersions')
      .selectAll()
      .where('engagementId', '=', engagementId)
      .where('version', '=', 1)
      .executeTakeFirstOrThrow();
    await t.db.database.db
      .insertInto('sowVersions')
      .values({ ...v1, id: `sow_race${engagementId.slice(-8)}${version}`, version, status: 'approved' })
      .execute();
  };

  it('repairs two approved versions left by a race, then refuses a second approved version', async () => {
    const raced = await approvedEngagement('Raced');
    const clean = await approvedEngagement('Clean');
    // The database as a race left it before the index: versions 1, 2 and 3 all approved.
    await migration.down(t.db.database.db);
    await approvedCopy(raced, 2);
    await approvedCopy(raced, 3);
    expect(await versions(raced)).toEqual([
      [1, 'approved'],
      [2, 'approved'],
      [3, 'approved'],
    ]);
    await migration.up(t.db.database.db);
    expect(await versions(raced)).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'approved'],
    ]);
    expect(await versions(clean)).toEqual([[1, 'approved']]);
    // And now the schema holds the rule on its own.
    const refused = await approvedCopy(clean, 2).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isUniqueViolation(refused), String(refused)).toBe(true);
    expect(await versions(clean)).toEqual([[1, 'approved']]);
  });
});

/**
 * Migration 2026-12-08T0010: tokens made before expiry was required get one, 90 days after the
 * migration runs; revoked tokens and tokens with a chosen date keep what they had.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as migration from '../../src/server/db/migrations/2026-12-08T0010-token-expiry';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

describe.each(dialects)('token expiry migration on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
  });
  afterAll(() => t?.close());

  const make = async (name: string) =>
    (await t.call('POST', '/api/v1/tokens', { as: owner, body: { name, scope: 'read' } })).body.id as string;

  it('gives live tokens without an expiry one 90 days ahead, and leaves the others alone', async () => {
    const [old, revoked, chosen] = [await make('old'), await make('revoked'), await make('chosen')];
    const db = t.db.database.db;
    // As the tokens were before: no expiry; one of them revoked.
    await db.updateTable('apiTokens').set({ expiresAt: null }).where('id', 'in', [old, revoked]).execute();
    await db
      .updateTable('apiTokens')
      .set({ revokedAt: new Date().toISOString() })
      .where('id', '=', revoked)
      .execute();
    const before = await db
      .selectFrom('apiTokens')
      .select('expiresAt')
      .where('id', '=', chosen)
      .executeTakeFirstOrThrow();

    const start = Date.now();
    await migration.up(db);
    const end = Date.now();

    const rows = Object.fromEntries(
      (await db.selectFrom('apiTokens').select(['id', 'expiresAt']).execute()).map((r) => [
        r.id,
        r.expiresAt === null ? null : new Date(String(r.expiresAt)).getTime(),
      ]),
    );
    const day = 86_400_000;
    expect(rows[old]).toBeGreaterThanOrEqual(start + 90 * day);
    expect(rows[old]).toBeLessThanOrEqual(end + 90 * day);
    expect(rows[revoked]).toBeNull();
    expect(rows[chosen]).toBe(new Date(String(before.expiresAt)).getTime());
    // The migrated token still works.
    const list = await t.call('GET', '/api/v1/tokens', { as: owner });
    expect(list.body.items.find((i: { id: string }) => i.id === old).expiresAt).toBe(
      new Date(rows[old]!).toISOString(),
    );
  });
});

import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, pgUrl } from '../helpers/databases';

/**
 * Migrating while another session drops its schema: Kysely's own introspector read every schema's
 * columns and failed when one vanished under it (a parallel test's clean-up). Our migrator reads
 * only its own schema's tables.
 */
describe.skipIf(!pgUrl)('migrations on postgres while other schemas come and go', () => {
  it('migrates three fresh schemas while another session creates and drops schemas with tables', async () => {
    const churn = new pg.Client({ connectionString: pgUrl });
    await churn.connect();
    let running = true;
    let churned = 0;
    const churner = (async () => {
      while (running) {
        const schema = `churn_${randomBytes(5).toString('hex')}`;
        await churn.query(`create schema ${schema}`);
        const columns = Array.from({ length: 40 }, (_, i) => `c${i} text`).join(', ');
        for (let i = 0; i < 5; i++) {
          await churn.query(`create table ${schema}.t${i} (id serial primary key, ${columns})`);
        }
        await churn.query(`drop schema ${schema} cascade`);
        churned++;
      }
    })();
    try {
      for (let i = 0; i < 3; i++) {
        const t = await createTestDatabase('postgres');
        const { rows } = await sql<{ name: string }>`
          select tablename as name from pg_catalog.pg_tables where schemaname = current_schema()`.execute(
          t.database.db,
        );
        await t.cleanup();
        expect(rows.map((x) => x.name)).toEqual(expect.arrayContaining(['sla_periods', 'kysely_migration']));
      }
    } finally {
      running = false;
      await churner;
      await churn.end();
    }
    expect(churned).toBeGreaterThan(0);
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, type Database, type Dialect } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';

export const pgUrl = process.env.OUTPOST_TEST_DATABASE_URL;

/** The engines this run covers: SQLite always, PostgreSQL when OUTPOST_TEST_DATABASE_URL is set. */
export const dialects: Dialect[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  database: Database;
  dataDir: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database: a SQLite file in a temporary folder, or a PostgreSQL schema of
 * its own inside the test database (so test files can run in parallel).
 */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'outpost-test-'));
  if (dialect === 'sqlite') {
    const database = createDatabase({ databaseUrl: null, dataDir });
    await migrateToLatest(database.db);
    return {
      database,
      dataDir,
      async cleanup() {
        await database.destroy();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!pgUrl) throw new Error('OUTPOST_TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = createDatabase({ databaseUrl: pgUrl, dataDir, pgSchema: schema, poolSize: 5 });
  await migrateToLatest(database.db);
  return {
    database,
    dataDir,
    async cleanup() {
      await database.destroy();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

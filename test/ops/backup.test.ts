import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import {
  BackupError,
  createBackup,
  type Manifest,
  openBackup,
  restoreBackup,
} from '../../src/server/db/backup';
import { readArchive, writeArchive } from '../../src/server/db/backup-archive';
import { describeTables } from '../../src/server/db/backup-schema';
import { createDatabase, type Database, type Dialect } from '../../src/server/db/database';
import { DEMO_PASSWORD } from '../../src/server/demo/catalogue';
import { loadDemo } from '../../src/server/demo/load';
import { systemClock } from '../../src/server/lib/clock';
import { multipart } from '../api/permissions/kit';
import { createTestApp, type TestApp } from '../helpers/app';
import { createTestDatabase, pgUrl, type TestDatabase } from '../helpers/databases';

const SECRET = 'test-secret-test-secret-test-secret-1234';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** A value as both engines should agree on it: instants as one ISO form, flags and counts as numbers. */
function normal(v: unknown): unknown {
  if (typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return v;
}

async function rowsOf(db: Kysely<any>, dialect: Dialect, table: string) {
  const info = (await describeTables(db, dialect)).get(table)!;
  const order = info.primaryKey.length ? info.primaryKey : info.columns;
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.join(
    order.map((c) => sql.ref(c)),
  )}`.execute(db);
  return rows.map((r) => Object.fromEntries(info.columns.map((c) => [c, normal(r[c])])));
}

/** A database with nothing in it, not even the schema (SQLite); PostgreSQL gets a migrated, empty schema. */
async function emptyTarget(
  dialect: Dialect,
): Promise<{ database: Database; dataDir: string; cleanup(): Promise<void> }> {
  if (dialect === 'postgres') return createTestDatabase('postgres');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'outpost-restore-target-'));
  const database = createDatabase({ databaseUrl: null, dataDir });
  return {
    database,
    dataDir,
    async cleanup() {
      await database.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const pairs: Array<[Dialect, Dialect]> = pgUrl
  ? [
      ['sqlite', 'sqlite'],
      ['sqlite', 'postgres'],
      ['postgres', 'sqlite'],
    ]
  : [['sqlite', 'sqlite']];

describe.each(pairs)('backup on %s, restore on %s', (from, to) => {
  let source: TestApp;
  let work: string;
  let archive: string;
  let manifest: Manifest;
  let fileId: string;
  const content = `Signed master services agreement — ${from} to ${to}\n`.repeat(200);

  beforeAll(async () => {
    source = await createTestApp(from);
    await loadDemo({
      database: source.db.database,
      clock: systemClock,
      config: loadConfig({ OUTPOST_DATA_DIR: source.db.dataDir } as NodeJS.ProcessEnv, {
        secret: 'test-secret-test-secret-test-secret-1234',
      }),
    });
    const owner = await source.login('owner@demo.outpost.local', DEMO_PASSWORD);
    const up = await source.call('POST', '/api/v1/files', { as: owner, ...multipart('msa.txt', content) });
    expect(up.status).toBe(201);
    fileId = up.body.id;
    work = mkdtempSync(path.join(tmpdir(), 'outpost-backup-test-'));
    archive = path.join(work, 'backup.tar.gz');
    manifest = await createBackup({
      database: source.db.database,
      dataDir: source.db.dataDir,
      target: archive,
    });
  });
  afterAll(async () => {
    await source?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes a manifest with the schema, every table with its rows and checksum, and the encrypted files', async () => {
    expect(manifest).toMatchObject({ format: 'outpost-backup', formatVersion: 1, source: { dialect: from } });
    expect(manifest.migrations).toContain('2026-11-28T2100-foundation');
    const tables = new Map(manifest.tables.map((t) => [t.table, t]));
    expect(tables.get('users')!.rows).toBeGreaterThanOrEqual(8);
    expect(tables.get('vendors')!.rows).toBe(12);
    expect(tables.get('audit_events')!.rows).toBeGreaterThan(20);
    expect(tables.has('kysely_migration')).toBe(false);
    expect(tables.has('job_leases')).toBe(false);
    for (const t of manifest.tables) expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.files).toHaveLength(1);
    expect(manifest.keys).toEqual([]);
    // The archive holds the file as stored: encrypted, never the plain text.
    const dir = mkdtempSync(path.join(work, 'open-'));
    await openBackup(archive, dir);
    const stored = readFileSync(path.join(dir, manifest.files[0]!.name));
    expect(stored.subarray(0, 3).toString('latin1')).toBe('OPF');
    expect(stored.toString('utf8')).not.toContain('Signed master services agreement');
  });

  it('restores into an empty database every row of every table, the files, and an audit trail that verifies', async () => {
    const target = await emptyTarget(to);
    try {
      const result = await restoreBackup({
        database: target.database,
        dataDir: target.dataDir,
        source: archive,
      });
      expect(result.files).toBe(1);
      const src = source.db.database.db.withoutPlugins() as unknown as Kysely<any>;
      const dst = target.database.db.withoutPlugins() as unknown as Kysely<any>;
      for (const t of manifest.tables) {
        const a = await rowsOf(src, from, t.table);
        const b = await rowsOf(dst, to, t.table);
        expect(b, `table ${t.table}`).toEqual(a);
        expect(result.rows[t.table]).toBe(t.rows);
      }

      // The application runs on the restored data: sign in, the audit chain verifies, the file reads.
      const config = loadConfig(
        {
          OUTPOST_DATA_DIR: target.dataDir,
          OUTPOST_WEB_DIR: '/nonexistent',
          OUTPOST_SCHEDULER: 'off',
        } as NodeJS.ProcessEnv,
        { secret: SECRET },
      );
      const app = await buildApp(config, { database: target.database, logger: false });
      try {
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'auditor@demo.outpost.local', password: DEMO_PASSWORD },
        });
        expect(login.statusCode).toBe(200);
        const cookie = String(login.headers['set-cookie']).split(';')[0]!;
        const verify = await app.inject({ url: '/api/v1/audit-events/verify', headers: { cookie } });
        expect(verify.statusCode).toBe(200);
        expect(verify.json()).toMatchObject({ ok: true });
        expect(verify.json().checked).toBeGreaterThan(20);
        const file = await app.inject({ url: `/api/v1/files/${fileId}`, headers: { cookie } });
        expect(file.statusCode).toBe(200);
        expect(file.body).toBe(content);
        expect((await app.inject({ url: '/api/v1/ready' })).statusCode).toBe(200);
      } finally {
        await app.close();
      }

      // A second restore into the now used database is refused, and changes nothing.
      const again = restoreBackup({ database: target.database, dataDir: target.dataDir, source: archive });
      await expect(again).rejects.toThrow(BackupError);
      await expect(again).rejects.toThrow(/not empty \(it has \d+ users, 12 vendors, \d+ audit events\)/);
    } finally {
      await target.cleanup();
    }
  });
});

describe('a damaged or foreign archive', () => {
  let tdb: TestDatabase;
  let work: string;
  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    work = mkdtempSync(path.join(tmpdir(), 'outpost-backup-damaged-'));
  });
  afterAll(async () => {
    await tdb?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('is refused before anything is written, naming the entry that does not match', async () => {
    const source = await createTestApp('sqlite');
    const archive = path.join(work, 'good.tar.gz');
    try {
      await source.vendor({ name: 'Checksum Ltd' });
      await createBackup({ database: source.db.database, dataDir: source.db.dataDir, target: archive });
    } finally {
      await source.close();
    }
    // Change one byte of the vendors table and pack the archive again.
    const dir = mkdtempSync(path.join(work, 'x-'));
    const names = await readArchive(archive, dir);
    const vendors = path.join(dir, 'data/vendors.jsonl');
    writeFileSync(vendors, readFileSync(vendors, 'utf8').replace('Checksum Ltd', 'Checksum Ltc'));
    const damaged = path.join(work, 'damaged.tar.gz');
    await writeArchive(
      damaged,
      names.map((name) => ({ name, file: path.join(dir, name) })),
    );
    const attempt = restoreBackup({ database: tdb.database, dataDir: tdb.dataDir, source: damaged });
    await expect(attempt).rejects.toThrow(
      /damaged; nothing was restored:\n {2}data\/vendors\.jsonl does not match its SHA-256 checksum/,
    );
    const { rows } = await sql<{ n: number }>`select count(*) as n from vendors`.execute(tdb.database.db);
    expect(Number(rows[0]!.n)).toBe(0);

    const notGzip = path.join(work, 'notes.txt');
    writeFileSync(notGzip, 'hello');
    await expect(
      restoreBackup({ database: tdb.database, dataDir: tdb.dataDir, source: notGzip }),
    ).rejects.toThrow(/is not an Outpost backup/);
  });
});

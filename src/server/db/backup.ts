/**
 * `outpost backup` and `outpost restore`: a consistent, engine-neutral archive of everything
 * Outpost keeps, so that a backup taken on SQLite restores on PostgreSQL and the other way round.
 *
 * - SQLite: the online backup API copies the database page by page while the application keeps
 *   serving; the copy is then exported. PostgreSQL: one REPEATABLE READ, READ ONLY transaction
 *   sees one snapshot of every table.
 * - Each table becomes `data/<table>.jsonl` (one JSON object per row, values as the application
 *   reads them: ISO instants, numbers, text); the encrypted files referenced by the snapshot are
 *   copied as they are (`files/<storage name>`); `manifest.json` lists the migrations the schema
 *   had, each entry's size and SHA-256, and the row counts.
 * - Restore refuses a database that is not empty, checks every checksum before writing anything,
 *   migrates the target to the archive's schema, inserts every table in one transaction in an
 *   order that keeps references valid, then migrates to the latest schema.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import {
  type Kysely,
  Kysely as KyselyClass,
  Migrator,
  PostgresAdapter,
  type RawBuilder,
  SqliteDialect,
  sql,
  type Transaction,
} from 'kysely';
import { VERSION } from '../version';
import { readArchive, writeArchive } from './backup-archive';
import { describeTables, type InsertStep, insertOrder, NOT_ARCHIVED, type TableInfo } from './backup-schema';
import type { Database, Dialect } from './database';
import { migrateToLatest } from './migrate';
import { migrations } from './migrations/index';

const BACKUP_FORMAT = 'outpost-backup';
const BACKUP_FORMAT_VERSION = 1;

interface ManifestEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  outpostVersion: string;
  source: { dialect: Dialect };
  /** The migrations the database had run, in order: the schema the data belongs to. */
  migrations: string[];
  tables: Array<ManifestEntry & { table: string; rows: number; columns: string[] }>;
  files: ManifestEntry[];
  /** The file keys and instance secret, only with --include-keys. */
  keys: ManifestEntry[];
  /** Files the snapshot names but the data directory did not have (already missing before the backup). */
  missingFiles: string[];
  /**
   * The signed checkpoint of the audit chain written just before the snapshot (the snapshot's
   * chain reaches at least this far); absent in archives of older versions.
   */
  auditCheckpoint?: { seq: number; hash: string; at: string };
}

/** A problem with the archive or the target that the person can act on. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export type Progress = (step: string, done: number, total: number) => void;

const sha256File = async (file: string) => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

/** Lines into a file, with back-pressure, counting bytes and hashing on the way. */
function lineWriter(file: string) {
  const out: WriteStream = createWriteStream(file, { mode: 0o600 });
  const hash = createHash('sha256');
  let bytes = 0;
  return {
    async write(line: string) {
      const buf = Buffer.from(`${line}\n`, 'utf8');
      hash.update(buf);
      bytes += buf.length;
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
    },
    async close(): Promise<{ bytes: number; sha256: string }> {
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
      return { bytes, sha256: hash.digest('hex') };
    },
  };
}

const PAGE = 5000;

/** Every row of a table in primary-key order, a page at a time (keyset), inside the caller's snapshot. */
async function* pagedRows(db: Kysely<any>, t: TableInfo): AsyncGenerator<Record<string, unknown>> {
  if (t.primaryKey.length === 0) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(t.name)}`.execute(db);
    yield* rows;
    return;
  }
  const keys = sql.join(t.primaryKey.map((c) => sql.ref(c)));
  let last: unknown[] | null = null;
  for (;;) {
    const after: RawBuilder<unknown> = last
      ? sql`where (${keys}) > (${sql.join(last.map((v) => sql`${v}`))})`
      : sql``;
    const { rows }: { rows: Record<string, unknown>[] } = await sql<Record<string, unknown>>`
      select * from ${sql.table(t.name)} ${after} order by ${keys} limit ${PAGE}`.execute(db);
    yield* rows;
    if (rows.length < PAGE) return;
    const tail: Record<string, unknown> = rows[rows.length - 1]!;
    last = t.primaryKey.map((c: string) => tail[c]);
  }
}

async function exportTables(
  db: Kysely<any>,
  dialect: Dialect,
  stage: string,
  onProgress?: Progress,
): Promise<{ tables: Manifest['tables']; migrations: string[]; storageNames: string[] }> {
  const described = await describeTables(db, dialect);
  const { rows: done } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    db,
  );
  const list = [...described.values()].filter((t) => !NOT_ARCHIVED.has(t.name));
  await mkdir(path.join(stage, 'data'), { recursive: true });
  const tables: Manifest['tables'] = [];
  const storageNames: string[] = [];
  let n = 0;
  for (const t of list) {
    const name = `data/${t.name}.jsonl`;
    const w = lineWriter(path.join(stage, name));
    let rows = 0;
    for await (const row of pagedRows(db, t)) {
      await w.write(JSON.stringify(row));
      rows++;
      if (t.name === 'files' && typeof row.storage_name === 'string') storageNames.push(row.storage_name);
    }
    const { bytes, sha256 } = await w.close();
    tables.push({ name, table: t.name, rows, columns: t.columns, bytes, sha256 });
    onProgress?.(`table ${t.name}`, ++n, list.length);
  }
  return { tables, migrations: done.map((r) => r.name), storageNames };
}

export interface BackupOptions {
  database: Database;
  dataDir: string;
  /** The archive to write (.tar.gz). */
  target: string;
  /** Put file-keys.json and secret.key into the archive as well. */
  includeKeys?: boolean;
  /** Write a signed checkpoint of the audit chain; called before the snapshot is taken (null: none written). */
  checkpoint?: () => Promise<{ seq: number; hash: string; at: string } | null>;
  onProgress?: Progress;
}

/** Write a consistent archive of the database and the encrypted files; answers its manifest. */
export async function createBackup(options: BackupOptions): Promise<Manifest> {
  const { database, dataDir } = options;
  // Before the snapshot: the archived chain then reaches the checkpoint, and the archived
  // audit_checkpoints rows include it (a restore writes them into its checkpoint file).
  const checkpoint = options.checkpoint && (await options.checkpoint());
  const stage = await mkdtemp(path.join(tmpdir(), 'outpost-backup-'));
  try {
    let exported: Awaited<ReturnType<typeof exportTables>>;
    if (database.dialect === 'sqlite') {
      if (!database.sqlite) throw new BackupError('The SQLite handle is not available.');
      // The online backup API: a consistent copy while writers go on (they are not blocked).
      const copyFile = path.join(stage, 'snapshot.sqlite');
      await database.sqlite.backup(copyFile);
      const copy = new SQLite(copyFile, { readonly: true });
      const db = new KyselyClass<any>({ dialect: new SqliteDialect({ database: copy }) });
      try {
        exported = await exportTables(db, 'sqlite', stage, options.onProgress);
      } finally {
        await db.destroy();
        await rm(copyFile, { force: true });
      }
    } else {
      exported = await database.db
        .withoutPlugins()
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute((tx) => exportTables(tx, 'postgres', stage, options.onProgress));
    }

    // The encrypted files the snapshot refers to, copied as they are (a copy first: a key
    // rotation may rename a re-encrypted file over one at any moment; either version is valid).
    const files: ManifestEntry[] = [];
    const missingFiles: string[] = [];
    await mkdir(path.join(stage, 'files'), { recursive: true });
    let n = 0;
    for (const storageName of [...new Set(exported.storageNames)].sort()) {
      const from = path.join(dataDir, 'files', storageName);
      const name = `files/${storageName}`;
      try {
        await copyFile(from, path.join(stage, name));
      } catch {
        missingFiles.push(storageName);
        continue;
      }
      const to = path.join(stage, name);
      files.push({ name, bytes: (await stat(to)).size, sha256: await sha256File(to) });
      options.onProgress?.('files', ++n, exported.storageNames.length);
    }

    const keys: ManifestEntry[] = [];
    if (options.includeKeys) {
      await mkdir(path.join(stage, 'keys'), { recursive: true });
      for (const key of ['file-keys.json', 'secret.key']) {
        const from = path.join(dataDir, key);
        if (!existsSync(from)) continue;
        const name = `keys/${key}`;
        await copyFile(from, path.join(stage, name));
        keys.push({ name, bytes: (await stat(from)).size, sha256: await sha256File(path.join(stage, name)) });
      }
    }

    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      outpostVersion: VERSION,
      source: { dialect: database.dialect },
      migrations: exported.migrations,
      tables: exported.tables,
      files,
      keys,
      missingFiles,
      ...(checkpoint
        ? { auditCheckpoint: { seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at } }
        : {}),
    };
    await writeFile(path.join(stage, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
    });
    const entries = [
      { name: 'manifest.json', file: path.join(stage, 'manifest.json') },
      ...[...manifest.tables, ...manifest.files, ...manifest.keys].map((e) => ({
        name: e.name,
        file: path.join(stage, e.name),
      })),
    ];
    // Written next to the target and renamed: a failed backup never leaves a half archive under its name.
    const partial = `${options.target}.partial`;
    await writeArchive(partial, entries);
    await rename(partial, options.target);
    return manifest;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** Unpack and check an archive: its manifest and every entry's size and checksum. */
export async function openBackup(source: string, dir: string): Promise<Manifest> {
  if (!existsSync(source)) throw new BackupError(`${source} does not exist.`);
  await readArchive(source, dir);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
  } catch {
    throw new BackupError(`${source} is not an Outpost backup: it has no readable manifest.json.`);
  }
  if (manifest.format !== BACKUP_FORMAT)
    throw new BackupError(`${source} is not an Outpost backup (format "${String(manifest.format)}").`);
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION)
    throw new BackupError(
      `${source} was written in backup format ${manifest.formatVersion}; this Outpost (${VERSION}) reads up to ${BACKUP_FORMAT_VERSION}. Restore with a newer Outpost.`,
    );
  const problems: string[] = [];
  for (const e of [...manifest.tables, ...manifest.files, ...manifest.keys]) {
    const file = path.join(dir, e.name);
    if (!existsSync(file)) {
      problems.push(`${e.name} is missing`);
      continue;
    }
    const size = (await stat(file)).size;
    if (size !== e.bytes) problems.push(`${e.name} has ${size} bytes, the manifest says ${e.bytes}`);
    else if ((await sha256File(file)) !== e.sha256)
      problems.push(`${e.name} does not match its SHA-256 checksum`);
  }
  if (problems.length)
    throw new BackupError(
      `The archive ${source} is damaged; nothing was restored:\n  ${problems.join('\n  ')}`,
    );
  const unknown = manifest.migrations.filter((m) => !(m in migrations));
  if (unknown.length)
    throw new BackupError(
      `The archive comes from a newer Outpost (${manifest.outpostVersion}): this version does not know the migrations ${unknown.join(', ')}. Upgrade Outpost first.`,
    );
  return manifest;
}

/** Tables whose rows mean the database is in use: a restore refuses to write over them. */
const IN_USE = ['users', 'vendors', 'audit_events'];

async function tableExists(db: Kysely<any>, dialect: Dialect, name: string): Promise<boolean> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql`select 1 from sqlite_master where type = 'table' and name = ${name}`.execute(db)
      : await sql`select 1 from information_schema.tables where table_schema = current_schema() and table_name = ${name}`.execute(
          db,
        );
  return rows.length > 0;
}

/** What makes the target not empty, in words; empty when it is empty. */
async function targetContents(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  const found: string[] = [];
  for (const table of IN_USE) {
    if (!(await tableExists(db, dialect, table))) continue;
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
      db,
    );
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) found.push(`${n} ${table.replace('_', ' ')}`);
  }
  return found;
}

async function migrator(db: Kysely<any>) {
  let schema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    schema = rows[0]?.schema;
  }
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
  });
}

/** A value as the target engine takes it (the archive holds what the application reads). */
function toTarget(value: unknown, dialect: Dialect): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  if (dialect === 'sqlite' && typeof value === 'bigint') return Number(value);
  return value;
}

async function* jsonLines(file: string): AsyncGenerator<Record<string, unknown>> {
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) if (line) yield JSON.parse(line);
}

interface RestoreOptions {
  database: Database;
  dataDir: string;
  source: string;
  onProgress?: Progress;
}

interface RestoreResult {
  manifest: Manifest;
  rows: Record<string, number>;
  files: number;
  keysWritten: string[];
  /** The target's own keys, renamed aside because the archive's replaced them. */
  keysSetAside: string[];
}

/** Restore an archive into an empty database of either engine, and its files into the data directory. */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { database, dataDir } = options;
  const raw = database.db.withoutPlugins() as unknown as Kysely<any>;
  const dialect = database.dialect;
  const dir = await mkdtemp(path.join(tmpdir(), 'outpost-restore-'));
  try {
    const manifest = await openBackup(options.source, dir);
    const contents = await targetContents(raw, dialect);
    if (contents.length)
      throw new BackupError(
        `The target database is not empty (it has ${contents.join(', ')}); nothing was restored. ` +
          'Restore into a new, empty database (a new DATABASE_URL, or an empty OUTPOST_DATA_DIR).',
      );

    // Bring the target to the archive's schema, never down: an empty target that a newer
    // start-up has already migrated keeps its schema, and the rows go into it as they are.
    const m = await migrator(raw);
    const last = manifest.migrations.at(-1);
    const ran = (await m.getMigrations()).filter((x) => x.executedAt).map((x) => x.name);
    if (last && !ran.some((name) => name > last)) {
      const result = await m.migrateTo(last);
      if (result.error) throw result.error;
    }

    const described = await describeTables(raw, dialect);
    const archived = new Map(manifest.tables.map((t) => [t.table, t]));
    const problems: string[] = [];
    for (const t of manifest.tables) {
      const target = described.get(t.table);
      if (!target) problems.push(`table ${t.table} does not exist in the target`);
      else
        for (const c of t.columns)
          if (!target.columns.includes(c))
            problems.push(`column ${t.table}.${c} does not exist in the target`);
    }
    if (problems.length)
      throw new BackupError(`The archive does not fit this schema:\n  ${problems.join('\n  ')}`);
    const steps = insertOrder([...described.values()].filter((t) => archived.has(t.name)));

    // Files first: if the database part fails, a few unreferenced encrypted files remain, never rows without files.
    const filesDir = path.join(dataDir, 'files');
    await mkdir(filesDir, { recursive: true, mode: 0o700 });
    let n = 0;
    for (const f of manifest.files) {
      await copyFile(path.join(dir, f.name), path.join(filesDir, path.basename(f.name)));
      options.onProgress?.('files', ++n, manifest.files.length);
    }
    // The target is empty, so its own keys (a secret.key made at its first start) protect
    // nothing yet: the archive's replace them, and the old ones are kept aside.
    const keysWritten: string[] = [];
    const keysSetAside: string[] = [];
    for (const k of manifest.keys) {
      const base = path.basename(k.name);
      const to = path.join(dataDir, base);
      if (existsSync(to)) {
        if ((await sha256File(to)) === k.sha256) continue;
        const aside = `${base}.before-restore-${Date.now()}`;
        await rename(to, path.join(dataDir, aside));
        keysSetAside.push(aside);
      }
      await copyFile(path.join(dir, k.name), to);
      await chmod(to, 0o600);
      keysWritten.push(base);
    }

    const rows: Record<string, number> = {};
    await raw.transaction().execute(async (tx) => {
      // Migrations seed a few rows (the audit chain's head, settings): the archive's rows replace them.
      for (const step of [...steps].reverse()) await tx.deleteFrom(step.table.name).execute();
      let done = 0;
      const later: Deferred[] = [];
      for (const step of steps) {
        rows[step.table.name] = await insertTable(
          tx,
          dialect,
          step,
          path.join(dir, archived.get(step.table.name)!.name),
          later,
        );
        options.onProgress?.(`table ${step.table.name}`, ++done, steps.length);
      }
      // Now that every row exists, the references that closed a cycle can point at theirs.
      for (const { table, key, set } of later) {
        let q = tx.updateTable(table).set(set);
        for (const [k, v] of Object.entries(key)) q = q.where(k, '=', v);
        await q.execute();
      }
    });
    await migrateToLatest(database.db);
    return { manifest, rows, files: manifest.files.length, keysWritten, keysSetAside };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A reference written null at first, set once every table is in. */
interface Deferred {
  table: string;
  key: Record<string, unknown>;
  set: Record<string, unknown>;
}

/** Insert one table's rows in batches; references that close a cycle go to `later`. */
async function insertTable(
  tx: Kysely<any> | Transaction<any>,
  dialect: Dialect,
  step: InsertStep,
  file: string,
  later: Deferred[],
): Promise<number> {
  const { table, deferred } = step;
  const columns = table.columns;
  // Stay under the engines' bound-parameter limits (SQLite 32766, PostgreSQL 65535).
  const batchSize = Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, columns.length))));
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length) await tx.insertInto(table.name).values(batch).execute();
    batch = [];
  };
  for await (const row of jsonLines(file)) {
    const out: Record<string, unknown> = {};
    for (const c of columns) if (c in row) out[c] = toTarget(row[c], dialect);
    if (deferred.length) {
      const set: Record<string, unknown> = {};
      for (const c of deferred)
        if (out[c] !== null && out[c] !== undefined) {
          set[c] = out[c];
          out[c] = null;
        }
      if (Object.keys(set).length) {
        if (table.primaryKey.length === 0)
          throw new BackupError(`Table ${table.name} refers to itself but has no primary key.`);
        later.push({
          table: table.name,
          key: Object.fromEntries(table.primaryKey.map((k) => [k, out[k]])),
          set,
        });
      }
    }
    batch.push(out);
    count++;
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return count;
}

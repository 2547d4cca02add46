import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  CompiledQuery,
  Kysely,
  type Dialect as KyselyDialect,
  PostgresDialect,
  SqliteDialect,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { DB } from './schema';

export type Dialect = 'sqlite' | 'postgres';
/** A database or a transaction: every repository function takes one. */
export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  destroy(): Promise<void>;
  /** The better-sqlite3 handle under Kysely (SQLite only), for bulk loads that run inside a Kysely transaction. */
  sqlite?: SQLite.Database;
  /** The PostgreSQL connection pool (PostgreSQL only), for its figures in /metrics. */
  pool?: pg.Pool;
}

interface DatabaseOptions {
  /** postgres://… to use PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** PostgreSQL schema to use (tests isolate themselves in a schema of their own). */
  pgSchema?: string;
  sqliteFile?: string;
  poolSize?: number;
}

/** PostgreSQL answers timestamptz as text in UTC (see `TimeZone=UTC`); normalise to ISO 8601 with `Z`. */
function pgTimestampToIso(value: string): string {
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(iso).toISOString();
}

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v); // int8, numeric: safe below 2^53
    if (oid === 1184 || oid === 1114) return (v: string) => pgTimestampToIso(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * SQLite transactions begin IMMEDIATE: they take the write lock at the start, so a transaction
 * that reads before it writes waits (busy_timeout) for another process's writer — a CLI import
 * next to the server — instead of failing at its first write with SQLITE_BUSY, as a deferred
 * transaction in WAL mode does.
 */
function immediateSqlite(dialect: SqliteDialect): KyselyDialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver() {
      const driver = dialect.createDriver();
      driver.beginTransaction = async (connection) => {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      };
      return driver;
    },
  };
}

/** What to run once a transaction has committed, by transaction (see `afterCommit`). */
const commitHooks = new WeakMap<Transaction<DB>, Array<() => void>>();

/**
 * Run `fn` once what was written through `db` is committed: after its transaction commits (not
 * at all when it rolls back), or at once when `db` is not a transaction begun by `db.transaction()`
 * of a database made here.
 */
export function afterCommit(db: Executor, fn: () => void): void {
  const hooks = db.isTransaction ? commitHooks.get(db as Transaction<DB>) : undefined;
  if (hooks) hooks.push(fn);
  else fn();
}

/** Every transaction begun through `db` runs the hooks registered on it once it has committed. */
function withCommitHooks(db: Kysely<DB>): Kysely<DB> {
  const begin = db.transaction.bind(db);
  db.transaction = () => {
    const builder = begin();
    const execute = builder.execute.bind(builder);
    builder.execute = async <T>(callback: (tx: Transaction<DB>) => Promise<T>): Promise<T> => {
      const hooks: Array<() => void> = [];
      const result = await execute((tx) => {
        commitHooks.set(tx, hooks);
        return callback(tx);
      });
      for (const hook of hooks) hook();
      return result;
    };
    return builder;
  };
  return db;
}

export function createDatabase(options: DatabaseOptions): Database {
  const plugins = [new CamelCasePlugin()];
  if (options.databaseUrl) {
    const searchPath = options.pgSchema ? ` -c search_path=${options.pgSchema}` : '';
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: pgTypes,
      options: `-c TimeZone=UTC${searchPath}`,
    });
    const db = withCommitHooks(new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins }));
    return { db, dialect: 'postgres', pool, destroy: () => db.destroy() };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const file = options.sqliteFile ?? path.join(options.dataDir, 'outpost.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = withCommitHooks(
    new Kysely<DB>({
      dialect: immediateSqlite(new SqliteDialect({ database: withStatementCache(sqlite) })),
      plugins,
    }),
  );
  return { db, dialect: 'sqlite', sqlite, destroy: () => db.destroy() };
}

/** Prepared statements kept by SQL text, most recently used last. */
const STATEMENT_CACHE = 500;

/**
 * Kysely's SQLite driver prepares every query afresh, which costs more than running a typical
 * indexed read. The same SQL text gets the same prepared statement back. Safe because the app's one
 * connection runs one query at a time (Kysely's connection mutex; a streamed query holds the
 * connection until it ends), and SQLite re-prepares a statement itself after a schema change.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

/** Booleans are stored as 0/1 on both engines (better-sqlite3 cannot bind true/false). */
export const toFlag = (b: boolean): number => (b ? 1 : 0);
export const fromFlag = (v: unknown): boolean => v === 1 || v === true || v === '1';

/** JSON columns are text on both engines; parse on read. */
export const toJson = (v: unknown): string => JSON.stringify(v);
export function fromJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined) return fallback;
  if (typeof v !== 'string') return v as T;
  return JSON.parse(v) as T;
}

/** count() answers a string on PostgreSQL and a number on SQLite. */
export const toCount = (v: unknown): number => Number(v ?? 0);

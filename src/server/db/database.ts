import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  CompiledQuery,
  type Driver,
  Kysely,
  type Dialect as KyselyDialect,
  type KyselyPlugin,
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
  return withDriver(dialect, (driver) => {
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  });
}

/** `dialect` with each driver it creates changed by `adapt`. */
function withDriver(dialect: KyselyDialect, adapt: (driver: Driver) => Driver): KyselyDialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => adapt(dialect.createDriver()),
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

/** How long a query waits for a PostgreSQL connection (a new one, or a turn in a busy pool). */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A PostgreSQL connection can end at any time: a restart, a fail-over, `pg_terminate_backend`, an
 * idle-session reaper. pg then emits 'error' — on the pool for an idle connection, on the client
 * for one checked out (between two queries, or as its socket closes after the query in flight
 * failed) — and an 'error' event nobody listens to ends the Node process. So every client and the
 * pool get a listener: the query in flight, or the next one on that client, fails (and the request
 * answers 503, see `isDatabaseUnavailable`), the client is dropped when it goes back to the pool,
 * and the pool opens new connections when the database answers again. app.ts logs the pool's
 * events.
 */
function survivesLostConnections(pool: pg.Pool) {
  pool.on('connect', (client) => client.on('error', () => undefined));
  pool.on('error', () => undefined);
}

/** Errors thrown by the PostgreSQL driver: only these can say that the database is unavailable. */
const driverErrors = new WeakSet<object>();

async function fromDriver<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err && typeof err === 'object') driverErrors.add(err);
    throw err;
  }
}

/**
 * Marks what the driver throws — taking a connection from the pool, and every query on it
 * (transaction statements included) — so that an ECONNRESET from elsewhere (a client that hangs
 * up during an upload, an outbound request) is not taken for a lost database.
 */
function markingDriverErrors(dialect: PostgresDialect): KyselyDialect {
  return withDriver(dialect, (driver) => {
    const acquire = driver.acquireConnection.bind(driver);
    // Kysely keeps one connection object per pooled client: wrap each once.
    const wrapped = new WeakSet<object>();
    driver.acquireConnection = async () => {
      const connection = await fromDriver(acquire());
      if (!wrapped.has(connection)) {
        wrapped.add(connection);
        const execute = connection.executeQuery.bind(connection);
        connection.executeQuery = (query) => fromDriver(execute(query));
      }
      return connection;
    };
    return driver;
  });
}

/** Node's errors for a connection that cannot be made or was cut. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * PostgreSQL's: class 08 (connection exception), 53300 (too many connections), 57P01–57P03 (the
 * server shuts down or is starting), 57P05 (idle session timeout), 25P03 (idle in transaction).
 */
const SQLSTATE_UNAVAILABLE = /^(08...|53300|57P0[1235]|25P03)$/;
/** pg's own errors (they carry no code). */
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Cannot use a pool after calling end on the pool',
];

function saysUnavailable(error: object): boolean {
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_ERRORS.has(code) || SQLSTATE_UNAVAILABLE.test(code))) return true;
  if (typeof message === 'string' && PG_MESSAGES.some((m) => message.startsWith(m) || message.endsWith(m)))
    return true;
  // An AggregateError: a host name with several addresses, none answering.
  return (
    Array.isArray(errors) &&
    errors.some((inner) => inner && typeof inner === 'object' && saysUnavailable(inner))
  );
}

/**
 * Whether `error` (or its `cause`) is one the PostgreSQL driver threw because the database cannot
 * be reached or the connection was lost — not because a query was wrong: the request may be
 * retried once the database answers again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (driverErrors.has(e) && saysUnavailable(e)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
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
      // An unreachable database fails a request (503) instead of holding it for ever.
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // TCP keep-alive notices a connection that a fail-over left dangling.
      keepAlive: true,
    });
    survivesLostConnections(pool);
    const db = withCommitHooks(
      new Kysely<DB>({ dialect: markingDriverErrors(new PostgresDialect({ pool })), plugins }),
    );
    return { db, dialect: 'postgres', pool, destroy: () => db.destroy() };
  }
  // Only the service's user reads the data: the directory is made 0700 and the database file 0600
  // (SQLite gives its -wal and -shm files the database file's mode). Existing ones keep theirs.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const file = options.sqliteFile ?? path.join(options.dataDir, 'outpost.sqlite');
  if (file !== ':memory:') closeSync(openSync(file, 'a', 0o600));
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = withCommitHooks(
    new Kysely<DB>({
      dialect: immediateSqlite(new SqliteDialect({ database: withStatementCache(sqlite) })),
      plugins: [...plugins, withoutRowLocks],
    }),
  );
  return { db, dialect: 'sqlite', sqlite, destroy: () => db.destroy() };
}

/**
 * Repositories take row locks with `.forUpdate()` where a check precedes a write (see
 * docs/security.md, "Concurrent requests"): on PostgreSQL a second transaction locking the same rows
 * waits, then reads what the first wrote. SQLite has no row locks and needs none — its transactions
 * begin IMMEDIATE and run one at a time (decision 49) — so the clause is dropped there.
 */
const withoutRowLocks: KyselyPlugin = {
  transformQuery({ node }) {
    if (node.kind !== 'SelectQueryNode' || !node.endModifiers?.some((m) => m.modifier === 'ForUpdate'))
      return node;
    return { ...node, endModifiers: node.endModifiers.filter((m) => m.modifier !== 'ForUpdate') };
  },
  transformResult: async ({ result }) => result,
};

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

import {
  type DatabaseIntrospector,
  type Kysely,
  type MigrationResultSet,
  Migrator,
  PostgresAdapter,
  sql,
  type TableMetadata,
} from 'kysely';
import { migrations } from './migrations/index';

/** Bring the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const schema = await currentPgSchema(db);
  const migrator = new Migrator({
    db: schema ? withSchemaIntrospection(db, schema) : db,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its migration tables in every schema unless told which one; another
    // schema's tables (a second app, or a parallel test) would make it skip creating ours.
    migrationTableSchema: schema,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `Migration ${failed?.migrationName ?? '?'} failed: ${err.message}`;
    throw err;
  }
  return result;
}

async function currentPgSchema(db: Kysely<any>): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/**
 * The migrator asks the introspector for every table to learn whether its own two exist. Kysely's
 * PostgreSQL introspector reads every schema's columns and calls pg_get_serial_sequence on each,
 * which fails ("schema … does not exist", "column … does not exist") when another session drops
 * a schema at the same moment — a parallel test's clean-up, or another app sharing the database.
 * The migrator only needs the names of the tables in its own schema, read in one catalog query.
 */
function withSchemaIntrospection(db: Kysely<any>, schema: string): Kysely<any> {
  const introspection: DatabaseIntrospector = {
    getSchemas: () => db.introspection.getSchemas(),
    getMetadata: async () => ({ tables: await introspection.getTables() }),
    async getTables(): Promise<TableMetadata[]> {
      const { rows } = await sql<{ name: string }>`
        select tablename as name from pg_catalog.pg_tables where schemaname = ${schema}`.execute(db);
      return rows.map((r) => ({ name: r.name, schema, isView: false, columns: [] }));
    },
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      const value = Reflect.get(target, prop, target);
      // Kysely's methods read private fields, which a proxy as `this` does not have.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

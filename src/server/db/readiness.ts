import { type Kysely, sql } from 'kysely';
import { migrations } from './migrations/index';

export interface Readiness {
  /** The database answered a query. */
  reachable: boolean;
  /** Migrations this code knows and the database has not run (none: the schema is current). */
  pending: string[];
  /** Migrations the database has run that this code does not know (a newer version migrated it). */
  unknown: string[];
  applied: number;
}

/** The cheapest query: throws when the database does not answer. */
export async function ping(db: Kysely<any>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The migration table does not exist (PostgreSQL's undefined_table, SQLite's "no such table"). */
function noMigrationTable(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  return code === '42P01' || (typeof message === 'string' && message.startsWith('no such table'));
}

/** Whether the database answers and its schema is what this code expects. Never throws. */
export async function readiness(db: Kysely<any>): Promise<Readiness> {
  const unreachable = { reachable: false, pending: Object.keys(migrations), unknown: [], applied: 0 };
  try {
    await ping(db);
  } catch {
    return unreachable;
  }
  let applied: string[] = [];
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = rows.map((r) => r.name);
  } catch (err) {
    // No migration table yet: nothing has run. Anything else (the connection lost since the ping)
    // says nothing about the schema: not "every migration pending", but not ready either.
    if (!noMigrationTable(err)) return unreachable;
  }
  const done = new Set(applied);
  const known = new Set(Object.keys(migrations));
  return {
    reachable: true,
    pending: [...known].filter((n) => !done.has(n)).sort(),
    unknown: applied.filter((n) => !known.has(n)).sort(),
    applied: applied.length,
  };
}

/**
 * A lock on a name rather than a row, for a rule whose rows may not exist yet: "a new invitation to
 * an address ends the older ones" (there may be none to lock), "one submission of a deliverable
 * awaits review", "the recorded tier follows every register entry". Taken inside a transaction and
 * held until it ends: on PostgreSQL `pg_advisory_xact_lock` on a 64-bit hash of the name (two names
 * sharing a hash only wait for each other); SQLite needs none — its transactions begin IMMEDIATE and
 * run one at a time (decision 49). Row locks (`select … for update` in a module's repository) stay
 * the rule where the row exists; see docs/security.md, "Concurrent requests".
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from './database';

export async function lockName(db: Executor, name: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(db);
}

/**
 * A foreign-key failure on either engine: a row refers to one a concurrent request deleted (or the
 * reverse) between the check that read it and the write.
 */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** A unique-constraint failure on either engine. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

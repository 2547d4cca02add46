/**
 * What backup and restore need to know about the tables, read from the database itself (so that
 * every capability's tables are covered without a list to keep): columns, primary keys, foreign
 * keys, and an insert order in which every reference points at a row already written.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from './database';

export interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  foreignKeys: Array<{ column: string; references: string }>;
}

/** Tables that hold the state of running processes or of the migrator, not data: never archived. */
export const NOT_ARCHIVED = new Set(['kysely_migration', 'kysely_migration_lock', 'job_leases', 'job_runs']);

/** Every table of the current schema, by name. `db` must have no CamelCasePlugin. */
export async function describeTables(db: Kysely<any>, dialect: Dialect): Promise<Map<string, TableInfo>> {
  const tables = new Map<string, TableInfo>();
  if (dialect === 'sqlite') {
    const { rows } = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
      db,
    );
    for (const { name } of rows) {
      const cols = await sql<{
        name: string;
        pk: number;
      }>`select name, pk from pragma_table_info(${name})`.execute(db);
      const fks = await sql<{
        from: string;
        table: string;
      }>`select "from", "table" from pragma_foreign_key_list(${name})`.execute(db);
      tables.set(name, {
        name,
        columns: cols.rows.map((c) => c.name),
        primaryKey: cols.rows
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
        foreignKeys: fks.rows.map((f) => ({ column: f.from, references: f.table })),
      });
    }
    return tables;
  }
  const cols = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  for (const c of cols.rows) {
    let t = tables.get(c.table_name);
    if (!t) {
      t = { name: c.table_name, columns: [], primaryKey: [], foreignKeys: [] };
      tables.set(c.table_name, t);
    }
    t.columns.push(c.column_name);
  }
  const keys = await sql<{ table_name: string; kind: string; column_name: string; ref_table: string | null }>`
    select cl.relname as table_name, con.contype as kind, a.attname as column_name, ref.relname as ref_table
    from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_namespace ns on ns.oid = cl.relnamespace
    cross join lateral unnest(con.conkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
    left join pg_class ref on ref.oid = con.confrelid
    where ns.nspname = current_schema() and con.contype in ('p', 'f')
    order by cl.relname, con.conname, k.ord`.execute(db);
  for (const k of keys.rows) {
    const t = tables.get(k.table_name);
    if (!t) continue;
    if (k.kind === 'p') t.primaryKey.push(k.column_name);
    else t.foreignKeys.push({ column: k.column_name, references: k.ref_table! });
  }
  return tables;
}

export interface InsertStep {
  table: TableInfo;
  /** References that close a cycle (users ↔ vendors) or point at the table itself: written null first, then updated. */
  deferred: string[];
}

/**
 * An order in which inserting the tables never breaks a reference: a depth-first topological
 * sort, where a reference back into a table still being placed (a cycle) is deferred.
 */
export function insertOrder(tables: TableInfo[]): InsertStep[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const state = new Map<string, 'visiting' | 'done'>();
  const steps: InsertStep[] = [];
  const deferredOf = new Map<string, Set<string>>();
  const visit = (t: TableInfo) => {
    state.set(t.name, 'visiting');
    const deferred = new Set<string>();
    deferredOf.set(t.name, deferred);
    for (const fk of t.foreignKeys) {
      const target = byName.get(fk.references);
      if (!target) continue;
      const s = state.get(target.name);
      if (target.name === t.name || s === 'visiting') deferred.add(fk.column);
      else if (s !== 'done') visit(target);
    }
    state.set(t.name, 'done');
    steps.push({ table: t, deferred: [...deferred] });
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) if (!state.has(t.name)) visit(t);
  return steps;
}

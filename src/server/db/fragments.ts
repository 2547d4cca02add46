/**
 * The mechanics of read fragments: a module's `queries.ts` uses these to let another module's
 * query join one of its tables and select some columns under names the caller chooses, without the
 * caller naming the table or its columns. The SQL is the plain join it would have written itself,
 * so query plans do not change.
 */
import type { Selectable, SelectQueryBuilder, StringReference } from 'kysely';
import type { DB } from './schema';

/** Output name → column of the joined table. */
export type Picks<T extends keyof DB> = Record<string, keyof Selectable<DB[T]> & string>;

/** The columns a join adds to the caller's rows, nullable for a left join. */
type Picked<T extends keyof DB, P extends Picks<T>, Null> = {
  [K in keyof P]: Selectable<DB[T]>[P[K]] | Null;
};

/**
 * `q` joined (inner or left) with `table` on `table.id = ref`, selecting `picks`. `ref` is a column
 * of the caller's query (`threads.vendorId`, or `a.vendorId` for an aliased table).
 */
function joinPicking<D, TB extends keyof D, O, T extends keyof DB, P extends Picks<T>, Null = never>(
  q: SelectQueryBuilder<D, TB, O>,
  kind: 'inner' | 'left',
  table: T & string,
  ref: StringReference<D, TB>,
  picks: P,
): SelectQueryBuilder<D, TB, O & Picked<T, P, Null>> {
  // The generic query cannot be typed through Kysely's join overloads; the signature above is.
  const loose = q as unknown as SelectQueryBuilder<DB, 'vendors', object>;
  const on = [`${table}.id`, ref] as unknown as ['vendors.id', 'vendors.id'];
  const joined =
    kind === 'inner' ? loose.innerJoin(table as 'vendors', ...on) : loose.leftJoin(table as 'vendors', ...on);
  const columns = Object.entries(picks).map(([as, column]) => `${table}.${column} as ${as}`);
  return (columns.length
    ? joined.select(columns as unknown as 'vendors.id')
    : joined) as unknown as SelectQueryBuilder<D, TB, O & Picked<T, P, Null>>;
}

/** The inner and left join of `table` for an owner's `queries.ts` to export under its own names. */
export function joinsOf<T extends keyof DB & string>(table: T) {
  return {
    /** Each row's `table` row (every row has one), with the `picks` columns under the caller's names. */
    inner: <D, TB extends keyof D, O, P extends Picks<T>>(
      q: SelectQueryBuilder<D, TB, O>,
      ref: StringReference<D, TB>,
      picks: P,
    ) => joinPicking(q, 'inner', table, ref, picks),
    /** For rows that may have no `table` row: the picked columns are null then. */
    left: <D, TB extends keyof D, O, P extends Picks<T>>(
      q: SelectQueryBuilder<D, TB, O>,
      ref: StringReference<D, TB>,
      picks: P,
    ) => joinPicking<D, TB, O, T, P, null>(q, 'left', table, ref, picks),
  };
}

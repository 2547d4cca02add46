import type { Expression, SelectQueryBuilder } from 'kysely';
import { badRequest } from '../errors';
import { textProblem } from '../lib/input-text';

/**
 * Keyset pagination: a cursor is the sort value and id of the last row seen, so pages stay
 * stable while rows are added and no query ever scans what it skips.
 */
interface Keyset {
  /** Column (camelCase, as in schema.ts), optionally qualified (`vendors.name`), or a non-null expression. */
  column: string | Expression<unknown>;
  direction: 'asc' | 'desc';
  /** Column holding the unique tie-breaker, usually the table's id. */
  idColumn: string;
  /**
   * What the sort value is. A cursor whose value does not fit (one made for another sort, or
   * forged) answers 400 instead of reaching PostgreSQL, which would refuse to compare it.
   */
  valueType?: 'text' | 'number' | 'instant';
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

function fits(value: string | number, type: Keyset['valueType']): boolean {
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (type === 'instant') return typeof value === 'string' && ISO_INSTANT.test(value);
  if (type === 'text') return typeof value === 'string';
  return true;
}

const badCursor = () =>
  badRequest('The cursor is not one this API gave out.', [{ field: 'cursor', message: 'is not valid' }]);

export function encodeCursor(value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string | number, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string' &&
      // The cursor's texts reach SQL: the same refusal as every other text of a request.
      !textProblem(parsed[1]) &&
      (typeof parsed[0] === 'number' || !textProblem(parsed[0]))
    ) {
      return parsed as [string | number, string];
    }
  } catch {
    // fall through to the problem below
  }
  throw badCursor();
}

export function paginate<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  keyset: Keyset,
  limit: number,
  cursor: string | undefined,
): SelectQueryBuilder<DB, TB, O> {
  const q = query as unknown as SelectQueryBuilder<any, any, any>;
  const { column, direction, idColumn } = keyset;
  const op = direction === 'asc' ? '>' : '<';
  let out = q;
  if (cursor) {
    const [value, id] = decodeCursor(cursor);
    if (!fits(value, keyset.valueType)) throw badCursor();
    out = out.where((eb: any) =>
      eb.or([eb(column, op, value), eb.and([eb(column, '=', value), eb(idColumn, op, id)])]),
    );
  }
  return out
    .orderBy(column, direction)
    .orderBy(idColumn, direction)
    .limit(limit + 1) as unknown as SelectQueryBuilder<DB, TB, O>;
}

/** Cut the extra row fetched by `paginate` and make the next cursor from the last row kept. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  cursorOf: (row: R) => [unknown, string],
  map: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return {
    items: kept.map(map),
    nextCursor: more && last ? encodeCursor(...cursorOf(last)) : null,
  };
}

import type { BusinessCaseListQuery } from '../../../contracts/business-cases';
import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { BusinessCaseRow } from '../../db/schema';
import { containsText } from '../../db/search';

const SORT_COLUMNS = { name: 'name', updatedAt: 'updatedAt' } as const;
type SortKey = keyof typeof SORT_COLUMNS;

const sortKey = (sort: string) => sort.replace('-', '') as SortKey;

/** A page of cases (one row more than the limit, for the next cursor). */
export function list(db: Executor, query: BusinessCaseListQuery) {
  let q = db.selectFrom('businessCases').selectAll();
  if (query.function) q = q.where('function', '=', query.function);
  if (query.q) q = q.where(containsText('name', query.q));
  const key = sortKey(query.sort);
  return paginate(
    q,
    {
      column: SORT_COLUMNS[key],
      direction: query.sort.startsWith('-') ? 'desc' : 'asc',
      idColumn: 'id',
      valueType: key === 'updatedAt' ? 'instant' : 'text',
    },
    query.limit,
    query.cursor,
  ).execute();
}

export const sortValue = (row: BusinessCaseRow, sort: string): string => row[sortKey(sort)];

/**
 * Lock a business case's row until the transaction ends (PostgreSQL; SQLite runs one transaction at
 * a time): a concurrent replacement or deletion waits and reads what this one wrote, so each audit
 * entry's "before" is the case it really replaced, and a case is deleted once.
 */
export const lock = (db: Executor, id: string) =>
  db.selectFrom('businessCases').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const find = (db: Executor, id: string) =>
  db.selectFrom('businessCases').selectAll().where('id', '=', id).executeTakeFirst();

export const insert = (db: Executor, row: BusinessCaseRow) =>
  db.insertInto('businessCases').values(row).execute();

export const update = (db: Executor, id: string, row: Partial<BusinessCaseRow>) =>
  db.updateTable('businessCases').set(row).where('id', '=', id).execute();

export const remove = (db: Executor, id: string) =>
  db.deleteFrom('businessCases').where('id', '=', id).execute();

/** Cases with an option that names this vendor (options are JSON text, written by JSON.stringify). */
export async function countForVendor(db: Executor, vendorId: string): Promise<number> {
  const row = await db
    .selectFrom('businessCases')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('options', 'like', `%"vendorId":"${vendorId}"%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Cases with an option delivered by this engagement (options are JSON text, written by JSON.stringify). */
export const linkedTo = (db: Executor, engagementId: string) =>
  db
    .selectFrom('businessCases')
    .selectAll()
    .where('options', 'like', `%"engagementId":"${engagementId}"%`)
    .orderBy('updatedAt', 'desc')
    .execute();

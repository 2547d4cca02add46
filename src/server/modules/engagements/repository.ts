import { sql } from 'kysely';
import type { EngagementListQuery } from '../../../contracts/engagements';
import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { ChangeRequestRow, EngagementRow, SowVersionRow } from '../../db/schema';
import { containsText } from '../../db/search';
import type { Scope } from '../../policy';
import { joinVendor } from '../vendors/queries';

/** Engagements without a renewal date sort after every dated one. */
const NO_RENEWAL = '9999-12-31';
const SORT_COLUMNS = {
  title: 'engagements.title',
  startDate: 'engagements.startDate',
  renewalDate: sql<string>`coalesce(engagements.renewal_date, ${NO_RENEWAL})`,
  createdAt: 'engagements.createdAt',
} as const;

export type EngagementWithVendor = EngagementRow & {
  vendorName: string;
  vendorCountry: string;
  vendorTimezone: string;
};

/** Engagements joined with their vendor; a vendor user's scope limits the query itself. */
function scoped(db: Executor, scope: Scope) {
  let q = joinVendor(db.selectFrom('engagements').selectAll('engagements'), 'engagements.vendorId', {
    vendorName: 'name',
    vendorCountry: 'country',
    vendorTimezone: 'timezone',
  });
  if (scope.vendorId) q = q.where('engagements.vendorId', '=', scope.vendorId);
  return q;
}

export function list(db: Executor, scope: Scope, query: EngagementListQuery) {
  let q = scoped(db, scope);
  if (query.vendorId) q = q.where('engagements.vendorId', '=', query.vendorId);
  if (query.status) q = q.where('engagements.status', '=', query.status);
  if (query.function) q = q.where('engagements.function', '=', query.function);
  if (query.q) q = q.where(containsText('engagements.title', query.q));
  const key = query.sort.replace('-', '') as keyof typeof SORT_COLUMNS;
  return paginate(
    q,
    {
      column: SORT_COLUMNS[key],
      direction: query.sort.startsWith('-') ? 'desc' : 'asc',
      idColumn: 'engagements.id',
    },
    query.limit,
    query.cursor,
  ).execute() as Promise<EngagementWithVendor[]>;
}

export const sortValue = (e: EngagementRow, sort: string): string => {
  const key = sort.replace('-', '') as 'title' | 'startDate' | 'renewalDate' | 'createdAt';
  return e[key] ?? NO_RENEWAL;
};

export const find = (db: Executor, scope: Scope, id: string) =>
  scoped(db, scope).where('engagements.id', '=', id).executeTakeFirst() as Promise<
    EngagementWithVendor | undefined
  >;

/** Engagements a user owns, or every one of a vendor, with their approved SOW document (calendar feeds). */
export function withApprovedSow(db: Executor, who: { ownerId: string } | { vendorId: string }) {
  let q = db
    .selectFrom('engagements')
    .leftJoin('sowVersions', (j) =>
      j.onRef('sowVersions.engagementId', '=', 'engagements.id').on('sowVersions.status', '=', 'approved'),
    )
    .select([
      'engagements.id',
      'engagements.title',
      'engagements.vendorId',
      'engagements.renewalDate',
      'engagements.status',
      'sowVersions.document',
    ]);
  q =
    'ownerId' in who
      ? q.where('engagements.ownerId', '=', who.ownerId)
      : q.where('engagements.vendorId', '=', who.vendorId);
  return q.orderBy('engagements.id').limit(2000).execute();
}

export const insert = (db: Executor, row: EngagementRow) =>
  db.insertInto('engagements').values(row).execute();

export const update = (db: Executor, id: string, patch: Partial<EngagementRow>) =>
  db.updateTable('engagements').set(patch).where('id', '=', id).execute();

export async function countForVendor(db: Executor, vendorId: string): Promise<number> {
  const row = await db
    .selectFrom('engagements')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('vendorId', '=', vendorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// SOW versions

/**
 * Lock an engagement's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a
 * time): whatever changes its status or its SOW versions — an update, a draft saved, a draft
 * approved, a change request decided — takes it first, so a concurrent one waits and then reads what
 * this one wrote. That keeps one approved version per engagement and one transition at a time.
 */
export const lockEngagement = (db: Executor, id: string) =>
  db.selectFrom('engagements').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const versions = (db: Executor, engagementId: string) =>
  db
    .selectFrom('sowVersions')
    .selectAll()
    .where('engagementId', '=', engagementId)
    .orderBy('version', 'desc')
    .execute();

export const latestVersion = (db: Executor, engagementId: string) =>
  db
    .selectFrom('sowVersions')
    .selectAll()
    .where('engagementId', '=', engagementId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();

export const version = (db: Executor, engagementId: string, n: number) =>
  db
    .selectFrom('sowVersions')
    .selectAll()
    .where('engagementId', '=', engagementId)
    .where('version', '=', n)
    .executeTakeFirst();

export const baseline = (db: Executor, engagementId: string) =>
  db
    .selectFrom('sowVersions')
    .selectAll()
    .where('engagementId', '=', engagementId)
    .where('status', '=', 'approved')
    .executeTakeFirst();

/** The approved version number of each engagement, for lists. */
export async function baselines(db: Executor, engagementIds: string[]): Promise<Map<string, number>> {
  if (!engagementIds.length) return new Map();
  const rows = await db
    .selectFrom('sowVersions')
    .select(['engagementId', 'version'])
    .where('engagementId', 'in', engagementIds)
    .where('status', '=', 'approved')
    .execute();
  return new Map(rows.map((r) => [r.engagementId, Number(r.version)]));
}

export const insertVersion = (db: Executor, row: SowVersionRow) =>
  db.insertInto('sowVersions').values(row).execute();

export const updateVersion = (db: Executor, id: string, patch: Partial<SowVersionRow>) =>
  db.updateTable('sowVersions').set(patch).where('id', '=', id).execute();

// Change requests

/** Change requests joined to their engagement, so a vendor user's scope applies in the query. */
function scopedRequests(db: Executor, scope: Scope) {
  let q = db
    .selectFrom('changeRequests')
    .innerJoin('engagements', 'engagements.id', 'changeRequests.engagementId')
    .selectAll('changeRequests');
  if (scope.vendorId) q = q.where('engagements.vendorId', '=', scope.vendorId);
  return q;
}

export function listRequests(
  db: Executor,
  scope: Scope,
  engagementId: string,
  status: string | undefined,
  limit: number,
  cursor?: string,
) {
  let q = scopedRequests(db, scope).where('changeRequests.engagementId', '=', engagementId);
  if (status) q = q.where('changeRequests.status', '=', status);
  return paginate(
    q,
    { column: 'changeRequests.createdAt', direction: 'desc', idColumn: 'changeRequests.id' },
    limit,
    cursor,
  ).execute();
}

/**
 * Lock a change request's row until the transaction ends (PostgreSQL; SQLite runs one transaction at
 * a time): a concurrent submit waits, then reads the status this one wrote — so it is submitted once.
 */
export const lockRequest = (db: Executor, id: string) =>
  db.selectFrom('changeRequests').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const findRequest = (db: Executor, scope: Scope, id: string) =>
  scopedRequests(db, scope).where('changeRequests.id', '=', id).executeTakeFirst();

export const insertRequest = (db: Executor, row: ChangeRequestRow) =>
  db.insertInto('changeRequests').values(row).execute();

export const updateRequest = (db: Executor, id: string, patch: Partial<ChangeRequestRow>) =>
  db.updateTable('changeRequests').set(patch).where('id', '=', id).execute();

/** A page of engagement rows by id, unscoped (the DORA register reads them as the audit trail names them). */
export function rowPage(db: Executor, afterId: string | null, size: number) {
  let q = db.selectFrom('engagements').selectAll().orderBy('id').limit(size);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
}

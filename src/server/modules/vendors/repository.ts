import type { VendorListQuery } from '../../../contracts/vendors';
import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { NewVendor, NewVendorContact, Vendor, VendorSite, VendorUpdate } from '../../db/schema';
import { containsText } from '../../db/search';
import type { Scope } from '../../policy';

const SORT_COLUMNS = { name: 'name', country: 'country', createdAt: 'createdAt', status: 'status' } as const;

/** Every vendor query goes through here so that a vendor user's scope is never forgotten. */
function scoped(db: Executor, scope: Scope) {
  let q = db.selectFrom('vendors');
  if (scope.vendorId) q = q.where('vendors.id', '=', scope.vendorId);
  return q;
}

export function list(db: Executor, scope: Scope, query: VendorListQuery) {
  let q = scoped(db, scope).selectAll();
  if (query.q) q = q.where(containsText('name', query.q));
  if (query.country) q = q.where('country', '=', query.country);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.criticality) q = q.where('criticality', '=', query.criticality);
  const desc = query.sort.startsWith('-');
  const column = SORT_COLUMNS[query.sort.replace('-', '') as keyof typeof SORT_COLUMNS];
  return paginate(
    q,
    {
      column,
      direction: desc ? 'desc' : 'asc',
      idColumn: 'id',
      valueType: column === 'createdAt' ? 'instant' : 'text',
    },
    query.limit,
    query.cursor,
  ).execute();
}

export const sortValue = (v: Vendor, sort: string): string =>
  v[SORT_COLUMNS[sort.replace('-', '') as keyof typeof SORT_COLUMNS]];

/**
 * Lock a vendor's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a time): a
 * concurrent change waits, then reads what this one wrote — so its status moves along one transition at a time.
 */
export const lockVendor = (db: Executor, id: string) =>
  db.selectFrom('vendors').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const find = (db: Executor, scope: Scope, id: string) =>
  scoped(db, scope).selectAll().where('id', '=', id).executeTakeFirst();

export const findMany = (db: Executor, ids: string[]) =>
  ids.length ? db.selectFrom('vendors').selectAll().where('id', 'in', ids).execute() : Promise.resolve([]);

/** Which of these ids are vendors'. */
export const idsAmong = (db: Executor, ids: string[]) =>
  ids.length
    ? db
        .selectFrom('vendors')
        .select('id')
        .where('id', 'in', ids)
        .execute()
        .then((rows) => rows.map((r) => r.id))
    : Promise.resolve([]);

export async function insert(db: Executor, v: NewVendor): Promise<void> {
  await db.insertInto('vendors').values(v).execute();
}

export async function update(db: Executor, id: string, patch: VendorUpdate): Promise<void> {
  await db.updateTable('vendors').set(patch).where('id', '=', id).execute();
}

export const remove = (db: Executor, id: string) => db.deleteFrom('vendors').where('id', '=', id).execute();

export function all(db: Executor, afterId: string | null, size: number) {
  let q = db.selectFrom('vendors').selectAll().orderBy('id').limit(size);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
}

// Contacts

/** Ids of the vendors a user owns. */
export const ownedBy = (db: Executor, userId: string) =>
  db
    .selectFrom('vendors')
    .select('id')
    .where('ownerId', '=', userId)
    .execute()
    .then((rows) => rows.map((r) => r.id));

export const contactsOf = (db: Executor, vendorIds: string[]) =>
  vendorIds.length
    ? db
        .selectFrom('vendorContacts')
        .selectAll()
        .where('vendorId', 'in', vendorIds)
        .orderBy('name')
        .orderBy('id')
        .execute()
    : Promise.resolve([]);

export const findContact = (db: Executor, vendorId: string, id: string) =>
  db
    .selectFrom('vendorContacts')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertContact = (db: Executor, c: NewVendorContact) =>
  db.insertInto('vendorContacts').values(c).execute();

export const updateContact = (db: Executor, id: string, patch: Partial<NewVendorContact>) =>
  db.updateTable('vendorContacts').set(patch).where('id', '=', id).execute();

export const removeContact = (db: Executor, id: string) =>
  db.deleteFrom('vendorContacts').where('id', '=', id).execute();

/** A contact by id alone, for the privacy export (the caller knows neither vendor nor scope). */
export const contactById = (db: Executor, id: string) =>
  db.selectFrom('vendorContacts').selectAll().where('id', '=', id).executeTakeFirst();

// Delivery sites

export const sitesOf = (db: Executor, vendorId: string) =>
  db
    .selectFrom('vendorSites')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .orderBy('name')
    .orderBy('id')
    .execute();

export const findSite = (db: Executor, vendorId: string, id: string) =>
  db
    .selectFrom('vendorSites')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertSite = (db: Executor, s: VendorSite) => db.insertInto('vendorSites').values(s).execute();

export const updateSite = (db: Executor, id: string, s: VendorSite) =>
  db.updateTable('vendorSites').set(s).where('id', '=', id).execute();

export const removeSite = (db: Executor, id: string) =>
  db.deleteFrom('vendorSites').where('id', '=', id).execute();

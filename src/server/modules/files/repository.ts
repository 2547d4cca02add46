import type { Executor } from '../../db/database';
import { toCount } from '../../db/database';
import type { FileRow, NewFile } from '../../db/schema';
import type { Scope } from '../../policy';

/** Every read goes through here so that a vendor user sees only their own vendor's files. */
function scoped(db: Executor, scope: Scope) {
  let q = db.selectFrom('files');
  if (scope.vendorId) q = q.where('files.vendorId', '=', scope.vendorId);
  return q;
}

/**
 * Lock a file's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a time):
 * two records attaching the same upload at once wait for each other, so a file belongs to one record.
 */
export const lock = (db: Executor, id: string) =>
  db.selectFrom('files').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const find = (db: Executor, scope: Scope, id: string): Promise<FileRow | undefined> =>
  scoped(db, scope).selectAll().where('id', '=', id).executeTakeFirst();

export async function insert(db: Executor, row: NewFile): Promise<void> {
  await db.insertInto('files').values(row).execute();
}

export async function setOwner(
  db: Executor,
  id: string,
  owner: { entityType: string; entityId: string; vendorId: string | null },
): Promise<void> {
  await db
    .updateTable('files')
    .set({ entityType: owner.entityType, entityId: owner.entityId, vendorId: owner.vendorId })
    .where('id', '=', id)
    .execute();
}

export async function countForVendor(db: Executor, vendorId: string): Promise<number> {
  const row = await db
    .selectFrom('files')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('vendorId', '=', vendorId)
    .executeTakeFirst();
  return toCount(row?.n);
}

// Key rotation (see rotation.ts)

/** How many files each key encrypts. */
export const countByKey = (db: Executor) =>
  db
    .selectFrom('files')
    .select(['keyId', (eb) => eb.fn.countAll().as('n')])
    .groupBy('keyId')
    .execute();

/** Up to `limit` files not under the given key, by id after `afterId`. */
export function notUnderKey(db: Executor, keyId: string, limit: number, afterId: string | null) {
  let q = db
    .selectFrom('files')
    .select(['id', 'storageName', 'keyId'])
    .where('keyId', '<>', keyId)
    .orderBy('id')
    .limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
}

export const setKey = (db: Executor, id: string, keyId: string) =>
  db.updateTable('files').set({ keyId }).where('id', '=', id).execute();

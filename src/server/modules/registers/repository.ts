/** The only code that touches the register's tables: the functions (B_06.01), their engagements, and the settings. */
import type { Executor } from '../../db/database';
import type { DoraFunctionRow } from '../../db/schema';
import { settingsRow } from '../../db/shared-queries';

export const listFunctions = (db: Executor) =>
  db.selectFrom('doraFunctions').selectAll().orderBy('identifier').orderBy('id').execute();

export const findFunction = (db: Executor, id: string) =>
  db.selectFrom('doraFunctions').selectAll().where('id', '=', id).executeTakeFirst();

export const lockFunction = (db: Executor, id: string) =>
  db.selectFrom('doraFunctions').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const findByIdentifier = (db: Executor, identifier: string) =>
  db.selectFrom('doraFunctions').select('id').where('identifier', '=', identifier).executeTakeFirst();

export const insertFunction = (db: Executor, row: DoraFunctionRow) =>
  db.insertInto('doraFunctions').values(row).execute();

export const updateFunction = (db: Executor, id: string, row: Partial<DoraFunctionRow>) =>
  db.updateTable('doraFunctions').set(row).where('id', '=', id).execute();

export const removeFunction = (db: Executor, id: string) =>
  db.deleteFrom('doraFunctions').where('id', '=', id).execute();

/** Every function's engagements, by function id. */
export async function links(db: Executor, functionIds?: string[]): Promise<Map<string, string[]>> {
  let q = db.selectFrom('doraFunctionEngagements').select(['functionId', 'engagementId']);
  if (functionIds) {
    if (!functionIds.length) return new Map();
    q = q.where('functionId', 'in', functionIds);
  }
  const out = new Map<string, string[]>();
  for (const r of await q.orderBy('engagementId').execute())
    out.set(r.functionId, [...(out.get(r.functionId) ?? []), r.engagementId]);
  return out;
}

export async function setLinks(db: Executor, functionId: string, engagementIds: string[]) {
  await db.deleteFrom('doraFunctionEngagements').where('functionId', '=', functionId).execute();
  if (engagementIds.length)
    await db
      .insertInto('doraFunctionEngagements')
      .values(engagementIds.map((engagementId) => ({ functionId, engagementId })))
      .execute();
}

const settings = settingsRow('doraSettings');
export const getSettings = settings.get;
export const putSettings = settings.put;

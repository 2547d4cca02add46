import type { Executor } from '../../db/database';

export async function getSetting(db: Executor, key: string): Promise<unknown | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? JSON.parse(row.value) : undefined;
}

export const putSetting = (db: Executor, key: string, value: unknown, at: string) =>
  db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), updatedAt: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updatedAt: at }))
    .execute();

/** Insert once; false when the key already exists (used as a one-time latch). */
export async function insertSettingOnce(
  db: Executor,
  key: string,
  value: unknown,
  at: string,
): Promise<boolean> {
  const result = await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), updatedAt: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

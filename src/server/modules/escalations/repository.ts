/** The only code that touches the escalation_levels table. */
import type { Executor } from '../../db/database';
import type { EscalationLevelRow } from '../../db/schema';

export const levelsOf = (db: Executor, engagementId: string) =>
  db
    .selectFrom('escalationLevels')
    .selectAll()
    .where('engagementId', '=', engagementId)
    .orderBy('level')
    .execute();

/** Replace the whole matrix of an engagement. */
export async function replace(db: Executor, engagementId: string, rows: EscalationLevelRow[]) {
  await db.deleteFrom('escalationLevels').where('engagementId', '=', engagementId).execute();
  if (rows.length) await db.insertInto('escalationLevels').values(rows).execute();
}

/** Levels whose vendor contacts may list this contact (a text match: the caller checks the parsed list). */
export const levelsNaming = (db: Executor, contactId: string) =>
  db
    .selectFrom('escalationLevels')
    .select(['engagementId', 'level', 'title', 'vendorContacts'])
    .where('vendorContacts', 'like', `%${contactId}%`)
    .execute();

export const setVendorContacts = (
  db: Executor,
  engagementId: string,
  level: number,
  vendorContacts: string,
) =>
  db
    .updateTable('escalationLevels')
    .set({ vendorContacts })
    .where('engagementId', '=', engagementId)
    .where('level', '=', level)
    .execute();

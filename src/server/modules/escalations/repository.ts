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

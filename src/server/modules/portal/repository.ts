import type { Executor } from '../../db/database';
import type { PortalInvitationRow } from '../../db/schema';

export const insertInvitation = (db: Executor, row: PortalInvitationRow) =>
  db.insertInto('portalInvitations').values(row).execute();

export const findByHash = (db: Executor, tokenHash: string) =>
  db.selectFrom('portalInvitations').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();

/** Mark an invitation used; answers false when another request used it first. */
export async function markAccepted(db: Executor, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('portalInvitations')
    .set({ acceptedAt: at })
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export const setUser = (db: Executor, id: string, userId: string) =>
  db.updateTable('portalInvitations').set({ userId }).where('id', '=', id).execute();

import type { Executor } from '../../db/database';
import type { PortalInvitationRow } from '../../db/schema';

export const insertInvitation = (db: Executor, row: PortalInvitationRow) =>
  db.insertInto('portalInvitations').values(row).execute();

export const findByHash = (db: Executor, tokenHash: string) =>
  db.selectFrom('portalInvitations').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();

/**
 * Mark an invitation used; answers false when another request used it first, or a newer invitation
 * to the address revoked it (ended it) since it was read.
 */
export async function markAccepted(db: Executor, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('portalInvitations')
    .set({ acceptedAt: at })
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .where('expiresAt', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** End every unused, unexpired invitation to this (lower-cased) email at `at`; answers their ids. */
export async function revokePendingTo(db: Executor, email: string, at: string) {
  const rows = await db
    .updateTable('portalInvitations')
    .set({ expiresAt: at })
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .where('acceptedAt', 'is', null)
    .where('expiresAt', '>', at)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export const setUser = (db: Executor, id: string, userId: string) =>
  db.updateTable('portalInvitations').set({ userId }).where('id', '=', id).execute();

/** Delete up to `limit` invitations used, or expired unused, before `before`; answers how many. */
export async function deleteSpentInvitations(db: Executor, before: string, limit: number) {
  const result = await db
    .deleteFrom('portalInvitations')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('portalInvitations')
        .select('id')
        .where((w) =>
          w.or([
            w('acceptedAt', '<', before),
            w.and([w('acceptedAt', 'is', null), w('expiresAt', '<', before)]),
          ]),
        )
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// Personal data (see privacy.ts)

/** Invitations to one vendor's portal sent to this (lower-cased) email. */
export const invitationsTo = (db: Executor, vendorId: string, email: string) =>
  db
    .selectFrom('portalInvitations')
    .select([
      'id',
      'vendorId',
      'name',
      'email',
      'invitedByName',
      'createdAt',
      'expiresAt',
      'acceptedAt',
      'userId',
    ])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .where('vendorId', '=', vendorId)
    .execute();

export const renameInvitee = (db: Executor, id: string, name: string, email: string) =>
  db.updateTable('portalInvitations').set({ name, email }).where('id', '=', id).execute();

import type { Executor } from '../db/database';

/**
 * Take or renew a job's lease until `expiresAt`. One statement on both engines: the row is
 * inserted, or taken over when it has expired or is already ours; answers whether we hold it.
 */
export async function acquire(db: Executor, name: string, holder: string, now: string, expiresAt: string) {
  await db
    .insertInto('jobLeases')
    .values({ name, holder, expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expiresAt })
        .where((eb) => eb.or([eb('jobLeases.expiresAt', '<=', now), eb('jobLeases.holder', '=', holder)])),
    )
    .execute();
  const row = await db.selectFrom('jobLeases').select('holder').where('name', '=', name).executeTakeFirst();
  return row?.holder === holder;
}

/** Give a lease back (on shutdown), so another process may take it at once. */
export async function release(db: Executor, name: string, holder: string, now: string) {
  await db
    .updateTable('jobLeases')
    .set({ expiresAt: now })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .execute();
}

export const holderOf = (db: Executor, name: string) =>
  db.selectFrom('jobLeases').selectAll().where('name', '=', name).executeTakeFirst();

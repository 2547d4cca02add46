import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { NewUser, User, UserUpdate } from '../../db/schema';
import { containsText } from '../../db/search';
import type { AttemptWindow, FailureRecord } from './rules';

export const findUserById = (db: Executor, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * How many active owners there are, with their rows locked until the transaction ends (PostgreSQL):
 * a concurrent change of an owner waits here and then counts what this one wrote, so two owners
 * cannot each disable or demote the other. Call it first in the transaction.
 */
export async function lockActiveOwners(db: Executor): Promise<number> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'owner')
    .where('disabled', '=', 0)
    .forUpdate()
    .execute();
  return rows.length;
}

export async function insertUser(db: Executor, user: NewUser): Promise<User> {
  await db.insertInto('users').values(user).execute();
  return (await findUserById(db, user.id))!;
}

export async function updateUser(db: Executor, id: string, patch: UserUpdate): Promise<User> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
  return (await findUserById(db, id))!;
}

export function listUsers(
  db: Executor,
  filter: { role?: string; q?: string },
  limit: number,
  cursor?: string,
) {
  let q = db.selectFrom('users').selectAll();
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.q) {
    const text = filter.q;
    q = q.where((eb) => eb.or([containsText('name', text), containsText('email', text)]));
  }
  return paginate(
    q,
    { column: 'email', direction: 'asc', idColumn: 'id', valueType: 'text' },
    limit,
    cursor,
  ).execute();
}

// Sessions

export const insertSession = (db: Executor, s: import('../../db/schema').SessionsTable) =>
  db.insertInto('sessions').values(s).execute();

export const findSession = (db: Executor, idHash: string) =>
  db.selectFrom('sessions').selectAll().where('idHash', '=', idHash).executeTakeFirst();

export const touchSession = (db: Executor, idHash: string, at: string) =>
  db.updateTable('sessions').set({ lastSeenAt: at }).where('idHash', '=', idHash).execute();

export const deleteSession = (db: Executor, idHash: string) =>
  db.deleteFrom('sessions').where('idHash', '=', idHash).execute();

/** End a user's sessions, all or all but the one whose id hash is given; answers how many ended. */
export async function deleteUserSessions(db: Executor, userId: string, exceptIdHash: string | null = null) {
  const result = await db
    .deleteFrom('sessions')
    .where('userId', '=', userId)
    .$if(exceptIdHash !== null, (q) => q.where('idHash', '!=', exceptIdHash!))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// API tokens

export const insertToken = (db: Executor, t: import('../../db/schema').ApiTokensTable) =>
  db.insertInto('apiTokens').values(t).execute();

export const findTokenByHash = (db: Executor, tokenHash: string) =>
  db.selectFrom('apiTokens').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();

export const findToken = (db: Executor, id: string) =>
  db.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirst();

export const listTokens = (db: Executor, userId: string) =>
  db
    .selectFrom('apiTokens')
    .selectAll()
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .orderBy('createdAt', 'desc')
    .limit(200)
    .execute();

/** Every token of a user that has not been revoked (expired ones too), without a page limit. */
export const unrevokedTokens = (db: Executor, userId: string) =>
  db
    .selectFrom('apiTokens')
    .selectAll()
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .orderBy('createdAt', 'desc')
    .execute();

export const revokeToken = (db: Executor, id: string, at: string) =>
  db.updateTable('apiTokens').set({ revokedAt: at }).where('id', '=', id).execute();

export const touchToken = (db: Executor, id: string, at: string) =>
  db.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', id).execute();

// Sign-in failures

export async function findFailure(db: Executor, key: string): Promise<FailureRecord | undefined> {
  return db
    .selectFrom('loginFailures')
    .select(['count', 'firstAt', 'lockedUntil'])
    .where('key', '=', key)
    .executeTakeFirst();
}

/**
 * Count one password attempt for `key` before the password is checked, in one statement, so
 * attempts that overlap each count (never read, then written back): a record whose window has
 * passed or whose lock has ended starts again at 1; reaching the limit locks. Answers the record as
 * counted, or undefined when the key is locked (then nothing is counted).
 */
export function countAttempt(
  db: Executor,
  key: string,
  w: AttemptWindow,
): Promise<FailureRecord | undefined> {
  return db
    .insertInto('loginFailures')
    .values({ key, count: 1, firstAt: w.now, lockedUntil: w.limit <= 1 ? w.lockUntil : null })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => {
          const stale = eb.or([
            eb('loginFailures.firstAt', '<', w.windowStart),
            eb('loginFailures.lockedUntil', '<=', w.now),
          ]);
          const count = eb
            .case()
            .when(stale)
            .then(1)
            .else(eb('loginFailures.count', '+', 1))
            .end();
          return {
            count,
            firstAt: eb
              .case()
              .when(stale)
              .then(eb.ref('excluded.firstAt'))
              .else(eb.ref('loginFailures.firstAt'))
              .end(),
            // The else branch is the inserted NULL, typed by its column on PostgreSQL.
            lockedUntil: eb
              .case()
              .when(count, '>=', w.limit)
              .then(w.lockUntil)
              .else(eb.ref('excluded.lockedUntil'))
              .end(),
          };
        })
        .where((eb) =>
          eb.or([eb('loginFailures.lockedUntil', 'is', null), eb('loginFailures.lockedUntil', '<=', w.now)]),
        ),
    )
    .returning(['count', 'firstAt', 'lockedUntil'])
    .executeTakeFirst();
}

/** Take back one counted attempt (its password was right), and the lock it set if it set one. */
export const uncountAttempt = (db: Executor, key: string, limit: number) =>
  db
    .updateTable('loginFailures')
    .set((eb) => ({
      count: eb('count', '-', 1),
      lockedUntil: eb.case().when('count', '>', limit).then(eb.ref('lockedUntil')).else(null).end(),
    }))
    .where('key', '=', key)
    .where('count', '>', 0)
    .execute();

export const clearFailure = (db: Executor, key: string) =>
  db.deleteFrom('loginFailures').where('key', '=', key).execute();

// Pruning (the prune.expired job): each deletes at most `limit` rows and answers how many.

/** Sessions past their absolute expiry, or last seen at or before `idleSince` (as `resolveSession` judges them). */
export async function deleteExpiredSessions(db: Executor, now: string, idleSince: string, limit: number) {
  const result = await db
    .deleteFrom('sessions')
    .where('idHash', 'in', (eb) =>
      eb
        .selectFrom('sessions')
        .select('idHash')
        .where((w) => w.or([w('expiresAt', '<=', now), w('lastSeenAt', '<=', idleSince)]))
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Sign-in failure records an attempt now would start again: the lock has ended, or no lock and the window has passed. */
export async function deleteStaleFailures(
  db: Executor,
  w: Pick<AttemptWindow, 'now' | 'windowStart'>,
  limit: number,
) {
  const result = await db
    .deleteFrom('loginFailures')
    .where('key', 'in', (eb) =>
      eb
        .selectFrom('loginFailures')
        .select('key')
        .where((x) =>
          x.or([
            x('lockedUntil', '<=', w.now),
            x.and([x('lockedUntil', 'is', null), x('firstAt', '<', w.windowStart)]),
          ]),
        )
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export const usersByEmail = (db: Executor, emails: string[]) =>
  emails.length
    ? db.selectFrom('users').select(['id', 'email', 'role']).where('email', 'in', emails).execute()
    : Promise.resolve([]);

export const usersById = (db: Executor, ids: string[]) =>
  ids.length
    ? db.selectFrom('users').select(['id', 'email', 'role']).where('id', 'in', ids).execute()
    : Promise.resolve([]);

export async function countVendorUsers(db: Executor, vendorId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('vendorId', '=', vendorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const vendorUsers = (db: Executor, vendorId: string) =>
  db.selectFrom('users').selectAll().where('vendorId', '=', vendorId).where('role', '=', 'vendor').execute();

export const revokeUserTokens = (db: Executor, userId: string, at: string) =>
  db
    .updateTable('apiTokens')
    .set({ revokedAt: at })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .execute();

/** Active users who may read a thread: internal users, and the vendor's own users when it is shared. */
export const mentionable = (db: Executor, vendorId: string | null) =>
  db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('disabled', '=', 0)
    .where((eb) =>
      vendorId
        ? eb.or([eb('role', '!=', 'vendor'), eb('vendorId', '=', vendorId)])
        : eb('role', '!=', 'vendor'),
    )
    .limit(5000)
    .execute();

/** Active users to notify: by role, by id, or a vendor's users (any one filter given narrows). */
export function activeUsers(db: Executor, filter: { roles?: string[]; ids?: string[]; vendorId?: string }) {
  if ((filter.roles && filter.roles.length === 0) || (filter.ids && filter.ids.length === 0))
    return Promise.resolve([]);
  let q = db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'vendorId'])
    .where('disabled', '=', 0);
  if (filter.roles) q = q.where('role', 'in', filter.roles);
  if (filter.ids) q = q.where('id', 'in', filter.ids);
  if (filter.vendorId) q = q.where('vendorId', '=', filter.vendorId);
  return q.orderBy('id').limit(5000).execute();
}

// Personal data (see privacy.ts)

/** The vendor user accounts of one vendor with this (lower-cased) email. */
export const vendorUsersWithEmail = (db: Executor, vendorId: string, email: string) =>
  db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'vendorId', 'disabled', 'createdAt', 'lastLoginAt'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .where('vendorId', '=', vendorId)
    .execute();

export const sessionsOfUser = (db: Executor, userId: string) =>
  db
    .selectFrom('sessions')
    .select(['createdAt', 'lastSeenAt', 'ip', 'userAgent'])
    .where('userId', '=', userId)
    .execute();

export const tokensOfUser = (db: Executor, userId: string) =>
  db
    .selectFrom('apiTokens')
    .select(['id', 'name', 'tokenPrefix', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'])
    .where('userId', '=', userId)
    .execute();

/** Delete a user's API tokens, revoked or not; answers how many. */
export async function deleteUserTokens(db: Executor, userId: string): Promise<number> {
  const result = await db.deleteFrom('apiTokens').where('userId', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

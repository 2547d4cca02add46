/** The single sign-on tables: identity providers, their role mapping, and the sign-ins under way. */
import type { Executor } from '../../db/database';
import type { IdentityProvidersTable, SsoRequestsTable } from '../../db/schema';

export const listProviders = (db: Executor) =>
  db.selectFrom('identityProviders').selectAll().orderBy('key').limit(500).execute();

export const findProvider = (db: Executor, id: string) =>
  db.selectFrom('identityProviders').selectAll().where('id', '=', id).executeTakeFirst();

export const findProviderByKey = (db: Executor, key: string) =>
  db.selectFrom('identityProviders').selectAll().where('key', '=', key).executeTakeFirst();

export const insertProvider = (db: Executor, row: IdentityProvidersTable) =>
  db.insertInto('identityProviders').values(row).execute();

export const updateProvider = (db: Executor, id: string, patch: Partial<IdentityProvidersTable>) =>
  db.updateTable('identityProviders').set(patch).where('id', '=', id).execute();

export async function deleteProvider(db: Executor, id: string) {
  await db.deleteFrom('roleMappings').where('providerId', '=', id).execute();
  await db.deleteFrom('ssoRequests').where('providerId', '=', id).execute();
  await db.deleteFrom('identityProviders').where('id', '=', id).execute();
}

/** The enabled providers whose bound domains include this one (the domains are a JSON array). */
export async function providersBindingDomain(db: Executor, domain: string) {
  const rows = await db
    .selectFrom('identityProviders')
    .select(['id', 'key', 'name', 'domains'])
    .where('enabled', '=', 1)
    .execute();
  return rows.filter((r) => (JSON.parse(r.domains) as string[]).includes(domain));
}

export const mappingsOf = (db: Executor, providerId: string) =>
  db
    .selectFrom('roleMappings')
    .select(['value', 'role'])
    .where('providerId', '=', providerId)
    .orderBy('value')
    .execute();

export async function replaceMappings(
  db: Executor,
  providerId: string,
  mappings: readonly { value: string; role: string }[],
) {
  await db.deleteFrom('roleMappings').where('providerId', '=', providerId).execute();
  if (mappings.length)
    await db
      .insertInto('roleMappings')
      .values(mappings.map((m) => ({ providerId, value: m.value, role: m.role })))
      .execute();
}

// Sign-ins under way

export const insertRequest = (db: Executor, row: SsoRequestsTable) =>
  db.insertInto('ssoRequests').values(row).execute();

/** Take a sign-in under way out (once: a second callback with the same state finds nothing). */
export async function takeRequest(db: Executor, stateHash: string) {
  const row = await db
    .selectFrom('ssoRequests')
    .selectAll()
    .where('stateHash', '=', stateHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const gone = await db.deleteFrom('ssoRequests').where('stateHash', '=', stateHash).executeTakeFirst();
  return Number(gone.numDeletedRows) === 1 ? row : undefined;
}

export async function deleteExpiredRequests(db: Executor, now: string) {
  await db.deleteFrom('ssoRequests').where('expiresAt', '<=', now).execute();
}

// Accounts as single sign-on sees them

export const findUserBySubject = (db: Executor, providerId: string, subject: string) =>
  db
    .selectFrom('users')
    .selectAll()
    .where('ssoProviderId', '=', providerId)
    .where('ssoSubject', '=', subject)
    .executeTakeFirst();

export const findSessionProvider = (db: Executor, idHash: string) =>
  db
    .selectFrom('sessions')
    .select(['ssoProviderId', 'idToken'])
    .where('idHash', '=', idHash)
    .executeTakeFirst();

export const setSessionSso = (db: Executor, idHash: string, providerId: string, idToken: string) =>
  db
    .updateTable('sessions')
    .set({ ssoProviderId: providerId, idToken })
    .where('idHash', '=', idHash)
    .execute();

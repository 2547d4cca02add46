/** The screening tables: list versions and entries, settings, fetch attempts, aliases, screenings and hits. */
import type { z } from 'zod';
import type { HitListQuery, ListSource } from '../../../contracts/screening';
import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { SanctionsEntryRow, SanctionsListVersionRow, ScreeningHitRow } from '../../db/schema';
import { settingsRow } from '../../db/shared-queries';
import { joinVendor } from '../vendors/queries';

const settings = settingsRow('screeningSettings');
export const getSettings = settings.get;
export const putSettings = settings.put;

// List versions and entries

export const insertVersion = (db: Executor, row: SanctionsListVersionRow) =>
  db.insertInto('sanctionsListVersions').values(row).execute();

/** The source's versions stop being current; their entries go (hits keep their own copy). */
export async function supersede(db: Executor, source: ListSource) {
  const old = await db
    .selectFrom('sanctionsListVersions')
    .select('id')
    .where('source', '=', source)
    .where('current', '=', 1)
    .execute();
  if (!old.length) return;
  const ids = old.map((o) => o.id);
  await db.deleteFrom('sanctionsEntries').where('versionId', 'in', ids).execute();
  await db.updateTable('sanctionsListVersions').set({ current: 0 }).where('id', 'in', ids).execute();
}

/** Entries in chunks: PostgreSQL takes at most 65,535 parameters a statement. */
export async function insertEntries(db: Executor, rows: SanctionsEntryRow[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('sanctionsEntries')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** A source's current version, locked (two loads of one source take turns). */
export const lockCurrent = (db: Executor, source: ListSource) =>
  db
    .selectFrom('sanctionsListVersions')
    .selectAll()
    .where('source', '=', source)
    .where('current', '=', 1)
    .forUpdate()
    .executeTakeFirst();

export const currentVersions = (db: Executor) =>
  db.selectFrom('sanctionsListVersions').selectAll().where('current', '=', 1).execute();

export function listVersions(db: Executor, query: { source?: ListSource; limit: number; cursor?: string }) {
  let q = db.selectFrom('sanctionsListVersions').selectAll();
  if (query.source) q = q.where('source', '=', query.source);
  return paginate(
    q,
    { column: 'loadedAt', direction: 'desc', idColumn: 'id', valueType: 'instant' },
    query.limit,
    query.cursor,
  ).execute();
}

/** The entries of the current versions, with the version's publication date. */
export const currentEntries = (db: Executor) =>
  db
    .selectFrom('sanctionsEntries as e')
    .innerJoin('sanctionsListVersions as v', 'v.id', 'e.versionId')
    .selectAll('e')
    .select('v.publishedAt')
    .where('v.current', '=', 1)
    .orderBy('e.id')
    .execute();

// Fetch attempts

export const fetchAttempts = (db: Executor) => db.selectFrom('screeningFetches').selectAll().execute();

export const recordFetch = (db: Executor, source: ListSource, attemptedAt: string, error: string | null) =>
  db
    .insertInto('screeningFetches')
    .values({ source, attemptedAt, error })
    .onConflict((oc) => oc.column('source').doUpdateSet({ attemptedAt, error }))
    .execute();

// Aliases and screenings

export const aliasesOf = (db: Executor, vendorIds: string[]) =>
  vendorIds.length
    ? db
        .selectFrom('screeningAliases')
        .selectAll()
        .where('vendorId', 'in', vendorIds)
        .orderBy('createdAt')
        .orderBy('id')
        .execute()
    : Promise.resolve([]);

export async function replaceAliases(
  db: Executor,
  vendorId: string,
  names: string[],
  at: string,
  ids: string[],
) {
  await db.deleteFrom('screeningAliases').where('vendorId', '=', vendorId).execute();
  if (names.length)
    await db
      .insertInto('screeningAliases')
      .values(names.map((name, i) => ({ id: ids[i]!, vendorId, name, createdAt: at })))
      .execute();
}

export const markScreened = (db: Executor, vendorId: string, screenedAt: string) =>
  db
    .insertInto('screenedVendors')
    .values({ vendorId, screenedAt })
    .onConflict((oc) => oc.column('vendorId').doUpdateSet({ screenedAt }))
    .execute();

export const screenedAt = async (db: Executor, vendorId: string) =>
  (
    await db
      .selectFrom('screenedVendors')
      .select('screenedAt')
      .where('vendorId', '=', vendorId)
      .executeTakeFirst()
  )?.screenedAt ?? null;

// Hits

export const hitsOfVendor = (db: Executor, vendorId: string) =>
  db.selectFrom('screeningHits').selectAll().where('vendorId', '=', vendorId).execute();

export const insertHit = (db: Executor, row: ScreeningHitRow) =>
  db.insertInto('screeningHits').values(row).execute();

export const updateHit = (db: Executor, id: string, patch: Partial<ScreeningHitRow>) =>
  db.updateTable('screeningHits').set(patch).where('id', '=', id).execute();

export const lockHit = (db: Executor, id: string) =>
  db.selectFrom('screeningHits').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

const withVendor = (db: Executor) =>
  joinVendor(db.selectFrom('screeningHits').selectAll('screeningHits'), 'screeningHits.vendorId', {
    vendorName: 'name',
    vendorOwnerId: 'ownerId',
  });

export const findHit = (db: Executor, id: string) =>
  withVendor(db).where('screeningHits.id', '=', id).executeTakeFirst();

export function listHits(db: Executor, query: z.infer<typeof HitListQuery>) {
  let q = withVendor(db);
  if (query.status) q = q.where('screeningHits.status', '=', query.status);
  if (query.vendorId) q = q.where('screeningHits.vendorId', '=', query.vendorId);
  return paginate(
    q,
    {
      column: 'screeningHits.createdAt',
      direction: 'desc',
      idColumn: 'screeningHits.id',
      valueType: 'instant',
    },
    query.limit,
    query.cursor,
  ).execute();
}

/** Open hits and true matches of a vendor. */
export async function hitCounts(db: Executor, vendorId: string) {
  const rows = await db
    .selectFrom('screeningHits')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('vendorId', '=', vendorId)
    .where('status', 'in', ['open', 'true_match'])
    .groupBy('status')
    .execute();
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { open: n('open'), trueMatches: n('true_match') };
}

/** Every true match (the risk signal's source), or a vendor's first. */
export function trueMatches(db: Executor, vendorId?: string) {
  let q = withVendor(db).where('screeningHits.status', '=', 'true_match');
  if (vendorId) q = q.where('screeningHits.vendorId', '=', vendorId);
  return q.orderBy('screeningHits.decidedAt').orderBy('screeningHits.id').execute();
}

import type { Executor } from '../../db/database';
import type { ScorecardResponseRow, ScorecardRow, ScorecardSettingsRow } from '../../db/schema';
import { engagementIdsOfVendor } from '../engagements/queries';

/**
 * Scorecards of engagements. `publishedOnly` is how a vendor user's view is limited: drafts are
 * not in their query at all. The engagement itself has been checked against the actor's scope.
 */
export function list(db: Executor, engagementId: string, publishedOnly: boolean) {
  let q = db.selectFrom('scorecards').selectAll().where('engagementId', '=', engagementId);
  if (publishedOnly) q = q.where('status', '=', 'published');
  return q.orderBy('period', 'desc').execute();
}

/** One scorecard with its engagement's vendor, so the caller can scope it; drafts hidden on request. */
/**
 * Lock a scorecard's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a
 * time): an edit, the publication or an answer waits for a concurrent one and reads what it wrote —
 * so a published scorecard takes no more edits, is published once, and each response is answered once.
 */
export const lock = (db: Executor, id: string) =>
  db.selectFrom('scorecards').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export function find(db: Executor, id: string, scope: { vendorId: string | null }, publishedOnly: boolean) {
  let q = db.selectFrom('scorecards').selectAll('scorecards').where('scorecards.id', '=', id);
  const { vendorId } = scope;
  if (vendorId) q = q.where((eb) => eb('scorecards.engagementId', 'in', engagementIdsOfVendor(eb, vendorId)));
  if (publishedOnly) q = q.where('scorecards.status', '=', 'published');
  return q.executeTakeFirst();
}

export const findByPeriod = (db: Executor, engagementId: string, period: string) =>
  db
    .selectFrom('scorecards')
    .select('id')
    .where('engagementId', '=', engagementId)
    .where('period', '=', period)
    .executeTakeFirst();

export const insert = (db: Executor, row: ScorecardRow) => db.insertInto('scorecards').values(row).execute();

export const update = (db: Executor, id: string, patch: Partial<ScorecardRow>) =>
  db.updateTable('scorecards').set(patch).where('id', '=', id).execute();

export async function responses(db: Executor, scorecardIds: string[]) {
  if (!scorecardIds.length) return [];
  return db
    .selectFrom('scorecardResponses')
    .selectAll()
    .where('scorecardId', 'in', scorecardIds)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export const insertResponse = (db: Executor, row: ScorecardResponseRow) =>
  db.insertInto('scorecardResponses').values(row).execute();

export const updateResponse = (db: Executor, id: string, patch: Partial<ScorecardResponseRow>) =>
  db.updateTable('scorecardResponses').set(patch).where('id', '=', id).execute();

export const settings = (db: Executor, engagementId: string) =>
  db.selectFrom('scorecardSettings').selectAll().where('engagementId', '=', engagementId).executeTakeFirst();

export async function saveSettings(db: Executor, row: ScorecardSettingsRow) {
  const existing = await settings(db, row.engagementId);
  if (existing) {
    await db.updateTable('scorecardSettings').set(row).where('engagementId', '=', row.engagementId).execute();
  } else {
    await db.insertInto('scorecardSettings').values(row).execute();
  }
}

// Personal data (see privacy.ts)

/** Scorecard responses a user wrote or answered. */
export const responsesBy = (db: Executor, userId: string) =>
  db
    .selectFrom('scorecardResponses')
    .select(['id', 'scorecardId', 'authorName', 'answeredByName'])
    .where((eb) => eb.or([eb('authorId', '=', userId), eb('answeredBy', '=', userId)]))
    .execute();

/** Set the user's name where they wrote or answered a response; answers how many names changed. */
export async function renameResponder(db: Executor, userId: string, name: string): Promise<number> {
  const [authored, answered] = await Promise.all([
    db
      .updateTable('scorecardResponses')
      .set({ authorName: name })
      .where('authorId', '=', userId)
      .executeTakeFirst(),
    db
      .updateTable('scorecardResponses')
      .set({ answeredByName: name })
      .where('answeredBy', '=', userId)
      .executeTakeFirst(),
  ]);
  return Number(authored.numUpdatedRows) + Number(answered.numUpdatedRows);
}

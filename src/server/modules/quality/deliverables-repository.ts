import type { Executor } from '../../db/database';
import type { DeliverableReviewRow, DeliverableSubmissionRow } from '../../db/schema';

/** A hand-in with its review, when it has one. */
export type SubmissionWithReview = DeliverableSubmissionRow & { review: DeliverableReviewRow | null };

/**
 * Hand-ins of an engagement, oldest cycle first, with their reviews. The caller has already
 * checked the engagement against the actor's scope, so these queries take its id only.
 */
export async function submissions(
  db: Executor,
  engagementId: string,
  deliverableId?: string,
): Promise<SubmissionWithReview[]> {
  let q = db.selectFrom('deliverableSubmissions').selectAll().where('engagementId', '=', engagementId);
  if (deliverableId) q = q.where('deliverableId', '=', deliverableId);
  const rows = await q.orderBy('deliverableId').orderBy('cycle').execute();
  if (!rows.length) return [];
  const reviews = await db
    .selectFrom('deliverableReviews')
    .selectAll()
    .where(
      'submissionId',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byId = new Map(reviews.map((r) => [r.submissionId, r]));
  return rows.map((r) => ({ ...r, review: byId.get(r.id) ?? null }));
}

export const insertSubmission = (db: Executor, row: DeliverableSubmissionRow) =>
  db.insertInto('deliverableSubmissions').values(row).execute();

export const setSubmissionStatus = (db: Executor, id: string, status: string) =>
  db.updateTable('deliverableSubmissions').set({ status }).where('id', '=', id).execute();

export const insertReview = (db: Executor, row: DeliverableReviewRow) =>
  db.insertInto('deliverableReviews').values(row).execute();

// Personal data (see privacy.ts)

export const submissionsBy = (db: Executor, userId: string) =>
  db
    .selectFrom('deliverableSubmissions')
    .select(['id', 'engagementId', 'deliverableId', 'submittedByName', 'submittedAt'])
    .where('submittedBy', '=', userId)
    .execute();

/** Set the submitter's name on every submission a user made; answers how many. */
export async function renameSubmitter(db: Executor, userId: string, name: string): Promise<number> {
  const result = await db
    .updateTable('deliverableSubmissions')
    .set({ submittedByName: name })
    .where('submittedBy', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The only code that touches the assurance tables. A vendor user's scope is a parameter of each query. */
import type {
  AccessGrantListQuery,
  AccessReviewListQuery,
  AssessmentListQuery,
  FindingListQuery,
} from '../../../contracts/assurance';
import { type Executor, toCount } from '../../db/database';
import { paginate } from '../../db/pagination';
import type {
  AccessGrantRow,
  AccessReviewItemRow,
  AccessReviewRow,
  FindingCommentRow,
  FindingRow,
  SecurityAssessmentRow,
} from '../../db/schema';
import { countForVendorIn, settingsRow } from '../../db/shared-queries';
import type { Scope } from '../../policy';

const NEWEST = { column: 'id', direction: 'desc', idColumn: 'id', valueType: 'text' } as const;

// Access grants

export const insertGrant = (db: Executor, row: AccessGrantRow) =>
  db.insertInto('accessGrants').values(row).execute();

export const updateGrant = (db: Executor, id: string, patch: Partial<AccessGrantRow>) =>
  db.updateTable('accessGrants').set(patch).where('id', '=', id).execute();

/**
 * Lock an access grant's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a
 * time): a revoke — by hand or by a review's decision — or a change waits, then reads what this one
 * wrote, so a grant is revoked once and a revoked grant is not changed.
 */
export const lockGrant = (db: Executor, id: string) =>
  db.selectFrom('accessGrants').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export function findGrant(db: Executor, scope: Scope, id: string) {
  let q = db.selectFrom('accessGrants').selectAll().where('id', '=', id);
  if (scope.vendorId) q = q.where('vendorId', '=', scope.vendorId);
  return q.executeTakeFirst();
}

export function listGrants(db: Executor, scope: Scope, query: AccessGrantListQuery, today: string) {
  let q = db.selectFrom('accessGrants').selectAll();
  if (scope.vendorId) q = q.where('vendorId', '=', scope.vendorId);
  if (query.vendorId) q = q.where('vendorId', '=', query.vendorId);
  if (query.engagementId) q = q.where('engagementId', '=', query.engagementId);
  if (query.contactId) q = q.where('contactId', '=', query.contactId);
  if (query.accessLevel) q = q.where('accessLevel', '=', query.accessLevel);
  if (query.status === 'open') q = q.where('revokedAt', 'is', null);
  if (query.status === 'revoked') q = q.where('revokedAt', 'is not', null);
  if (query.expired === 'true')
    q = q.where('revokedAt', 'is', null).where('expiresOn', 'is not', null).where('expiresOn', '<', today);
  if (query.expired === 'false')
    q = q.where((eb) =>
      eb.or([eb('revokedAt', 'is not', null), eb('expiresOn', 'is', null), eb('expiresOn', '>=', today)]),
    );
  return paginate(q, NEWEST, query.limit, query.cursor).execute();
}

/** The open grants a campaign snapshots: of one engagement, one vendor, or all. */
export function openGrants(db: Executor, where: { vendorId?: string; engagementId?: string }) {
  let q = db.selectFrom('accessGrants').selectAll().where('revokedAt', 'is', null);
  if (where.vendorId) q = q.where('vendorId', '=', where.vendorId);
  if (where.engagementId) q = q.where('engagementId', '=', where.engagementId);
  return q.orderBy('vendorId').orderBy('id').limit(5000).execute();
}

/** Vendors with open grants and their oldest open grant's date, for the recurring campaigns. */
export const vendorsWithOpenGrants = (db: Executor) =>
  db
    .selectFrom('accessGrants')
    .select((eb) => ['vendorId', eb.fn.min('grantedOn').as('oldest')])
    .where('revokedAt', 'is', null)
    .groupBy('vendorId')
    .orderBy('vendorId')
    .execute();

export const grantsByIds = (db: Executor, ids: string[]) =>
  ids.length
    ? db.selectFrom('accessGrants').selectAll().where('id', 'in', ids).execute()
    : Promise.resolve([]);

// Access reviews

export const insertReview = (db: Executor, row: AccessReviewRow) =>
  db.insertInto('accessReviews').values(row).execute();

export async function insertItems(db: Executor, rows: AccessReviewItemRow[]) {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('accessReviewItems')
      .values(rows.slice(i, i + 200))
      .execute();
}

/**
 * Lock an access review's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a time): a
 * concurrent change waits, then reads what this one wrote — so each grant is decided once and a completed review stays completed.
 */
export const lockReview = (db: Executor, id: string) =>
  db.selectFrom('accessReviews').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const findReview = (db: Executor, id: string) =>
  db.selectFrom('accessReviews').selectAll().where('id', '=', id).executeTakeFirst();

export const updateReview = (db: Executor, id: string, patch: Partial<AccessReviewRow>) =>
  db.updateTable('accessReviews').set(patch).where('id', '=', id).execute();

export const itemsOf = (db: Executor, reviewId: string) =>
  db
    .selectFrom('accessReviewItems')
    .selectAll()
    .where('reviewId', '=', reviewId)
    .orderBy('vendorId')
    .orderBy('grantId')
    .execute();

export const findItem = (db: Executor, reviewId: string, grantId: string) =>
  db
    .selectFrom('accessReviewItems')
    .selectAll()
    .where('reviewId', '=', reviewId)
    .where('grantId', '=', grantId)
    .executeTakeFirst();

export const updateItem = (
  db: Executor,
  reviewId: string,
  grantId: string,
  patch: Partial<AccessReviewItemRow>,
) =>
  db
    .updateTable('accessReviewItems')
    .set(patch)
    .where('reviewId', '=', reviewId)
    .where('grantId', '=', grantId)
    .execute();

export function listReviews(db: Executor, query: AccessReviewListQuery, today: string) {
  let q = db.selectFrom('accessReviews').selectAll();
  if (query.status) q = q.where('status', '=', query.status);
  if (query.engagementId) q = q.where('engagementId', '=', query.engagementId);
  if (query.reviewerId) q = q.where('reviewerId', '=', query.reviewerId);
  // A vendor's campaigns: those holding any of its grants, whatever their scope.
  if (query.vendorId) {
    const vendorId = query.vendorId;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('accessReviewItems as i')
          .select('i.grantId')
          .where('i.vendorId', '=', vendorId)
          .whereRef('i.reviewId', '=', 'accessReviews.id'),
      ),
    );
  }
  if (query.overdue === 'true') q = q.where('status', '=', 'open').where('dueOn', '<', today);
  if (query.overdue === 'false')
    q = q.where((eb) => eb.or([eb('status', '!=', 'open'), eb('dueOn', '>=', today)]));
  return paginate(q, NEWEST, query.limit, query.cursor).execute();
}

/** Items and decided items per campaign. */
export async function progressOf(db: Executor, reviewIds: string[]) {
  if (reviewIds.length === 0) return new Map<string, { total: number; decided: number }>();
  const rows = await db
    .selectFrom('accessReviewItems')
    .select((eb) => ['reviewId', eb.fn.countAll().as('total'), eb.fn.count('decision').as('decided')])
    .where('reviewId', 'in', reviewIds)
    .groupBy('reviewId')
    .execute();
  return new Map(rows.map((r) => [r.reviewId, { total: toCount(r.total), decided: toCount(r.decided) }]));
}

/** When a campaign holding the vendor's grants was last opened, and whether one is still open. */
export async function reviewHistoryOf(db: Executor, vendorId: string) {
  const rows = await db
    .selectFrom('accessReviews as r')
    .innerJoin('accessReviewItems as i', 'i.reviewId', 'r.id')
    .select((eb) => ['r.status', eb.fn.max('r.createdAt').as('last')])
    .where('i.vendorId', '=', vendorId)
    .groupBy('r.status')
    .execute();
  const last =
    rows
      .map((r) => String(r.last))
      .sort()
      .pop() ?? null;
  return { lastReviewedAt: last, hasOpenCampaign: rows.some((r) => r.status === 'open') };
}

export const overdueReviewsToNotify = (db: Executor, today: string) =>
  db
    .selectFrom('accessReviews')
    .selectAll()
    .where('status', '=', 'open')
    .where('dueOn', '<', today)
    .where('overdueNotifiedAt', 'is', null)
    .orderBy('id')
    .limit(500)
    .execute();

// Security assessments

export const insertAssessment = (db: Executor, row: SecurityAssessmentRow) =>
  db.insertInto('securityAssessments').values(row).execute();

export const updateAssessment = (db: Executor, id: string, patch: Partial<SecurityAssessmentRow>) =>
  db.updateTable('securityAssessments').set(patch).where('id', '=', id).execute();

/**
 * Lock a security assessment's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a time): a
 * concurrent change waits, then reads what this one wrote — so it is started and completed once.
 */
export const lockAssessment = (db: Executor, id: string) =>
  db.selectFrom('securityAssessments').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const findAssessment = (db: Executor, id: string) =>
  db.selectFrom('securityAssessments').selectAll().where('id', '=', id).executeTakeFirst();

export function listAssessments(db: Executor, query: AssessmentListQuery) {
  let q = db.selectFrom('securityAssessments').selectAll();
  if (query.vendorId) q = q.where('vendorId', '=', query.vendorId);
  if (query.engagementId) q = q.where('engagementId', '=', query.engagementId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.type) q = q.where('type', '=', query.type);
  return paginate(
    q,
    { column: 'dueOn', direction: 'desc', idColumn: 'id', valueType: 'text' },
    query.limit,
    query.cursor,
  ).execute();
}

export async function lastCompletedOn(db: Executor, vendorId: string): Promise<string | null> {
  const row = await db
    .selectFrom('securityAssessments')
    .select((eb) => eb.fn.max('completedOn').as('last'))
    .where('vendorId', '=', vendorId)
    .where('status', '=', 'completed')
    .executeTakeFirst();
  return row?.last ? String(row.last) : null;
}

export const pendingTypesOf = async (db: Executor, vendorId: string) =>
  (
    await db
      .selectFrom('securityAssessments')
      .select('type')
      .where('vendorId', '=', vendorId)
      .where('status', '!=', 'completed')
      .execute()
  ).map((r) => r.type);

export async function openFindingsPer(db: Executor, assessmentIds: string[]) {
  if (assessmentIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('findings')
    .select((eb) => ['assessmentId', eb.fn.countAll().as('n')])
    .where('assessmentId', 'in', assessmentIds)
    .where('status', 'in', ['open', 'in_progress'])
    .groupBy('assessmentId')
    .execute();
  return new Map(rows.map((r) => [String(r.assessmentId), toCount(r.n)]));
}

export const assessmentTypesByIds = async (db: Executor, ids: string[]) =>
  new Map(
    (ids.length
      ? await db
          .selectFrom('securityAssessments')
          .select(['id', 'type', 'engagementId'])
          .where('id', 'in', ids)
          .execute()
      : []
    ).map((r) => [r.id, r]),
  );

// Findings

export const insertFinding = (db: Executor, row: FindingRow) =>
  db.insertInto('findings').values(row).execute();

export const updateFinding = (db: Executor, id: string, patch: Partial<FindingRow>) =>
  db.updateTable('findings').set(patch).where('id', '=', id).execute();

/**
 * Lock a finding's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a time):
 * a concurrent change waits, then reads the status this one wrote — so each move (resolve, accept the
 * risk, reopen, the expiry job) starts from the finding's latest status.
 */
export const lockFinding = (db: Executor, id: string) =>
  db.selectFrom('findings').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export function findFinding(db: Executor, scope: Scope, id: string) {
  let q = db.selectFrom('findings').selectAll().where('id', '=', id);
  if (scope.vendorId) q = q.where('vendorId', '=', scope.vendorId);
  return q.executeTakeFirst();
}

export function listFindings(db: Executor, scope: Scope, query: FindingListQuery, today: string) {
  let q = db.selectFrom('findings').selectAll();
  if (scope.vendorId) q = q.where('vendorId', '=', scope.vendorId);
  if (query.vendorId) q = q.where('vendorId', '=', query.vendorId);
  if (query.assessmentId) q = q.where('assessmentId', '=', query.assessmentId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.severity) q = q.where('severity', '=', query.severity);
  if (query.overdue === 'true')
    q = q.where('status', 'in', ['open', 'in_progress']).where('dueOn', '<', today);
  if (query.overdue === 'false')
    q = q.where((eb) => eb.or([eb('status', 'not in', ['open', 'in_progress']), eb('dueOn', '>=', today)]));
  return paginate(
    q,
    { column: 'dueOn', direction: 'asc', idColumn: 'id', valueType: 'text' },
    query.limit,
    query.cursor,
  ).execute();
}

export const commentsOf = (db: Executor, findingId: string) =>
  db
    .selectFrom('findingComments')
    .selectAll()
    .where('findingId', '=', findingId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();

export const insertComment = (db: Executor, row: FindingCommentRow) =>
  db.insertInto('findingComments').values(row).execute();

export const overdueFindingsToNotify = (db: Executor, today: string) =>
  db
    .selectFrom('findings')
    .selectAll()
    .where('status', 'in', ['open', 'in_progress'])
    .where('dueOn', '<', today)
    .where('overdueNotifiedAt', 'is', null)
    .orderBy('id')
    .limit(500)
    .execute();

export const expiredAcceptances = (db: Executor, today: string) =>
  db
    .selectFrom('findings')
    .selectAll()
    .where('status', '=', 'risk_accepted')
    .where('acceptanceExpiresOn', '<', today)
    .orderBy('id')
    .limit(500)
    .execute();

/** Grants, assessments and findings of a vendor (a vendor with them is not deleted). */
export const countForVendor = (db: Executor, vendorId: string): Promise<number> =>
  countForVendorIn(db, ['accessGrants', 'securityAssessments', 'findings'], vendorId);

// Settings

const settings = settingsRow('assuranceSettings');
export const getSettings = settings.get;
export const putSettings = settings.put;

/** Every access grant of a vendor's contact, open or revoked (the privacy export). */
export const grantsOfContact = (db: Executor, vendorId: string, contactId: string) =>
  db
    .selectFrom('accessGrants')
    .select([
      'id',
      'engagementId',
      'system',
      'accessLevel',
      'grantedOn',
      'expiresOn',
      'justification',
      'revokedAt',
      'revokeReason',
    ])
    .where('vendorId', '=', vendorId)
    .where('contactId', '=', contactId)
    .orderBy('grantedOn')
    .execute();

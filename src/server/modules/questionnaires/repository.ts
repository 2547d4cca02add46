import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { AssessmentRow, QuestionnaireTemplateRow } from '../../db/schema';
import { containsText } from '../../db/search';
import type { Scope } from '../../policy';
import { joinVendor } from '../vendors/queries';

export const findTemplate = (db: Executor, id: string) =>
  db.selectFrom('questionnaireTemplates').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * Lock a template's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a
 * time): a concurrent replacement waits, then numbers its version after this one's.
 */
export const lockTemplate = (db: Executor, id: string) =>
  db.selectFrom('questionnaireTemplates').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const insertTemplate = (db: Executor, row: QuestionnaireTemplateRow) =>
  db.insertInto('questionnaireTemplates').values(row).execute();

export const updateTemplate = (db: Executor, id: string, patch: Partial<QuestionnaireTemplateRow>) =>
  db.updateTable('questionnaireTemplates').set(patch).where('id', '=', id).execute();

export const insertVersion = (
  db: Executor,
  row: { templateId: string; version: number; content: string; createdBy: string; createdAt: string },
) => db.insertInto('questionnaireTemplateVersions').values(row).execute();

export function listTemplates(db: Executor, q: { q?: string; limit: number; cursor?: string }) {
  let query = db.selectFrom('questionnaireTemplates').selectAll();
  if (q.q) query = query.where(containsText('name', q.q));
  return paginate(
    query,
    { column: 'updatedAt', direction: 'desc', idColumn: 'id', valueType: 'instant' },
    q.limit,
    q.cursor,
  ).execute();
}

/**
 * Lock an assessment's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a
 * time): answers, the submission and the review wait for a concurrent one and read the status it
 * wrote — so an assessment is submitted once, reviewed once, and no answer reopens a submitted one.
 */
export const lockAssessment = (db: Executor, id: string) =>
  db.selectFrom('assessments').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

/** One assessment with its vendor's name; a vendor user's scope limits it to their vendor. */
export const findAssessment = (db: Executor, scope: Scope, id: string) => {
  let q = joinVendor(db.selectFrom('assessments as a').selectAll('a'), 'a.vendorId', {
    vendorName: 'name',
  }).where('a.id', '=', id);
  if (scope.vendorId) q = q.where('a.vendorId', '=', scope.vendorId);
  return q.executeTakeFirst();
};

export function listAssessments(
  db: Executor,
  scope: Scope,
  q: { vendorId?: string; status?: string; limit: number; cursor?: string },
) {
  let query = joinVendor(db.selectFrom('assessments as a').selectAll('a'), 'a.vendorId', {
    vendorName: 'name',
  });
  if (scope.vendorId) query = query.where('a.vendorId', '=', scope.vendorId);
  if (q.vendorId) query = query.where('a.vendorId', '=', q.vendorId);
  if (q.status) query = query.where('a.status', '=', q.status);
  return paginate(
    query,
    { column: 'a.createdAt', direction: 'desc', idColumn: 'a.id', valueType: 'instant' },
    q.limit,
    q.cursor,
  ).execute();
}

export const insertAssessment = (db: Executor, row: AssessmentRow) =>
  db.insertInto('assessments').values(row).execute();

export const updateAssessment = (db: Executor, id: string, patch: Partial<AssessmentRow>) =>
  db.updateTable('assessments').set(patch).where('id', '=', id).execute();

/** The best completed assessment of a vendor (for the diligence checklist). */
export const completedOf = (db: Executor, vendorId: string) =>
  db
    .selectFrom('assessments')
    .select(['id', 'score', 'openFlags', 'completedAt'])
    .where('vendorId', '=', vendorId)
    .where('status', '=', 'completed')
    .orderBy('completedAt', 'desc')
    .execute();

export const countForVendor = async (db: Executor, vendorId: string) =>
  Number(
    (
      await db
        .selectFrom('assessments')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('vendorId', '=', vendorId)
        .executeTakeFirst()
    )?.n ?? 0,
  );

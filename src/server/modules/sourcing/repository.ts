import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { SourcingCriterionRow, SourcingEventRow, SourcingScoreRow } from '../../db/schema';
import { containsText } from '../../db/search';
import { joinUser } from '../accounts/queries';
import { joinVendor } from '../vendors/queries';

export const find = (db: Executor, id: string) =>
  db.selectFrom('sourcingEvents').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * The event, its row locked until the transaction ends (PostgreSQL; SQLite runs one transaction at
 * a time): a concurrent change, score or award waits and then reads the status this one wrote — so
 * an event is awarded once, and nothing changes it after.
 */
export const findForUpdate = (db: Executor, id: string) =>
  db.selectFrom('sourcingEvents').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const insert = (db: Executor, row: SourcingEventRow) =>
  db.insertInto('sourcingEvents').values(row).execute();

export const update = (db: Executor, id: string, patch: Partial<SourcingEventRow>) =>
  db.updateTable('sourcingEvents').set(patch).where('id', '=', id).execute();

export function list(db: Executor, q: { status?: string; q?: string; limit: number; cursor?: string }) {
  let query = db.selectFrom('sourcingEvents').selectAll();
  if (q.status) query = query.where('status', '=', q.status);
  if (q.q) query = query.where(containsText('title', q.q));
  return paginate(
    query,
    { column: 'createdAt', direction: 'desc', idColumn: 'id', valueType: 'instant' },
    q.limit,
    q.cursor,
  ).execute();
}

/** Candidates in their order, with the vendor's name. */
export const candidates = (db: Executor, eventId: string) =>
  joinVendor(db.selectFrom('sourcingCandidates as c').select('c.vendorId'), 'c.vendorId', {
    vendorName: 'name',
  })
    .where('c.eventId', '=', eventId)
    .orderBy('c.position')
    .execute();

export const criteria = (db: Executor, eventId: string): Promise<SourcingCriterionRow[]> =>
  db.selectFrom('sourcingCriteria').selectAll().where('eventId', '=', eventId).orderBy('position').execute();

/** Evaluators in their order, with the user's name. */
export const evaluators = (db: Executor, eventId: string) =>
  joinUser(db.selectFrom('sourcingEvaluators as e').select('e.userId'), 'e.userId', { name: 'name' })
    .where('e.eventId', '=', eventId)
    .orderBy('e.position')
    .execute();

export const scores = (db: Executor, eventId: string) =>
  joinUser(
    db
      .selectFrom('sourcingScores as s')
      .select(['s.vendorId', 's.criterionId', 's.evaluatorId', 's.score', 's.comment', 's.updatedAt']),
    's.evaluatorId',
    { evaluatorName: 'name' },
  )
    .where('s.eventId', '=', eventId)
    .orderBy('s.vendorId')
    .orderBy('s.criterionId')
    .orderBy('s.evaluatorId')
    .execute();

export async function replaceCandidates(db: Executor, eventId: string, vendorIds: string[]) {
  await db.deleteFrom('sourcingCandidates').where('eventId', '=', eventId).execute();
  if (vendorIds.length)
    await db
      .insertInto('sourcingCandidates')
      .values(vendorIds.map((vendorId, position) => ({ eventId, vendorId, position })))
      .execute();
  // Scores of candidates no longer in the event go with them.
  let del = db.deleteFrom('sourcingScores').where('eventId', '=', eventId);
  if (vendorIds.length) del = del.where('vendorId', 'not in', vendorIds);
  await del.execute();
}

export async function replaceEvaluators(db: Executor, eventId: string, userIds: string[]) {
  await db.deleteFrom('sourcingEvaluators').where('eventId', '=', eventId).execute();
  if (userIds.length)
    await db
      .insertInto('sourcingEvaluators')
      .values(userIds.map((userId, position) => ({ eventId, userId, position })))
      .execute();
  let del = db.deleteFrom('sourcingScores').where('eventId', '=', eventId);
  if (userIds.length) del = del.where('evaluatorId', 'not in', userIds);
  await del.execute();
}

/** Replace the criteria; those kept (by id) keep their scores, the others' scores go. */
export async function replaceCriteria(db: Executor, eventId: string, rows: SourcingCriterionRow[]) {
  const keep = rows.map((r) => r.id);
  let delScores = db.deleteFrom('sourcingScores').where('eventId', '=', eventId);
  if (keep.length) delScores = delScores.where('criterionId', 'not in', keep);
  await delScores.execute();
  let delCriteria = db.deleteFrom('sourcingCriteria').where('eventId', '=', eventId);
  if (keep.length) delCriteria = delCriteria.where('id', 'not in', keep);
  await delCriteria.execute();
  for (const r of rows) {
    const exists = await db
      .selectFrom('sourcingCriteria')
      .select('id')
      .where('id', '=', r.id)
      .executeTakeFirst();
    if (exists)
      await db
        .updateTable('sourcingCriteria')
        .set({ name: r.name, weight: r.weight, source: r.source, position: r.position })
        .where('id', '=', r.id)
        .execute();
    else await db.insertInto('sourcingCriteria').values(r).execute();
  }
}

export const findScore = (
  db: Executor,
  key: { eventId: string; vendorId: string; criterionId: string; evaluatorId: string },
) =>
  db
    .selectFrom('sourcingScores')
    .selectAll()
    .where('eventId', '=', key.eventId)
    .where('vendorId', '=', key.vendorId)
    .where('criterionId', '=', key.criterionId)
    .where('evaluatorId', '=', key.evaluatorId)
    .executeTakeFirst();

export async function upsertScore(db: Executor, row: SourcingScoreRow) {
  await db
    .insertInto('sourcingScores')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['eventId', 'vendorId', 'criterionId', 'evaluatorId'])
        .doUpdateSet({ score: row.score, comment: row.comment, updatedAt: row.updatedAt }),
    )
    .execute();
}

export async function countForVendor(db: Executor, vendorId: string): Promise<number> {
  const row = await db
    .selectFrom('sourcingCandidates')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('vendorId', '=', vendorId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The only code that touches the risk tables. */
import type { RiskFilters, RiskListQuery } from '../../../contracts/risks';
import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { RiskRow } from '../../db/schema';
import { settingsRow } from '../../db/shared-queries';

/**
 * Lock a risk's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a time):
 * a concurrent change — by hand, or the signal job opening, closing or reopening it — waits, then
 * reads the status this one wrote, so every transition starts from the risk's latest status.
 */
export const lockRisk = (db: Executor, id: string) =>
  db.selectFrom('risks').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const findRisk = (db: Executor, id: string) =>
  db.selectFrom('risks').selectAll().where('id', '=', id).executeTakeFirst();

export const insertRisk = (db: Executor, row: RiskRow) => db.insertInto('risks').values(row).execute();

/** Insert a signal unless one with its key is already open (another process may have won): true when inserted. */
export async function insertSignal(db: Executor, row: RiskRow): Promise<boolean> {
  const res = await db
    .insertInto('risks')
    .values(row)
    .onConflict((oc) => oc.column('openSignalKey').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export const updateRisk = (db: Executor, id: string, patch: Partial<RiskRow>) =>
  db.updateTable('risks').set(patch).where('id', '=', id).execute();

/** Signals not closed, for the refresh to compare with what the sources see. */
export const openSignals = (db: Executor) =>
  db
    .selectFrom('risks')
    .selectAll()
    .where('kind', '=', 'signal')
    .where('openSignalKey', 'is not', null)
    .orderBy('id')
    .execute();

export const expiredAcceptances = (db: Executor, today: string) =>
  db
    .selectFrom('risks')
    .select(['id'])
    .where('status', '=', 'accepted')
    .where('acceptanceExpiresOn', '<', today)
    .execute();

function filtered(db: Executor, f: RiskFilters) {
  let q = db.selectFrom('risks');
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.vendorId) q = q.where('vendorId', '=', f.vendorId);
  if (f.engagementId) q = q.where('engagementId', '=', f.engagementId);
  if (f.category) q = q.where('category', '=', f.category);
  if (f.ownerId) q = q.where('ownerId', '=', f.ownerId);
  if (f.status) q = q.where('status', '=', f.status);
  else if (f.includeClosed !== 'true') q = q.where('status', '!=', 'closed');
  return q;
}

const SORTS = {
  '-createdAt': { column: 'createdAt', valueType: 'instant' },
  '-inherentScore': { column: 'inherentScore', valueType: 'number' },
  '-residualScore': { column: 'residualScore', valueType: 'number' },
} as const;

export function listRisks(db: Executor, query: RiskListQuery) {
  let q = filtered(db, query).selectAll();
  if (query.likelihood) q = q.where('likelihood', '=', query.likelihood);
  if (query.impact) q = q.where('impact', '=', query.impact);
  if (query.residualLikelihood) q = q.where('residualLikelihood', '=', query.residualLikelihood);
  if (query.residualImpact) q = q.where('residualImpact', '=', query.residualImpact);
  const s = SORTS[query.sort];
  return paginate(
    q,
    { column: s.column, direction: 'desc', idColumn: 'id', valueType: s.valueType },
    query.limit,
    query.cursor,
  ).execute();
}

/** Counts per (likelihood, impact) cell, inherent or residual, under the filters. */
export async function cellCounts(db: Executor, f: RiskFilters, residual: boolean) {
  const l = residual ? 'residualLikelihood' : 'likelihood';
  const i = residual ? 'residualImpact' : 'impact';
  const rows = await filtered(db, f)
    .select((eb) => [eb.ref(l).as('l'), eb.ref(i).as('i'), eb.fn.countAll().as('n')])
    .groupBy([l, i])
    .execute();
  return rows.map((r) => ({ likelihood: Number(r.l), impact: Number(r.i), count: Number(r.n) }));
}

const settings = settingsRow('riskSettings');
export const getSettings = settings.get;
export const putSettings = settings.put;

/** Risks of a vendor (a vendor with risks is not deleted). */
export async function countForVendor(db: Executor, vendorId: string): Promise<number> {
  const row = await db
    .selectFrom('risks')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('vendorId', '=', vendorId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

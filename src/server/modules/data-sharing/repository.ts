/** The only code that touches the data-sharing tables. */
import type { Executor } from '../../db/database';
import type { AgreementRow, DataFlowRow, VendorTierChangeRow } from '../../db/schema';
import { countForVendorIn, settingsRow } from '../../db/shared-queries';
import type { Scope } from '../../policy';
import { joinEngagement } from '../engagements/queries';
import { joinVendor } from '../vendors/queries';

/** A register entry with the names of its engagement and vendor. */
export type DataFlowWithNames = DataFlowRow & { engagementTitle: string; vendorName: string };

function flows(db: Executor, scope: Scope) {
  let q = joinVendor(
    joinEngagement(db.selectFrom('dataFlows').selectAll('dataFlows'), 'dataFlows.engagementId', {
      engagementTitle: 'title',
    }),
    'dataFlows.vendorId',
    { vendorName: 'name' },
  );
  if (scope.vendorId) q = q.where('dataFlows.vendorId', '=', scope.vendorId);
  return q;
}

export const findFlow = (db: Executor, scope: Scope, id: string) =>
  flows(db, scope).where('dataFlows.id', '=', id).executeTakeFirst() as Promise<
    DataFlowWithNames | undefined
  >;

export const flowsOfEngagement = (db: Executor, scope: Scope, engagementId: string) =>
  flows(db, scope)
    .where('dataFlows.engagementId', '=', engagementId)
    .orderBy('dataFlows.createdAt')
    .orderBy('dataFlows.id')
    .execute() as Promise<DataFlowWithNames[]>;

export const flowsOfVendor = (db: Executor, scope: Scope, vendorId: string) =>
  flows(db, scope)
    .where('dataFlows.vendorId', '=', vendorId)
    .orderBy('dataFlows.engagementId')
    .orderBy('dataFlows.createdAt')
    .orderBy('dataFlows.id')
    .execute() as Promise<DataFlowWithNames[]>;

/** A page of the whole register in id order (exports and the organisation-wide view). */
export function flowPage(db: Executor, afterId: string | null, size: number, vendorId?: string) {
  let q = flows(db, { vendorId: null }).orderBy('dataFlows.id').limit(size);
  if (vendorId) q = q.where('dataFlows.vendorId', '=', vendorId);
  if (afterId) q = q.where('dataFlows.id', '>', afterId);
  return q.execute() as Promise<DataFlowWithNames[]>;
}

export const insertFlow = (db: Executor, row: DataFlowRow) =>
  db.insertInto('dataFlows').values(row).execute();
export const updateFlow = (db: Executor, id: string, patch: Partial<DataFlowRow>) =>
  db.updateTable('dataFlows').set(patch).where('id', '=', id).execute();
export const removeFlow = (db: Executor, id: string) =>
  db.deleteFrom('dataFlows').where('id', '=', id).execute();

/** The classifications and categories of a vendor's entries (tier and DPA flag). */
export const vendorFlowFacts = (db: Executor, vendorId: string) =>
  db
    .selectFrom('dataFlows')
    .select(['id', 'classification', 'categories'])
    .where('vendorId', '=', vendorId)
    .execute();

// Agreements

export const agreementsOf = (db: Executor, vendorId: string) =>
  db
    .selectFrom('agreements')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .orderBy('signedOn', 'desc')
    .orderBy('id')
    .execute();

export const findAgreement = (db: Executor, vendorId: string, id: string) =>
  db
    .selectFrom('agreements')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertAgreement = (db: Executor, row: AgreementRow) =>
  db.insertInto('agreements').values(row).execute();
export const updateAgreement = (db: Executor, id: string, patch: Partial<AgreementRow>) =>
  db.updateTable('agreements').set(patch).where('id', '=', id).execute();
export const removeAgreement = (db: Executor, id: string) =>
  db.deleteFrom('agreements').where('id', '=', id).execute();

/** The entries each agreement covers, by agreement id. */
export async function linksOf(db: Executor, agreementIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(agreementIds.map((id) => [id, []]));
  if (agreementIds.length === 0) return out;
  const rows = await db
    .selectFrom('agreementDataFlows')
    .selectAll()
    .where('agreementId', 'in', agreementIds)
    .orderBy('dataFlowId')
    .execute();
  for (const r of rows) out.get(r.agreementId)?.push(r.dataFlowId);
  return out;
}

export async function setLinks(db: Executor, agreementId: string, dataFlowIds: string[]) {
  await db.deleteFrom('agreementDataFlows').where('agreementId', '=', agreementId).execute();
  if (dataFlowIds.length)
    await db
      .insertInto('agreementDataFlows')
      .values(dataFlowIds.map((dataFlowId) => ({ agreementId, dataFlowId })))
      .execute();
}

/** Agreements with a review or expiry date in [from, to], by id, for the reminder run. */
export function agreementsDueBetween(
  db: Executor,
  from: string,
  to: string,
  afterId: string | null,
  size: number,
) {
  let q = db
    .selectFrom('agreements')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('reviewOn', '>=', from), eb('reviewOn', '<=', to)]),
        eb.and([eb('expiresOn', '>=', from), eb('expiresOn', '<=', to)]),
      ]),
    )
    .orderBy('id')
    .limit(size);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
}

/** Every agreement of the given vendors (the organisation-wide view). */
export const agreementsOfVendors = (db: Executor, vendorIds: string[]) =>
  vendorIds.length === 0
    ? Promise.resolve([] as AgreementRow[])
    : db.selectFrom('agreements').selectAll().where('vendorId', 'in', vendorIds).execute();

// Tiers

export const tierHistory = (db: Executor, vendorId: string) =>
  db
    .selectFrom('vendorTierChanges')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();

export const lastTier = (db: Executor, vendorId: string) =>
  db
    .selectFrom('vendorTierChanges')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();

export const insertTierChange = (db: Executor, row: VendorTierChangeRow) =>
  db.insertInto('vendorTierChanges').values(row).execute();

/** Vendors the tier has been recorded for or that have register entries (recomputed when the matrix changes). */
export async function tieredVendorIds(db: Executor): Promise<string[]> {
  const [a, b] = await Promise.all([
    db.selectFrom('vendorTierChanges').select('vendorId').distinct().execute(),
    db.selectFrom('dataFlows').select('vendorId').distinct().execute(),
  ]);
  return [...new Set([...a, ...b].map((r) => r.vendorId))].sort();
}

/** Register entries, agreements and tier history of a vendor (a vendor with them is not deleted). */
export const countForVendor = (db: Executor, vendorId: string): Promise<number> =>
  countForVendorIn(db, ['dataFlows', 'agreements'], vendorId);

// Settings

const settings = settingsRow('dataSharingSettings');
export const getSettings = settings.get;
export const putSettings = settings.put;

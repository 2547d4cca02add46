/**
 * Queries several modules' repositories share, written once: the organisation-wide settings row
 * a module keeps as JSON, and counting a vendor's rows across a module's tables (the vendor
 * deletion guard).
 */
import type { Executor } from './database';
import { toCount } from './database';

/** Settings tables: one row, id `organisation`, the document as JSON (in `document` for risks, `value` elsewhere). */
type SettingsTable =
  | 'diligenceSettings'
  | 'dataSharingSettings'
  | 'assuranceSettings'
  | 'riskSettings'
  | 'doraSettings'
  | 'screeningSettings';
const SETTINGS_ID = 'organisation';

/** Read and write a module's settings row (the caller validates the value). */
export function settingsRow(table: SettingsTable) {
  // One shape for all four tables; the query builder is typed through the first.
  const t = table as 'diligenceSettings';
  const column = (table === 'riskSettings' ? 'document' : 'value') as 'value';
  return {
    async get(db: Executor): Promise<unknown | undefined> {
      const row = await db.selectFrom(t).select(column).where('id', '=', SETTINGS_ID).executeTakeFirst();
      return row ? JSON.parse(row[column]) : undefined;
    },
    put: (db: Executor, value: unknown, at: string) =>
      db
        .insertInto(t)
        .values({ id: SETTINGS_ID, [column]: JSON.stringify(value), updatedAt: at })
        .onConflict((oc) => oc.column('id').doUpdateSet({ [column]: JSON.stringify(value), updatedAt: at }))
        .execute(),
  };
}

/** Tables with a `vendorId` column whose rows keep a vendor from being deleted. */
type VendorOwned =
  | 'certifications'
  | 'vendorReferences'
  | 'pastClients'
  | 'dataFlows'
  | 'agreements'
  | 'accessGrants'
  | 'securityAssessments'
  | 'findings';

/** How many rows of these tables belong to the vendor. */
export async function countForVendorIn(db: Executor, tables: readonly VendorOwned[], vendorId: string) {
  const counts = await Promise.all(
    tables.map((table) =>
      db
        .selectFrom(table as 'certifications')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('vendorId', '=', vendorId)
        .executeTakeFirst(),
    ),
  );
  return counts.reduce((sum, row) => sum + toCount(row?.n), 0);
}

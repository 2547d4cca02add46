/** The only code that touches the spend tables: invoices, exchange rates, renewals and exit plans. */
import type { ExchangeRateListQuery, InvoiceListQuery } from '../../../contracts/spend';
import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { EngagementRenewalsTable, ExitPlansTable, InvoicesTable } from '../../db/schema';
import type { Scope } from '../../policy';

export type InvoiceRow = InvoicesTable;

/** Amounts come back as strings from PostgreSQL's bigint: numbers here. */
const toInvoice = (r: InvoiceRow): InvoiceRow => ({
  ...r,
  amount: Number(r.amount),
  quantity: r.quantity === null ? null : Number(r.quantity),
});

/**
 * Lock an invoice's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a time): a
 * concurrent change waits, then reads what this one wrote — so its status moves along one transition at a time (received → approved → paid).
 */
export const lockInvoice = (db: Executor, id: string) =>
  db.selectFrom('invoices').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export async function findInvoice(db: Executor, scope: Scope, id: string) {
  let q = db.selectFrom('invoices').selectAll().where('id', '=', id);
  if (scope.vendorId) q = q.where('vendorId', '=', scope.vendorId);
  const row = await q.executeTakeFirst();
  return row ? toInvoice(row) : undefined;
}

/** A page of invoices, newest period first (one row more than the limit). */
export async function listInvoices(db: Executor, scope: Scope, query: InvoiceListQuery) {
  let q = db.selectFrom('invoices').selectAll();
  if (scope.vendorId) q = q.where('vendorId', '=', scope.vendorId);
  if (query.engagementId) q = q.where('engagementId', '=', query.engagementId);
  if (query.vendorId) q = q.where('vendorId', '=', query.vendorId);
  if (query.status) q = q.where('status', '=', query.status);
  const rows = await paginate(
    q,
    { column: 'periodEnd', direction: 'desc', idColumn: 'id', valueType: 'text' },
    query.limit,
    query.cursor,
  ).execute();
  return rows.map(toInvoice);
}

/** Every invoice of some engagements (for credits, which depend on the engagement's other invoices). */
export async function invoicesOf(db: Executor, engagementIds: string[]) {
  if (engagementIds.length === 0) return [];
  const out: InvoiceRow[] = [];
  for (let i = 0; i < engagementIds.length; i += 500) {
    const rows = await db
      .selectFrom('invoices')
      .selectAll()
      .where('engagementId', 'in', engagementIds.slice(i, i + 500))
      .orderBy('periodEnd')
      .orderBy('id')
      .execute();
    out.push(...rows.map(toInvoice));
  }
  return out;
}

/** Invoices whose period ends between two dates, both included. */
export async function invoicesEndingBetween(db: Executor, from: string, to: string) {
  const rows = await db
    .selectFrom('invoices')
    .selectAll()
    .where('periodEnd', '>=', from)
    .where('periodEnd', '<=', to)
    .orderBy('periodEnd')
    .orderBy('id')
    .execute();
  return rows.map(toInvoice);
}

export const numberTaken = async (db: Executor, vendorId: string, number: string, exceptId?: string) => {
  let q = db
    .selectFrom('invoices')
    .select('id')
    .where('vendorId', '=', vendorId)
    .where('number', '=', number);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
};

export const insertInvoice = (db: Executor, row: InvoiceRow) =>
  db.insertInto('invoices').values(row).execute();

export const updateInvoice = (db: Executor, id: string, patch: Partial<InvoiceRow>) =>
  db.updateTable('invoices').set(patch).where('id', '=', id).execute();

export const removeInvoice = (db: Executor, id: string) =>
  db.deleteFrom('invoices').where('id', '=', id).execute();

// Exchange rates

const toRate = <T extends { rate: number | string }>(r: T) => ({ ...r, rate: Number(r.rate) });

export async function listRates(db: Executor, query: ExchangeRateListQuery) {
  let q = db.selectFrom('exchangeRates').selectAll();
  if (query.currency) q = q.where('currency', '=', query.currency.toUpperCase());
  // Newest first; the cursor is the date and the currency of the last row.
  const rows = await paginate(
    q,
    { column: 'date', direction: 'desc', idColumn: 'currency', valueType: 'text' },
    query.limit,
    query.cursor,
  ).execute();
  return rows.map(toRate);
}

/** Every rate of some currencies on or before a date (the report's whole need, in one read). */
export async function ratesUpTo(db: Executor, currencies: string[], date: string) {
  if (currencies.length === 0) return [];
  const rows = await db
    .selectFrom('exchangeRates')
    .select(['currency', 'date', 'rate'])
    .where('currency', 'in', currencies)
    .where('date', '<=', date)
    .execute();
  return rows.map(toRate);
}

export const findRate = (db: Executor, currency: string, date: string) =>
  db
    .selectFrom('exchangeRates')
    .selectAll()
    .where('currency', '=', currency)
    .where('date', '=', date)
    .executeTakeFirst();

export const upsertRate = (
  db: Executor,
  row: { currency: string; date: string; rate: number; updatedAt: string },
) =>
  db
    .insertInto('exchangeRates')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['currency', 'date']).doUpdateSet({ rate: row.rate, updatedAt: row.updatedAt }),
    )
    .execute();

export const removeRate = (db: Executor, currency: string, date: string) =>
  db.deleteFrom('exchangeRates').where('currency', '=', currency).where('date', '=', date).execute();

// Renewals

export type RenewalRow = EngagementRenewalsTable;

export const findRenewal = (db: Executor, engagementId: string) =>
  db.selectFrom('engagementRenewals').selectAll().where('engagementId', '=', engagementId).executeTakeFirst();

export async function renewalsOf(db: Executor, engagementIds: string[]) {
  const out: RenewalRow[] = [];
  for (let i = 0; i < engagementIds.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('engagementRenewals')
        .selectAll()
        .where('engagementId', 'in', engagementIds.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

/** An engagement's renewal before anyone decided anything: no automatic renewal, no decision, no notice sent. */
const blankRenewal = (engagementId: string, at: string): RenewalRow => ({
  engagementId,
  autoRenew: 0,
  decision: null,
  decisionFor: null,
  note: null,
  decidedBy: null,
  decidedAt: null,
  noticePublishedFor: null,
  updatedAt: at,
});

const ensureRenewal = (db: Executor, engagementId: string, at: string) =>
  db
    .insertInto('engagementRenewals')
    .values(blankRenewal(engagementId, at))
    .onConflict((oc) => oc.column('engagementId').doNothing())
    .execute();

/**
 * An engagement's renewal row — created blank when missing — locked until the transaction ends
 * (PostgreSQL; SQLite runs one transaction at a time): a concurrent decision waits and then reads
 * this one's, so each decision replaces the one before it and the audit trail says so.
 */
export async function lockRenewal(db: Executor, engagementId: string, at: string): Promise<RenewalRow> {
  await ensureRenewal(db, engagementId, at);
  return db
    .selectFrom('engagementRenewals')
    .selectAll()
    .where('engagementId', '=', engagementId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export const upsertRenewal = (db: Executor, row: RenewalRow) => {
  const { engagementId: _e, ...rest } = row;
  return db
    .insertInto('engagementRenewals')
    .values(row)
    .onConflict((oc) => oc.column('engagementId').doUpdateSet(rest))
    .execute();
};

/** Claim the renewal.due notice of a term: true only for the caller that flips it (once per term). */
export async function claimNotice(db: Executor, engagementId: string, term: string, at: string) {
  await ensureRenewal(db, engagementId, at);
  const res = await db
    .updateTable('engagementRenewals')
    .set({ noticePublishedFor: term })
    .where('engagementId', '=', engagementId)
    .where((eb) => eb.or([eb('noticePublishedFor', 'is', null), eb('noticePublishedFor', '!=', term)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

// Exit plans

export type ExitPlanRow = ExitPlansTable;

export const findExitPlan = (db: Executor, engagementId: string) =>
  db.selectFrom('exitPlans').selectAll().where('engagementId', '=', engagementId).executeTakeFirst();

export const upsertExitPlan = (db: Executor, row: ExitPlanRow) =>
  db
    .insertInto('exitPlans')
    .values(row)
    .onConflict((oc) =>
      oc.column('engagementId').doUpdateSet({
        document: row.document,
        updatedBy: row.updatedBy,
        updatedAt: row.updatedAt,
      }),
    )
    .execute();

/** Every exit plan (the DORA register reads substitutability and reintegration). */
export const allExitPlans = (db: Executor) =>
  db.selectFrom('exitPlans').select(['engagementId', 'document']).orderBy('engagementId').execute();

/**
 * What every part of the spend module shares: its narrow dependencies on other modules, today's
 * month in the organisation's time zone, the credit lines of invoices and the rate book.
 */
import type { BusinessCase } from '../../../contracts/business-cases';
import type { CreditLine, Invoice, InvoiceStatus, MissingRate } from '../../../contracts/spend';
import type { Database, Executor } from '../../db/database';
import { AppError } from '../../errors';
import type { Clock } from '../../lib/clock';
import { todayIn } from '../../lib/dates';
import type { Actor } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { PublishInput } from '../events/service';
import * as repo from './repository';
import { allocateCredits, describeMissing, INVOICE_TRANSITIONS, RateBook } from './rules';

/** An engagement as spend sees it: its terms, its vendor's name and country. */
export interface EngagementFacts {
  id: string;
  title: string;
  vendorId: string;
  vendorName: string;
  vendorCountry: string;
  function: string;
  status: string;
  startDate: string;
  endDate: string | null;
  renewalDate: string | null;
  noticePeriodDays: number;
  timezone: string;
  currency: string;
  monthlyFee: number;
  budget: number;
}

export interface SpendDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  /** The organisation, read with the executor when given (inside a transaction), else the database. */
  organisation: (tx?: Executor) => Promise<{ currency: string; timezone: string }>;
  /** The engagement as the actor may see it (404 outside a vendor user's own vendor). */
  loadEngagement(tx: Executor, actor: Actor, id: string): Promise<EngagementFacts>;
  /** Every engagement with its vendor, read through the engagements service (outside transactions). */
  portfolio(): Promise<EngagementFacts[]>;
  /** A vendor's name and country, inside the caller's transaction. */
  vendor(tx: Executor, id: string): Promise<{ name: string; country: string } | undefined>;
  /** Credits of closed SLA months, read through the quality module. */
  slaCredits(
    tx: Executor,
    engagementIds: string[],
  ): Promise<Array<{ engagementId: string; period: string; credit: number; currency: string }>>;
  /** The business case and option the engagement delivers, if any. */
  linkedCase(
    tx: Executor,
    engagementId: string,
  ): Promise<{ businessCase: BusinessCase; option: BusinessCase['options'][number] } | undefined>;
  publish(tx: Executor, input: PublishInput): Promise<unknown>;
  /** Names of internal users, for who decided. */
  userNames(tx: Executor): Promise<Map<string, string>>;
  /** The data-sharing register's entries of an engagement (what to return or delete at exit). */
  dataFlows?: (tx: Executor, engagement: EngagementFacts) => Promise<Array<{ id: string; label: string }>>;
  /** The open access grants to revoke at exit (the assurance module's). */
  accessGrants?: (tx: Executor, engagement: EngagementFacts) => Promise<Array<{ id: string; label: string }>>;
}

/** 422 naming every currency and date a report lacks a rate for. */
export function missingRates(missing: MissingRate[]) {
  return new AppError(
    422,
    'missing-exchange-rate',
    describeMissing(missing),
    missing.map((m) => ({
      field: 'exchangeRates',
      message: `no ${m.currency} rate on or before ${m.date}`,
    })),
    { missingRates: missing },
  );
}

export function createContext(deps: SpendDeps) {
  const { db, clock } = deps;

  async function today() {
    const org = await deps.organisation();
    const date = todayIn(clock.now(), org.timezone);
    return { org, date, month: date.slice(0, 7) };
  }

  /** Credit lines of each invoice of these engagements, by invoice id. */
  async function creditLines(tx: Executor, engagementIds: string[], invoices?: repo.InvoiceRow[]) {
    const ids = [...new Set(engagementIds)];
    const [all, credits] = await Promise.all([
      invoices ?? repo.invoicesOf(tx, ids),
      deps.slaCredits(tx, ids),
    ]);
    const out = new Map<string, CreditLine[]>();
    for (const id of ids) {
      const mine = all.filter((i) => i.engagementId === id);
      const c = credits
        .filter((x) => x.engagementId === id)
        .map((x) => ({ period: x.period, amount: x.credit, currency: x.currency }));
      for (const [k, v] of allocateCredits(mine, c)) out.set(k, v);
    }
    return out;
  }

  function toInvoiceDto(row: repo.InvoiceRow, title: string, credits: CreditLine[]): Invoice {
    const status = row.status as InvoiceStatus;
    // Credits count against the invoice in its own currency (the engagement's, as credits are).
    const creditTotal = credits.filter((c) => c.currency === row.currency).reduce((s, c) => s + c.amount, 0);
    return {
      id: row.id,
      engagementId: row.engagementId,
      engagementTitle: title,
      vendorId: row.vendorId,
      number: row.number,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      amount: row.amount,
      currency: row.currency,
      quantity: row.quantity,
      status,
      disputeReason: row.disputeReason,
      note: row.note,
      credits,
      creditTotal,
      net: row.amount - creditTotal,
      allowedTransitions: [...INVOICE_TRANSITIONS[status]],
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  /** The rate book for some currencies up to a date. */
  async function rateBook(tx: Executor, orgCurrency: string, currencies: Iterable<string>, upTo: string) {
    const need = [...new Set(currencies)].filter((c) => c !== orgCurrency);
    return new RateBook(orgCurrency, await repo.ratesUpTo(tx, need, upTo));
  }

  return { deps, db, now: () => clock.now().toISOString(), today, creditLines, toInvoiceDto, rateBook };
}

export type SpendContext = ReturnType<typeof createContext>;

/** An engagement (as its service answers it) and its vendor's name and country, as spend sees them. */
export function toEngagementFacts(
  e: {
    id: string;
    title: string;
    vendorId: string;
    function: string;
    status: string;
    startDate: string;
    endDate: string | null;
    renewalDate: string | null;
    noticePeriodDays: number | string;
    timezone: string;
    currency: string;
    monthlyFee: number | string;
    budget: number | string;
  },
  vendor: { name: string; country: string } | undefined,
): EngagementFacts {
  return {
    id: e.id,
    title: e.title,
    vendorId: e.vendorId,
    vendorName: vendor?.name ?? '',
    vendorCountry: vendor?.country ?? '',
    function: e.function,
    status: e.status,
    startDate: e.startDate,
    endDate: e.endDate,
    renewalDate: e.renewalDate,
    noticePeriodDays: Number(e.noticePeriodDays),
    timezone: e.timezone,
    currency: e.currency,
    monthlyFee: Number(e.monthlyFee),
    budget: Number(e.budget),
  };
}

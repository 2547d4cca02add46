/**
 * Pure rules of spend: the invoice life cycle, months and proration, exchange-rate look-ups,
 * where an SLA credit lands, renewal terms and exit-plan readiness. No I/O, no clock.
 */
import { DateTime } from 'luxon';
import { convertMinor } from '../../../contracts/money';
import type { CreditLine, InvoiceStatus, MissingRate } from '../../../contracts/spend';
import { addDays, daysBetween, lastDayOfMonth } from '../../lib/dates';

// The invoice life cycle

/** received → approved → paid; received or approved → disputed; a disputed invoice is resubmitted as received. */
export const INVOICE_TRANSITIONS: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  received: ['approved', 'disputed'],
  approved: ['paid', 'disputed'],
  disputed: ['received'],
  paid: [],
};

export const canMove = (from: InvoiceStatus, to: InvoiceStatus) => INVOICE_TRANSITIONS[from].includes(to);

/** The invoice's amounts and dates may change only before approval (or while disputed). */
export const isEditable = (status: InvoiceStatus) => status === 'received' || status === 'disputed';

/** Invoices that count as spend: a disputed one is held back until resolved. */
export const countsAsSpend = (status: InvoiceStatus) => status !== 'disputed';

// Months and dates

export const monthOf = (date: string) => date.slice(0, 7);

export function addMonths(month: string, n: number): string {
  return DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).plus({ months: n }).toFormat('yyyy-MM');
}

/** Every month from `from` to `to`, both included (at most 600). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 600; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Days of `month` that fall inside [start, end] (end null: open-ended). */
function daysInside(month: string, start: string, end: string | null): number {
  const first = `${month}-01`;
  const last = lastDayOfMonth(month);
  const from = start > first ? start : first;
  const to = end && end < last ? end : last;
  return to < from ? 0 : daysBetween(from, to) + 1;
}

/** Round half away from zero to a whole minor unit, ignoring binary noise (12.4999999999998). */
export function roundMinor(x: number): number {
  const snapped = Number(x.toPrecision(15));
  const r = Math.sign(snapped) * Math.round(Math.abs(snapped));
  return r === 0 ? 0 : r;
}

// Budgets

interface BudgetTerms {
  startDate: string;
  endDate: string | null;
  monthlyFee: number;
  budget: number;
}

/** An open-ended engagement's budget is read as a budget per year of this many days. */
const OPEN_ENDED_BUDGET_DAYS = 365;

/**
 * The budget of one month, in minor units of the engagement's currency (unrounded): the monthly
 * fee prorated by the days of the month inside the term; without a fee, the total budget spread
 * evenly over the term's days (an open-ended term: the budget is per 365 days).
 */
export function monthlyBudget(terms: BudgetTerms, month: string): number {
  const days = daysInside(month, terms.startDate, terms.endDate);
  if (days === 0) return 0;
  if (terms.monthlyFee > 0) return (terms.monthlyFee * days) / daysInside(month, `${month}-01`, null);
  if (terms.budget <= 0) return 0;
  const termDays = terms.endDate ? daysBetween(terms.startDate, terms.endDate) + 1 : OPEN_ENDED_BUDGET_DAYS;
  return (terms.budget * days) / termDays;
}

// Exchange rates

interface RateRow {
  currency: string;
  date: string;
  rate: number;
}

/**
 * The organisation's rates, by currency and date: `rate(c, d)` is the latest rate of c on or
 * before d (1 for the organisation's own currency). Each look-up that finds nothing is noted, so
 * a report can say every currency and date it lacks instead of guessing.
 */
export class RateBook {
  private readonly byCurrency = new Map<string, RateRow[]>();
  readonly missing = new Map<string, MissingRate>();

  constructor(
    readonly orgCurrency: string,
    rows: RateRow[],
  ) {
    for (const r of rows) {
      const list = this.byCurrency.get(r.currency) ?? [];
      list.push({ currency: r.currency, date: r.date, rate: Number(r.rate) });
      this.byCurrency.set(r.currency, list);
    }
    for (const list of this.byCurrency.values()) list.sort((a, b) => a.date.localeCompare(b.date));
  }

  /** Units of the organisation's currency per one unit of `currency` on `date`, or undefined (noted). */
  rate(currency: string, date: string): number | undefined {
    if (currency === this.orgCurrency) return 1;
    const list = this.byCurrency.get(currency) ?? [];
    let lo = 0;
    let hi = list.length - 1;
    let found: RateRow | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.date <= date) {
        found = list[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (!found) this.missing.set(`${currency}@${date}`, { currency, date });
    return found?.rate;
  }

  /** Minor units of `from` on `date` in minor units of `to` (unrounded); undefined when a rate is missing. */
  convert(amount: number, from: string, to: string, date: string): number | undefined {
    if (from === to) return amount;
    const a = this.rate(from, date);
    const b = this.rate(to, date);
    if (a === undefined || b === undefined) return undefined;
    return convertMinor(amount, from, to, a / b);
  }

  /** Minor units of `currency` in the organisation's minor units (unrounded). */
  toOrg(amount: number, currency: string, date: string): number | undefined {
    return this.convert(amount, currency, this.orgCurrency, date);
  }

  missingList(): MissingRate[] {
    return [...this.missing.values()].sort(
      (a, b) => a.currency.localeCompare(b.currency) || a.date.localeCompare(b.date),
    );
  }
}

/** "No INR rate on or before 2027-01-31; no USD rate …": what a report needs entered. */
export function describeMissing(missing: MissingRate[]): string {
  const shown = missing
    .slice(0, 5)
    .map((m) => `no ${m.currency} rate on or before ${m.date}`)
    .join('; ');
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
  return `Exchange rates are missing: ${shown}${more}. Enter them under Spend → Exchange rates.`;
}

// SLA credits

interface InvoicePeriod {
  id: string;
  periodStart: string;
  periodEnd: string;
  createdAt: string;
}

export interface SlaCredit {
  /** YYYY-MM */
  period: string;
  amount: number;
  currency: string;
}

/**
 * Each closed SLA month's credit goes to one invoice of the engagement: the one whose period holds
 * the month's last day, else the last one whose period overlaps the month (earliest start, then
 * earliest entered, when several qualify). A month with no such invoice waits for one.
 */
export function allocateCredits(invoices: InvoicePeriod[], credits: SlaCredit[]): Map<string, CreditLine[]> {
  const out = new Map<string, CreditLine[]>();
  const ordered = [...invoices].sort(
    (a, b) =>
      a.periodStart.localeCompare(b.periodStart) ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.id.localeCompare(b.id),
  );
  for (const c of credits) {
    if (c.amount <= 0) continue;
    const first = `${c.period}-01`;
    const last = lastDayOfMonth(c.period);
    const target =
      ordered.find((i) => i.periodStart <= last && i.periodEnd >= last) ??
      [...ordered].reverse().find((i) => i.periodStart <= last && i.periodEnd >= first);
    if (!target) continue;
    const lines = out.get(target.id) ?? [];
    lines.push({ period: c.period, amount: c.amount, currency: c.currency });
    out.set(target.id, lines);
  }
  return out;
}

// Renewals

interface RenewalTerms {
  endDate: string | null;
  renewalDate: string | null;
  noticePeriodDays: number;
}

/** When the current term ends: the renewal date, or else the end date; null when open-ended. */
export const termEnd = (e: RenewalTerms) => e.renewalDate ?? e.endDate;

/** The last day to give notice: the term's end minus the notice period. */
export function noticeDeadlineOf(e: RenewalTerms): string | null {
  const end = termEnd(e);
  return end ? addDays(end, -e.noticePeriodDays) : null;
}

/** From the notice deadline until the term ends: the decision is due. */
export function inNotice(e: RenewalTerms, today: string): boolean {
  const end = termEnd(e);
  const deadline = noticeDeadlineOf(e);
  return !!end && !!deadline && today >= deadline && today <= end;
}

// Exit plans

interface PlanItem {
  done: boolean;
  dueDate: string | null;
}

/** Done items over all items, in whole percent (0 for an empty plan), and those overdue. */
export function readiness(items: PlanItem[], today: string) {
  const total = items.length;
  const done = items.filter((i) => i.done).length;
  const overdue = items.filter((i) => !i.done && i.dueDate !== null && i.dueDate < today).length;
  return { total, done, overdue, readiness: total === 0 ? 0 : Math.floor((done * 100) / total) };
}

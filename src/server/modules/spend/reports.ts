/** Budget vs actual in the organisation's currency, savings realised, and spend shares for risk signals. */
import { FUNCTIONS } from '../../../contracts/engagements';
import type { Savings, SpendQuery, SpendReport, SpendRow } from '../../../contracts/spend';
import type { Executor } from '../../db/database';
import { invalid } from '../../errors';
import { lastDayOfMonth } from '../../lib/dates';
import { type Actor, authorize } from '../../policy';
import { type EngagementFacts, missingRates, type SpendContext } from './context';
import * as repo from './repository';
import { addMonths, countsAsSpend, monthlyBudget, monthOf, monthsBetween, roundMinor } from './rules';
import { computeSavings, type MonthInvoice } from './savings-rules';

/** A report spans at most this many months. */
const MAX_REPORT_MONTHS = 120;

const FUNCTION_LABELS: Record<string, string> = {
  customer_service: 'Customer service',
  accounting: 'Accounting',
  payroll: 'Payroll',
  marketing: 'Marketing',
  it: 'IT',
  other: 'Other',
};

type Figures = Omit<SpendRow, 'key' | 'label'>;
const zero = (): Figures => ({
  invoices: 0,
  budget: 0,
  actual: 0,
  credits: 0,
  net: 0,
  variance: 0,
  disputed: 0,
});

export function createReports(ctx: SpendContext) {
  const { deps, db } = ctx;

  function keyOf(groupBy: SpendQuery['groupBy'], e: EngagementFacts, month: string): [string, string] {
    switch (groupBy) {
      case 'vendor':
        return [e.vendorId, e.vendorName];
      case 'function':
        return [e.function, FUNCTION_LABELS[e.function] ?? e.function];
      case 'country':
        return [e.vendorCountry, e.vendorCountry];
      case 'engagement':
        return [e.id, `${e.title} (${e.vendorName})`];
      case 'month':
        return [month, month];
    }
  }

  /**
   * Figures per key over the query's months and filters; `keysFor` names the keys (with labels) an
   * engagement's figures of a month count towards — one for a report, several for several series.
   */
  async function collect(
    actor: Actor,
    query: SpendQuery,
    keysFor: (e: EngagementFacts, month: string) => Array<[string, string]>,
  ) {
    authorize(actor, 'spend', 'read');
    const { org, month: current } = await ctx.today();
    const to = query.to ?? current;
    const from = query.from ?? addMonths(to, -11);
    if (from > to) throw invalid([{ field: 'from', message: 'must not be after to' }]);
    const months = monthsBetween(from, to);
    if (months.length > MAX_REPORT_MONTHS)
      throw invalid([{ field: 'from', message: `the report spans at most ${MAX_REPORT_MONTHS} months` }]);
    const engagements = (await deps.portfolio()).filter(
      (e) =>
        (!query.function || e.function === query.function) &&
        (!query.vendorId || e.vendorId === query.vendorId),
    );
    const byId = new Map(engagements.map((e) => [e.id, e]));
    const invoices = (await repo.invoicesEndingBetween(db, `${from}-01`, lastDayOfMonth(to))).filter((i) =>
      byId.has(i.engagementId),
    );
    const lines = await ctx.creditLines(db, [...new Set(invoices.map((i) => i.engagementId))]);
    const book = await ctx.rateBook(
      db,
      org.currency,
      [...engagements.map((e) => e.currency), ...invoices.map((i) => i.currency)],
      lastDayOfMonth(to),
    );
    const groups = new Map<string, { label: string; f: Figures }>();
    const add = (key: string, label: string, change: Partial<Figures>) => {
      const g = groups.get(key) ?? { label, f: zero() };
      for (const [k, v] of Object.entries(change)) g.f[k as keyof Figures] += v;
      groups.set(key, g);
    };
    if (query.groupBy === 'month') for (const m of months) add(m, m, {});
    // Budgets: a draft is not yet a commitment.
    for (const e of engagements) {
      if (e.status === 'draft') continue;
      for (const m of months) {
        const amount = monthlyBudget(e, m);
        if (amount === 0) continue;
        const converted = book.toOrg(amount, e.currency, lastDayOfMonth(m));
        if (converted === undefined) continue;
        for (const [key, label] of keysFor(e, m)) add(key, label, { budget: roundMinor(converted) });
      }
    }
    for (const inv of invoices) {
      const e = byId.get(inv.engagementId)!;
      const credit = (lines.get(inv.id) ?? [])
        .filter((c) => c.currency === inv.currency)
        .reduce((s, c) => s + c.amount, 0);
      const gross = book.toOrg(inv.amount, inv.currency, inv.periodEnd);
      const credits = book.toOrg(credit, inv.currency, inv.periodEnd);
      if (gross === undefined || credits === undefined) continue;
      const change = countsAsSpend(inv.status as never)
        ? { invoices: 1, actual: roundMinor(gross), credits: roundMinor(credits) }
        : { invoices: 1, disputed: roundMinor(gross) };
      for (const [key, label] of keysFor(e, monthOf(inv.periodEnd))) add(key, label, change);
    }
    const missing = book.missingList();
    if (missing.length) throw missingRates(missing);
    for (const { f } of groups.values()) {
      f.net = f.actual - f.credits;
      f.variance = f.budget - f.net;
    }
    return { currency: org.currency, from, to, months, groups };
  }

  async function report(actor: Actor, query: SpendQuery): Promise<SpendReport> {
    const { currency, from, to, groups } = await collect(actor, query, (e, m) => [
      keyOf(query.groupBy, e, m),
    ]);
    const totals = zero();
    const rows: SpendRow[] = [];
    for (const [key, { label, f }] of groups) {
      for (const k of Object.keys(totals) as (keyof Figures)[]) totals[k] += f[k];
      rows.push({ key, label, ...f });
    }
    if (query.groupBy === 'month') rows.sort((a, b) => a.key.localeCompare(b.key));
    else rows.sort((a, b) => b.net - a.net || b.budget - a.budget || a.label.localeCompare(b.label));
    const { invoices: _n, ...sums } = totals;
    return { currency, groupBy: query.groupBy, from, to, rows, totals: sums };
  }

  /**
   * Net spend of each vendor, function and country in each month (the dashboard's spend over
   * time), in one pass over the figures: per kind, rows by total net, largest first, with one
   * figure per month of the span.
   */
  async function series(actor: Actor, from: string, to: string) {
    const kinds = ['function', 'country', 'vendor'] as const;
    const { currency, months, groups } = await collect(actor, { groupBy: 'vendor', from, to }, (e, m) =>
      kinds.map((kind) => {
        const [key, label] = keyOf(kind, e, m);
        return [`${kind}\u0000${key}\u0000${m}`, label];
      }),
    );
    type Row = { key: string; label: string; net: number; months: number[] };
    const byKind = new Map<string, Map<string, Row>>(kinds.map((k) => [k, new Map()]));
    for (const [composite, { label, f }] of groups) {
      const [kind, key, month] = composite.split('\u0000') as [string, string, string];
      const rows = byKind.get(kind)!;
      const row = rows.get(key) ?? { key, label, net: 0, months: months.map(() => 0) };
      row.net += f.net;
      row.months[months.indexOf(month)] = f.net;
      rows.set(key, row);
    }
    const sorted = (kind: (typeof kinds)[number]) =>
      [...byKind.get(kind)!.values()].sort((a, b) => b.net - a.net || a.label.localeCompare(b.label));
    return {
      currency,
      months,
      function: sorted('function'),
      country: sorted('country'),
      vendor: sorted('vendor'),
    };
  }

  async function savings(actor: Actor, engagementId: string): Promise<Savings> {
    authorize(actor, 'spend', 'read');
    const engagement = await deps.loadEngagement(db, actor, engagementId);
    const linked = await deps.linkedCase(db, engagementId);
    const empty = { planned: 0, plannedToDate: 0, realised: 0, variance: 0 };
    const noLines = { rate: 0, volume: 0, credits: 0, currency: 0 };
    if (!linked)
      return { engagementId, link: null, currency: null, months: [], totals: { ...empty, lines: noLines } };
    const { businessCase: c, option } = linked;
    const { org, month: current } = await ctx.today();
    const invoices = (await repo.invoicesOf(db, [engagementId])).filter(
      (i) => countsAsSpend(i.status as never) && monthOf(i.periodEnd) <= current,
    );
    const lines = await ctx.creditLines(db, [engagementId]);
    const book = await ctx.rateBook(
      db,
      org.currency,
      [option.currency, c.currency, ...invoices.map((i) => i.currency)],
      lastDayOfMonth(current),
    );
    const byMonth = new Map<string, MonthInvoice[]>();
    for (const inv of invoices) {
      const credit = (lines.get(inv.id) ?? [])
        .filter((l) => l.currency === inv.currency)
        .reduce((s, l) => s + l.amount, 0);
      const gross = book.convert(inv.amount, inv.currency, option.currency, inv.periodEnd);
      const credits = book.convert(credit, inv.currency, option.currency, inv.periodEnd);
      const rate = book.convert(1, option.currency, c.currency, inv.periodEnd);
      if (gross === undefined || credits === undefined || rate === undefined) continue;
      const m = monthOf(inv.periodEnd);
      byMonth.set(m, [...(byMonth.get(m) ?? []), { gross, credits, quantity: inv.quantity, rate }]);
    }
    const missing = book.missingList();
    if (missing.length) throw missingRates(missing);
    const result = computeSavings({
      case: c,
      option,
      startMonth: monthOf(engagement.startDate),
      currentMonth: current,
      invoices: byMonth,
    });
    return {
      engagementId,
      link: {
        businessCaseId: c.id,
        businessCaseName: c.name,
        optionId: option.id,
        optionName: option.name,
        governancePct: option.governancePct,
      },
      currency: c.currency,
      ...result,
    };
  }

  /**
   * The share of outsourced spend (invoices net of credits, the last twelve months to `now`'s
   * month, organisation currency) per vendor and per country, for the risk signals. Invoices
   * whose rate is missing are left out and named in `missingRates`.
   */
  async function spendShares(executor: Executor, now: Date) {
    const org = await deps.organisation(executor);
    const to = now.toISOString().slice(0, 7);
    const from = addMonths(to, -11);
    const invoices = (await repo.invoicesEndingBetween(executor, `${from}-01`, lastDayOfMonth(to))).filter(
      (i) => countsAsSpend(i.status as never),
    );
    const lines = await ctx.creditLines(executor, [...new Set(invoices.map((i) => i.engagementId))]);
    const book = await ctx.rateBook(
      executor,
      org.currency,
      invoices.map((i) => i.currency),
      lastDayOfMonth(to),
    );
    const vendors = new Map<string, { vendorId: string; name: string; country: string; amount: number }>();
    for (const inv of invoices) {
      const credit = (lines.get(inv.id) ?? [])
        .filter((l) => l.currency === inv.currency)
        .reduce((s, l) => s + l.amount, 0);
      const net = book.toOrg(inv.amount - credit, inv.currency, inv.periodEnd);
      if (net === undefined) continue;
      let v = vendors.get(inv.vendorId);
      if (!v) {
        const profile = await deps.vendor(executor, inv.vendorId);
        v = {
          vendorId: inv.vendorId,
          name: profile?.name ?? inv.vendorId,
          country: profile?.country ?? '',
          amount: 0,
        };
        vendors.set(inv.vendorId, v);
      }
      v.amount += net;
    }
    const total = roundMinor([...vendors.values()].reduce((s, v) => s + v.amount, 0));
    const share = (amount: number) => (total > 0 ? amount / total : 0);
    const countries = new Map<string, number>();
    for (const v of vendors.values()) countries.set(v.country, (countries.get(v.country) ?? 0) + v.amount);
    return {
      currency: org.currency,
      from,
      to,
      total,
      vendors: [...vendors.values()]
        .map((v) => ({
          vendorId: v.vendorId,
          name: v.name,
          country: v.country,
          amount: roundMinor(v.amount),
          share: share(v.amount),
        }))
        .sort((a, b) => b.amount - a.amount),
      countries: [...countries]
        .map(([country, amount]) => ({ country, amount: roundMinor(amount), share: share(amount) }))
        .sort((a, b) => b.amount - a.amount),
      missingRates: book.missingList(),
    };
  }

  return { report, series, savings, spendShares, functions: FUNCTIONS };
}

/**
 * The portfolio dashboard: it owns no table; it reads vendors, tiers, SLA months, risks,
 * renewals, certificates, assessments and findings through each module's service, as the caller
 * (so every list applies the caller's own permissions).
 */
import { type Dashboard, UPCOMING_DAYS } from '../../../contracts/dashboard';
import type { Heatmap } from '../../../contracts/risks';
import type { Renewal, Savings, SpendReport } from '../../../contracts/spend';
import type { Executor } from '../../db/database';
import { AppError } from '../../errors';
import type { Clock } from '../../lib/clock';
import { addDays, todayIn } from '../../lib/dates';
import { type Actor, authorize } from '../../policy';
import { attainment, countBy, lastMonths, savingsTotals } from './rules';

type Upcoming = Dashboard['upcoming'][number];

/** Vendors shown one by one in the dashboard's spend over time; the rest are summed. */
const SPEND_VENDORS_SHOWN = 10;

type SpendSeriesRow = { key: string; label: string; net: number; months: number[] };

export interface DashboardDeps {
  db: Executor;
  clock: Clock;
  organisation: () => Promise<{ timezone: string; currency: string }>;
  vendors: (actor: Actor) => Promise<Array<{ id: string; name: string; status: string; country: string }>>;
  tierOf: (executor: Executor, vendorId: string) => Promise<{ tier: number }>;
  closedMonths: (
    executor: Executor,
    since: string,
  ) => Promise<Array<{ engagementId: string; period: string; evaluated: number; met: number }>>;
  heatmap: (actor: Actor) => Promise<Heatmap>;
  renewals: (
    actor: Actor,
    to: string,
  ) => Promise<Array<Pick<Renewal, 'engagementId' | 'title' | 'vendorId' | 'vendorName' | 'noticeDeadline'>>>;
  certifications: (
    actor: Actor,
    vendorId: string,
  ) => Promise<
    Array<{ id: string; standard: string; standardName: string | null; expiresOn: string; status: string }>
  >;
  scheduledAssessments: (
    actor: Actor,
  ) => Promise<Array<{ id: string; vendorId: string; type: string; dueOn: string }>>;
  overdueFindings: (
    actor: Actor,
  ) => Promise<Array<{ id: string; vendorId: string; title: string; severity: string; dueOn: string }>>;
  /** The spend report by month (throws a 422 naming a missing exchange rate). */
  spendByMonth: (actor: Actor, from: string, to: string) => Promise<SpendReport>;
  /** Net spend per function, country and vendor and month over the same months, largest first. */
  spendSeries: (
    actor: Actor,
    from: string,
    to: string,
  ) => Promise<Record<'function' | 'country' | 'vendor', SpendSeriesRow[]>>;
  /** The engagements linked to a business-case option. */
  linkedEngagements: (actor: Actor) => Promise<Array<{ id: string; title: string }>>;
  /** An engagement's savings (throws a 422 naming a missing exchange rate). */
  savingsOf: (actor: Actor, engagementId: string) => Promise<Savings>;
}

export function createDashboardService(deps: DashboardDeps) {
  /** One kind of group's spend over the months, the largest `shown` as rows and the rest summed. */
  function spendOver(
    series: SpendSeriesRow[],
    groupBy: 'vendor' | 'function' | 'country',
    months: string[],
    shown: number,
  ): Dashboard['spend']['over']['vendor'] {
    const range = `from=${months[0]}&to=${months.at(-1)}`;
    const rows = series.slice(0, shown).map((r) => ({ ...r, href: `/spend?groupBy=${groupBy}&${range}` }));
    const rest = series.slice(shown);
    const others = rest.length
      ? {
          count: rest.length,
          net: rest.reduce((sum, r) => sum + r.net, 0),
          months: months.map((_, k) => rest.reduce((sum, r) => sum + r.months[k]!, 0)),
        }
      : null;
    return { rows, others };
  }

  return {
    async get(actor: Actor): Promise<Dashboard> {
      authorize(actor, 'dashboard', 'read');
      const org = await deps.organisation();
      const today = todayIn(deps.clock.now(), org.timezone);
      const horizon = addDays(today, UPCOMING_DAYS);
      const vendors = await deps.vendors(actor);
      const names = new Map(vendors.map((v) => [v.id, v.name]));
      const tiers: Array<{ tier: number }> = [];
      for (const v of vendors.filter((x) => x.status !== 'offboarded'))
        tiers.push(await deps.tierOf(deps.db, v.id));

      const months = lastMonths(today, 3);
      const closed = (await deps.closedMonths(deps.db, months[0]!)).filter((m) => months.includes(m.period));

      const upcoming: Upcoming[] = [];
      const item = (u: Omit<Upcoming, 'overdue' | 'vendorName'>) =>
        upcoming.push({ ...u, overdue: u.date < today, vendorName: names.get(u.vendorId) ?? null });
      for (const r of await deps.renewals(actor, horizon))
        item({
          kind: 'renewal',
          date: r.noticeDeadline,
          title: `Renewal notice deadline: ${r.title}`,
          vendorId: r.vendorId,
          href: `/engagements/${r.engagementId}`,
        });
      for (const v of vendors.filter((x) => x.status === 'active'))
        for (const c of await deps.certifications(actor, v.id))
          if (c.status !== 'valid' && c.expiresOn <= horizon)
            item({
              kind: 'certificate',
              date: c.expiresOn,
              title: `Certificate ${c.standard === 'other' ? (c.standardName ?? 'other') : c.standard} ${c.status === 'expired' ? 'expired' : 'expires'}`,
              vendorId: v.id,
              href: `/vendors/${v.id}/diligence`,
            });
      for (const a of await deps.scheduledAssessments(actor))
        if (a.dueOn <= horizon)
          item({
            kind: 'assessment',
            date: a.dueOn,
            title: `Security assessment due (${a.type.replace(/_/g, ' ')})`,
            vendorId: a.vendorId,
            href: `/vendors/${a.vendorId}/assessments`,
          });
      for (const f of await deps.overdueFindings(actor))
        item({
          kind: 'finding',
          date: f.dueOn,
          title: `Overdue ${f.severity} finding: ${f.title}`,
          vendorId: f.vendorId,
          href: `/vendors/${f.vendorId}/assessments`,
        });
      upcoming.sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));

      const spendMonths = [...lastMonths(today, 11), today.slice(0, 7)];
      let spend: Dashboard['spend'];
      try {
        const report = await deps.spendByMonth(actor, spendMonths[0]!, spendMonths[11]!);
        const series = await deps.spendSeries(actor, spendMonths[0]!, spendMonths[11]!);
        spend = {
          currency: report.currency,
          months: report.rows.map((r) => ({
            month: r.key,
            budget: r.budget,
            net: r.net,
            href: `/spend?from=${r.key}&to=${r.key}`,
          })),
          over: {
            function: spendOver(series.function, 'function', spendMonths, Number.POSITIVE_INFINITY),
            country: spendOver(series.country, 'country', spendMonths, Number.POSITIVE_INFINITY),
            vendor: spendOver(series.vendor, 'vendor', spendMonths, SPEND_VENDORS_SHOWN),
          },
          missingRates: null,
          href: '/spend',
        };
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 422) throw err;
        const none = { rows: [], others: null };
        spend = {
          currency: org.currency,
          months: [],
          over: { function: none, country: none, vendor: none },
          missingRates: err.message,
          href: '/spend',
        };
      }
      const engagements: Dashboard['savings']['engagements'] = [];
      const notes: string[] = [];
      for (const e of await deps.linkedEngagements(actor)) {
        let s: Savings;
        try {
          s = await deps.savingsOf(actor, e.id);
        } catch (err) {
          if (!(err instanceof AppError) || err.status !== 422) throw err;
          notes.push(`${e.title}: ${err.message}`);
          continue;
        }
        if (!s.link || !s.currency) continue;
        engagements.push({
          engagementId: e.id,
          title: e.title,
          businessCaseName: s.link.businessCaseName,
          currency: s.currency,
          plannedToDate: s.totals.plannedToDate,
          realised: s.totals.realised,
          variance: s.totals.variance,
          href: `/engagements/${e.id}?tab=spend`,
        });
      }

      return {
        today,
        vendors: {
          total: vendors.length,
          byStatus: countBy(vendors, (v) => v.status).map((c) => ({ ...c, href: '/vendors' })),
          byTier: countBy(tiers, (t) => String(t.tier)).map((c) => ({ ...c, href: '/data-protection' })),
          byCountry: countBy(vendors, (v) => v.country).map((c) => ({ ...c, href: '/vendors' })),
        },
        sla: { months, ...attainment(closed), href: '/quality' },
        risks: { ...(await deps.heatmap(actor)), href: '/risks' },
        upcoming,
        spend,
        savings: { engagements, totals: savingsTotals(engagements), notes, href: '/business-cases' },
      };
    },
  };
}

/**
 * Reports: the quarterly business review (QBR) pack of one vendor and the portfolio summary. The
 * module owns no table: it reads every figure through the other modules' services, as the caller
 * (so each read applies the caller's own permissions), and renders PDF (pdfmake) or CSV.
 */
import { DateTime } from 'luxon';
import type { Risk } from '../../../contracts/risks';
import type { Renewal, SpendReport } from '../../../contracts/spend';
import type { Executor } from '../../db/database';
import { AppError, invalid } from '../../errors';
import type { Clock } from '../../lib/clock';
import { CSV_TYPE, type CsvCell, csvAmount, csvNumber, csvText } from '../../lib/csv';
import { addDays, lastDayOfMonth } from '../../lib/dates';
import { fileNamePart } from '../../lib/download';
import { type Actor, authorize } from '../../policy';
import { type PortfolioData, type QbrData, renderPortfolioPdf, renderQbrPdf } from './pdf';
import { quarterMonths, sumByCurrency } from './rules';

export interface ReportsDeps {
  db: Executor;
  clock: Clock;
  organisation: () => Promise<{ name?: string; currency: string; timezone: string }>;
  /** The vendor as the actor may see it (404 otherwise). */
  vendor: (
    actor: Actor,
    id: string,
  ) => Promise<{ id: string; name: string; status: string; country: string }>;
  vendors: (actor: Actor) => Promise<Array<{ id: string; name: string; status: string; country: string }>>;
  tierOf: (executor: Executor, vendorId: string) => Promise<{ tier: number }>;
  engagementsOf: (
    actor: Actor,
    vendorId: string,
  ) => Promise<Array<{ id: string; title: string; currency: string }>>;
  scorecards: (
    actor: Actor,
    engagementId: string,
  ) => Promise<Array<{ period: string; status: string; total: number | null }>>;
  closedMonths: (
    executor: Executor,
    since: string,
  ) => Promise<Array<{ engagementId: string; period: string; evaluated: number; met: number }>>;
  credits: (
    executor: Executor,
    engagementIds: string[],
  ) => Promise<Array<{ engagementId: string; period: string; credit: number; currency: string }>>;
  spend: (
    actor: Actor,
    query: { groupBy: 'engagement' | 'vendor' | 'function'; from: string; to: string; vendorId?: string },
  ) => Promise<SpendReport>;
  invoices: (actor: Actor, vendorId: string) => Promise<QbrData['invoices']>;
  risks: (
    actor: Actor,
    vendorId?: string,
  ) => Promise<Array<QbrData['risks'][number] & Pick<Risk, 'vendorId'>>>;
  findings: (
    actor: Actor,
    vendorId: string,
  ) => Promise<Array<{ title: string; severity: string; status: string; dueOn: string }>>;
  actionItems: (
    executor: Executor,
    vendorId: string,
  ) => Promise<Array<{ title: string; ownerName: string; dueDate: string | null; status: string }>>;
  renewals: (
    actor: Actor,
    to: string,
  ) => Promise<
    Array<Pick<Renewal, 'engagementId' | 'title' | 'vendorId' | 'vendorName' | 'termEnd' | 'noticeDeadline'>>
  >;
}

export interface ReportFile {
  contentType: string;
  filename: string;
  body: Buffer | string;
}

/** The spend report, or the reason it could not be made (a missing exchange rate) said plainly. */
async function spendOrReason(run: () => Promise<SpendReport>): Promise<SpendReport | string> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.status === 422) return err.message;
    throw err;
  }
}

const RISK_LEVELS = [
  { level: 'high', min: 15 },
  { level: 'medium', min: 8 },
  { level: 'low', min: 0 },
] as const;
const levelOf = (score: number) => RISK_LEVELS.find((l) => score >= l.min)!.level;

export function createReportsService(deps: ReportsDeps) {
  async function now() {
    const org = await deps.organisation();
    const at = DateTime.fromJSDate(deps.clock.now(), { zone: org.timezone });
    return { org, today: at.toISODate()!, generatedAt: at.toFormat('yyyy-MM-dd HH:mm ZZZZ') };
  }

  async function qbrData(actor: Actor, vendorId: string, quarter: string): Promise<QbrData> {
    authorize(actor, 'report', 'read');
    const months = quarterMonths(quarter);
    if (!months) throw invalid([{ field: 'quarter', message: 'must be a quarter, YYYY-Qn' }]);
    const { org, generatedAt } = await now();
    const vendor = await deps.vendor(actor, vendorId);
    const engagements = await deps.engagementsOf(actor, vendorId);
    const ids = new Set(engagements.map((e) => e.id));
    const titles = new Map(engagements.map((e) => [e.id, e.title]));
    const scorecards: QbrData['scorecards'] = [];
    for (const e of engagements)
      for (const s of await deps.scorecards(actor, e.id))
        if ((s.period === quarter || months.includes(s.period)) && s.total !== null)
          scorecards.push({ engagement: e.title, period: s.period, status: s.status, total: s.total });
    const closed = (await deps.closedMonths(deps.db, months[0]!)).filter(
      (m) => ids.has(m.engagementId) && months.includes(m.period),
    );
    const sla = months.map((month) => {
      const of = closed.filter((c) => c.period === month);
      return {
        month,
        closed: of.length,
        evaluated: of.reduce((s, c) => s + c.evaluated, 0),
        met: of.reduce((s, c) => s + c.met, 0),
        engagements: of.map((c) => ({
          engagement: titles.get(c.engagementId) ?? c.engagementId,
          evaluated: c.evaluated,
          met: c.met,
        })),
      };
    });
    const credits = (await deps.credits(deps.db, [...ids])).filter((c) => months.includes(c.period));
    const spend = await spendOrReason(() =>
      deps.spend(actor, { groupBy: 'engagement', vendorId, from: months[0]!, to: months[2]! }),
    );
    const from = `${months[0]}-01`;
    const to = lastDayOfMonth(months[2]!);
    const invoices = (await deps.invoices(actor, vendorId))
      .filter((i) => i.periodEnd >= from && i.periodEnd <= to)
      .sort((a, b) => a.periodEnd.localeCompare(b.periodEnd) || a.number.localeCompare(b.number));
    const risks = (await deps.risks(actor, vendorId))
      .filter((r) => r.status !== 'closed')
      .sort((a, b) => b.inherentScore - a.inherentScore || a.title.localeCompare(b.title));
    const findings = (await deps.findings(actor, vendorId)).filter(
      (f) => f.status === 'open' || f.status === 'in_progress',
    );
    const actions = (await deps.actionItems(deps.db, vendorId)).filter((a) => a.status === 'open');
    return {
      organisation: org.name ?? 'Outpost',
      currency: org.currency,
      vendor: { name: vendor.name, country: vendor.country, status: vendor.status },
      quarter,
      months,
      generatedAt,
      scorecards,
      sla,
      credits: sumByCurrency(credits.map((c) => ({ currency: c.currency, amount: c.credit }))),
      spend,
      invoices,
      risks,
      findings,
      actions,
    };
  }

  async function portfolioData(actor: Actor): Promise<PortfolioData> {
    authorize(actor, 'report', 'read');
    const { org, today, generatedAt } = await now();
    const vendors = await deps.vendors(actor);
    const tiers = new Map<string, number>();
    for (const v of vendors) tiers.set(v.id, (await deps.tierOf(deps.db, v.id)).tier);
    const from = `${today.slice(0, 4)}-01`;
    const to = today.slice(0, 7);
    const byVendor = await spendOrReason(() => deps.spend(actor, { groupBy: 'vendor', from, to }));
    const byFunction = await spendOrReason(() => deps.spend(actor, { groupBy: 'function', from, to }));
    // SLA attainment over the closed months of the year to date.
    const closed = (await deps.closedMonths(deps.db, from)).filter((m) => m.period >= from && m.period <= to);
    const engagementVendor = new Map<string, string>();
    for (const v of vendors)
      for (const e of await deps.engagementsOf(actor, v.id)) engagementVendor.set(e.id, v.id);
    const sla = new Map<string, { evaluated: number; met: number }>();
    for (const c of closed) {
      const v = engagementVendor.get(c.engagementId);
      if (!v) continue;
      const s = sla.get(v) ?? { evaluated: 0, met: 0 };
      s.evaluated += c.evaluated;
      s.met += c.met;
      sla.set(v, s);
    }
    const risks = (await deps.risks(actor)).filter((r) => r.status !== 'closed');
    const horizon = addDays(today, 90);
    const renewals = (await deps.renewals(actor, horizon)).sort((a, b) =>
      a.noticeDeadline.localeCompare(b.noticeDeadline),
    );
    const spendOf = (report: SpendReport | string, key: string) =>
      typeof report === 'string' ? undefined : report.rows.find((r) => r.key === key);
    return {
      organisation: org.name ?? 'Outpost',
      currency: org.currency,
      today,
      from,
      to,
      generatedAt,
      vendors: vendors.map((v) => {
        const s = sla.get(v.id);
        const row = spendOf(byVendor, v.id);
        const mine = risks.filter((r) => r.vendorId === v.id);
        return {
          id: v.id,
          name: v.name,
          status: v.status,
          country: v.country,
          tier: tiers.get(v.id) ?? null,
          budget: row?.budget ?? 0,
          net: row?.net ?? 0,
          kpisEvaluated: s?.evaluated ?? 0,
          kpisMet: s?.met ?? 0,
          openRisks: mine.length,
          highRisks: mine.filter((r) => levelOf(r.inherentScore) === 'high').length,
          nextNoticeDeadline: renewals.find((r) => r.vendorId === v.id)?.noticeDeadline ?? null,
        };
      }),
      spendByVendor: byVendor,
      spendByFunction: byFunction,
      risks: risks.map((r) => ({ category: r.category, level: levelOf(r.inherentScore) })),
      renewals,
    };
  }

  async function portfolioCsv(actor: Actor): Promise<string> {
    const d = await portfolioData(actor);
    const missing = typeof d.spendByVendor === 'string' ? d.spendByVendor : '';
    const rows: CsvCell[][] = [
      [
        'Vendor id',
        'Vendor',
        'Status',
        'Tier',
        'Country',
        `Budget ${d.from}..${d.to} (${d.currency})`,
        `Net spend ${d.from}..${d.to} (${d.currency})`,
        'KPIs evaluated',
        'KPIs met',
        'SLA attainment %',
        'Open risks',
        'High risks',
        'Next notice deadline',
      ],
    ];
    for (const v of d.vendors)
      rows.push([
        v.id,
        v.name,
        v.status,
        v.tier ?? '',
        v.country,
        missing ? '' : csvAmount(v.budget, d.currency),
        missing ? '' : csvAmount(v.net, d.currency),
        v.kpisEvaluated,
        v.kpisMet,
        v.kpisEvaluated > 0 ? csvNumber(((v.kpisMet / v.kpisEvaluated) * 100).toFixed(1)) : '',
        v.openRisks,
        v.highRisks,
        v.nextNoticeDeadline ?? '',
      ]);
    if (missing) rows.push([], [`Spend not shown: ${missing}`]);
    return csvText(rows);
  }

  return {
    async qbr(actor: Actor, vendorId: string, quarter: string): Promise<ReportFile> {
      const data = await qbrData(actor, vendorId, quarter);
      return {
        contentType: 'application/pdf',
        filename: `qbr-${fileNamePart(data.vendor.name, 'vendor')}-${quarter}.pdf`,
        body: await renderQbrPdf(data),
      };
    },
    async portfolio(actor: Actor, format: 'pdf' | 'csv'): Promise<ReportFile> {
      const { today } = await now();
      if (format === 'csv')
        return {
          contentType: CSV_TYPE,
          filename: `portfolio-${today}.csv`,
          body: await portfolioCsv(actor),
        };
      return {
        contentType: 'application/pdf',
        filename: `portfolio-${today}.pdf`,
        body: await renderPortfolioPdf(await portfolioData(actor)),
      };
    },
  };
}

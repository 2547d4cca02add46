/**
 * The reports module as the composition root (services.ts) makes it: the reports read every
 * module through the narrow functions given here, as the caller, every page of a list; the
 * quarterly mail attaches the portfolio summary the reports make.
 */
import type { Finding, FindingListQuery } from '../../../contracts/assurance';
import type { Engagement, EngagementListQuery } from '../../../contracts/engagements';
import type { Risk, RiskListQuery } from '../../../contracts/risks';
import type { Invoice, InvoiceListQuery, Renewal, RenewalListQuery } from '../../../contracts/spend';
import type { Vendor, VendorListQuery } from '../../../contracts/vendors';
import { allPages, type PageOf } from '../../lib/pages';
import { type Actor, systemActor } from '../../policy';
import { createQuarterlyMail, type QuarterlyMailDeps } from './schedule';
import { createReportsService, type ReportFile, type ReportsDeps } from './service';

interface ReportsModuleDeps
  extends Omit<
    ReportsDeps,
    'vendors' | 'engagementsOf' | 'scorecards' | 'invoices' | 'risks' | 'findings' | 'renewals'
  > {
  listVendors(actor: Actor, query: VendorListQuery): Promise<PageOf<Vendor>>;
  listEngagements(actor: Actor, query: EngagementListQuery): Promise<PageOf<Engagement>>;
  /** An engagement's scorecards as the actor may see them (quality). */
  scorecards(
    actor: Actor,
    engagementId: string,
  ): Promise<{ items: Array<{ period: string; status: string; total: number | null }> }>;
  listInvoices(actor: Actor, query: InvoiceListQuery): Promise<PageOf<Invoice>>;
  listRisks(actor: Actor, query: RiskListQuery): Promise<PageOf<Risk>>;
  listFindings(actor: Actor, query: FindingListQuery): Promise<PageOf<Finding>>;
  renewals(actor: Actor, query: RenewalListQuery): Promise<{ items: Renewal[] }>;
}

export function createReportsModule(deps: ReportsModuleDeps) {
  const {
    listVendors,
    listEngagements,
    scorecards,
    listInvoices,
    listRisks,
    listFindings,
    renewals,
    ...rest
  } = deps;
  return createReportsService({
    ...rest,
    vendors: (actor) => allPages((cursor) => listVendors(actor, { sort: 'name', limit: 200, cursor })),
    engagementsOf: (actor, vendorId) =>
      allPages((cursor) => listEngagements(actor, { vendorId, limit: 200, sort: 'createdAt', cursor })),
    scorecards: async (actor, engagementId) => (await scorecards(actor, engagementId)).items,
    invoices: (actor, vendorId) =>
      allPages((cursor) => listInvoices(actor, { vendorId, limit: 200, cursor })),
    risks: (actor, vendorId) =>
      allPages((cursor) => listRisks(actor, { vendorId, limit: 200, sort: '-createdAt', cursor })),
    findings: (actor, vendorId) =>
      allPages((cursor) => listFindings(actor, { vendorId, limit: 200, cursor })),
    renewals: async (actor, to) => (await renewals(actor, { to })).items,
  });
}

interface ReportMailModuleDeps extends Omit<QuarterlyMailDeps, 'files'> {
  /** The portfolio summary in a format, as the actor sees it (the reports). */
  portfolio(actor: Actor, format: 'pdf' | 'csv'): Promise<ReportFile>;
}

/** The quarterly portfolio mail to owners and administrators, through the outbox. */
export function createReportMailModule({ portfolio, ...deps }: ReportMailModuleDeps) {
  return createQuarterlyMail({
    ...deps,
    // Owners and administrators see the whole portfolio: the report as the system (an owner) sees it.
    files: async () => {
      const actor = systemActor('scheduler');
      return Promise.all(
        (['pdf', 'csv'] as const).map(async (format) => {
          const f = await portfolio(actor, format);
          return { filename: f.filename, contentType: f.contentType, content: Buffer.from(f.body) };
        }),
      );
    },
  });
}

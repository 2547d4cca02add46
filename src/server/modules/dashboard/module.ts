/**
 * The dashboard module as the composition root (services.ts) makes it: it reads every module
 * through the narrow functions given here, as the caller, every page of a list.
 */
import type {
  AssessmentListQuery,
  Finding,
  FindingListQuery,
  SecurityAssessment,
} from '../../../contracts/assurance';
import type { Engagement, EngagementListQuery } from '../../../contracts/engagements';
import type { Heatmap, RiskFilters } from '../../../contracts/risks';
import type { Renewal, RenewalListQuery, SpendQuery, SpendReport } from '../../../contracts/spend';
import type { Vendor, VendorListQuery } from '../../../contracts/vendors';
import type { Executor } from '../../db/database';
import { allPages, type PageOf } from '../../lib/pages';
import type { Actor } from '../../policy';
import { createDashboardService, type DashboardDeps } from './service';

interface DashboardModuleDeps
  extends Pick<
    DashboardDeps,
    | 'db'
    | 'clock'
    | 'organisation'
    | 'tierOf'
    | 'closedMonths'
    | 'certifications'
    | 'spendSeries'
    | 'savingsOf'
  > {
  listVendors(actor: Actor, query: VendorListQuery): Promise<PageOf<Vendor>>;
  heatmap(actor: Actor, filters: RiskFilters): Promise<Heatmap>;
  renewals(actor: Actor, query: RenewalListQuery): Promise<{ items: Renewal[] }>;
  listAssessments(actor: Actor, query: AssessmentListQuery): Promise<PageOf<SecurityAssessment>>;
  listFindings(actor: Actor, query: FindingListQuery): Promise<PageOf<Finding>>;
  spendReport(actor: Actor, query: SpendQuery): Promise<SpendReport>;
  listEngagements(actor: Actor, query: EngagementListQuery): Promise<PageOf<Engagement>>;
  /** The business case and option an engagement delivers, if any (business cases). */
  linkedCase(tx: Executor, engagementId: string): Promise<unknown>;
}

export function createDashboardModule(deps: DashboardModuleDeps) {
  const {
    listVendors,
    heatmap,
    renewals,
    listAssessments,
    listFindings,
    spendReport,
    listEngagements,
    linkedCase,
    ...rest
  } = deps;
  return createDashboardService({
    ...rest,
    vendors: (actor) => allPages((cursor) => listVendors(actor, { sort: 'name', limit: 200, cursor })),
    heatmap: (actor) => heatmap(actor, {}),
    renewals: async (actor, to) => (await renewals(actor, { undecided: 'true', to })).items,
    scheduledAssessments: (actor) =>
      allPages((cursor) => listAssessments(actor, { status: 'scheduled', limit: 200, cursor })),
    overdueFindings: (actor) =>
      allPages((cursor) => listFindings(actor, { overdue: 'true', limit: 200, cursor })),
    spendByMonth: (actor, from, to) => spendReport(actor, { groupBy: 'month', from, to }),
    async linkedEngagements(actor) {
      const list = await allPages((cursor) =>
        listEngagements(actor, { limit: 200, sort: 'createdAt', cursor }),
      );
      const out: Array<{ id: string; title: string }> = [];
      for (const e of list) if (await linkedCase(deps.db, e.id)) out.push({ id: e.id, title: e.title });
      return out;
    },
  });
}

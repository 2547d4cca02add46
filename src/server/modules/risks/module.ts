/**
 * The risks module as the composition root (services.ts) makes it: the register, and the
 * automatic signals with their sources, each reading its module through the narrow functions
 * given here (as the system, every page of a list).
 */
import type {
  AccessReview,
  AccessReviewListQuery,
  Finding,
  FindingListQuery,
} from '../../../contracts/assurance';
import type { Certification } from '../../../contracts/diligence';
import type { Engagement, EngagementListQuery } from '../../../contracts/engagements';
import type { Renewal, RenewalListQuery } from '../../../contracts/spend';
import type { Vendor, VendorListQuery } from '../../../contracts/vendors';
import type { Executor } from '../../db/database';
import { allPages, type PageOf } from '../../lib/pages';
import { type Actor, systemActor } from '../../policy';
import type { RiskDeps } from './context';
import { createRiskService } from './service';
import {
  accessReviewOverdueSource,
  certificateExpirySource,
  concentrationSource,
  dpaMissingSource,
  exitPlanSource,
  findingOverdueSource,
  renewalSource,
  sanctionsMatchSource,
  slaBreachSource,
} from './sources';

/** What the signal sources read of other modules. */
interface SignalReads {
  listVendors(actor: Actor, query: VendorListQuery): Promise<PageOf<Vendor>>;
  certifications(actor: Actor, vendorId: string): Promise<Certification[]>;
  /** Closed client SLA months since a month (quality). */
  closedMonths: Parameters<typeof slaBreachSource>[0]['closedMonths'];
  renewals(actor: Actor, query: RenewalListQuery): Promise<{ items: Renewal[] }>;
  /** Shares of outsourced spend per vendor and country (spend). */
  spendShares: Parameters<typeof concentrationSource>[0]['shares'];
  listFindings(actor: Actor, query: FindingListQuery): Promise<PageOf<Finding>>;
  listReviews(actor: Actor, query: AccessReviewListQuery): Promise<PageOf<AccessReview>>;
  /** Vendors that share personal data without a current DPA (data sharing). */
  dataProtection(
    actor: Actor,
  ): Promise<{ missingDpa: Array<{ vendorId: string; vendorName: string; entries: number }> }>;
  listEngagements(actor: Actor, query: EngagementListQuery): Promise<PageOf<Engagement>>;
  /** The vendor's risk tier (data sharing). */
  tierOf(executor: Executor, vendorId: string): Promise<{ tier: 1 | 2 | 3 | 4 }>;
  /** An engagement's exit-plan readiness, or null without a plan (spend). */
  exitPlanReadiness(executor: Executor, engagementId: string): Promise<unknown>;
  /** Sanctions screening hits confirmed as true matches (screening). */
  sanctionsMatches: Parameters<typeof sanctionsMatchSource>[0]['trueMatches'];
}

interface RisksModuleDeps extends RiskDeps {
  signals: SignalReads;
}

export function createRisksModule({ signals: reads, ...deps }: RisksModuleDeps) {
  const risks = createRiskService(deps);
  const actor = systemActor('risks');
  const { db, engagement } = deps;
  const register = risks.signals.register;

  register(
    certificateExpirySource({
      activeVendors: () =>
        allPages((cursor) =>
          reads.listVendors(actor, { status: 'active', sort: 'name', limit: 200, cursor }),
        ),
      certifications: (vendorId) => reads.certifications(actor, vendorId),
    }),
  );
  register(slaBreachSource({ closedMonths: reads.closedMonths, engagement }));
  register(
    renewalSource({
      async undecidedInNotice() {
        const { items } = await reads.renewals(actor, { undecided: 'true', to: '9999-12-31' });
        return items.filter((r) => r.inNoticePeriod && r.decision === null);
      },
    }),
  );
  register(concentrationSource({ shares: reads.spendShares, thresholds: risks.thresholds }));
  register(
    findingOverdueSource({
      overdueFindings: () =>
        allPages((cursor) => reads.listFindings(actor, { overdue: 'true', limit: 200, cursor })),
    }),
  );
  register(
    accessReviewOverdueSource({
      overdueReviews: () =>
        allPages((cursor) => reads.listReviews(actor, { overdue: 'true', limit: 200, cursor })),
      engagementVendor: async (id) => (await engagement(db, id))?.vendorId,
    }),
  );
  register(dpaMissingSource({ missingDpa: async () => (await reads.dataProtection(actor)).missingDpa }));
  register(
    exitPlanSource({
      // Tier-1 vendors' engagements in force, each vendor's tier read once.
      async tierOneEngagements(executor) {
        const inForce = (
          await allPages((cursor) => reads.listEngagements(actor, { sort: 'createdAt', limit: 200, cursor }))
        ).filter((e) => e.status === 'active' || e.status === 'on_hold');
        const tiers = new Map<string, number>();
        const out: Array<{ engagementId: string; title: string; vendorId: string; vendorName: string }> = [];
        for (const e of inForce) {
          if (!tiers.has(e.vendorId)) tiers.set(e.vendorId, (await reads.tierOf(executor, e.vendorId)).tier);
          if (tiers.get(e.vendorId) === 1)
            out.push({ engagementId: e.id, title: e.title, vendorId: e.vendorId, vendorName: e.vendorName });
        }
        return out;
      },
      hasExitPlan: async (executor, id) => (await reads.exitPlanReadiness(executor, id)) !== null,
    }),
  );
  register(sanctionsMatchSource({ trueMatches: reads.sanctionsMatches }));
  return risks;
}

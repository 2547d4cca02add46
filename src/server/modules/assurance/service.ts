/**
 * Assurance: access grants and review campaigns, security assessments scheduled from the risk
 * tier, and findings to remediation (each part in its own file), plus the settings and the
 * scheduled runs.
 */
import type { AssuranceSettings } from '../../../contracts/assurance';
import type { Executor } from '../../db/database';
import type { Actor } from '../../policy';
import { createAssessmentService } from './assessments';
import { type AssuranceDeps, createContext } from './context';
import { createFindingService } from './findings';
import { createGrantService } from './grants';
import * as repo from './repository';
import { createReviewService } from './reviews';

export type { AssuranceDeps } from './context';

export function createAssuranceService(deps: AssuranceDeps) {
  const ctx = createContext(deps);
  const grants = createGrantService(ctx);
  const reviews = createReviewService(ctx, grants);
  const assessments = createAssessmentService(ctx);
  const findings = createFindingService(ctx);

  return {
    grants,
    reviews,
    assessments,
    findings,

    getSettings: ctx.settingsStore.get,
    putSettings: (actor: Actor, value: AssuranceSettings) => ctx.settingsStore.put(actor, value),

    /** The scheduler's runs: overdue events (once each), expired acceptances, recurring campaigns. */
    jobs: {
      /** Expired acceptances reopen first, so that a reopened finding past its new date is announced too. */
      async overdue() {
        const { reopened } = await findings.runAcceptanceExpiry();
        const f = await findings.runOverdue();
        const r = await reviews.runOverdue();
        return { reopened, findingsOverdue: f.published, reviewsOverdue: r.published };
      },
      overdueReviews: () => reviews.runOverdue(),
      overdueFindings: () => findings.runOverdue(),
      acceptanceExpiry: () => findings.runAcceptanceExpiry(),
      recurringReviews: () => reviews.runRecurring(),
    },

    /** Grants, assessments and findings of a vendor (a vendor with them is not deleted). */
    countForVendor: repo.countForVendor,

    /**
     * The open access grants an exit revokes: the engagement's own and the vendor's grants not
     * tied to an engagement (no permission check: the caller checks).
     */
    async openGrantsForExit(tx: Executor, engagement: { id: string; vendorId: string }) {
      const rows = await repo.openGrants(tx, { vendorId: engagement.vendorId });
      return rows
        .filter((g) => g.engagementId === engagement.id || g.engagementId === null)
        .map((g) => ({ id: g.id, label: `${g.system} (${g.accessLevel})` }));
    },
  };
}

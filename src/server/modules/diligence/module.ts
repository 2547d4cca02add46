/**
 * The diligence module as the composition root (services.ts) makes it, from narrow functions of
 * the modules it reads: the risk tier and the DPAs (data sharing), completed assessments
 * (questionnaires), the vendor's engagements, their closed SLA months and scorecards.
 */
import type { Engagement, EngagementListQuery } from '../../../contracts/engagements';
import type { Executor } from '../../db/database';
import { allPages, type PageOf } from '../../lib/pages';
import { type Actor, systemActor } from '../../policy';
import type { DiligenceDeps } from './context';
import { createDiligenceService } from './service';

interface DiligenceModuleDeps
  extends Omit<DiligenceDeps, 'tierOf' | 'completedAssessments' | 'dpas' | 'engagementsOf'> {
  /** The vendor's risk tier (data sharing), no permission check. */
  tierOf: (executor: Executor, vendorId: string) => Promise<{ tier: 1 | 2 | 3 | 4 }>;
  /** Completed assessments of a vendor with their score and open flags, newest first (questionnaires). */
  completedAssessments: (
    executor: Executor,
    vendorId: string,
  ) => Promise<Array<{ score: number | null; openFlags: number }>>;
  /** The vendor's agreements as the actor may see them (data sharing). */
  agreements: (
    actor: Actor,
    vendorId: string,
  ) => Promise<Array<{ type: string; status: 'pending' | 'current' | 'expired' }>>;
  /** A page of engagements as the actor may see them. */
  listEngagements: (actor: Actor, query: EngagementListQuery) => Promise<PageOf<Engagement>>;
}

export function createDiligenceModule(deps: DiligenceModuleDeps) {
  const { tierOf, completedAssessments, agreements, listEngagements, ...rest } = deps;
  const { db } = rest;
  const system = systemActor('diligence');
  return createDiligenceService({
    ...rest,
    tierOf: async (vendorId) => (await tierOf(db, vendorId)).tier,
    completedAssessments: (vendorId) => completedAssessments(db, vendorId),
    // Agreements are read as the system: the checklist asks whether a current DPA exists at all.
    async dpas(vendorId) {
      const all = await agreements(system, vendorId);
      return all.filter((a) => a.type === 'dpa').map((a) => ({ status: a.status }));
    },
    engagementsOf: (actor, vendorId) =>
      allPages((cursor) => listEngagements(actor, { vendorId, limit: 200, sort: '-startDate', cursor })),
  });
}

/** The sourcing module as the composition root (services.ts) makes it. */
import type { Executor } from '../../db/database';
import { createSourcingService, type SourcingDeps } from './service';

interface SourcingModuleDeps extends Omit<SourcingDeps, 'questionnaire'> {
  /** A vendor's completed assessments with their score and open flags, newest first (questionnaires). */
  completedAssessments: (
    executor: Executor,
    vendorId: string,
  ) => Promise<Array<{ score: number | null; openFlags: number }>>;
}

export function createSourcingModule({ completedAssessments, ...deps }: SourcingModuleDeps) {
  return createSourcingService({
    ...deps,
    // The latest completed assessment is the one the comparison shows.
    questionnaire: async (vendorId) => (await completedAssessments(deps.db, vendorId))[0] ?? null,
  });
}

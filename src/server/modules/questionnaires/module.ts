/** The questionnaires module as the composition root (services.ts) makes it. */
import type { Executor } from '../../db/database';
import { createQuestionnaireService, type QuestionnaireDeps } from './service';

export function createQuestionnairesModule(deps: QuestionnaireDeps) {
  const service = createQuestionnaireService(deps);
  return {
    ...service,
    /** A vendor's completed assessments with their score and open flags, newest first (no permission check). */
    async completed(executor: Executor, vendorId: string) {
      return (await service.completedOf(executor, vendorId)).map((a) => ({
        score: a.score === null ? null : Number(a.score),
        openFlags: Number(a.openFlags),
      }));
    },
  };
}

/** The assurance module (access grants and reviews, security assessments, findings) as the composition root makes it. */
import { type AssuranceDeps, createAssuranceService } from './service';

export const createAssuranceModule = (deps: AssuranceDeps) => createAssuranceService(deps);

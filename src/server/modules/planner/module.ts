/** The planner as the composition root (services.ts) makes it: it sees the organisation and a vendor's facts. */
import { createPlannerService, type PlannerDeps } from './service';

export const createPlannerModule = (deps: PlannerDeps) => createPlannerService(deps);

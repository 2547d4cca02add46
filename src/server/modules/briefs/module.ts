/** The partner brief as the composition root (services.ts) makes it: vendors, settings and the planner, through their interfaces. */
import { type BriefDeps, createBriefService } from './service';

export const createBriefsModule = (deps: BriefDeps) => createBriefService(deps);

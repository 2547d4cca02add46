/**
 * The screening module as the composition root (services.ts) makes it: right after accounts, so
 * that engagements (new engagements), data sharing (sub-processors) and the vendor life cycle
 * (approval, names, contacts) can ask it, and risks can read its true matches.
 */
import { createScreeningService, type ScreeningDeps } from './service';

export const createScreeningModule = (deps: ScreeningDeps) => createScreeningService(deps);

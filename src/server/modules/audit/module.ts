/** The audit module as the composition root (services.ts) makes it: the trail every change writes into. */
import { createAuditService } from './service';

export const createAuditModule = (deps: Parameters<typeof createAuditService>[0]) => createAuditService(deps);

/** Message threads as the composition root (services.ts) makes them. */
import { createMessagingService, type MessagingDeps } from './service';

export const createMessagingModule = (deps: MessagingDeps) => createMessagingService(deps);

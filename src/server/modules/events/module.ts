/** The event bus as the composition root (services.ts) makes it: changes publish in their transaction. */
import { createEventBus } from './service';

export const createEventsModule = (deps: Parameters<typeof createEventBus>[0]) => createEventBus(deps);

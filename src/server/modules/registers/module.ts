/** The DORA register as the composition root (services.ts) makes it: its own functions and settings, the rest through narrow reads of the owners. */
import { createRegisterService, type RegisterDeps } from './service';

export const createRegistersModule = (deps: RegisterDeps) => createRegisterService(deps);

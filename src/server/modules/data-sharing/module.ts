/** The data-sharing register as the composition root (services.ts) makes it. */
import { createDataSharingService, type DataSharingDeps } from './service';

export const createDataSharingModule = (deps: DataSharingDeps) => createDataSharingService(deps);

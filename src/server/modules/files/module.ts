/** The files module as the composition root (services.ts) makes it: encrypted uploads other records attach. */
import { createFileService, type FileDeps } from './service';

export const createFilesModule = (deps: FileDeps) => createFileService(deps);

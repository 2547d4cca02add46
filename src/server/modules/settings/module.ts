/** The settings module as the composition root (services.ts) makes it: the organisation and its settings. */
import { createSettingsService } from './service';

export const createSettingsModule = (deps: Parameters<typeof createSettingsService>[0]) =>
  createSettingsService(deps);

/** Personal data of people as the composition root (services.ts) makes it, with the modules' holders registered. */
import type { PersonalDataHolder } from './registry';
import { createPrivacyService } from './service';

export function createPrivacyModule({
  holders,
  ...deps
}: Parameters<typeof createPrivacyService>[0] & { holders: PersonalDataHolder[] }) {
  const privacy = createPrivacyService(deps);
  for (const holder of holders) privacy.register(holder);
  return privacy;
}

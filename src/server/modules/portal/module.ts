/** Vendor-portal invitations as the composition root (services.ts) makes them. */
import { createPortalService, type PortalDeps } from './service';

export function createPortalModule({
  findUserByEmail,
  ...deps
}: Omit<PortalDeps, 'emailTaken'> & {
  /** The user with this email, if any (accounts). */
  findUserByEmail: (email: string) => Promise<unknown>;
}) {
  return createPortalService({
    ...deps,
    emailTaken: async (email) => (await findUserByEmail(email)) !== undefined,
  });
}

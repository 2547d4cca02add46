/** The escalation matrix as the composition root (services.ts) makes it. */
import { type Actor, systemActor } from '../../policy';
import { createEscalationService, type EscalationDeps } from './service';

export function createEscalationsModule({
  listContacts,
  ...deps
}: Omit<EscalationDeps, 'vendorContacts'> & {
  /** A vendor's contacts as the actor may see them (vendors). */
  listContacts: (actor: Actor, vendorId: string) => ReturnType<EscalationDeps['vendorContacts']>;
}) {
  const system = systemActor('escalations');
  return createEscalationService({ ...deps, vendorContacts: (vendorId) => listContacts(system, vendorId) });
}

/**
 * Personal data in the portal: invitations sent to the person's email at their vendor. An erasure
 * replaces the invitee's name and email (each invitation gets its own undeliverable address).
 */
import type { PersonalDataHolder } from '../privacy/registry';
import { ERASED_NAME, erasedEmail } from '../privacy/rules';
import * as repo from './repository';

export const invitationsHolder: PersonalDataHolder = {
  name: 'portal',
  description: 'Invitations to the vendor portal sent to the person’s email.',
  async export(tx, s) {
    return s.email ? repo.invitationsTo(tx, s.vendorId, s.email) : [];
  },
  async erase(tx, s) {
    const rows = await this.export(tx, s);
    for (const r of rows) await repo.renameInvitee(tx, String(r.id), ERASED_NAME, erasedEmail(String(r.id)));
    return rows.length;
  },
};

/**
 * Personal data in assurance: the access grants a vendor contact holds (which systems, at what
 * level, since and until when). Registered with the privacy service so a subject-access export
 * lists them. Erasure changes nothing here: a grant names the person only by the contact's id,
 * and the contact row itself is anonymised; the grants stay, since who could reach which system
 * is the organisation's own security record.
 */
import type { PersonalDataHolder } from '../privacy/registry';
import * as repo from './repository';

export const accessGrantsHolder: PersonalDataHolder = {
  name: 'access grants',
  description: 'Access to the organisation’s systems granted to the person (by contact id), open or revoked.',
  async export(tx, s) {
    const rows = await repo.grantsOfContact(tx, s.vendorId, s.contactId);
    return rows.map((r) => ({ kind: 'access_grant', ...r }));
  },
  async erase() {
    return 0;
  },
};

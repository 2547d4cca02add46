/**
 * Personal data in diligence: reference checks that name the person (by email) as the referee's
 * contact. An erasure clears the contact's name, email and phone; the reference itself stays.
 */
import type { PersonalDataHolder } from '../privacy/registry';
import * as repo from './repository';

export const referencesHolder: PersonalDataHolder = {
  name: 'diligence',
  description: 'Reference checks that name the person (by email) as the contact.',
  async export(tx, s) {
    return s.email ? repo.referencesNaming(tx, s.email) : [];
  },
  async erase(tx, s) {
    const rows = await this.export(tx, s);
    for (const r of rows)
      await repo.updateReference(tx, String(r.id), {
        contactName: null,
        contactEmail: null,
        contactPhone: null,
      });
    return rows.length;
  },
};

/**
 * Personal data in vendors: the contact row itself, which is who a subject-access request is
 * about. The privacy service finds the person here and runs this holder last, after the holders
 * that find the person by the contact's email.
 */
import type { PersonalDataHolder, SubjectSource } from '../privacy/registry';
import { ERASED_NAME } from '../privacy/rules';
import * as repo from './repository';

const contactHolder: PersonalDataHolder = {
  name: 'vendors',
  description: 'The vendor contact: name, email, phone, role and time zone.',
  async export(tx, s) {
    const c = await repo.contactById(tx, s.contactId);
    return c ? [c] : [];
  },
  async erase(tx, s, erasedAt) {
    await repo.updateContact(tx, s.contactId, {
      name: ERASED_NAME,
      email: null,
      phone: null,
      role: null,
      timezone: null,
      updatedAt: erasedAt,
    });
    return 1;
  },
};

export const contactSubjects: SubjectSource = {
  async find(tx, contactId) {
    const c = await repo.contactById(tx, contactId);
    if (!c) return undefined;
    return {
      contactId: c.id,
      vendorId: c.vendorId,
      name: c.name,
      email: c.email ? c.email.trim().toLowerCase() : null,
      erased: c.name === ERASED_NAME && c.email === null,
    };
  },
  holder: contactHolder,
};

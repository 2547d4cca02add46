/**
 * Personal data in the audit trail: the events about the contact, listed by id only. An erasure
 * changes nothing here: an event's recorded values cannot change without breaking the hash chain
 * (see docs/security.md, "Personal data"); the erasure itself is recorded as a new event.
 */
import type { PersonalDataHolder } from '../privacy/registry';
import * as repo from './repository';

export const auditHolder: PersonalDataHolder = {
  name: 'audit',
  description:
    'Audit events about the contact (ids only). Values recorded in events before an erasure stay in the ' +
    'tamper-evident trail, readable by owners, admins and auditors only.',
  async export(tx, s) {
    return (await repo.eventsAboutContact(tx, s.contactId)).map((r) => ({ ...r, seq: Number(r.seq) }));
  },
  async erase() {
    return 0;
  },
};

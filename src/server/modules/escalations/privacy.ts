/**
 * Personal data in escalations: the engagement escalation levels that list the person as a vendor
 * contact. An erasure replaces their name there; the level keeps naming the contact by id.
 */

import type { Executor } from '../../db/database';
import type { PersonalDataHolder, Subject } from '../privacy/registry';
import { ERASED_NAME, parseOr } from '../privacy/rules';
import * as repo from './repository';

type Named = { id: string; name?: string };

async function levelsListing(tx: Executor, s: Subject) {
  return (await repo.levelsNaming(tx, s.contactId))
    .map((r) => ({ ...r, level: Number(r.level), vendorContacts: parseOr<Named[]>(r.vendorContacts, []) }))
    .filter((r) => r.vendorContacts.some((p) => p.id === s.contactId));
}

export const escalationsHolder: PersonalDataHolder = {
  name: 'escalations',
  description: 'Escalation levels of engagements that name the person as a vendor contact.',
  async export(tx, s) {
    return (await levelsListing(tx, s)).map((r) => ({
      engagementId: r.engagementId,
      level: r.level,
      title: r.title,
      listedAs: r.vendorContacts.find((p) => p.id === s.contactId),
    }));
  },
  async erase(tx, s) {
    const rows = await levelsListing(tx, s);
    for (const r of rows) {
      const next = r.vendorContacts.map((p) => (p.id === s.contactId ? { ...p, name: ERASED_NAME } : p));
      await repo.setVendorContacts(tx, r.engagementId, r.level, JSON.stringify(next));
    }
    return rows.length;
  },
};

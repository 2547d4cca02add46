/**
 * Personal data in meetings: vendor contacts named as series attendees (name, email) and as
 * action-item owners. Registered with the privacy service, so a subject-access export lists them
 * and an erasure anonymises them (the rows keep the contact's id, not their name or email).
 */
import type { Executor } from '../../db/database';
import { fromJson, toJson } from '../../db/database';
import type { PersonalDataHolder, Subject } from '../privacy/registry';
import { ERASED_NAME } from '../privacy/rules';
import * as repo from './repository';

type Named = { type: string; id: string; name: string; email: string | null };

async function seriesNaming(tx: Executor, s: Subject) {
  return (await repo.seriesNamingContact(tx, s.vendorId, s.contactId))
    .map((r) => ({ ...r, people: fromJson<Named[]>(r.attendees, []) }))
    .filter((r) => r.people.some((p) => p.type === 'contact' && p.id === s.contactId));
}

const actionsOwned = (tx: Executor, s: Subject) => repo.actionsOwnedByContact(tx, s.vendorId, s.contactId);

export const meetingsHolder: PersonalDataHolder = {
  name: 'meetings',
  description: 'Meeting series that list the person as an attendee, and action items they own.',
  async export(tx, s) {
    const series = (await seriesNaming(tx, s)).map((r) => ({
      kind: 'meeting_series_attendee',
      seriesId: r.id,
      engagementId: r.engagementId,
      title: r.title,
      listedAs: r.people.find((p) => p.id === s.contactId),
    }));
    const actions = (await actionsOwned(tx, s)).map((a) => ({ kind: 'action_item', ...a }));
    return [...series, ...actions];
  },
  async erase(tx, s) {
    let n = 0;
    for (const r of await seriesNaming(tx, s)) {
      const next = r.people.map((p) =>
        p.type === 'contact' && p.id === s.contactId ? { ...p, name: ERASED_NAME, email: null } : p,
      );
      await repo.setSeriesAttendees(tx, r.id, toJson(next));
      n++;
    }
    const actions = await actionsOwned(tx, s);
    if (actions.length)
      await repo.renameActionOwners(
        tx,
        actions.map((a) => a.id),
        ERASED_NAME,
      );
    return n + actions.length;
  },
};

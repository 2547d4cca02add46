/**
 * Personal data in meetings: vendor contacts named as series attendees (name, email) and as
 * action-item owners. Registered with the privacy service, so a subject-access export lists them
 * and an erasure anonymises them (the rows keep the contact's id, not their name or email).
 */
import type { Executor } from '../../db/database';
import { fromJson, toJson } from '../../db/database';
import { ERASED_NAME, type PersonalDataHolder, type Subject } from '../privacy/registry';

type Named = { type: string; id: string; name: string; email: string | null };

async function seriesNaming(tx: Executor, s: Subject) {
  const rows = await tx
    .selectFrom('meetingSeries')
    .select(['id', 'engagementId', 'title', 'attendees'])
    .where('vendorId', '=', s.vendorId)
    .where('attendees', 'like', `%${s.contactId}%`)
    .execute();
  return rows
    .map((r) => ({ ...r, people: fromJson<Named[]>(r.attendees, []) }))
    .filter((r) => r.people.some((p) => p.type === 'contact' && p.id === s.contactId));
}

const actionsOwned = (tx: Executor, s: Subject) =>
  tx
    .selectFrom('actionItems')
    .select(['id', 'seriesId', 'title', 'ownerName', 'ownerEmail', 'dueDate', 'status'])
    .where('vendorId', '=', s.vendorId)
    .where('ownerType', '=', 'contact')
    .where('ownerId', '=', s.contactId)
    .execute();

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
      await tx
        .updateTable('meetingSeries')
        .set({ attendees: toJson(next) })
        .where('id', '=', r.id)
        .execute();
      n++;
    }
    const actions = await actionsOwned(tx, s);
    if (actions.length)
      await tx
        .updateTable('actionItems')
        .set({ ownerName: ERASED_NAME, ownerEmail: null })
        .where(
          'id',
          'in',
          actions.map((a) => a.id),
        )
        .execute();
    return n + actions.length;
  },
};

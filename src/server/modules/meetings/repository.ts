/** The only code that touches the meeting tables; a vendor user's scope is part of every query. */
import type { Executor } from '../../db/database';
import type { ActionItemRow, MeetingRow, MeetingSeriesRow } from '../../db/schema';
import type { Scope } from '../../policy';

export const insertSeries = (db: Executor, row: MeetingSeriesRow) =>
  db.insertInto('meetingSeries').values(row).execute();

export function findSeries(db: Executor, scope: Scope, id: string) {
  let q = db.selectFrom('meetingSeries').selectAll().where('id', '=', id);
  if (scope.vendorId) q = q.where('vendorId', '=', scope.vendorId);
  return q.executeTakeFirst();
}

export const seriesOfEngagement = (db: Executor, engagementId: string) =>
  db
    .selectFrom('meetingSeries')
    .selectAll()
    .where('engagementId', '=', engagementId)
    .orderBy('createdAt')
    .orderBy('id')
    .limit(500)
    .execute();

/** The series an internal user attends. */
export const seriesAttendedBy = (db: Executor, userId: string) =>
  db
    .selectFrom('meetingSeries')
    .selectAll()
    .where('attendeeUserIds', 'like', `% ${userId} %`)
    .limit(1000)
    .execute();

export const seriesOfVendor = (db: Executor, vendorId: string) =>
  db.selectFrom('meetingSeries').selectAll().where('vendorId', '=', vendorId).limit(1000).execute();

export const findMeeting = (db: Executor, seriesId: string, date: string) =>
  db
    .selectFrom('meetings')
    .selectAll()
    .where('seriesId', '=', seriesId)
    .where('date', '=', date)
    .executeTakeFirst();

export const meetingsBetween = (db: Executor, seriesId: string, from: string, to: string) =>
  db
    .selectFrom('meetings')
    .selectAll()
    .where('seriesId', '=', seriesId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();

/**
 * A meeting of a series on a date, created if missing, its row locked until the transaction ends
 * (PostgreSQL; SQLite runs one transaction at a time): two first writes to the same meeting make one
 * row (the second insert waits on the first and then does nothing), and each edit reads the agenda
 * and minutes the one before it wrote.
 */
export async function ensureMeeting(db: Executor, row: MeetingRow): Promise<MeetingRow> {
  await db
    .insertInto('meetings')
    .values(row)
    .onConflict((oc) => oc.columns(['seriesId', 'date']).doNothing())
    .execute();
  return db
    .selectFrom('meetings')
    .selectAll()
    .where('seriesId', '=', row.seriesId)
    .where('date', '=', row.date)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export const updateMeeting = (db: Executor, id: string, patch: Partial<MeetingRow>) =>
  db.updateTable('meetings').set(patch).where('id', '=', id).execute();

export const insertAction = (db: Executor, row: ActionItemRow) =>
  db.insertInto('actionItems').values(row).execute();

/**
 * Lock an action item's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a
 * time): a concurrent change waits, so each change's audit entry starts from what the one before wrote.
 */
export const lockAction = (db: Executor, id: string) =>
  db.selectFrom('actionItems').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export function findAction(db: Executor, scope: Scope, id: string) {
  let q = db.selectFrom('actionItems').selectAll().where('id', '=', id);
  if (scope.vendorId) q = q.where('vendorId', '=', scope.vendorId);
  return q.executeTakeFirst();
}

export const updateAction = (db: Executor, id: string, patch: Partial<ActionItemRow>) =>
  db.updateTable('actionItems').set(patch).where('id', '=', id).execute();

/** A vendor's open action items, by due date (the quarterly report). */
export const openActionsOfVendor = (db: Executor, vendorId: string) =>
  db
    .selectFrom('actionItems')
    .select(['title', 'ownerName', 'dueDate', 'status'])
    .where('vendorId', '=', vendorId)
    .where('status', '=', 'open')
    .orderBy('dueDate')
    .orderBy('title')
    .execute();

export const actionsOfMeetings = (db: Executor, meetingIds: string[]) =>
  meetingIds.length
    ? db
        .selectFrom('actionItems')
        .selectAll()
        .where('meetingId', 'in', meetingIds)
        .orderBy('createdAt')
        .orderBy('id')
        .execute()
    : Promise.resolve([] as ActionItemRow[]);

/** An owner's action items, soonest due first (undated last), with their meeting's date. */
export function actionsOwnedBy(
  db: Executor,
  scope: Scope,
  owner: { id: string } | { contactEmail: string },
  status?: string,
) {
  let q = db
    .selectFrom('actionItems')
    .innerJoin('meetings', 'meetings.id', 'actionItems.meetingId')
    .selectAll('actionItems')
    .select('meetings.date as meetingDate');
  q =
    'id' in owner
      ? q.where('actionItems.ownerId', '=', owner.id)
      : q
          .where('actionItems.ownerType', '=', 'contact')
          .where('actionItems.ownerEmail', '=', owner.contactEmail);
  if (status) q = q.where('actionItems.status', '=', status);
  if (scope.vendorId) q = q.where('actionItems.vendorId', '=', scope.vendorId);
  return q
    .orderBy((eb) => eb.case().when('actionItems.dueDate', 'is', null).then(1).else(0).end())
    .orderBy('actionItems.dueDate')
    .orderBy('actionItems.createdAt')
    .limit(1000)
    .execute();
}

export const seriesByIds = (db: Executor, ids: string[]) =>
  ids.length
    ? db.selectFrom('meetingSeries').selectAll().where('id', 'in', ids).execute()
    : Promise.resolve([] as MeetingSeriesRow[]);

export const meetingsByIds = (db: Executor, ids: string[]) =>
  ids.length
    ? db.selectFrom('meetings').selectAll().where('id', 'in', ids).execute()
    : Promise.resolve([] as MeetingRow[]);

/** Replace a user's calendar token (one per user: regenerating revokes the old address). */
export async function putCalendarToken(db: Executor, userId: string, tokenHash: string, at: string) {
  await db.deleteFrom('calendarTokens').where('userId', '=', userId).execute();
  await db.insertInto('calendarTokens').values({ userId, tokenHash, createdAt: at }).execute();
}

export const calendarTokenByHash = (db: Executor, tokenHash: string) =>
  db.selectFrom('calendarTokens').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();

export const calendarTokenOf = (db: Executor, userId: string) =>
  db.selectFrom('calendarTokens').selectAll().where('userId', '=', userId).executeTakeFirst();

export const deleteCalendarToken = (db: Executor, userId: string) =>
  db.deleteFrom('calendarTokens').where('userId', '=', userId).execute();

// Personal data (see privacy.ts)

/** A vendor's series whose attendees may list the contact (a text match: the caller checks the parsed list). */
export const seriesNamingContact = (db: Executor, vendorId: string, contactId: string) =>
  db
    .selectFrom('meetingSeries')
    .select(['id', 'engagementId', 'title', 'attendees'])
    .where('vendorId', '=', vendorId)
    .where('attendees', 'like', `%${contactId}%`)
    .execute();

export const setSeriesAttendees = (db: Executor, id: string, attendees: string) =>
  db.updateTable('meetingSeries').set({ attendees }).where('id', '=', id).execute();

export const actionsOwnedByContact = (db: Executor, vendorId: string, contactId: string) =>
  db
    .selectFrom('actionItems')
    .select(['id', 'seriesId', 'title', 'ownerName', 'ownerEmail', 'dueDate', 'status'])
    .where('vendorId', '=', vendorId)
    .where('ownerType', '=', 'contact')
    .where('ownerId', '=', contactId)
    .execute();

/** Replace the owner's name and drop their email on these action items. */
export const renameActionOwners = (db: Executor, ids: string[], ownerName: string) =>
  db.updateTable('actionItems').set({ ownerName, ownerEmail: null }).where('id', 'in', ids).execute();

/** The only code that touches the holiday_calendars and holiday_calendar_days tables. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { paginate } from '../../db/pagination';
import type { HolidayCalendarDayRow, HolidayCalendarRow } from '../../db/schema';
import type { Scope } from '../../policy';

/** A calendar as the scope may see it: a vendor user only their own vendor's. */
export function find(db: Executor, scope: Scope, id: string) {
  let q = db.selectFrom('holidayCalendars').selectAll().where('id', '=', id);
  if (scope.vendorId) q = q.where('vendorId', '=', scope.vendorId);
  return q.executeTakeFirst();
}

/** Calendars in creation order; `owner` a vendor id or null for the organisation's, undefined for all. */
export function list(
  db: Executor,
  scope: Scope,
  owner: string | null | undefined,
  limit: number,
  cursor: string | undefined,
) {
  let q = db.selectFrom('holidayCalendars').selectAll();
  if (scope.vendorId) q = q.where('vendorId', '=', scope.vendorId);
  if (owner === null) q = q.where('vendorId', 'is', null);
  else if (owner !== undefined) q = q.where('vendorId', '=', owner);
  return paginate(
    q,
    { column: 'id', direction: 'asc', idColumn: 'id', valueType: 'text' },
    limit,
    cursor,
  ).execute();
}

/** The calendars of one owner (a vendor, or null for the organisation), oldest first. */
export const ofOwner = (db: Executor, vendorId: string | null) =>
  (vendorId === null
    ? db.selectFrom('holidayCalendars').selectAll().where('vendorId', 'is', null)
    : db.selectFrom('holidayCalendars').selectAll().where('vendorId', '=', vendorId)
  )
    .orderBy('id')
    .execute();

export const insert = (db: Executor, row: HolidayCalendarRow) =>
  db.insertInto('holidayCalendars').values(row).execute();

export const update = (
  db: Executor,
  id: string,
  set: Partial<Pick<HolidayCalendarRow, 'name' | 'country' | 'region' | 'updatedAt'>>,
) => db.updateTable('holidayCalendars').set(set).where('id', '=', id).execute();

export const remove = (db: Executor, id: string) =>
  db.deleteFrom('holidayCalendars').where('id', '=', id).execute();

const year = sql<string>`substr(date, 1, 4)`;

/** Per calendar, year and kind: how many days. */
export const counts = (db: Executor, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('holidayCalendarDays')
        .select(['calendarId', 'kind', year.as('year'), (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('calendarId', 'in', ids)
        .groupBy(['calendarId', 'kind', year])
        .execute();

/** The days of a calendar from..to (dates, inclusive), by date. */
export const daysBetween = (db: Executor, calendarId: string, from: string, to: string) =>
  db
    .selectFrom('holidayCalendarDays')
    .selectAll()
    .where('calendarId', '=', calendarId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .execute();

export const findDay = (db: Executor, calendarId: string, date: string) =>
  db
    .selectFrom('holidayCalendarDays')
    .selectAll()
    .where('calendarId', '=', calendarId)
    .where('date', '=', date)
    .executeTakeFirst();

/** Write a day, replacing what the calendar had on that date. */
export const putDay = (db: Executor, row: HolidayCalendarDayRow) =>
  db
    .insertInto('holidayCalendarDays')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['calendarId', 'date'])
        .doUpdateSet({ kind: row.kind, name: row.name, source: row.source, updatedAt: row.updatedAt }),
    )
    .execute();

export const deleteDay = (db: Executor, calendarId: string, date: string) =>
  db
    .deleteFrom('holidayCalendarDays')
    .where('calendarId', '=', calendarId)
    .where('date', '=', date)
    .execute();

/** Drop what earlier imports gave from..to; days kept by hand stay. */
export const deleteImported = (db: Executor, calendarId: string, from: string, to: string) =>
  db
    .deleteFrom('holidayCalendarDays')
    .where('calendarId', '=', calendarId)
    .where('source', '!=', 'manual')
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();

/** Calendars with no day in a year, after `after` in id order (for the yearly reminder). */
export const withoutDaysIn = (db: Executor, y: number, after: string, limit: number) =>
  db
    .selectFrom('holidayCalendars as c')
    .selectAll('c')
    .where('c.id', '>', after)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('holidayCalendarDays as d')
            .select('d.date')
            .whereRef('d.calendarId', '=', 'c.id')
            .where('d.date', '>=', `${y}-01-01`)
            .where('d.date', '<=', `${y}-12-31`),
        ),
      ),
    )
    .orderBy('c.id')
    .limit(limit)
    .execute();

/**
 * Holiday calendars: the organisation's and each vendor's (or delivery site's), their days added
 * and removed (imported from iCalendar or CSV, or kept by hand), the yearly reminder to load next
 * year's days, and the effective calendar of a party for every date the application computes.
 * Vendor users read and keep their own vendor's calendars; another vendor's answer 404.
 */
import type {
  CalendarUsed,
  CreateHolidayCalendarBody,
  HolidayCalendar,
  HolidayCalendarDay,
  HolidayClash,
  HolidayImportResult,
  HolidayYear,
  PutHolidayDayBody,
  UpdateHolidayCalendarBody,
} from '../../../contracts/calendars';
import { CALENDAR_YEARS } from '../../../contracts/calendars';
import type { Database, Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { HolidayCalendarRow } from '../../db/schema';
import { type FieldError, invalid, notFound, unsupportedMedia } from '../../errors';
import type { Clock } from '../../lib/clock';
import { organisationToday, todayIn } from '../../lib/dates';
import { newId } from '../../lib/ids';
import { type Actor, authorize, type Scope } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import type { PublishInput } from '../events/service';
import { parseHolidayCsv } from './csv';
import { parseIcs } from './ics';
import * as repo from './repository';
import {
  type Adjustment,
  calendarLabel,
  calendarUsed,
  type EffectiveCalendar,
  effectiveDays,
  isKnownRegion,
  publicHolidays,
} from './rules';

export interface CalendarDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  /** The organisation's time zone (today, the reminder's date) and country (its national days). */
  organisation: () => Promise<{ timezone: string; country: string }>;
  /** Whether a vendor exists (no permission check). */
  vendorExists: (tx: Executor, id: string) => Promise<boolean>;
  /** A vendor's country and time zone (no permission check). */
  vendorProfile: (tx: Executor, id: string) => Promise<{ country: string; timezone: string } | undefined>;
  /** Publish an event once per key, in the transaction (the reminder). */
  publishOnce: (tx: Executor, key: string, input: PublishInput) => Promise<unknown>;
}

/** From this day of a year (month-day, organisation's time zone) a calendar without next year's days is reminded of. */
const REMINDER_FROM = '11-01';

const MAX_IMPORT_YEARS = 10;

export function createCalendarService({
  db,
  audit,
  clock,
  organisation,
  vendorExists,
  vendorProfile,
  publishOnce,
}: CalendarDeps) {
  async function toDtos(tx: Executor, rows: HolidayCalendarRow[]): Promise<HolidayCalendar[]> {
    const counts = await repo.counts(
      tx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const mine = counts.filter((c) => c.calendarId === r.id);
      const years = [...new Set(mine.map((c) => Number(c.year)))].sort((a, b) => a - b);
      const sum = (kind: string) => mine.filter((c) => c.kind === kind).reduce((s, c) => s + Number(c.n), 0);
      return {
        id: r.id,
        vendorId: r.vendorId,
        name: r.name,
        country: r.country,
        region: r.region,
        years,
        added: sum('added'),
        removed: sum('removed'),
        label: calendarLabel(r.country, r.region, { name: r.name, years }),
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      };
    });
  }

  async function load(tx: Executor, scope: Scope, id: string) {
    const row = await repo.find(tx, scope, id);
    if (!row) throw notFound('holiday calendar');
    return row;
  }

  function checkRegion(country: string, region: string | null | undefined, errors: FieldError[]) {
    if (region && !isKnownRegion(country, region))
      errors.push({ field: 'region', message: `is not a region of ${country} known to the holiday data` });
  }

  /** "2027" or "2027-2028"; without it, this year and the next in the organisation's time zone. */
  async function yearsOf(raw: string | undefined): Promise<number[]> {
    let first: number;
    let last: number;
    if (raw) {
      [first, last] = raw.includes('-')
        ? (raw.split('-').map(Number) as [number, number])
        : [Number(raw), Number(raw)];
    } else {
      first = Number((await organisationToday(clock, organisation)).slice(0, 4));
      last = first + 1;
    }
    const errors: FieldError[] = [];
    if (last < first) errors.push({ field: 'years', message: 'must not end before it starts' });
    else if (last - first + 1 > MAX_IMPORT_YEARS)
      errors.push({ field: 'years', message: `must span at most ${MAX_IMPORT_YEARS} years` });
    else if (first < CALENDAR_YEARS.min || last > CALENDAR_YEARS.max)
      errors.push({
        field: 'years',
        message: `must lie between ${CALENDAR_YEARS.min} and ${CALENDAR_YEARS.max}`,
      });
    if (errors.length) throw invalid(errors);
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  }

  /**
   * The calendar a party keeps: the one named (it must be the owner's), else the owner's oldest,
   * else none (national data only). `owner` is a vendor id, or null for the organisation.
   */
  async function effective(owner: string | null, calendarId: string | undefined, from: string, to: string) {
    const mine = await repo.ofOwner(db, owner);
    const row = calendarId ? mine.find((c) => c.id === calendarId) : mine[0];
    if (calendarId && !row) return 'unknown' as const;
    if (!row) return null;
    const [dto] = await toDtos(db, [row]);
    const days = await repo.daysBetween(db, row.id, from, to);
    return {
      id: row.id,
      name: row.name,
      country: row.country,
      region: row.region,
      years: dto!.years,
      adjustments: days.map((d) => ({ date: d.date, kind: d.kind as Adjustment['kind'], name: d.name })),
    } satisfies EffectiveCalendar;
  }

  const summary = (r: HolidayCalendarRow) => ({
    name: r.name,
    country: r.country,
    region: r.region,
    vendorId: r.vendorId,
  });

  return {
    async list(actor: Actor, query: { limit: number; cursor?: string; owner?: string }) {
      const scope = authorize(actor, 'holidayCalendar', 'read');
      const owner =
        query.owner === undefined ? undefined : query.owner === 'organisation' ? null : query.owner;
      const rows = await repo.list(db, scope, owner, query.limit, query.cursor);
      const page = toPage(
        rows,
        query.limit,
        (r) => [r.id, r.id],
        (r) => r,
      );
      return { items: await toDtos(db, page.items), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, id: string): Promise<HolidayCalendar> {
      const scope = authorize(actor, 'holidayCalendar', 'read');
      return (await toDtos(db, [await load(db, scope, id)]))[0]!;
    },

    async create(actor: Actor, body: CreateHolidayCalendarBody): Promise<HolidayCalendar> {
      const scope = authorize(actor, 'holidayCalendar', 'create');
      // A vendor user keeps only their own vendor's calendars (the default for them).
      const vendorId = scope.vendorId ? (body.vendorId ?? scope.vendorId) : (body.vendorId ?? null);
      if (scope.vendorId && vendorId !== scope.vendorId) throw notFound('vendor');
      const errors: FieldError[] = [];
      checkRegion(body.country, body.region, errors);
      if (errors.length) throw invalid(errors);
      return db.transaction().execute(async (tx) => {
        if (vendorId && !(await vendorExists(tx, vendorId)))
          throw invalid([{ field: 'vendorId', message: 'is not the id of a vendor' }]);
        const now = clock.now().toISOString();
        const row: HolidayCalendarRow = {
          id: newId('hcal'),
          vendorId,
          name: body.name,
          country: body.country,
          region: body.region ?? null,
          createdAt: now,
          updatedAt: now,
        };
        await repo.insert(tx, row);
        await audit.record(tx, actor, {
          action: 'holiday_calendar.create',
          entityType: 'holidayCalendar',
          entityId: row.id,
          changes: diff(null, summary(row)),
        });
        return (await toDtos(tx, [row]))[0]!;
      });
    },

    async update(actor: Actor, id: string, body: UpdateHolidayCalendarBody): Promise<HolidayCalendar> {
      const scope = authorize(actor, 'holidayCalendar', 'update');
      return db.transaction().execute(async (tx) => {
        const before = await load(tx, scope, id);
        const next = {
          name: body.name ?? before.name,
          country: body.country ?? before.country,
          region: body.region === undefined ? (body.country ? null : before.region) : body.region,
        };
        const errors: FieldError[] = [];
        checkRegion(next.country, next.region, errors);
        if (errors.length) throw invalid(errors);
        await repo.update(tx, id, { ...next, updatedAt: clock.now().toISOString() });
        await audit.record(tx, actor, {
          action: 'holiday_calendar.update',
          entityType: 'holidayCalendar',
          entityId: id,
          changes: diff(summary(before), { ...summary(before), ...next }),
        });
        return (await toDtos(tx, [{ ...before, ...next }]))[0]!;
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const scope = authorize(actor, 'holidayCalendar', 'delete');
      await db.transaction().execute(async (tx) => {
        const before = await load(tx, scope, id);
        await repo.remove(tx, id);
        await audit.record(tx, actor, {
          action: 'holiday_calendar.delete',
          entityType: 'holidayCalendar',
          entityId: id,
          changes: diff(summary(before), null),
        });
      });
    },

    /** A year of the calendar: national days (marked when removed) and the calendar's own. */
    async year(actor: Actor, id: string, year: number): Promise<HolidayYear> {
      const scope = authorize(actor, 'holidayCalendar', 'read');
      const row = await load(db, scope, id);
      const own = await repo.daysBetween(db, id, `${year}-01-01`, `${year}-12-31`);
      const byDate = new Map(own.map((d) => [d.date, d]));
      const days: HolidayYear['days'] = [];
      for (const [date, names] of publicHolidays(row.country, row.region, year)) {
        const mine = byDate.get(date);
        for (const name of names)
          days.push({
            date,
            name,
            origin: 'national',
            removed: mine?.kind === 'removed',
            source: mine?.kind === 'removed' ? (mine.source as HolidayCalendarDay['source']) : null,
          });
      }
      for (const d of own)
        if (d.kind === 'added')
          days.push({
            date: d.date,
            name: d.name,
            origin: 'calendar',
            removed: false,
            source: d.source as HolidayCalendarDay['source'],
          });
      days.sort((a, b) => a.date.localeCompare(b.date) || a.origin.localeCompare(b.origin));
      const [dto] = await toDtos(db, [row]);
      return {
        calendarId: id,
        year,
        calendars: calendarLabel(row.country, row.region, { name: row.name, years: dto!.years }, [year]),
        days,
      };
    },

    /** Add a day off, or remove a national one, by hand; it wins over later imports. */
    async putDay(
      actor: Actor,
      id: string,
      date: string,
      body: PutHolidayDayBody,
    ): Promise<HolidayCalendarDay> {
      const scope = authorize(actor, 'holidayCalendar', 'update');
      return db.transaction().execute(async (tx) => {
        const cal = await load(tx, scope, id);
        const year = Number(date.slice(0, 4));
        if (year < CALENDAR_YEARS.min || year > CALENDAR_YEARS.max)
          throw invalid([
            { field: 'date', message: `must lie between ${CALENDAR_YEARS.min} and ${CALENDAR_YEARS.max}` },
          ]);
        const national = publicHolidays(cal.country, cal.region, year).get(date);
        if (body.kind === 'removed' && !national)
          throw invalid([
            { field: 'date', message: `is not a holiday of the national data (${cal.country}) to remove` },
          ]);
        const name = body.kind === 'removed' ? body.name || national!.join(', ') : body.name!;
        const before = await repo.findDay(tx, id, date);
        const row = {
          calendarId: id,
          date,
          kind: body.kind,
          name,
          source: 'manual',
          updatedAt: clock.now().toISOString(),
        };
        await repo.putDay(tx, row);
        await repo.update(tx, id, { updatedAt: row.updatedAt });
        await audit.record(tx, actor, {
          action: 'holiday_calendar.day.put',
          entityType: 'holidayCalendar',
          entityId: id,
          changes: {
            [date]: {
              before: before ? { kind: before.kind, name: before.name } : null,
              after: { kind: row.kind, name },
            },
          },
        });
        return { date, kind: body.kind, name, source: 'manual' };
      });
    },

    /** Take a day's adjustment back: the date is as the national data has it again. */
    async deleteDay(actor: Actor, id: string, date: string): Promise<void> {
      const scope = authorize(actor, 'holidayCalendar', 'update');
      await db.transaction().execute(async (tx) => {
        await load(tx, scope, id);
        const before = await repo.findDay(tx, id, date);
        if (!before) throw notFound('day of this holiday calendar');
        await repo.deleteDay(tx, id, date);
        await repo.update(tx, id, { updatedAt: clock.now().toISOString() });
        await audit.record(tx, actor, {
          action: 'holiday_calendar.day.delete',
          entityType: 'holidayCalendar',
          entityId: id,
          changes: { [date]: { before: { kind: before.kind, name: before.name }, after: null } },
        });
      });
    },

    /**
     * Import days from an iCalendar file or CSV for the years asked: what earlier imports gave for
     * those years is replaced, days kept by hand stay (and win on their date). All or nothing.
     */
    async importFile(
      actor: Actor,
      id: string,
      contentType: string,
      text: string,
      rawYears: string | undefined,
    ): Promise<HolidayImportResult> {
      const scope = authorize(actor, 'holidayCalendar', 'import');
      await load(db, scope, id);
      const type = contentType.split(';')[0]!.trim().toLowerCase();
      const format = type === 'text/calendar' ? 'ics' : type === 'text/csv' ? 'csv' : null;
      if (!format) throw unsupportedMedia('Send the calendar as text/calendar (iCalendar) or text/csv.');
      const years = await yearsOf(rawYears);
      const parsed =
        format === 'ics'
          ? (() => {
              const r = parseIcs(text, years);
              return { ...r, days: r.days.map((d) => ({ ...d, kind: 'added' as const })) };
            })()
          : parseHolidayCsv(text, years);
      if (parsed.errors.length)
        throw invalid(
          parsed.errors,
          `The ${format === 'ics' ? 'iCalendar file' : 'CSV'} was not imported: nothing changed.`,
        );
      // One day a date: an event spanning a date another event also names keeps the first name.
      const byDate = new Map<string, (typeof parsed.days)[number]>();
      for (const d of parsed.days) if (!byDate.has(d.date)) byDate.set(d.date, d);
      const first = `${years[0]}-01-01`;
      const last = `${years[years.length - 1]}-12-31`;
      return db.transaction().execute(async (tx) => {
        const cal = await load(tx, scope, id);
        await repo.deleteImported(tx, id, first, last);
        const manual = new Set((await repo.daysBetween(tx, id, first, last)).map((d) => d.date));
        const now = clock.now().toISOString();
        let imported = 0;
        let kept = 0;
        const errors: FieldError[] = [];
        for (const d of byDate.values()) {
          if (manual.has(d.date)) {
            kept++;
            continue;
          }
          const national = publicHolidays(cal.country, cal.region, Number(d.date.slice(0, 4))).get(d.date);
          if (d.kind === 'removed' && !national) {
            errors.push({
              field: 'date',
              line: d.line,
              message: `is not a holiday of the national data (${cal.country}) to remove`,
            });
            continue;
          }
          await repo.putDay(tx, {
            calendarId: id,
            date: d.date,
            kind: d.kind,
            name: d.name || (national ?? []).join(', '),
            source: format,
            updatedAt: now,
          });
          imported++;
        }
        if (errors.length) throw invalid(errors, 'The CSV was not imported: nothing changed.');
        await repo.update(tx, id, { updatedAt: now });
        await audit.record(tx, actor, {
          action: 'holiday_calendar.import',
          entityType: 'holidayCalendar',
          entityId: id,
          changes: { days: { after: { format, years, imported, kept, skipped: parsed.skipped } } },
        });
        return { format, years, imported, kept, skipped: parsed.skipped };
      });
    },

    /**
     * From 1 November (organisation's time zone), announce once per calendar and year each
     * calendar with no day for next year (`holiday_calendar.next_year_missing`): the national
     * data goes on, but the site's own days need loading.
     */
    async runReminders(): Promise<{ published: number }> {
      const today = await organisationToday(clock, organisation);
      if (today.slice(5) < REMINDER_FROM) return { published: 0 };
      const next = Number(today.slice(0, 4)) + 1;
      let after = '';
      let published = 0;
      for (;;) {
        const rows = await repo.withoutDaysIn(db, next, after, 200);
        for (const cal of rows) {
          const event = await db.transaction().execute((tx) =>
            publishOnce(tx, `holiday_calendar.next_year_missing:${cal.id}:${next}`, {
              type: 'holiday_calendar.next_year_missing',
              vendorId: cal.vendorId,
              payload: { calendarId: cal.id, calendarName: cal.name, year: next },
            }),
          );
          if (event) published++;
        }
        if (rows.length < 200) break;
        after = rows[rows.length - 1]!.id;
      }
      return { published };
    },

    /**
     * Which of these instants fall on a day off of the organisation or of the vendor, each in its
     * own local date and with its own calendar (the first of each owner, as the planner's
     * default); and which calendars those were. `date` keys each instant for the caller.
     */
    async clashes(vendorId: string, starts: Array<{ date: string; at: string }>) {
      const org = await organisation();
      const vendor = await vendorProfile(db, vendorId);
      const sides = [
        {
          party: 'organisation' as const,
          partyId: 'org',
          owner: null,
          country: org.country,
          zone: org.timezone,
        },
        ...(vendor
          ? [
              {
                party: 'vendor' as const,
                partyId: vendorId,
                owner: vendorId,
                country: vendor.country,
                zone: vendor.timezone,
              },
            ]
          : []),
      ];
      const holidays: HolidayClash[] = [];
      const calendars: CalendarUsed[] = [];
      for (const side of sides) {
        const local = starts.map((s) => ({ ...s, localDate: todayIn(new Date(s.at), side.zone) }));
        const dates = local.map((l) => l.localDate).sort();
        const found = dates.length
          ? await effective(side.owner, undefined, dates[0]!, dates[dates.length - 1]!)
          : null;
        const cal = found === 'unknown' ? null : found;
        const country = cal?.country ?? side.country;
        const region = cal?.region ?? null;
        for (const l of local)
          for (const name of effectiveDays(country, region, cal, Number(l.localDate.slice(0, 4))).get(
            l.localDate,
          ) ?? [])
            holidays.push({ date: l.date, party: side.party, localDate: l.localDate, name });
        const years = [...new Set(dates.map((d) => Number(d.slice(0, 4))))];
        calendars.push(calendarUsed(side.partyId, country, region, cal, years));
      }
      holidays.sort((a, b) => a.date.localeCompare(b.date) || a.party.localeCompare(b.party));
      return { holidays, calendars };
    },

    effective,
    /** Whose a calendar is: a vendor id, null for the organisation's, undefined when there is none (no permission check). */
    ownerOf: async (tx: Executor, calendarId: string) =>
      (await repo.find(tx, { vendorId: null }, calendarId))?.vendorId,
  };
}

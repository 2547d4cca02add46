/**
 * Governance meetings: series per engagement, meetings (materialised when someone writes their
 * agenda or minutes) with action items, and the owner's task list. Vendor users read their own
 * vendor's; owners, administrators and managers write.
 */
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { CalendarUsed, HolidayClash } from '../../../contracts/calendars';
import {
  type ActionItem,
  type ActionListQuery,
  type CreateActionBody,
  type CreateMeetingSeriesBody,
  MAX_OCCURRENCE_DAYS,
  type Meeting,
  type MeetingSeries,
  type PutMeetingBody,
  type Recurrence,
  type UpdateActionBody,
} from '../../../contracts/meetings';
import type { Database, Executor } from '../../db/database';
import { fromJson, toJson } from '../../db/database';
import type { ActionItemRow, MeetingRow, MeetingSeriesRow } from '../../db/schema';
import { invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize, type Scope } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import { renderMarkdown } from '../messaging/rules';
import * as repo from './repository';
import { fallsOn, meetingKey, occurrenceAt, occurrenceDates, parseMeetingKey, spanDays } from './rules';

type PersonRef = { type: 'user' | 'contact'; id: string; name: string; email: string | null };

export interface MeetingDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  /** The engagement as the actor may see it (404 otherwise). */
  loadEngagement: (tx: Executor, actor: Actor, id: string) => Promise<{ id: string; vendorId: string }>;
  /** Active internal users. */
  internalUsers: (tx: Executor) => Promise<Array<{ id: string; name: string; email: string }>>;
  /** A vendor's contacts. */
  vendorContacts: (vendorId: string) => Promise<Array<{ id: string; name: string; email: string | null }>>;
  /** A user's email (a vendor user's tasks are those of the vendor contact with their email). */
  userEmail: (tx: Executor, id: string) => Promise<string | undefined>;
  /** Which meeting starts fall on a day off of the organisation or the vendor (holiday calendars). */
  holidayClashes: (
    vendorId: string,
    starts: Array<{ date: string; at: string }>,
  ) => Promise<{ holidays: HolidayClash[]; calendars: CalendarUsed[] }>;
}

const timing = (s: MeetingSeriesRow) => ({
  recurrence: fromJson<Recurrence>(s.recurrence, { frequency: 'weekly', weekday: 'mon', interval: 1 }),
  startDate: s.startDate,
  endDate: s.endDate,
  startTime: s.startTime,
  durationMinutes: Number(s.durationMinutes),
  timezone: s.timezone,
});

const toSeries = (s: MeetingSeriesRow): MeetingSeries => ({
  id: s.id,
  engagementId: s.engagementId,
  vendorId: s.vendorId,
  title: s.title,
  kind: s.kind as MeetingSeries['kind'],
  recurrence: timing(s).recurrence,
  startDate: s.startDate,
  endDate: s.endDate,
  startTime: s.startTime,
  durationMinutes: Number(s.durationMinutes),
  timezone: s.timezone,
  attendees: fromJson<PersonRef[]>(s.attendees, []),
  createdBy: s.createdBy,
  createdAt: s.createdAt,
});

const toAction = (a: ActionItemRow, series: MeetingSeriesRow, meetingDate: string): ActionItem => ({
  id: a.id,
  meetingId: meetingKey(a.seriesId, meetingDate),
  seriesId: a.seriesId,
  seriesTitle: series.title,
  engagementId: series.engagementId,
  meetingDate,
  title: a.title,
  owner: { type: a.ownerType as 'user' | 'contact', id: a.ownerId, name: a.ownerName, email: a.ownerEmail },
  dueDate: a.dueDate,
  status: a.status as 'open' | 'done',
  createdAt: a.createdAt,
  doneAt: a.doneAt,
});

function toMeeting(
  series: MeetingSeriesRow,
  date: string,
  row: MeetingRow | undefined,
  actions: ActionItemRow[],
): Meeting {
  const at = occurrenceAt(timing(series), date);
  return {
    id: meetingKey(series.id, date),
    seriesId: series.id,
    seriesTitle: series.title,
    engagementId: series.engagementId,
    date,
    startsAt: at.startsAt,
    endsAt: at.endsAt,
    localStart: at.localStart,
    localEnd: at.localEnd,
    timezone: series.timezone,
    agenda: row?.agenda ?? '',
    agendaHtml: row?.agendaHtml ?? '',
    minutes: row?.minutes ?? '',
    minutesHtml: row?.minutesHtml ?? '',
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
    actions: actions.map((a) => toAction(a, series, date)),
  };
}

export function createMeetingService({
  db,
  audit,
  clock,
  loadEngagement,
  internalUsers,
  vendorContacts,
  userEmail,
  holidayClashes,
}: MeetingDeps) {
  const now = () => clock.now().toISOString();

  async function people(vendorId: string) {
    const [users, contacts] = await Promise.all([internalUsers(db), vendorContacts(vendorId)]);
    return {
      user: new Map(
        users.map((u) => [u.id, { type: 'user' as const, id: u.id, name: u.name, email: u.email }]),
      ),
      contact: new Map(
        contacts.map((c) => [c.id, { type: 'contact' as const, id: c.id, name: c.name, email: c.email }]),
      ),
    };
  }

  async function loadSeries(tx: Executor, scope: Scope, id: string) {
    const series = await repo.findSeries(tx, scope, id);
    if (!series) throw notFound('meeting series');
    return series;
  }

  /** A meeting by its key: the series must be visible and fall on that date. */
  async function loadMeeting(tx: Executor, scope: Scope, key: string) {
    const { seriesId, date } = parseMeetingKey(key);
    const series = await repo.findSeries(tx, scope, seriesId);
    if (!series || !DateTime.fromISO(date).isValid || !fallsOn(timing(series), date))
      throw notFound('meeting');
    return { series, date, row: await repo.findMeeting(tx, seriesId, date) };
  }

  async function meetingDto(tx: Executor, series: MeetingSeriesRow, date: string) {
    const row = await repo.findMeeting(tx, series.id, date);
    const actions = row ? await repo.actionsOfMeetings(tx, [row.id]) : [];
    return toMeeting(series, date, row, actions);
  }

  /** Create the meeting's row the first time something is written for it. */
  /** The meeting's row, created if missing, locked until the transaction ends. */
  async function ensureMeeting(tx: Executor, actor: Actor, seriesId: string, date: string) {
    const at = now();
    return repo.ensureMeeting(tx, {
      id: newId('mtg'),
      seriesId,
      date,
      agenda: '',
      agendaHtml: '',
      minutes: '',
      minutesHtml: '',
      updatedBy: actor.id,
      createdAt: at,
      updatedAt: at,
    });
  }

  return {
    /** A vendor's open action items, by due date, for its report (no permission check: callers check). */
    openActionsOf: (tx: Executor, vendorId: string) => repo.openActionsOfVendor(tx, vendorId),

    async createSeries(actor: Actor, engagementId: string, body: CreateMeetingSeriesBody) {
      authorize(actor, 'meeting', 'create');
      const engagement = await loadEngagement(db, actor, engagementId);
      // People live in other modules: read before the transaction (one connection on SQLite).
      const dir = await people(engagement.vendorId);
      const errors: Array<{ field: string; message: string }> = [];
      const attendees = body.attendees.map((a, i) => {
        const found = dir[a.type].get(a.id);
        if (!found)
          errors.push({
            field: `attendees.${i}.id`,
            message:
              a.type === 'user'
                ? 'must be the id of an active internal user'
                : 'must be the id of a contact of the engagement’s vendor',
          });
        return found!;
      });
      if (errors.length) throw invalid(errors);
      const at = now();
      const row: MeetingSeriesRow = {
        id: newId('mts'),
        engagementId: engagement.id,
        vendorId: engagement.vendorId,
        title: body.title,
        kind: body.kind,
        recurrence: toJson(body.recurrence),
        startDate: body.startDate,
        endDate: body.endDate,
        startTime: body.startTime,
        durationMinutes: body.durationMinutes,
        timezone: body.timezone,
        attendees: toJson(attendees),
        attendeeUserIds: ` ${attendees
          .filter((a) => a.type === 'user')
          .map((a) => a.id)
          .join(' ')} `,
        createdBy: actor.id,
        createdAt: at,
        updatedAt: at,
      };
      await db.transaction().execute(async (tx) => {
        await loadEngagement(tx, actor, engagement.id);
        await repo.insertSeries(tx, row);
        await audit.record(tx, actor, {
          action: 'meeting_series.create',
          entityType: 'engagement',
          entityId: engagement.id,
          changes: diff(null, {
            seriesId: row.id,
            title: row.title,
            kind: row.kind,
            recurrence: body.recurrence,
            startDate: row.startDate,
            startTime: row.startTime,
            timezone: row.timezone,
            attendees: attendees.map((a) => `${a.type}:${a.id}`),
          }),
        });
      });
      return toSeries(row);
    },

    async listSeries(actor: Actor, engagementId: string) {
      authorize(actor, 'meeting', 'read');
      const engagement = await loadEngagement(db, actor, engagementId);
      return { items: (await repo.seriesOfEngagement(db, engagement.id)).map(toSeries) };
    },

    async getSeries(actor: Actor, id: string) {
      return toSeries(await loadSeries(db, authorize(actor, 'meeting', 'read'), id));
    },

    /** The meetings of a series between two dates, computed, with whatever was written for them. */
    async occurrences(actor: Actor, id: string, query: { from: string; to: string }) {
      const series = await loadSeries(db, authorize(actor, 'meeting', 'read'), id);
      if (query.to < query.from) throw invalid([{ field: 'to', message: 'must not be before from' }]);
      if (spanDays(query.from, query.to) > MAX_OCCURRENCE_DAYS)
        throw invalid([{ field: 'to', message: `must be at most ${MAX_OCCURRENCE_DAYS} days after from` }]);
      const dates = occurrenceDates(timing(series), query.from, query.to);
      const rows = await repo.meetingsBetween(db, series.id, query.from, query.to);
      const actions = await repo.actionsOfMeetings(
        db,
        rows.map((r) => r.id),
      );
      const byDate = new Map(rows.map((r) => [r.date, r]));
      const items = dates.map((d) => {
        const row = byDate.get(d);
        return toMeeting(series, d, row, row ? actions.filter((a) => a.meetingId === row.id) : []);
      });
      const { holidays, calendars } = await holidayClashes(
        series.vendorId,
        items.map((m) => ({ date: m.date, at: m.startsAt })),
      );
      return { series: toSeries(series), items, holidays, calendars };
    },

    async getMeeting(actor: Actor, key: string) {
      const { series, date } = await loadMeeting(db, authorize(actor, 'meeting', 'read'), key);
      return meetingDto(db, series, date);
    },

    /** Write a meeting's agenda and minutes (Markdown, rendered without raw HTML). */
    async putMeeting(actor: Actor, key: string, body: z.infer<typeof PutMeetingBody>) {
      const scope = authorize(actor, 'meeting', 'update');
      return db.transaction().execute(async (tx) => {
        const { series, date } = await loadMeeting(tx, scope, key);
        const meeting = await ensureMeeting(tx, actor, series.id, date);
        await repo.updateMeeting(tx, meeting.id, {
          agenda: body.agenda,
          agendaHtml: body.agenda ? renderMarkdown(body.agenda) : '',
          minutes: body.minutes,
          minutesHtml: body.minutes ? renderMarkdown(body.minutes) : '',
          updatedBy: actor.id,
          updatedAt: now(),
        });
        await audit.record(tx, actor, {
          action: 'meeting.update',
          entityType: 'meeting_series',
          entityId: series.id,
          changes: {
            date: { after: date },
            ...diff(
              { agenda: meeting.agenda, minutes: meeting.minutes },
              { agenda: body.agenda, minutes: body.minutes },
            ),
          },
        });
        return meetingDto(tx, series, date);
      });
    },

    async addAction(actor: Actor, key: string, body: z.infer<typeof CreateActionBody>) {
      const scope = authorize(actor, 'meeting', 'update');
      const peek = await loadMeeting(db, scope, key);
      const dir = await people(peek.series.vendorId);
      const owner = dir[body.owner.type].get(body.owner.id);
      if (!owner) throw invalid([{ field: 'owner.id', message: ownerMessage(body.owner.type) }]);
      return db.transaction().execute(async (tx) => {
        const { series, date } = await loadMeeting(tx, scope, key);
        const meeting = await ensureMeeting(tx, actor, series.id, date);
        const at = now();
        const row: ActionItemRow = {
          id: newId('act'),
          meetingId: meeting.id,
          seriesId: series.id,
          vendorId: series.vendorId,
          title: body.title,
          ownerType: owner.type,
          ownerId: owner.id,
          ownerName: owner.name,
          ownerEmail: owner.email?.toLowerCase() ?? null,
          dueDate: body.dueDate,
          status: 'open',
          createdBy: actor.id,
          createdAt: at,
          updatedAt: at,
          doneAt: null,
        };
        await repo.insertAction(tx, row);
        await audit.record(tx, actor, {
          action: 'action_item.create',
          entityType: 'meeting_series',
          entityId: series.id,
          changes: diff(null, {
            actionId: row.id,
            date,
            title: row.title,
            owner: `${row.ownerType}:${row.ownerId}`,
            dueDate: row.dueDate,
          }),
        });
        return toAction(row, series, date);
      });
    },

    async updateAction(actor: Actor, id: string, body: z.infer<typeof UpdateActionBody>) {
      const scope = authorize(actor, 'meeting', 'update');
      const found = await repo.findAction(db, scope, id);
      if (!found) throw notFound('action item');
      const series = await loadSeries(db, scope, found.seriesId);
      let owner: PersonRef | undefined;
      if (body.owner) {
        owner = (await people(series.vendorId))[body.owner.type].get(body.owner.id);
        if (!owner) throw invalid([{ field: 'owner.id', message: ownerMessage(body.owner.type) }]);
      }
      return db.transaction().execute(async (tx) => {
        await repo.lockAction(tx, id);
        const before = await repo.findAction(tx, scope, id);
        if (!before) throw notFound('action item');
        const at = now();
        const patch: Partial<ActionItemRow> = { updatedAt: at };
        if (body.title !== undefined) patch.title = body.title;
        if (body.dueDate !== undefined) patch.dueDate = body.dueDate;
        if (owner)
          Object.assign(patch, {
            ownerType: owner.type,
            ownerId: owner.id,
            ownerName: owner.name,
            ownerEmail: owner.email?.toLowerCase() ?? null,
          });
        if (body.status && body.status !== before.status) {
          patch.status = body.status;
          patch.doneAt = body.status === 'done' ? at : null;
        }
        await repo.updateAction(tx, id, patch);
        const after = { ...before, ...patch };
        const pick = (a: ActionItemRow) => ({
          title: a.title,
          owner: `${a.ownerType}:${a.ownerId}`,
          dueDate: a.dueDate,
          status: a.status,
        });
        await audit.record(tx, actor, {
          action: 'action_item.update',
          entityType: 'meeting_series',
          entityId: series.id,
          changes: { actionId: { after: id }, ...diff(pick(before), pick(after)) },
        });
        const [meeting] = await repo.meetingsByIds(tx, [after.meetingId]);
        return toAction(after, series, meeting!.date);
      });
    },

    /** An owner's action items across every meeting: `me`, or (internal readers) any user's. */
    async listActions(actor: Actor, query: z.infer<typeof ActionListQuery>) {
      const scope = authorize(actor, 'meeting', 'read');
      const ownerId = query.owner === 'me' ? actor.id : query.owner;
      // A vendor user owns what their vendor's contact with the same email was given.
      const email = scope.vendorId && ownerId === actor.id ? await userEmail(db, actor.id) : undefined;
      const rows = await repo.actionsOwnedBy(
        db,
        scope,
        email ? { contactEmail: email.toLowerCase() } : { id: ownerId },
        query.status,
      );
      const series = new Map(
        (await repo.seriesByIds(db, [...new Set(rows.map((r) => r.seriesId))])).map((s) => [s.id, s]),
      );
      return { items: rows.map((r) => toAction(r, series.get(r.seriesId)!, r.meetingDate)) };
    },

    /** For the calendar feed: the series a user's feed holds. */
    seriesFor: (tx: Executor, who: { userId: string } | { vendorId: string }) =>
      'userId' in who ? repo.seriesAttendedBy(tx, who.userId) : repo.seriesOfVendor(tx, who.vendorId),
    timing,
  };
}

const ownerMessage = (type: 'user' | 'contact') =>
  type === 'user'
    ? 'must be the id of an active internal user'
    : 'must be the id of a contact of the engagement’s vendor';

export type MeetingService = ReturnType<typeof createMeetingService>;

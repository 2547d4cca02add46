/**
 * The calendar feed. A feed's secret token is the credential of its address (stored
 * only as a SHA-256 hash, like API tokens); the feed holds what concerns its user, and a vendor
 * user's feed only their own vendor's items.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Database, Executor } from '../../db/database';
import { fromJson } from '../../db/database';
import { notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import { type CalendarEvent, renderCalendar } from './ical';
import * as repo from './repository';
import { occurrences } from './rules';
import type { MeetingService } from './service';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

export interface CalendarDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  meetings: Pick<MeetingService, 'seriesFor' | 'timing'>;
  /** An active user by id (undefined once disabled). */
  activeUser: (
    tx: Executor,
    id: string,
  ) => Promise<{ id: string; name: string; role: string; vendorId: string | null } | undefined>;
  /** Engagements a user owns, or every one of a vendor, with the approved SOW document (JSON) or null. */
  engagementsOf: (
    tx: Executor,
    who: { ownerId: string } | { vendorId: string },
  ) => Promise<
    Array<{
      id: string;
      title: string;
      vendorId: string;
      renewalDate: string | null;
      document: string | null;
    }>
  >;
  /** Ids of the vendors a user owns. */
  vendorsOwnedBy: (tx: Executor, userId: string) => Promise<string[]>;
  /** Certificates of some vendors expiring on or after a day, with the vendor's name. */
  certificationsOf: (
    tx: Executor,
    vendorIds: string[],
    since: string,
  ) => Promise<
    Array<{
      id: string;
      standard: string;
      standardName: string | null;
      expiresOn: string;
      vendorName: string;
    }>
  >;
  /** The UID domain: stable per installation. */
  uidDomain: string;
  /** OUTPOST_PUBLIC_URL, the only origin of the feed address; null: the answer carries the path. */
  publicUrl: string | null;
}

interface SowDates {
  deliverables?: Array<{ id?: string; title: string; dueDate: string | null }>;
  milestones?: Array<{ id?: string; title: string; dueDate: string | null }>;
}

export function createCalendarService(deps: CalendarDeps) {
  const { db, audit, clock, meetings, activeUser, uidDomain } = deps;
  const uid = (...parts: string[]) => `${parts.join('-')}@${uidDomain}`;

  async function events(user: {
    id: string;
    role: string;
    vendorId: string | null;
  }): Promise<CalendarEvent[]> {
    const vendorUser = user.role === 'vendor';
    const today = DateTime.fromJSDate(clock.now(), { zone: 'utc' });
    // Meetings from a month back to a year ahead, expanded (each keeps its local time).
    const from = today.minus({ days: 31 }).toISODate()!;
    const to = today.plus({ months: 12 }).toISODate()!;
    const out: CalendarEvent[] = [];
    const series = await meetings.seriesFor(
      db,
      vendorUser ? { vendorId: user.vendorId ?? '__none__' } : { userId: user.id },
    );
    for (const s of series) {
      const who = fromJson<Array<{ name: string }>>(s.attendees, [])
        .map((a) => a.name)
        .join(', ');
      for (const o of occurrences(meetings.timing(s), from, to))
        out.push({
          uid: uid('meeting', s.id, o.date),
          summary: s.title,
          description: `${o.localStart}–${o.localEnd} ${s.timezone}${who ? `\nAttendees: ${who}` : ''}`,
          start: o.startsAt,
          end: o.endsAt,
          categories: 'Meeting',
        });
    }
    const engagements = await deps.engagementsOf(
      db,
      vendorUser ? { vendorId: user.vendorId ?? '__none__' } : { ownerId: user.id },
    );
    for (const e of engagements) {
      const doc = e.document ? fromJson<SowDates>(e.document, {}) : {};
      for (const d of doc.deliverables ?? [])
        if (d.dueDate)
          out.push({
            uid: uid('deliverable', e.id, d.id ?? d.title),
            summary: `Deliverable due: ${d.title} (${e.title})`,
            date: d.dueDate,
            allDay: true,
            categories: 'Deliverable',
          });
      for (const m of doc.milestones ?? [])
        if (m.dueDate)
          out.push({
            uid: uid('milestone', e.id, m.id ?? m.title),
            summary: `Milestone: ${m.title} (${e.title})`,
            date: m.dueDate,
            allDay: true,
            categories: 'Milestone',
          });
      // Renewal decisions are the client's: not in a vendor user's feed.
      if (!vendorUser && e.renewalDate)
        out.push({
          uid: uid('renewal', e.id),
          summary: `Renewal: ${e.title}`,
          date: e.renewalDate,
          allDay: true,
          categories: 'Renewal',
        });
    }
    const vendorIds = vendorUser
      ? [user.vendorId ?? '__none__']
      : [...new Set([...engagements.map((e) => e.vendorId), ...(await deps.vendorsOwnedBy(db, user.id))])];
    for (const c of await deps.certificationsOf(db, vendorIds, today.minus({ days: 90 }).toISODate()!))
      out.push({
        uid: uid('certification', c.id),
        summary: `Certificate expires: ${c.standardName ?? c.standard} (${c.vendorName})`,
        date: c.expiresOn,
        allDay: true,
        categories: 'Certification',
      });
    return out;
  }

  return {
    /** Create or regenerate the caller's feed address; the previous one stops working at once. */
    async createToken(actor: Actor) {
      authorize(actor, 'token', 'create');
      const token = randomBytes(32).toString('base64url');
      const at = clock.now().toISOString();
      await db.transaction().execute(async (tx) => {
        const before = await repo.calendarTokenOf(tx, actor.id);
        await repo.putCalendarToken(tx, actor.id, sha256(token), at);
        await audit.record(tx, actor, {
          action: before ? 'calendar_token.regenerate' : 'calendar_token.create',
          entityType: 'user',
          entityId: actor.id,
          changes: diff(before ? { createdAt: before.createdAt } : null, { createdAt: at }),
        });
      });
      // Absolute only with OUTPOST_PUBLIC_URL, else the path: never the request's Host.
      return { url: `${deps.publicUrl ?? ''}/api/v1/calendar/${token}.ics`, createdAt: at };
    },

    async revokeToken(actor: Actor) {
      authorize(actor, 'token', 'delete');
      await db.transaction().execute(async (tx) => {
        const before = await repo.calendarTokenOf(tx, actor.id);
        if (!before) throw notFound('calendar feed');
        await repo.deleteCalendarToken(tx, actor.id);
        await audit.record(tx, actor, {
          action: 'calendar_token.revoke',
          entityType: 'user',
          entityId: actor.id,
          changes: diff({ createdAt: before.createdAt }, null),
        });
      });
    },

    /** The feed of `<token>.ics`: 404 for anything unknown, revoked, or of a disabled user. */
    async feed(file: string): Promise<string> {
      const m = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(file);
      if (!m) throw notFound('calendar feed');
      const row = await repo.calendarTokenByHash(db, sha256(m[1]!));
      const user = row ? await activeUser(db, row.userId) : undefined;
      if (!user) throw notFound('calendar feed');
      return renderCalendar(`Outpost: ${user.name}`, await events(user), clock.now().toISOString());
    },
  };
}

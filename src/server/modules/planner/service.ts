import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { Organisation } from '../../../contracts/accounts';
import {
  MAX_PLANNER_DAYS,
  type OverlapQuery,
  type OverlapResponse,
  PartiesParam,
  type Party,
  type PartyInput,
  type RecurringSlotQuery,
  type RecurringSlotResponse,
} from '../../../contracts/planner';
import { type FieldError, invalid } from '../../errors';
import { addDays } from '../../lib/dates';
import { type Actor, authorize } from '../../policy';
import { calendarUsed, type EffectiveCalendar, effectiveDays, isKnownRegion } from '../calendars/rules';
import { defaultWorkdays, overlap, type PartyHolidays, recurringSlot, weekdayOf } from './rules';

export interface PlannerDeps {
  /** The organisation's settings (time zone, country, work week, hours). */
  organisation: () => Promise<Organisation>;
  /** The facts of a vendor, or undefined when there is none. */
  vendor: (id: string) => Promise<{ name: string; country: string; timezone: string } | undefined>;
  /**
   * The holiday calendar of the organisation (owner null) or a vendor: the one named, else its
   * first; null when it has none, 'unknown' when the one named is not its own.
   */
  calendar: (
    owner: string | null,
    calendarId: string | undefined,
    from: string,
    to: string,
  ) => Promise<EffectiveCalendar | null | 'unknown'>;
}

/** The years from..to touches. */
const yearsBetween = (from: string, to: string) =>
  Array.from(
    { length: Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1 },
    (_, i) => Number(from.slice(0, 4)) + i,
  );

/** Hours assumed for a vendor or ad-hoc party when none are given. */
export const DEFAULT_HOURS = { start: '09:00', end: '17:00' };

/** The planner: reads only the organisation and vendor facts it is handed. */
export function createPlannerService({ organisation, vendor, calendar }: PlannerDeps) {
  function checkRange(from: string, to: string) {
    const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days + 1;
    if (days < 1) throw invalid([{ field: 'to', message: 'must not be before from' }]);
    if (days > MAX_PLANNER_DAYS)
      throw invalid([{ field: 'to', message: `must be at most ${MAX_PLANNER_DAYS} days after from` }]);
  }

  function decode(raw: string): Array<string | PartyInput> {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw invalid([{ field: 'parties', message: 'must be a JSON array' }]);
    }
    const parsed = PartiesParam.safeParse(json);
    if (!parsed.success)
      throw invalid(
        parsed.error.issues.map((i) => ({
          field: ['parties', ...i.path.map(String)].join('.'),
          message: i.message,
        })),
      );
    return parsed.data;
  }

  /**
   * Look up "org" and vendor ids (with their holiday calendar); ad-hoc parties need their time
   * zone and country. Answers the parties, each one's days off, and which calendar each used.
   */
  async function resolve(raw: string, from: string, to: string) {
    const entries = decode(raw).map((e) => (typeof e === 'string' ? { id: e } : e));
    const errors: FieldError[] = [];
    const out: Party[] = [];
    const calendars = new Map<string, EffectiveCalendar | null>();
    const seen = new Set<string>();
    for (const [i, e] of entries.entries()) {
      const field = (name: string) => `parties.${i}${name ? `.${name}` : ''}`;
      if (seen.has(e.id)) errors.push({ field: field('id'), message: 'appears twice' });
      seen.add(e.id);
      let base: Omit<Party, 'id' | 'region'> & { region?: string | null };
      if (e.id === 'org') {
        const org = await organisation();
        base = {
          name: org.name,
          timezone: org.timezone,
          country: org.country,
          workdays: org.workdays.map(weekdayOf),
          hours: org.hours,
        };
      } else if (e.id.startsWith('vnd_')) {
        const v = await vendor(e.id);
        if (!v) {
          errors.push({ field: field('id'), message: 'is not the id of a vendor' });
          continue;
        }
        base = {
          name: v.name,
          timezone: v.timezone,
          country: v.country,
          workdays: defaultWorkdays(v.country),
          hours: DEFAULT_HOURS,
        };
      } else {
        if (!e.timezone)
          errors.push({ field: field('timezone'), message: 'is required for an ad-hoc party' });
        if (!e.country) errors.push({ field: field('country'), message: 'is required for an ad-hoc party' });
        if (e.calendar)
          errors.push({ field: field('calendar'), message: 'applies only to "org" and a vendor' });
        if (!e.timezone || !e.country) continue;
        base = {
          name: e.id,
          timezone: e.timezone,
          country: e.country,
          workdays: defaultWorkdays(e.country),
          hours: DEFAULT_HOURS,
        };
      }
      let cal: EffectiveCalendar | null = null;
      if ((e.id === 'org' || e.id.startsWith('vnd_')) && e.calendar !== 'none') {
        // Two days either side, as the overlap lays out each party's dates.
        const found = await calendar(
          e.id === 'org' ? null : e.id,
          e.calendar,
          addDays(from, -2),
          addDays(to, 2),
        );
        if (found === 'unknown')
          errors.push({ field: field('calendar'), message: `is not a holiday calendar of ${base.name}` });
        else cal = found;
      }
      // The calendar's country and region are the party's holiday base unless given here.
      const country = e.country ?? cal?.country ?? base.country;
      const party: Party = {
        id: e.id,
        name: base.name,
        timezone: e.timezone ?? base.timezone,
        country,
        region: e.region?.toUpperCase() ?? (e.country ? null : (cal?.region ?? null)),
        workdays: e.workdays ?? (e.country ? defaultWorkdays(e.country) : base.workdays),
        hours: e.hours ?? base.hours,
      };
      calendars.set(party.id, cal);
      if (party.region && !isKnownRegion(party.country, party.region))
        errors.push({
          field: field('region'),
          message: `is not a region of ${party.country} known to the holiday calendar`,
        });
      out.push(party);
    }
    if (errors.length) throw invalid(errors);
    const holidays: PartyHolidays = (p, year) =>
      effectiveDays(p.country, p.region, calendars.get(p.id) ?? null, year);
    const years = yearsBetween(from, to);
    const used = out.map((p) => calendarUsed(p.id, p.country, p.region, calendars.get(p.id) ?? null, years));
    return { parties: out, holidays, calendars: used };
  }

  return {
    async overlap(actor: Actor, query: z.infer<typeof OverlapQuery>): Promise<OverlapResponse> {
      authorize(actor, 'planner', 'read');
      checkRange(query.from, query.to);
      const { parties, holidays, calendars } = await resolve(query.parties, query.from, query.to);
      const { days, totalMinutes } = overlap(parties, query.from, query.to, holidays);
      return { parties, days, totalMinutes, calendars };
    },

    async recurringSlot(
      actor: Actor,
      query: z.infer<typeof RecurringSlotQuery>,
    ): Promise<RecurringSlotResponse> {
      authorize(actor, 'planner', 'read');
      checkRange(query.from, query.to);
      const { parties, holidays, calendars } = await resolve(query.parties, query.from, query.to);
      return {
        parties,
        slot: recurringSlot(parties, query.from, query.to, query.duration, holidays),
        calendars,
      };
    },
  };
}

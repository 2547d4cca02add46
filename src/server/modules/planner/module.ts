/** The planner as the composition root (services.ts) makes it: it sees the organisation and a vendor's facts. */
import type { Organisation } from '../../../contracts/accounts';
import type { Party } from '../../../contracts/planner';
import { calendarUsed, effectiveDays } from '../calendars/rules';
import { defaultWorkdays, overlap, recurringSlot, weekdayOf } from './rules';
import { createPlannerService, DEFAULT_HOURS, type PlannerDeps } from './service';

/** A party's days off by its own local date in one year, and the name of the calendar they come from. */
type PartyDaysOff = (
  party: Party,
  year: number,
) => { days: ReadonlyMap<string, readonly string[]>; label: string };

export const createPlannerModule = (deps: PlannerDeps) => ({
  ...createPlannerService(deps),

  /** The organisation as a planner party: its settings' work week and hours. */
  organisationParty: (org: Organisation): Party => ({
    id: 'org',
    name: org.name,
    timezone: org.timezone,
    country: org.country,
    region: null,
    workdays: org.workdays.map(weekdayOf),
    hours: org.hours,
  }),

  /** A vendor as a planner party: its country's usual work week and the planner's default hours. */
  vendorParty: (v: { id: string; name: string; country: string; timezone: string }): Party => ({
    id: v.id,
    name: v.name,
    timezone: v.timezone,
    country: v.country,
    region: null,
    workdays: defaultWorkdays(v.country),
    hours: DEFAULT_HOURS,
  }),

  /**
   * A party's days off in a year as the planner counts them: the national data of its country and
   * region with the organisation's or the vendor's holiday calendar (its first), and the label
   * naming both ("India national + Acme Bangalore 2027").
   */
  async daysOff(
    party: Party,
    year: number,
    /**
     * For a party that is not "org" nor a vendor (a vendor's delivery site): the owner of the
     * calendar it keeps and which one; calendarId null for its country's national data alone.
     */
    keeps?: { owner: string; calendarId: string | null },
  ): Promise<{ days: ReadonlyMap<string, readonly string[]>; label: string }> {
    const found =
      keeps && keeps.calendarId === null
        ? null
        : await deps.calendar(
            keeps ? keeps.owner : party.id === 'org' ? null : party.id,
            keeps?.calendarId ?? undefined,
            `${year}-01-01`,
            `${year}-12-31`,
          );
    const cal = found === 'unknown' ? null : found;
    const country = cal?.country ?? party.country;
    const region = party.region ?? cal?.region ?? null;
    return {
      days: effectiveDays(country, region, cal, year),
      label: calendarUsed(party.id, country, region, cal, [year]).label,
    };
  },

  /** Overlap of parties date by date, with days off the caller hands (no permission check: callers check). */
  overlapOf(parties: Party[], from: string, to: string, daysOff: PartyDaysOff) {
    const { days, totalMinutes } = overlap(parties, from, to, (p, y) => daysOff(p, y).days);
    return { days, totalMinutes };
  },

  /** The planner's weekly slot for parties, with days off the caller hands (no permission check). */
  slotOf(parties: Party[], from: string, to: string, duration: number, daysOff: PartyDaysOff) {
    return recurringSlot(parties, from, to, duration, (p, y) => daysOff(p, y).days);
  },
});

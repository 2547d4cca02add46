/** The planner as the composition root (services.ts) makes it: it sees the organisation and a vendor's facts. */
import type { Organisation } from '../../../contracts/accounts';
import type { Party } from '../../../contracts/planner';
import { publicHolidays } from './holidays';
import { defaultWorkdays, overlap, recurringSlot, weekdayOf } from './rules';
import { createPlannerService, DEFAULT_HOURS, type PlannerDeps } from './service';

/** A party's days off by its own local date in one year, and the name of the calendar they come from. */
type PartyDaysOff = (
  party: Party,
  year: number,
) => { days: ReadonlyMap<string, readonly string[]>; label: string };

/**
 * The overlap rules look holidays up by country and region; other modules hand days off per party
 * (the organisation and a vendor in one country may keep different calendars), so each party is
 * keyed by its id for the lookup.
 */
function byParty(parties: Party[], daysOff: PartyDaysOff) {
  const keyed = parties.map((p) => ({ ...p, country: p.id, region: null }));
  const original = new Map(parties.map((p) => [p.id, p]));
  const lookup = (id: string, _region: string | null, year: number) =>
    daysOff(original.get(id)!, year).days as Map<string, string[]>;
  return { keyed, lookup };
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

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

  /** The national public holidays the planner uses today, as a party's days off ("Germany national"). */
  nationalDaysOff: ((party, year) => ({
    days: publicHolidays(party.country, party.region, year),
    label: `${regionNames.of(party.country) ?? party.country} national`,
  })) satisfies PartyDaysOff,

  /** Overlap of parties date by date, with days off the caller hands (no permission check: callers check). */
  overlapOf(parties: Party[], from: string, to: string, daysOff: PartyDaysOff) {
    const { keyed, lookup } = byParty(parties, daysOff);
    const { days, totalMinutes } = overlap(keyed, from, to, lookup);
    return { days, totalMinutes };
  },

  /** The planner's weekly slot for parties, with days off the caller hands (no permission check). */
  slotOf(parties: Party[], from: string, to: string, duration: number, daysOff: PartyDaysOff) {
    const { keyed, lookup } = byParty(parties, daysOff);
    return recurringSlot(keyed, from, to, duration, lookup);
  },
});

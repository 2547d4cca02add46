import { describe, expect, it } from 'vitest';
import type { Party } from '../../../contracts/planner';
import { createPlannerModule } from './module';

const planner = createPlannerModule({
  organisation: async () => {
    throw new Error('not used');
  },
  vendor: async () => undefined,
  calendar: async () => null,
});

const party = (id: string): Party => ({
  id,
  name: id,
  timezone: 'Europe/Berlin',
  country: 'DE',
  region: null,
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: { start: '09:00', end: '17:00' },
});

describe('the planner offered to other modules', () => {
  it('keeps each party its own days off, though both are in one country', () => {
    // A vendor calendar with one extra day: Tuesday 2 March 2027 is off for the vendor only.
    const daysOff = (p: Party, year: number) => ({
      days: new Map(p.id === 'vnd_a' && year === 2027 ? [['2027-03-02', ['Site closure']]] : []),
      label: p.id === 'vnd_a' ? 'Germany national + site' : 'Germany national',
    });
    const { days, totalMinutes } = planner.overlapOf(
      [party('org'), party('vnd_a')],
      '2027-03-01',
      '2027-03-03',
      daysOff,
    );
    expect(days.map((d) => [d.date, d.nonWorking, d.holidays])).toEqual([
      ['2027-03-01', [], []],
      ['2027-03-02', ['vnd_a'], [{ partyId: 'vnd_a', name: 'Site closure' }]],
      ['2027-03-03', [], []],
    ]);
    expect(totalMinutes).toBe(2 * 8 * 60);
    const slot = planner.slotOf([party('org'), party('vnd_a')], '2027-03-01', '2027-03-07', 60, daysOff);
    expect(slot).toMatchObject({ weekday: 'mon', start: '09:00' });
  });

  it('labels the national data by country name when the party keeps no calendar', async () => {
    const national = await planner.daysOff(party('org'), 2027);
    expect(national.label).toBe('Germany national');
    // 3 October, the Day of German Unity (date-holidays names it "National Holiday" in English).
    expect(national.days.get('2027-10-03')?.length).toBe(1);
  });
});

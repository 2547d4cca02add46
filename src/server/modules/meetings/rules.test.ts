import { describe, expect, it } from 'vitest';
import { escapeText, fold, renderCalendar } from './ical';
import { fallsOn, occurrenceDates, occurrences, type SeriesTiming } from './rules';

const base: SeriesTiming = {
  recurrence: { frequency: 'weekly', weekday: 'mon', interval: 1 },
  startDate: '2027-03-01',
  endDate: null,
  startTime: '09:00',
  durationMinutes: 60,
  timezone: 'Europe/Berlin',
};

describe('meeting recurrence', () => {
  it('keeps 09:00 Berlin across the March and October changes', () => {
    const march = occurrences(base, '2027-03-22', '2027-03-29');
    expect(march.map((o) => o.startsAt)).toEqual(['2027-03-22T08:00:00Z', '2027-03-29T07:00:00Z']);
    const october = occurrences(base, '2027-10-25', '2027-11-01');
    expect(october.map((o) => o.startsAt)).toEqual(['2027-10-25T07:00:00Z', '2027-11-01T08:00:00Z']);
    expect(new Set([...march, ...october].map((o) => o.localStart))).toEqual(new Set(['09:00']));
  });

  it('keeps New York local time over the weeks when the US has changed and Europe has not', () => {
    const ny = { ...base, timezone: 'America/New_York', startTime: '10:00' };
    expect(occurrences(ny, '2027-03-08', '2027-03-15').map((o) => o.startsAt)).toEqual([
      '2027-03-08T15:00:00Z',
      '2027-03-15T14:00:00Z',
    ]);
  });

  it('moves a start inside the spring-forward gap to the first valid minute', () => {
    const gap = {
      ...base,
      startTime: '02:30',
      recurrence: { frequency: 'weekly' as const, weekday: 'sun' as const, interval: 1 },
    };
    const [o] = occurrences(gap, '2027-03-28', '2027-03-28');
    expect(o!.startsAt).toBe('2027-03-28T01:30:00Z');
    expect(o!.localStart).toBe('03:30');
  });

  it('takes the first of a start time that happens twice at the autumn change (RFC 5545)', () => {
    const repeated = {
      ...base,
      startTime: '02:30',
      recurrence: { frequency: 'weekly' as const, weekday: 'sun' as const, interval: 1 },
    };
    // 31 October 2027, Berlin: 02:30 CEST (+02:00) comes before 02:30 CET (+01:00).
    const [o] = occurrences(repeated, '2027-10-31', '2027-10-31');
    expect(o!.startsAt).toBe('2027-10-31T00:30:00Z');
    expect(o!.localStart).toBe('02:30');
  });

  it('starts on the first matching weekday and honours the interval and end date', () => {
    const fortnightly = {
      ...base,
      startDate: '2027-03-03',
      endDate: '2027-04-30',
      recurrence: { frequency: 'weekly' as const, weekday: 'mon' as const, interval: 2 },
    };
    expect(occurrenceDates(fortnightly, '2027-01-01', '2027-12-31')).toEqual([
      '2027-03-08',
      '2027-03-22',
      '2027-04-05',
      '2027-04-19',
    ]);
    // A window that starts in the middle keeps the rhythm.
    expect(occurrenceDates(fortnightly, '2027-03-23', '2027-04-10')).toEqual(['2027-04-05']);
    expect(fallsOn(fortnightly, '2027-03-15')).toBe(false);
  });

  it('handles nth and last weekdays and clamps days of the month', () => {
    const second = {
      ...base,
      startDate: '2027-01-15',
      recurrence: { frequency: 'monthly' as const, nth: 2 as const, weekday: 'tue' as const },
    };
    // 12 January is before the start date.
    expect(occurrenceDates(second, '2027-01-01', '2027-03-31')).toEqual(['2027-02-09', '2027-03-09']);
    const quarterly = {
      ...base,
      startDate: '2027-02-01',
      recurrence: { frequency: 'quarterly' as const, dayOfMonth: 30 },
    };
    expect(occurrenceDates(quarterly, '2027-01-01', '2027-12-31')).toEqual([
      '2027-02-28',
      '2027-05-30',
      '2027-08-30',
      '2027-11-30',
    ]);
  });
});

describe('iCalendar text', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('folds at 75 octets without splitting a character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}`;
    const folded = fold(line).split('\r\n');
    for (const l of folded) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
  });

  it('renders all-day and timed events with CRLF endings', () => {
    const text = renderCalendar(
      'Test',
      [
        { uid: 'a@x', summary: 'Due', date: '2027-12-31', allDay: true },
        { uid: 'b@x', summary: 'Call', start: '2027-03-29T07:00:00.000Z', end: '2027-03-29T08:00:00Z' },
      ],
      '2027-01-01T00:00:00Z',
    );
    expect(text).toContain('DTSTART;VALUE=DATE:20271231\r\nDTEND;VALUE=DATE:20280101\r\n');
    expect(text).toContain('DTSTART:20270329T070000Z\r\nDTEND:20270329T080000Z\r\n');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

/**
 * RFC 5545 text, pure: timed events in UTC (no VTIMEZONE needed), all-day events as DATE values,
 * TEXT escaping (§3.3.11), CRLF line endings and folding at 75 octets (§3.1).
 */
import { addDays } from '../../lib/dates';

export type CalendarEvent =
  | {
      uid: string;
      summary: string;
      description?: string;
      /** UTC instants (ISO). */
      start: string;
      end: string;
      allDay?: false;
      categories?: string;
    }
  | {
      uid: string;
      summary: string;
      description?: string;
      /** A date, YYYY-MM-DD. */
      date: string;
      allDay: true;
      categories?: string;
    };

/** Escape a TEXT value: backslash, semicolon, comma and newlines. */
export const escapeText = (v: string) =>
  v
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');

/** Fold a content line into lines of at most 75 octets, never splitting a UTF-8 character. */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
      // Continuation lines start with a space, which counts towards their 75 octets.
      limit = 74;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const utc = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
const dateValue = (d: string) => d.replace(/-/g, '');

export function renderCalendar(name: string, events: CalendarEvent[], stamp: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Outpost//Calendar feed//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
  ];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${utc(stamp)}`);
    if (e.allDay)
      lines.push(
        `DTSTART;VALUE=DATE:${dateValue(e.date)}`,
        `DTEND;VALUE=DATE:${dateValue(addDays(e.date, 1))}`,
      );
    else lines.push(`DTSTART:${utc(e.start)}`, `DTEND:${utc(e.end)}`);
    lines.push(`SUMMARY:${escapeText(e.summary)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.categories) lines.push(`CATEGORIES:${escapeText(e.categories)}`);
    lines.push('TRANSP:' + (e.allDay ? 'TRANSPARENT' : 'OPAQUE'), 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

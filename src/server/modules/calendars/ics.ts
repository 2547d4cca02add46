/**
 * Holiday days from an iCalendar file (RFC 5545), read with ical.js (Mozilla's maintained
 * parser). Every VEVENT must be all-day (DTSTART a DATE): each date from DTSTART up to DTEND
 * (exclusive) is a day; a recurring one (RRULE, RDATE, EXDATE) is expanded for the years asked.
 * Cancelled events are left out. A problem names the line and the component, as people find it in
 * the file. Pure: text in, days out.
 */
import ICAL from 'ical.js';
import type { FieldError } from '../../errors';

interface ImportedDay {
  date: string;
  name: string;
  /** Where it came from: a line of the file. */
  line: number;
}

/** An event longer than this is not a holiday (a typo in DTEND, usually). */
const MAX_EVENT_DAYS = 31;
/** Occurrences of one recurring event looked at, at most (a daily rule over years stops here). */
const MAX_OCCURRENCES = 5000;

interface Logical {
  text: string;
  line: number;
}

/** RFC 5545 unfolding: a line starting with a space or tab continues the one before. */
function logicalLines(text: string): Logical[] {
  const out: Logical[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && out.length)
      out[out.length - 1]!.text += raw.slice(1);
    else if (raw.length) out.push({ text: raw, line: i + 1 });
  });
  return out;
}

const problem = (line: number, message: string): FieldError => ({ field: 'file', line, message });

/** Structure first (so a problem has a line), then ical.js for the values. */
export function parseIcs(
  text: string,
  years: readonly number[],
): { days: ImportedDay[]; skipped: number; errors: FieldError[] } {
  const lines = logicalLines(text.replace(/^\uFEFF/, ''));
  if (lines.length === 0 || lines[0]!.text.toUpperCase() !== 'BEGIN:VCALENDAR')
    return {
      days: [],
      skipped: 0,
      errors: [problem(lines[0]?.line ?? 1, 'must start with BEGIN:VCALENDAR')],
    };
  const stack: Logical[] = [];
  const events: Logical[] = [];
  for (const l of lines) {
    const colon = l.text.search(/[:;]/);
    if (colon <= 0)
      return {
        days: [],
        skipped: 0,
        errors: [problem(l.line, `is not a property line (NAME:value): "${l.text.slice(0, 60)}"`)],
      };
    const name = l.text.slice(0, colon).toUpperCase();
    const value = l.text.slice(colon + 1).toUpperCase();
    if (name === 'BEGIN') {
      if (value === 'VEVENT' && stack.length === 1) events.push(l);
      stack.push({ text: value, line: l.line });
    } else if (name === 'END') {
      const open = stack.pop();
      if (!open || open.text !== value)
        return {
          days: [],
          skipped: 0,
          errors: [
            problem(
              l.line,
              open
                ? `END:${value} closes BEGIN:${open.text} of line ${open.line}`
                : `END:${value} without a BEGIN`,
            ),
          ],
        };
    }
  }
  if (stack.length) {
    const open = stack[stack.length - 1]!;
    return { days: [], skipped: 0, errors: [problem(open.line, `BEGIN:${open.text} is never ended`)] };
  }

  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    return { days: [], skipped: 0, errors: [problem(1, `is not iCalendar: ${(err as Error).message}`)] };
  }
  const days: ImportedDay[] = [];
  const errors: FieldError[] = [];
  let skipped = 0;
  const wanted = new Set(years);
  const first = Math.min(...years);
  const last = Math.max(...years);
  root.getAllSubcomponents('vevent').forEach((component, i) => {
    const at = events[i]?.line ?? 1;
    const fail = (message: string) => errors.push(problem(at, `VEVENT: ${message}`));
    try {
      if (String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') return;
      const event = new ICAL.Event(component);
      const name = (event.summary ?? '').trim();
      if (!name) {
        fail('has no SUMMARY (the holiday’s name)');
        return;
      }
      const start = event.startDate;
      if (!start) {
        fail('has no DTSTART');
        return;
      }
      if (!start.isDate) {
        fail('DTSTART must be a date (an all-day event, DTSTART;VALUE=DATE:20271029)');
        return;
      }
      const end = event.endDate;
      const length = end && end.compare(start) > 0 ? end.subtractDate(start).toSeconds() / 86_400 : 1;
      if (!Number.isInteger(length) || length < 1 || length > MAX_EVENT_DAYS) {
        fail(`lasts ${length} days; a holiday lasts 1 to ${MAX_EVENT_DAYS} whole days`);
        return;
      }
      const starts: ICAL.Time[] = [];
      if (event.isRecurring()) {
        const it = event.iterator();
        for (let n = 0; n < MAX_OCCURRENCES; n++) {
          const next = it.next();
          if (!next || next.year > last) break;
          if (next.year >= first - 1) starts.push(next);
        }
      } else starts.push(start);
      for (const s of starts) {
        for (let d = 0; d < length; d++) {
          const t = s.clone();
          t.adjust(d, 0, 0, 0);
          const date = `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
          if (wanted.has(t.year)) days.push({ date, name, line: at });
          else if (!event.isRecurring()) skipped++;
        }
      }
    } catch (err) {
      fail((err as Error).message);
    }
  });
  return { days, skipped, errors };
}

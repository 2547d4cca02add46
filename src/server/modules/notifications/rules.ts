/**
 * Pure rules of notification delivery: which event types a role hears of, the default channel,
 * what a notification says, the mails (plain text and escaped HTML), the retry schedule, and the
 * digest's day. No I/O; the clock comes in as an argument.
 */
import { DateTime } from 'luxon';
import type { Role } from '../../../contracts/accounts';
import { EVENT_TYPES, type EventType } from '../../../contracts/events';
import { EVENT_TYPE_LABELS, type NotificationChannel } from '../../../contracts/notifications';

/** What each event type is called in the settings page and in mails. */
export const EVENT_LABELS = EVENT_TYPE_LABELS;

/**
 * The event types a vendor user can hear of: messages in shared threads of their vendor, their
 * own certificates and calendars, and what waits for them: a questionnaire to answer, a published
 * scorecard to respond to. Everything else is about internal records they cannot read.
 */
const VENDOR_EVENT_TYPES: readonly EventType[] = [
  'message.created',
  'certification.expiring',
  'certification.expired',
  'holiday_calendar.next_year_missing',
  'assessment.sent',
  'scorecard.published',
];

/** The event types a role may set preferences for (and be notified of). */
export function eventTypesFor(role: Role): EventType[] {
  return role === 'vendor' ? [...VENDOR_EVENT_TYPES] : [...EVENT_TYPES];
}

/** Email at once for a breached SLA (money is at stake), in the app for everything else. */
export function defaultChannel(type: EventType, role: Role): NotificationChannel {
  if (type === 'sla.breached' && role !== 'vendor') return 'email';
  return 'in_app';
}

/** The channel a user's stored choice (or its absence) gives for one event type; null: not theirs to hear. */
export function channelFor(
  type: EventType,
  role: Role,
  stored: string | undefined,
): NotificationChannel | null {
  if (!eventTypesFor(role).includes(type)) return null;
  return (stored as NotificationChannel | undefined) ?? defaultChannel(type, role);
}

/** Retry waits for a failed mail: 1 min doubling to at most 6 h; a mail is never given up. */
const EMAIL_RETRY_BASE_MS = 60_000;
const EMAIL_RETRY_MAX_MS = 6 * 3600_000;

/** When to try a mail again after `attempts` failed attempts. */
export function nextEmailAttempt(attempts: number, now: Date): Date {
  const delay = Math.min(EMAIL_RETRY_BASE_MS * 2 ** Math.max(attempts - 1, 0), EMAIL_RETRY_MAX_MS);
  return new Date(now.getTime() + delay);
}

/** The local hour at which the digest of the previous days goes out. */
export const DIGEST_HOUR = 8;

/**
 * The digest due at `now` in `zone`: the local date it is named after and the instant before which
 * waiting items go into it (local midnight of that date), or null before the digest hour.
 */
export function digestDue(now: Date, zone: string): { day: string; before: string } | null {
  const local = DateTime.fromJSDate(now, { zone });
  if (local.hour < DIGEST_HOUR) return null;
  const midnight = local.startOf('day');
  return { day: midnight.toISODate()!, before: midnight.toUTC().toISO()! };
}

/** Whose record an event is about, named for people (the engagement's title, the vendor's name). */
export interface EventContext {
  engagement: { id: string; title: string } | null;
  vendor: { id: string; name: string } | null;
}

/** What a notification says: the in-app row, the digest line and the mail are made from it. */
interface Rendered {
  title: string;
  body: string;
  link: string | null;
  /** Shown before the title in a mail's subject: the engagement's title, else the vendor's name. */
  context: string | null;
}

const str = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;

/** A stored value as words: `under_review` → "under review". */
const words = (v: unknown, fallback = ''): string => str(v, fallback).replace(/_/g, ' ');

/** "2027-05" → "May 2027"; a quarter or a year stays as it is. */
function periodName(period: string): string {
  const month = DateTime.fromFormat(period, 'yyyy-MM', { zone: 'UTC', locale: 'en-GB' });
  return month.isValid ? month.toFormat('LLLL yyyy') : period.replace('-', ' ');
}

/**
 * Text as a person reads it, without Markdown's marks: a title or a line is not rendered, so
 * `**urgent**`, `# Heading`, `[text](url)` and `` `code` `` become plain words.
 */
export function plainText(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+(?=\S)|\d+\.\s+(?=\S))/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])/g, '$1')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/\s*\n+\s*/g, ' ')
    .trim();
}

/** The notification an event gives, for an internal user or a vendor user of the vendor concerned. */
export function describe(
  event: { type: EventType; payload: Record<string, unknown> },
  ctx: EventContext,
  audience: 'internal' | 'vendor',
): Rendered {
  const r = describeRaw(event, ctx, audience);
  return { ...r, title: plainText(r.title), body: plainText(r.body) };
}

function describeRaw(
  event: { type: EventType; payload: Record<string, unknown> },
  ctx: EventContext,
  audience: 'internal' | 'vendor',
): Rendered {
  const p = event.payload;
  const e = ctx.engagement;
  const v = ctx.vendor;
  const context = e?.title ?? v?.name ?? null;
  const engagementLink = e ? `/engagements/${e.id}` : null;
  switch (event.type) {
    case 'vendor.status_changed':
      return {
        title: `${v?.name ?? 'A vendor'} is now ${words(p.to)}`,
        body: `The vendor's status changed from ${words(p.from)} to ${words(p.to)}${p.by ? ` (by ${str(p.by)})` : ''}.`,
        link: v ? `/vendors/${v.id}` : null,
        context,
      };
    case 'certification.expiring':
    case 'certification.expired': {
      const expired = event.type === 'certification.expired';
      const name = str(p.standardName, 'A');
      const when = expired
        ? `expired on ${str(p.expiresOn)}`
        : Number(p.days) === 0
          ? 'expires today'
          : `expires in ${str(p.days)} days (${str(p.expiresOn)})`;
      if (audience === 'vendor')
        return {
          title: `Your ${name} certificate ${when}`,
          body: 'Upload the renewed certificate and its evidence in the portal so the due-diligence record stays complete.',
          link: v ? `/vendors/${v.id}/diligence` : null,
          context: v?.name ?? null,
        };
      return {
        title: `${v?.name ?? 'A vendor'}: ${name} certificate ${when}`,
        body: `${Number(p.threshold) === 0 ? 'The certificate is no longer valid after today' : `Reminder ${str(p.threshold)} days before expiry`}. Ask ${v?.name ?? 'the vendor'} for the renewed certificate and its evidence.`,
        link: v ? `/vendors/${v.id}/diligence` : null,
        context: v?.name ?? null,
      };
    }
    case 'assessment.sent':
      return {
        title: `Please answer the questionnaire “${str(p.templateName, 'Questionnaire')}” by ${str(p.dueDate)}`,
        body: `${v?.name ?? 'Your company'} has been sent a questionnaire. Answer every required question and submit it by ${str(p.dueDate)}; you can save a draft and come back to it.`,
        link: `/assessments/${str(p.assessmentId)}`,
        context: v?.name ?? null,
      };
    case 'assessment.submitted':
      return {
        title: `${str(p.vendorName, v?.name ?? 'A vendor')} answered “${str(p.templateName, 'a questionnaire')}”`,
        body: 'The questionnaire is submitted and waits for your review: complete it, or send it back with comments on the answers to clarify.',
        link: `/assessments/${str(p.assessmentId)}`,
        context: v?.name ?? null,
      };
    case 'scorecard.published': {
      const total = p.total === null || p.total === undefined ? '' : ` with ${str(p.total)} out of 100`;
      return audience === 'vendor'
        ? {
            title: `Your scorecard for ${periodName(str(p.period))} is published${total}`,
            body: `Read the scores and comments for ${e?.title ?? 'the engagement'}; you can respond, or dispute a score you disagree with.`,
            link: e ? `/engagements/${e.id}/quality` : null,
            context,
          }
        : {
            title: `Scorecard for ${periodName(str(p.period))} published${total}`,
            body: `${v?.name ?? 'The vendor'} can now read it and respond.`,
            link: e ? `/engagements/${e.id}/quality` : null,
            context,
          };
    }
    case 'scorecard.disputed': {
      const criterion = str(p.criterion) ? words(p.criterion) : 'a';
      return {
        title: `${v?.name ?? 'The vendor'} disputes the ${criterion} score of ${periodName(str(p.period))}`,
        body: `${str(p.authorName, 'The vendor')} disputed a score on the published scorecard; answer the dispute on the engagement's quality page.`,
        link: e ? `/engagements/${e.id}/quality` : null,
        context,
      };
    }
    case 'deliverable.submitted':
      return {
        title: `Deliverable submitted: ${str(p.deliverableName, 'a deliverable')}`,
        body: `${str(p.submittedByName, 'The vendor')} submitted cycle ${str(p.cycle, '1')}${p.onTime === false ? ' (late)' : ''}; it awaits review.`,
        link: e ? `/engagements/${e.id}/quality` : null,
        context,
      };
    case 'change_request.submitted':
      return {
        title: `Change request submitted: ${str(p.title, 'untitled')}`,
        body: `${str(p.submittedByName, 'Someone')} submitted a change request to the statement of work; it awaits a decision.`,
        link: engagementLink,
        context,
      };
    case 'message.created':
      return {
        title: `${str(p.authorName, 'Someone')} in “${str(p.threadTitle, 'a thread')}”`,
        body: str(p.excerpt),
        link: e && p.threadId ? `/engagements/${e.id}/messages/${str(p.threadId)}` : engagementLink,
        context,
      };
    case 'holiday_calendar.next_year_missing': {
      const whose = v ? `${v.name}'s holiday calendar` : 'The holiday calendar';
      return {
        title: `${whose} “${str(p.calendarName)}” has no days for ${str(p.year)}`,
        body: `Import next year's holidays (an iCalendar file or CSV) or add them by hand; until then only the national holidays count for ${str(p.year)}.`,
        link: `/calendars/${str(p.calendarId)}`,
        context: v?.name ?? null,
      };
    }
    case 'sla.breached':
      return {
        title: `SLA breached: ${str(p.name, 'a KPI')} (${str(p.period)})`,
        body: `Measured ${str(p.actual, '?')} against a target of ${str(p.target, '?')}${Number(p.creditPct) > 0 ? `; a service credit of ${str(p.creditPct)} % applies` : ''}.`,
        link: e ? `/engagements/${e.id}/quality` : null,
        context,
      };
    default: {
      const label = EVENT_LABELS[event.type] ?? event.type;
      const what = str(p.title) || str(p.name) || str(p.summary);
      return {
        title: what ? `${label}: ${what}` : label,
        body: context ? `${label} for ${context}.` : `${label}.`,
        link: engagementLink ?? (v ? `/vendors/${v.id}` : null),
        context,
      };
    }
  }
}

/** Escape text for HTML: every mail part that came from a user goes through this. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Subject lines are one line: control characters (CR/LF) become spaces. */
const oneLine = (s: string) =>
  [...s]
    .map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? ' ' : ch))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();

interface Mail {
  subject: string;
  text: string;
  html: string;
}

const absolute = (baseUrl: string | null, link: string | null) =>
  link ? (baseUrl ? `${baseUrl.replace(/\/$/, '')}${link}` : link) : null;

/** The mail of one notification: `[context] title` as subject, the body and a link. */
export function eventMail(r: Rendered, label: string, baseUrl: string | null): Mail {
  const url = absolute(baseUrl, r.link);
  const subject = oneLine(r.context ? `[${r.context}] ${r.title}` : r.title);
  const text = [r.title, '', r.body, ...(url ? ['', `Open: ${url}`] : []), '', footer(label)].join('\n');
  const html = [
    `<p><strong>${escapeHtml(r.title)}</strong></p>`,
    r.body ? `<p>${escapeHtml(r.body)}</p>` : '',
    url ? `<p><a href="${escapeHtml(url)}">Open in Outpost</a></p>` : '',
    `<p style="color:#666;font-size:12px">${escapeHtml(footer(label))}</p>`,
  ]
    .filter(Boolean)
    .join('\n');
  return { subject, text, html };
}

const footer = (label: string) =>
  `You receive this because of your notification settings for “${label}”. Change them in Outpost under Notification settings.`;

interface DigestLine {
  eventType: string;
  title: string;
  body: string;
  link: string | null;
  context: string | null;
  createdAt: string;
}

/** Digest lines grouped by engagement or vendor (unnamed last), oldest first within each. */
export function groupDigest(items: DigestLine[]): Array<{ context: string | null; items: DigestLine[] }> {
  const groups = new Map<string | null, DigestLine[]>();
  for (const item of [...items].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const list = groups.get(item.context) ?? [];
    list.push(item);
    groups.set(item.context, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([context, list]) => ({ context, items: list }));
}

/** The daily digest mail of `day`: one section per engagement or vendor. */
export function digestMail(day: string, items: DigestLine[], baseUrl: string | null): Mail {
  const groups = groupDigest(items);
  const names = groups.map((g) => g.context).filter((c): c is string => c !== null);
  const about =
    names.length === 1
      ? ` [${names[0]}]`
      : names.length > 1
        ? ` [${names.length} engagements and vendors]`
        : '';
  const subject = oneLine(
    `Outpost daily digest for ${day}: ${items.length} update${items.length === 1 ? '' : 's'}${about}`,
  );
  const text: string[] = [`Your updates up to ${day}`, ''];
  const html: string[] = [`<p><strong>Your updates up to ${escapeHtml(day)}</strong></p>`];
  for (const g of groups) {
    const heading = g.context ?? 'Other';
    text.push(heading, '-'.repeat(Math.min(heading.length, 60)));
    html.push(`<h3>${escapeHtml(heading)}</h3>`, '<ul>');
    for (const i of g.items) {
      const url = absolute(baseUrl, i.link);
      text.push(`* ${i.title}${i.body ? ` — ${i.body}` : ''}${url ? ` (${url})` : ''}`);
      html.push(
        `<li>${url ? `<a href="${escapeHtml(url)}">${escapeHtml(i.title)}</a>` : escapeHtml(i.title)}${i.body ? ` — ${escapeHtml(i.body)}` : ''}</li>`,
      );
    }
    text.push('');
    html.push('</ul>');
  }
  const note =
    'You receive this digest because of your notification settings. Change them in Outpost under Notification settings.';
  text.push(note);
  html.push(`<p style="color:#666;font-size:12px">${escapeHtml(note)}</p>`);
  return { subject, text: text.join('\n'), html: html.join('\n') };
}

/** Where a direct mail's one-time link goes in its text and HTML (`DirectMail.link`). */
const MAIL_LINK = '{{link}}';
const SEALED_LINK = /⟦sealed:([A-Za-z0-9+/=:]+)⟧/g;

/** The mail as stored: the link's places hold it sealed (encrypted), never in plain text. */
export function sealMailLink(mail: { text: string; html: string }, sealed: string) {
  const marker = `⟦sealed:${sealed}⟧`;
  return { text: mail.text.replaceAll(MAIL_LINK, marker), html: mail.html.replaceAll(MAIL_LINK, marker) };
}

/** The mail as sent: each sealed link opened (`open` decrypts), escaped in the HTML. */
export function openMailLinks(mail: { text: string; html: string }, open: (sealed: string) => string) {
  return {
    text: mail.text.replace(SEALED_LINK, (_, v: string) => open(v)),
    html: mail.html.replace(SEALED_LINK, (_, v: string) => escapeHtml(open(v))),
  };
}

/** The mail as kept once sent: links removed, sealed or (in mails queued by older versions) not. */
export const dropMailLinks = (t: string) =>
  t
    .replace(SEALED_LINK, '[link removed after sending]')
    .replace(/\/invitations\/[A-Za-z0-9_-]+/g, '/invitations/[link removed after sending]');

/**
 * Pure rules of due diligence: certificate status from a calendar date, the reminder schedule,
 * the checklist and the reference summary. No I/O; the clock comes in as an argument.
 */
import {
  type CertStandard,
  type CertStatus,
  type ChecklistItem,
  type Requirement,
  STANDARD_LABELS,
  type Verdict,
} from '../../../contracts/diligence';
import { daysBetween } from '../../lib/dates';

/**
 * A certificate is valid through its expiry date: `expired` from the day after, `expiring` while
 * the expiry is at most `windowDays` days away (so exactly 90 days out is expiring with the
 * default window, 91 is valid, the expiry day itself is expiring), `valid` otherwise.
 */
export function certificationStatus(
  expiresOn: string,
  today: string,
  windowDays: number,
): { status: CertStatus; daysToExpiry: number } {
  const daysToExpiry = daysBetween(today, expiresOn);
  const status: CertStatus = daysToExpiry < 0 ? 'expired' : daysToExpiry <= windowDays ? 'expiring' : 'valid';
  return { status, daysToExpiry };
}

/** Reminders go out this many days before expiry, and on the day (0). */
export const REMINDER_THRESHOLDS = [90, 30, 7, 0] as const;
/** An expired certificate still gets its day-0 reminder this many days late (a scheduler that was down). */
export const REMINDER_CATCH_UP_DAYS = 30;

/**
 * The reminder due for a certificate `daysToExpiry` days from expiry: the most urgent threshold
 * already reached, so a certificate added 5 days before expiry gets the 7-day reminder and not
 * the 90- and 30-day ones as well. Null when none is due (more than 90 days out, or expired
 * longer ago than the catch-up).
 */
export function dueReminder(daysToExpiry: number): number | null {
  if (daysToExpiry > REMINDER_THRESHOLDS[0]) return null;
  if (daysToExpiry < -REMINDER_CATCH_UP_DAYS) return null;
  const left = Math.max(daysToExpiry, 0);
  let due: number = REMINDER_THRESHOLDS[0];
  for (const t of REMINDER_THRESHOLDS) if (t >= left) due = t;
  return due;
}

/** The key that makes a reminder go out once per threshold and expiry date (renewing starts over). */
export const reminderKey = (certId: string, expiresOn: string, threshold: number) =>
  `certification-expiry:${certId}:${expiresOn}:${threshold}`;

/** The facts about a vendor the checklist is evaluated against. */
export interface DiligenceFacts {
  certifications: Array<{ standard: CertStandard; status: CertStatus; verified: boolean }>;
  references: Array<{ verdict: Verdict }>;
  contacts: number;
  /** Completed questionnaire assessments, newest first. */
  assessments: Array<{ score: number | null; openFlags: number }>;
  /** Data processing agreements on file with their status today. */
  dpas: Array<{ status: 'pending' | 'current' | 'expired' }>;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const standards = (list: readonly CertStandard[]) => list.map((s) => STANDARD_LABELS[s]).join(' or ');

/** What a requirement asks, in words. */
function describeRequirement(r: Requirement): string {
  switch (r.kind) {
    case 'certification':
      return `A valid${r.verified ? ', verified' : ''} ${standards(r.anyOf)} certificate`;
    case 'references':
      return `${plural(r.minPositive, 'positive reference')}`;
    case 'contacts':
      return `${plural(r.min, 'contact')} on record`;
    case 'dpa':
      return 'A current data processing agreement';
    case 'questionnaire':
      return `A completed security questionnaire scored ${r.minScore} or more${r.noOpenFlags ? ' with no flags raised' : ''}`;
  }
}

function evaluateOne(r: Requirement, facts: DiligenceFacts): { met: boolean; detail: string } {
  switch (r.kind) {
    case 'certification': {
      const matching = facts.certifications.filter((c) =>
        (r.anyOf as readonly CertStandard[]).includes(c.standard),
      );
      const current = matching.filter((c) => c.status !== 'expired');
      const counted = r.verified ? current.filter((c) => c.verified) : current;
      if (counted.length > 0) {
        const c = counted[0]!;
        return { met: true, detail: `${STANDARD_LABELS[c.standard]} certificate is ${c.status}` };
      }
      if (current.length > 0)
        return { met: false, detail: `The ${standards(r.anyOf)} certificate is not verified yet` };
      if (matching.length > 0)
        return {
          met: false,
          detail: `The ${standards(r.anyOf)} certificate has expired; a current one is needed`,
        };
      return { met: false, detail: `No ${standards(r.anyOf)} certificate on record` };
    }
    case 'references': {
      const positive = facts.references.filter((x) => x.verdict === 'positive').length;
      if (positive >= r.minPositive)
        return { met: true, detail: `${plural(positive, 'positive reference')}` };
      const missing = r.minPositive - positive;
      return {
        met: false,
        detail: `${plural(missing, 'more positive reference')} needed (${positive} of ${r.minPositive})`,
      };
    }
    case 'contacts': {
      if (facts.contacts >= r.min)
        return { met: true, detail: `${plural(facts.contacts, 'contact')} on record` };
      return {
        met: false,
        detail: `${plural(r.min - facts.contacts, 'more contact')} needed (${facts.contacts} of ${r.min})`,
      };
    }
    case 'dpa': {
      if (facts.dpas.some((d) => d.status === 'current'))
        return { met: true, detail: 'A current DPA is on file' };
      if (facts.dpas.some((d) => d.status === 'pending'))
        return { met: false, detail: 'The DPA on file is not in force yet' };
      if (facts.dpas.length) return { met: false, detail: 'The DPA on file has expired' };
      return { met: false, detail: 'No data processing agreement on file' };
    }
    case 'questionnaire': {
      if (!facts.assessments.length) return { met: false, detail: 'No completed questionnaire assessment' };
      const passing = facts.assessments.find(
        (a) => a.score !== null && a.score >= r.minScore && (!r.noOpenFlags || a.openFlags === 0),
      );
      if (passing)
        return { met: true, detail: `Scored ${passing.score}${passing.openFlags ? '' : ', no flags'}` };
      const last = facts.assessments[0]!;
      const why = [
        last.score === null ? 'has no score' : last.score < r.minScore ? `scored ${last.score}` : null,
        r.noOpenFlags && last.openFlags > 0 ? plural(last.openFlags, 'flag') + ' raised' : null,
      ].filter(Boolean);
      return { met: false, detail: `The latest completed assessment ${why.join(' and ')}` };
    }
  }
}

/** Evaluate every requirement; the checklist is complete when each is met (an empty list is complete). */
export function evaluateChecklist(
  requirements: Requirement[],
  facts: DiligenceFacts,
): { complete: boolean; items: ChecklistItem[] } {
  const items = requirements.map((requirement) => ({
    requirement,
    label: describeRequirement(requirement),
    ...evaluateOne(requirement, facts),
  }));
  return { complete: items.every((i) => i.met), items };
}

/** What is missing, one phrase per unmet requirement, for a 409 or a CSV line. */
export const missingOf = (items: ChecklistItem[]) =>
  items.filter((i) => !i.met).map((i) => `${i.label}: ${i.detail}`);

/** The mean of the ratings given, rounded to two decimals; null when there are none. */
export function averageRating(ratings: Array<number | null>): number | null {
  const given = ratings.filter((r): r is number => typeof r === 'number');
  if (given.length === 0) return null;
  return Math.round((given.reduce((a, b) => a + b, 0) / given.length) * 100) / 100;
}

/** Count references by verdict and average every rating given across them. */
export function summariseReferences(refs: Array<{ verdict: Verdict; ratings: Array<number | null> }>) {
  const byVerdict = { positive: 0, neutral: 0, negative: 0 };
  for (const r of refs) byVerdict[r.verdict]++;
  return { count: refs.length, byVerdict, averageRating: averageRating(refs.flatMap((r) => r.ratings)) };
}

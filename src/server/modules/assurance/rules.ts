/**
 * Pure rules of assurance: remediation deadlines, what is expired or overdue, when the next
 * assessment and the next access review are due, and which finding changes are allowed. No I/O;
 * dates are YYYY-MM-DD in the organisation's time zone, passed in as `today`.
 */
import { DateTime } from 'luxon';
import type {
  AssessmentType,
  AssuranceSettings,
  FindingStatus,
  Severity,
} from '../../../contracts/assurance';
import { addDays } from '../../lib/dates';

/** Calendar months later; the 31st becomes the month's last day when the month is shorter. */
export function addMonths(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ months }).toISODate()!;
}

/** The later of two YYYY-MM-DD dates. */
export const laterOf = (a: string, b: string) => [a, b].sort()[1]!;

/** The remediation due date of a finding raised on `raisedOn`. */
export function findingDueOn(raisedOn: string, severity: Severity, settings: AssuranceSettings): string {
  return addDays(raisedOn, settings.findingDeadlineDays[severity]);
}

/** A grant still open after its expiry date: the access should already be gone. */
export const grantExpired = (g: { revokedAt: string | null; expiresOn: string | null }, today: string) =>
  g.revokedAt === null && g.expiresOn !== null && g.expiresOn < today;

export const reviewOverdue = (r: { status: string; dueOn: string }, today: string) =>
  r.status === 'open' && r.dueOn < today;

export const assessmentOverdue = (a: { status: string; dueOn: string }, today: string) =>
  a.status !== 'completed' && a.dueOn < today;

const UNRESOLVED: readonly string[] = ['open', 'in_progress'];
export const findingOverdue = (f: { status: string; dueOn: string }, today: string) =>
  UNRESOLVED.includes(f.status) && f.dueOn < today;

/** A risk acceptance that ran out: the acceptance expires at the end of its expiry date. */
export const acceptanceExpired = (f: { status: string; acceptanceExpiresOn: string | null }, today: string) =>
  f.status === 'risk_accepted' && f.acceptanceExpiresOn !== null && f.acceptanceExpiresOn < today;

/** What the tier dependency answers; `tier: null` while the vendor's tier is not known. */
export interface TierInfo {
  tier: 1 | 2 | 3 | 4 | null;
  reassessmentMonths: number;
}

/** When a vendor's tier is not known (no data-sharing register yet), reassess every 12 months. */
export const UNKNOWN_TIER_MONTHS = 12;

type TierKey = '1' | '2' | '3' | '4' | 'unknown';
const keyOf = (tier: TierInfo['tier']): TierKey => (tier === null ? 'unknown' : (String(tier) as TierKey));

export function tierBasis(info: TierInfo): string {
  return info.tier === null
    ? `tier unknown: default ${info.reassessmentMonths} months`
    : `tier ${info.tier}: every ${info.reassessmentMonths} months`;
}

export const assessmentTypesFor = (tier: TierInfo['tier'], settings: AssuranceSettings): AssessmentType[] =>
  settings.assessmentTypes[keyOf(tier)];

export const reviewIntervalFor = (tier: TierInfo['tier'], settings: AssuranceSettings): number =>
  settings.reviewIntervalDays[keyOf(tier)];

/**
 * The next assessment is due `reassessmentMonths` after the last completed one; a vendor never
 * assessed is due now (today).
 */
export function nextAssessmentDue(lastCompletedOn: string | null, months: number, today: string): string {
  return lastCompletedOn ? addMonths(lastCompletedOn, months) : today;
}

/**
 * Whether the recurring job should open a campaign for a vendor today: its open grants were last
 * reviewed (a campaign holding them was opened) `interval` days ago or more, or, never reviewed,
 * the oldest open grant is that old; and no campaign holding its grants is still open.
 */
export function reviewDue(input: {
  today: string;
  intervalDays: number;
  lastReviewedOn: string | null;
  oldestOpenGrantOn: string | null;
  hasOpenCampaign: boolean;
}): boolean {
  if (input.hasOpenCampaign || input.oldestOpenGrantOn === null) return false;
  const from = input.lastReviewedOn ?? input.oldestOpenGrantOn;
  return addDays(from, input.intervalDays) <= input.today;
}

/** The moves of a finding; resolving and accepting have their own checks in the service. */
const MOVES: Record<FindingStatus, readonly FindingStatus[]> = {
  open: ['in_progress', 'resolved', 'risk_accepted'],
  in_progress: ['resolved', 'risk_accepted', 'open'],
  resolved: ['open'],
  risk_accepted: ['open'],
};
export const canMove = (from: FindingStatus, to: FindingStatus) => MOVES[from].includes(to);

/** Which of a review's items are still undecided; the campaign completes when none are. */
export const campaignComplete = (items: Array<{ decision: string | null }>) =>
  items.length > 0 && items.every((i) => i.decision !== null);

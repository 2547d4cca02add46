/**
 * Pure rules of deliverable acceptance and scorecards: when a hand-in is on time, where a
 * deliverable stands, the delivery rates, suggested scores, the weighted total and the trend.
 * No I/O; the clock comes in as an argument.
 */
import { DateTime } from 'luxon';
import { formatMoney } from '../../../contracts/money';
import type {
  DeliverableStats,
  DeliverableStatus,
  ScorecardCadence,
  ScorecardCriterion,
  ScorecardTrend,
  Weights,
} from '../../../contracts/quality-reviews';

/** The instant a due date (YYYY-MM-DD) ends in a time zone: the first instant after it, exclusive. */
function dueEnd(dueDate: string, timezone: string): Date {
  return DateTime.fromISO(dueDate, { zone: timezone }).plus({ days: 1 }).startOf('day').toJSDate();
}

/** The last instant of the due date, as shown to people (23:59:59.999 local). */
export function dueAt(dueDate: string | null, timezone: string): string | null {
  return dueDate ? new Date(dueEnd(dueDate, timezone).getTime() - 1).toISOString() : null;
}

/** A hand-in is on time when it arrives before the due date has ended in the engagement's zone. */
export function isOnTime(submittedAt: string, dueDate: string | null, timezone: string): boolean | null {
  if (!dueDate) return null;
  return new Date(submittedAt).getTime() < dueEnd(dueDate, timezone).getTime();
}

/** What a deliverable's hand-ins say about it, oldest first. */
interface HandIn {
  cycle: number;
  submittedAt: string;
  onTime: boolean | null;
  status: 'submitted' | 'accepted' | 'rejected';
}

interface DeliverableSummary {
  status: DeliverableStatus;
  cycles: number;
  onTime: boolean | null;
  acceptedAt: string | null;
  /** Accepted at the first review: true/false once the first hand-in was reviewed, else null. */
  firstPass: boolean | null;
}

/** Where a deliverable stands, from its hand-ins, its due date and the time now. */
export function summarise(
  handIns: HandIn[],
  dueDate: string | null,
  timezone: string,
  now: Date,
): DeliverableSummary {
  const sorted = [...handIns].sort((a, b) => a.cycle - b.cycle);
  const last = sorted.at(-1);
  const accepted = sorted.find((h) => h.status === 'accepted');
  const first = sorted[0];
  let onTime: boolean | null = null;
  if (accepted) onTime = accepted.onTime;
  else if (dueDate && now.getTime() >= dueEnd(dueDate, timezone).getTime()) onTime = false;
  return {
    status: last ? last.status : 'not_submitted',
    cycles: sorted.length,
    onTime,
    acceptedAt: accepted?.submittedAt ?? null,
    firstPass: !first || first.status === 'submitted' ? null : first.status === 'accepted',
  };
}

const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10000) / 100);

/** On-time delivery rate and first-pass acceptance rate over some deliverables. */
export function deliveryStats(summaries: DeliverableSummary[]): DeliverableStats {
  const settled = summaries.filter((s) => s.onTime !== null);
  const onTime = settled.filter((s) => s.onTime).length;
  const reviewed = summaries.filter((s) => s.firstPass !== null);
  const firstPass = reviewed.filter((s) => s.firstPass).length;
  const accepted = summaries.filter((s) => s.status === 'accepted');
  return {
    deliverables: summaries.length,
    accepted: accepted.length,
    onTimeCounted: settled.length,
    onTime,
    onTimeRate: pct(onTime, settled.length),
    firstPassCounted: reviewed.length,
    firstPass,
    firstPassRate: pct(firstPass, reviewed.length),
    meanCycles: accepted.length
      ? Math.round((accepted.reduce((n, s) => n + s.cycles, 0) / accepted.length) * 100) / 100
      : null,
  };
}

/** Check a review against the deliverable's criteria: every criterion judged once, decision consistent. */
export function reviewProblems(
  criteriaCount: number,
  verdicts: Array<{ index: number; passed: boolean }>,
  decision: 'accepted' | 'rejected',
  comment: string,
): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const seen = new Set<number>();
  verdicts.forEach((v, i) => {
    if (v.index >= criteriaCount)
      problems.push({ field: `criteria.${i}.index`, message: `must be below ${criteriaCount}` });
    else if (seen.has(v.index))
      problems.push({ field: `criteria.${i}.index`, message: 'judges a criterion twice' });
    seen.add(v.index);
  });
  if (problems.length) return problems;
  if (seen.size < criteriaCount)
    problems.push({
      field: 'criteria',
      message: `must judge each of the ${criteriaCount} acceptance criteria`,
    });
  else if (decision === 'accepted' && verdicts.some((v) => !v.passed))
    problems.push({ field: 'decision', message: 'cannot be accepted while a criterion failed' });
  else if (decision === 'rejected' && verdicts.every((v) => v.passed) && !comment)
    problems.push({ field: 'comment', message: 'must say why, when every criterion passed' });
  return problems;
}

// Scorecards

/** Default weights of the five criteria (percent, summing to 100). */
export const DEFAULT_WEIGHTS: Weights = {
  quality: 30,
  timeliness: 25,
  communication: 15,
  cost: 15,
  security: 15,
};

/** A period of a cadence: `2027-03` monthly, `2027-Q1` quarterly; the months it covers. */
export function periodMonths(period: string, cadence: ScorecardCadence): string[] | null {
  if (cadence === 'monthly') {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
    return m ? [period] : null;
  }
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!q) return null;
  const first = (Number(q[2]) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${q[1]}-${String(first + i).padStart(2, '0')}`);
}

const monthName = (month: string) =>
  DateTime.fromFormat(month, 'yyyy-MM', { zone: 'UTC', locale: 'en-GB' }).toFormat('LLLL yyyy');

/**
 * Why a scorecard cannot be written for a period, in a sentence, or null: it looks back, so the
 * period must have begun (this month is the latest), and it rates the engagement, so the period
 * must reach the month the engagement started.
 */
export function periodProblem(
  months: string[],
  engagement: { startDate: string },
  thisMonth: string,
): string | null {
  const startMonth = engagement.startDate.slice(0, 7);
  const name =
    months.length === 1 ? monthName(months[0]!) : `${monthName(months[0]!)} to ${monthName(months.at(-1)!)}`;
  if (months[0]! > thisMonth)
    return `${name} has not begun yet: a scorecard looks back, so choose ${monthName(thisMonth)} or an earlier period.`;
  if (months.at(-1)! < startMonth)
    return `${name} is before the engagement started (${monthName(startMonth)}): choose ${monthName(startMonth)} or a later period.`;
  return null;
}

/** Whether a calendar date (YYYY-MM-DD) falls in one of the months. */
export const inMonths = (date: string | null, months: string[]) =>
  !!date && months.includes(date.slice(0, 7));

/** A percentage (higher is better) as a 1–5 score: ≥95 → 5, ≥85 → 4, ≥70 → 3, ≥50 → 2, else 1. */
export function scoreFromRate(rate: number): number {
  if (rate >= 95) return 5;
  if (rate >= 85) return 4;
  if (rate >= 70) return 3;
  if (rate >= 50) return 2;
  return 1;
}

/** Service credits as a share of the fees of the period: none → 5, ≤2% → 4, ≤5% → 3, ≤10% → 2, more → 1. */
function scoreFromCredits(creditPct: number): number {
  if (creditPct <= 0) return 5;
  if (creditPct <= 2) return 4;
  if (creditPct <= 5) return 3;
  if (creditPct <= 10) return 2;
  return 1;
}

/**
 * The weighted total, 0–100: Σ wᵢ × (scoreᵢ − 1)/4 × 100 / Σ wᵢ over the criteria with a weight.
 * A score of 1 everywhere is 0, 5 everywhere is 100. Null while a weighted criterion has no score.
 */
export function weightedTotal(lines: Array<{ weight: number; score: number | null }>): number | null {
  const weighted = lines.filter((l) => l.weight > 0);
  const sum = weighted.reduce((n, l) => n + l.weight, 0);
  if (sum === 0 || weighted.some((l) => l.score === null)) return null;
  const total = weighted.reduce((n, l) => n + (l.weight * ((l.score! - 1) / 4) * 100) / sum, 0);
  return Math.round(total * 10) / 10;
}

/** The trend of published totals in period order: last against the one before. */
export function trend(points: Array<{ period: string; total: number }>): ScorecardTrend {
  const sorted = [...points].sort((a, b) => a.period.localeCompare(b.period));
  const [prev, last] = sorted.slice(-2);
  if (!prev || !last) return { points: sorted, direction: null, change: null };
  const change = Math.round((last.total - prev.total) * 10) / 10;
  return { points: sorted, direction: change > 0 ? 'up' : change < 0 ? 'down' : 'flat', change };
}

/** What the data says about a period, for the suggestions. Null figures mean "no data". */
export interface PeriodEvidence {
  /** Share of KPI results met over the period's months (no_data not counted), percent. */
  slaAttainment: number | null;
  slaResults: number;
  /** Why SLA figures are missing, when they are. */
  slaNote: string | null;
  credits: { amount: number; currency: string; feePct: number } | null;
  onTimeRate: number | null;
  onTimeCounted: number;
  firstPassRate: number | null;
  firstPassCounted: number;
}

/** A suggested score per criterion with the reasoning a reviewer can check. */
export function suggestScores(
  evidence: PeriodEvidence,
  period: string,
): Record<ScorecardCriterion, { suggested: number | null; explanation: string }> {
  const parts: string[] = [];
  const rates: number[] = [];
  if (evidence.slaAttainment !== null) {
    rates.push(evidence.slaAttainment);
    parts.push(`SLA attainment ${evidence.slaAttainment}% over ${evidence.slaResults} KPI result(s)`);
  } else parts.push(evidence.slaNote ?? `no SLA results for ${period}`);
  if (evidence.firstPassRate !== null) {
    rates.push(evidence.firstPassRate);
    parts.push(
      `first-pass acceptance ${evidence.firstPassRate}% of ${evidence.firstPassCounted} deliverable(s)`,
    );
  } else parts.push(`no deliverable due in ${period} has been reviewed`);
  const quality = rates.length ? scoreFromRate(rates.reduce((a, b) => a + b, 0) / rates.length) : null;

  const timeliness = evidence.onTimeRate === null ? null : scoreFromRate(evidence.onTimeRate);
  const credits = evidence.credits;
  return {
    quality: {
      suggested: quality,
      explanation: `${quality === null ? 'No suggestion' : `Suggested ${quality}`}: ${parts.join('; ')}.`,
    },
    timeliness: {
      suggested: timeliness,
      explanation:
        timeliness === null
          ? `No suggestion: no deliverable due in ${period} has been delivered or passed its due date yet.`
          : `Suggested ${timeliness}: on-time delivery ${evidence.onTimeRate}% of ${evidence.onTimeCounted} deliverable(s) due in ${period}.`,
    },
    communication: {
      suggested: null,
      explanation: 'No suggestion: Outpost has no data on communication yet; score it from your experience.',
    },
    cost: credits
      ? {
          suggested: scoreFromCredits(credits.feePct),
          explanation: `Suggested ${scoreFromCredits(credits.feePct)}: service credits of ${formatMoney(credits.amount, credits.currency)}, ${credits.feePct}% of the period's fees.`,
        }
      : {
          suggested: null,
          explanation: `No suggestion: ${evidence.slaNote ?? `no service-credit figures for ${period}`}.`,
        },
    security: {
      suggested: null,
      explanation:
        'No suggestion: security findings are not tracked in Outpost yet, so open findings cannot be counted; score it from your own assessments.',
    },
  };
}

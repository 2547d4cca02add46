/**
 * Pure rules of the risk register: scores, the status life cycle, acceptance, the heat map, and
 * reconciling what the signal sources see with the signals already open. No I/O.
 */
import type { RiskCategory, RiskKind, RiskStatus } from '../../../contracts/risks';
import { daysBetween } from '../../lib/dates';

export const score = (likelihood: number, impact: number) => likelihood * impact;

/**
 * The life cycle. A risk is worked on (mitigating), or accepted for a time by an owner or
 * administrator, and closed; a closed risk entered by hand may be reopened. An accepted risk
 * whose acceptance runs out is reopened by the scheduler, not by hand.
 */
const TRANSITIONS: Record<RiskStatus, readonly RiskStatus[]> = {
  open: ['mitigating', 'accepted', 'closed'],
  mitigating: ['open', 'accepted', 'closed'],
  accepted: ['mitigating', 'closed'],
  closed: ['open'],
};

/** A signal closes itself when its condition clears, and never reopens: a new one opens instead. */
export function allowedTransitions(kind: RiskKind, from: RiskStatus): RiskStatus[] {
  const all = TRANSITIONS[from];
  return kind === 'signal' ? all.filter((s) => s !== 'closed' && s !== 'open') : [...all];
}

export function canTransition(kind: RiskKind, from: RiskStatus, to: RiskStatus): boolean {
  return from === to || allowedTransitions(kind, from).includes(to);
}

/** The longest an acceptance may run: three years, so that every accepted risk comes back. */
const MAX_ACCEPTANCE_DAYS = 3 * 366;

/** Why an acceptance's expiry is not acceptable, or null when it is. */
export function acceptanceProblem(expiresOn: string, today: string): string | null {
  const days = daysBetween(today, expiresOn);
  if (days <= 0) return 'must be after today';
  if (days > MAX_ACCEPTANCE_DAYS) return 'must be within three years';
  return null;
}

/** An accepted risk whose acceptance has run out (the expiry day itself still counts as accepted). */
export const acceptanceExpired = (status: RiskStatus, expiresOn: string | null, today: string) =>
  status === 'accepted' && !!expiresOn && expiresOn < today;

/** Counts of a 5×5 grid: `grid[likelihood - 1][impact - 1]`. */
export function heatmap(cells: Array<{ likelihood: number; impact: number; count: number }>): number[][] {
  const grid = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  for (const c of cells) {
    if (c.likelihood < 1 || c.likelihood > 5 || c.impact < 1 || c.impact > 5) continue;
    grid[c.likelihood - 1]![c.impact - 1]! += c.count;
  }
  return grid;
}

/** What a signal source reports while a condition lasts; the key identifies it across runs. */
export interface SignalCondition {
  /** Stable across runs while the condition lasts, e.g. `cert_expiry:crt_…`. */
  key: string;
  vendorId: string | null;
  engagementId?: string | null;
  title: string;
  category: RiskCategory;
  likelihood: number;
  impact: number;
  /** The facts behind it, shown with the risk (JSON-serialisable). */
  data: Record<string, unknown>;
}

export interface OpenSignal {
  id: string;
  key: string;
  source: string;
  title: string;
  likelihood: number;
  impact: number;
  signalData: string | null;
  vendorId: string | null;
  engagementId: string | null;
}

interface SignalPlan {
  open: Array<{ source: string; condition: SignalCondition }>;
  update: Array<{ id: string; condition: SignalCondition }>;
  /** Still seen, nothing changed: only the last-seen time moves. */
  seen: string[];
  close: OpenSignal[];
}

/**
 * Compare what the sources see now with the open signals. A signal whose source failed this
 * run is left alone (neither closed nor updated); one whose source answered without its key
 * closes. A key reported twice counts once (the first wins).
 */
export function planSignals(
  results: Array<{ source: string; ok: boolean; conditions: SignalCondition[] }>,
  open: OpenSignal[],
): SignalPlan {
  const byKey = new Map(open.map((s) => [s.key, s]));
  const seenKeys = new Set<string>();
  const plan: SignalPlan = { open: [], update: [], seen: [], close: [] };
  const answered = new Set(results.filter((r) => r.ok).map((r) => r.source));
  for (const r of results) {
    if (!r.ok) continue;
    for (const c of r.conditions) {
      if (seenKeys.has(c.key)) continue;
      seenKeys.add(c.key);
      const existing = byKey.get(c.key);
      if (!existing) plan.open.push({ source: r.source, condition: c });
      else if (changed(existing, c)) plan.update.push({ id: existing.id, condition: c });
      else plan.seen.push(existing.id);
    }
  }
  for (const s of open) if (answered.has(s.source) && !seenKeys.has(s.key)) plan.close.push(s);
  return plan;
}

function changed(s: OpenSignal, c: SignalCondition): boolean {
  return (
    s.title !== c.title ||
    s.likelihood !== c.likelihood ||
    s.impact !== c.impact ||
    s.vendorId !== c.vendorId ||
    (s.engagementId ?? null) !== (c.engagementId ?? null) ||
    s.signalData !== JSON.stringify(c.data)
  );
}

/** SLA breached in at least 2 of the last 3 closed months, newest first in `months`. */
export function breachStreak(months: Array<{ period: string; evaluated: number; met: number }>) {
  const last = months.slice(0, 3);
  const breached = last.filter((m) => m.met < m.evaluated).map((m) => m.period);
  return { breached: breached.length >= 2, periods: last.map((m) => m.period), breachedPeriods: breached };
}

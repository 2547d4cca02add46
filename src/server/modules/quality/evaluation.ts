/**
 * What the measurement, SLA and closing use cases share: an engagement's SLA context (its KPIs
 * from the approved SOW, time zone, fee, settings) and the evaluation of one period from the
 * roll-ups. Runs on whatever executor it is given, so it works inside a transaction.
 */
import type { SowDocument } from '../../../contracts/engagements';
import type { MeasurementSource, SlaKpiResult, SlaSettings } from '../../../contracts/quality';
import { type Executor, fromFlag } from '../../db/database';
import type { Actor } from '../../policy';
import * as repo from './repository';
import { type CreditTerms, evaluateKpi, type KpiSpec, nearestRankOf, type Period } from './rules';

/** The engagement fields quality needs. */
export interface EngagementFacts {
  id: string;
  vendorId: string;
  title: string;
  function: string;
  timezone: string;
  currency: string;
  monthlyFee: number;
  startDate: string;
  endDate: string | null;
}

/** How quality sees engagements: through the engagements service, never its tables. */
export interface QualityEngagements {
  /** The engagement as the actor may see it (404 outside a vendor user's own vendor). */
  load(tx: Executor, actor: Actor, id: string): Promise<EngagementFacts>;
  baseline(
    tx: Executor,
    engagementId: string,
  ): Promise<{ version: number; document: SowDocument } | undefined>;
  /** Every engagement id, for the closing job. */
  ids(): Promise<string[]>;
}

export interface SlaContext {
  engagement: EngagementFacts;
  /** KPIs of the approved SOW; empty when nothing is approved. */
  kpis: KpiSpec[];
  approved: boolean;
  terms: CreditTerms;
  settings: SlaSettings;
}

/** Used until an engagement's SLA settings are saved. */
const DEFAULT_SETTINGS: SlaSettings = { earnBack: { enabled: false, periods: 3 }, graceHours: 48 };

export async function settingsOf(db: Executor, engagementId: string): Promise<SlaSettings> {
  const row = await repo.findSettings(db, engagementId);
  if (!row) return DEFAULT_SETTINGS;
  return {
    earnBack: { enabled: fromFlag(row.earnBackEnabled), periods: Number(row.earnBackPeriods) },
    graceHours: Number(row.graceHours),
  };
}

export async function contextOf(
  db: Executor,
  engagements: QualityEngagements,
  actor: Actor,
  id: string,
): Promise<SlaContext> {
  const engagement = await engagements.load(db, actor, id);
  const base = await engagements.baseline(db, id);
  const kpis: KpiSpec[] = (base?.document.kpis ?? []).map((k) => ({
    id: k.id!,
    name: k.name,
    aggregation: k.aggregation,
    p: k.p,
    direction: k.direction,
    target: k.target,
    creditPct: k.creditPct,
    period: k.period,
  }));
  return {
    engagement,
    kpis,
    approved: Boolean(base),
    terms: {
      monthlyFee: Number(engagement.monthlyFee),
      currency: engagement.currency,
      creditCapPct: base?.document.creditCapPct ?? null,
    },
    settings: await settingsOf(db, id),
  };
}

/** Every KPI's result for one period and source; sums in SQL, percentiles from the sorted values. */
export async function evaluatePeriod(
  db: Executor,
  ctx: SlaContext,
  period: Period,
  source: MeasurementSource,
): Promise<SlaKpiResult[]> {
  const totals = await repo.periodTotals(db, ctx.engagement.id, source, period.start, period.end);
  const out: SlaKpiResult[] = [];
  for (const kpi of ctx.kpis) {
    const t = totals.get(kpi.id) ?? { n: 0, sum: null, min: null, max: null, num: null, den: null };
    // Percentiles need the value at the nearest rank; n is the count of values (not null).
    const percentile =
      kpi.aggregation === 'percentile' && t.n > 0
        ? await repo.valueAtRank(
            db,
            { engagementId: ctx.engagement.id, kpiId: kpi.id, source, start: period.start, end: period.end },
            nearestRankOf(t.n, kpi.p ?? 50),
            t.n,
          )
        : undefined;
    out.push(evaluateKpi(kpi, t, percentile));
  }
  return out;
}

/**
 * Late data: closed periods of this engagement and source that hold one of these instants are
 * re-opened with a note; the next closing run evaluates them again.
 */
export async function reopenLate(
  db: Executor,
  engagementId: string,
  source: string,
  instantsMs: number[],
  now: string,
): Promise<number> {
  if (!instantsMs.length) return 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const t of instantsMs) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const closed = await repo.closedOverlapping(
    db,
    engagementId,
    source,
    new Date(lo).toISOString(),
    new Date(hi + 1).toISOString(),
  );
  let reopened = 0;
  for (const p of closed) {
    const start = Date.parse(p.startsAt);
    const end = Date.parse(p.endsAt);
    const late = instantsMs.filter((t) => t >= start && t < end).length;
    if (!late) continue;
    const note =
      `Re-opened ${now.slice(0, 16).replace('T', ' ')} UTC: ${late} late measurement${late === 1 ? '' : 's'} ` +
      `arrived after the period was closed; it is evaluated again at the next closing run.`;
    await repo.updatePeriod(db, p.id, { status: 'reopened', reopenedAt: now, note });
    reopened++;
  }
  return reopened;
}

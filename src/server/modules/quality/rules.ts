/**
 * The SLA engine, pure: periods in an engagement's time zone, aggregation of a period's
 * measurements as the KPI says, the comparison with the target, the month's service credit with
 * its cap, and earn-back. The clock is always an argument.
 */
import { DateTime } from 'luxon';
import type { Granularity, SlaCredit, SlaKpiResult, SlaMet } from '../../../contracts/quality';

export type Aggregation = 'mean' | 'sum' | 'min' | 'max' | 'count' | 'percentile' | 'ratio';

/** What the engine needs of a KPI of the SOW. */
export interface KpiSpec {
  id: string;
  name: string;
  aggregation: Aggregation;
  p: number | null;
  direction: 'at_least' | 'at_most';
  target: number | null;
  creditPct: number;
  /** The period the SOW measures the KPI over (null: the month, as credits are). */
  period?: Granularity | null;
}

export interface Period {
  key: string;
  granularity: Granularity;
  /** Inclusive start, exclusive end: ISO instants in UTC. */
  start: string;
  end: string;
}

const MONTH = /^(\d{4})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const iso = (d: DateTime) => d.toUTC().toISO({ suppressMilliseconds: false })!;

/** Periods already parsed, by key and zone: time-zone arithmetic costs more than a request's query. */
const parsed = new Map<string, Period | null>();

/** Parse `2027-03`, `2027-W11` or `2027-03-14` into its instants in `zone`; null when not a real period. */
export function parsePeriod(key: string, zone: string): Period | null {
  const cacheKey = `${key} ${zone}`;
  let period = parsed.get(cacheKey);
  if (period === undefined) {
    period = parsePeriodIn(key, zone);
    if (parsed.size >= 20_000) parsed.clear();
    parsed.set(cacheKey, period);
  }
  return period && { ...period };
}

function parsePeriodIn(key: string, zone: string): Period | null {
  let start: DateTime;
  let granularity: Granularity;
  const month = MONTH.exec(key);
  const week = WEEK.exec(key);
  const day = DAY.exec(key);
  if (month) {
    granularity = 'month';
    start = DateTime.fromObject({ year: +month[1]!, month: +month[2]!, day: 1 }, { zone });
  } else if (week) {
    granularity = 'week';
    start = DateTime.fromObject({ weekYear: +week[1]!, weekNumber: +week[2]!, weekday: 1 }, { zone });
    if (start.isValid && (start.weekNumber !== +week[2]! || start.weekYear !== +week[1]!)) return null;
  } else if (day) {
    granularity = 'day';
    start = DateTime.fromObject({ year: +day[1]!, month: +day[2]!, day: +day[3]! }, { zone });
  } else return null;
  if (!start.isValid) return null;
  start = start.startOf(unit(granularity), { useLocaleWeeks: false });
  const end = start.plus({ [plural(granularity)]: 1 });
  return { key: formatPeriod(start, granularity), granularity, start: iso(start), end: iso(end) };
}

const unit = (g: Granularity) => (g === 'week' ? 'week' : g);
const plural = (g: Granularity) => `${g}s` as 'days' | 'weeks' | 'months';

function formatPeriod(local: DateTime, g: Granularity): string {
  if (g === 'month') return local.toFormat('yyyy-LL');
  if (g === 'week') return `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
  return local.toFormat('yyyy-LL-dd');
}

/** The period of a granularity that holds an instant, read in `zone`. */
export function periodAt(instant: Date | string, g: Granularity, zone: string): Period {
  const local = DateTime.fromJSDate(new Date(instant), { zone }).startOf(unit(g));
  return parsePeriod(formatPeriod(local, g), zone)!;
}

/** The period `n` steps after (negative: before) the given one. */
export function shiftPeriod(period: Period, n: number, zone: string): Period {
  const local = DateTime.fromISO(period.start, { zone }).plus({ [plural(period.granularity)]: n });
  return parsePeriod(formatPeriod(local, period.granularity), zone)!;
}

/** Has the period ended, plus the grace for late data, at `now`? */
export const isClosable = (period: Period, now: Date, graceHours: number) =>
  new Date(period.end).getTime() + graceHours * 3_600_000 <= now.getTime();

/** Sums over a period, as SQL answers them (one row per KPI). */
export interface Totals {
  /** Number of measurements. */
  n: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  num: number | null;
  den: number | null;
}

/** The 1-based nearest rank of percentile p among n values: the smallest rank with ≥ p% at or below it. */
export const nearestRankOf = (n: number, p: number) => Math.max(1, Math.ceil((p / 100) * n));

/** The nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function nearestRank(sortedValues: readonly number[], p: number): number | null {
  if (sortedValues.length === 0) return null;
  return sortedValues[nearestRankOf(sortedValues.length, p) - 1]!;
}

/**
 * The KPI's actual figure for a period, or null for no data. `percentile` is needed only for
 * percentile KPIs: the value at the nearest rank (see `nearestRankOf`), which SQL finds.
 */
export function actualOf(kpi: KpiSpec, t: Totals, percentile?: number | null): number | null {
  if (t.n === 0) return null;
  switch (kpi.aggregation) {
    case 'count':
      return t.n;
    case 'sum':
      return t.sum ?? 0;
    case 'mean':
      return t.sum === null ? null : t.sum / t.n;
    case 'min':
      return t.min;
    case 'max':
      return t.max;
    case 'percentile':
      return percentile ?? null;
    case 'ratio':
      // Ratio of sums, not the mean of each measurement's ratio: a quiet hour weighs less.
      return t.den && t.den > 0 ? ((t.num ?? 0) / t.den) * 100 : null;
  }
}

/** Totals of a list of raw values, for callers (and tests) without SQL. */
export function totalsOf(
  values: ReadonlyArray<{ value?: number | null; numerator?: number | null; denominator?: number | null }>,
): Totals {
  const t: Totals = { n: values.length, sum: null, min: null, max: null, num: null, den: null };
  for (const v of values) {
    if (v.value !== undefined && v.value !== null) {
      t.sum = (t.sum ?? 0) + v.value;
      t.min = t.min === null ? v.value : Math.min(t.min, v.value);
      t.max = t.max === null ? v.value : Math.max(t.max, v.value);
    }
    if (v.numerator !== undefined && v.numerator !== null) t.num = (t.num ?? 0) + v.numerator;
    if (v.denominator !== undefined && v.denominator !== null) t.den = (t.den ?? 0) + v.denominator;
  }
  return t;
}

/** Compare an actual figure with the KPI's target. */
export function evaluateKpi(kpi: KpiSpec, t: Totals, percentile?: number | null): SlaKpiResult {
  const actual = actualOf(kpi, t, percentile);
  let met: SlaMet = 'no_data';
  let margin: number | null = null;
  if (actual !== null && kpi.target !== null) {
    margin = kpi.direction === 'at_least' ? actual - kpi.target : kpi.target - actual;
    met = margin >= 0;
  }
  return {
    kpiId: kpi.id,
    name: kpi.name,
    actual,
    target: kpi.target,
    met,
    samples: t.n,
    margin,
    creditPct: kpi.creditPct,
  };
}

export interface CreditTerms {
  monthlyFee: number;
  currency: string;
  creditCapPct: number | null;
}

/**
 * The month's credit: Σ creditPct × fee over breached KPIs, less the KPIs waived by earn-back,
 * capped at creditCapPct × fee. `following` holds the KPI results of the next N periods (only
 * periods that have ended); a breached KPI met in every one of them is waived.
 */
export function creditFor(
  results: readonly SlaKpiResult[],
  terms: CreditTerms,
  earnBack: { enabled: boolean; periods: number },
  following: ReadonlyArray<readonly SlaKpiResult[]> = [],
): SlaCredit {
  let due = 0;
  let waived = 0;
  for (const r of results) {
    if (r.met !== false || r.creditPct <= 0) continue;
    const amount = (r.creditPct / 100) * terms.monthlyFee;
    if (earnBack.enabled && earnedBack(r.kpiId, earnBack.periods, following)) waived += amount;
    else due += amount;
  }
  const cap =
    terms.creditCapPct === null ? Number.POSITIVE_INFINITY : (terms.creditCapPct / 100) * terms.monthlyFee;
  const capped = due > cap;
  return {
    amount: Math.round(capped ? cap : due),
    currency: terms.currency,
    capped,
    waivedByEarnBack: Math.round(waived),
  };
}

/** Met in each of the next `n` periods (all of which must be known). */
export function earnedBack(
  kpiId: string,
  n: number,
  following: ReadonlyArray<readonly SlaKpiResult[]>,
): boolean {
  if (following.length < n) return false;
  return following.slice(0, n).every((period) => period.find((r) => r.kpiId === kpiId)?.met === true);
}

/** Share of evaluated KPIs met, 0–100, or null when none had data. */
export function attainment(results: readonly SlaKpiResult[]): {
  evaluated: number;
  met: number;
  pct: number | null;
} {
  const evaluated = results.filter((r) => r.met !== 'no_data').length;
  const met = results.filter((r) => r.met === true).length;
  return { evaluated, met, pct: evaluated ? (met / evaluated) * 100 : null };
}

/** Did attainment fall in each of the last three steps (four points, oldest first)? */
export function worsening(points: ReadonlyArray<number | null>): boolean {
  if (points.length < 4) return false;
  const last = points.slice(-4);
  if (last.some((p) => p === null)) return false;
  return last[0]! > last[1]! && last[1]! > last[2]! && last[2]! > last[3]!;
}

/** Where client and vendor disagree on met/breached (no_data on either side is not a disagreement). */
export const disagree = (a: SlaMet, b: SlaMet) => typeof a === 'boolean' && typeof b === 'boolean' && a !== b;

/** The figures of one measurement, before it is stored. */
export interface Figures {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/**
 * What is wrong with a measurement's figures for its KPI. Ratio KPIs take a numerator (≥ 0) and
 * a denominator (> 0) and no value; count KPIs count measurements, so the value is optional;
 * every other aggregation needs a value.
 */
export function figureProblems(
  kpi: Pick<KpiSpec, 'aggregation' | 'name'>,
  f: Figures,
): Array<{ field: keyof Figures; message: string }> {
  const out: Array<{ field: keyof Figures; message: string }> = [];
  if (kpi.aggregation === 'ratio') {
    if (f.value !== null)
      out.push({
        field: 'value',
        message: `must be empty: "${kpi.name}" is a ratio KPI (give numerator and denominator)`,
      });
    if (f.numerator === null)
      out.push({ field: 'numerator', message: `is required for the ratio KPI "${kpi.name}"` });
    else if (f.numerator < 0) out.push({ field: 'numerator', message: 'must not be negative' });
    if (f.denominator === null)
      out.push({ field: 'denominator', message: `is required for the ratio KPI "${kpi.name}"` });
    else if (!(f.denominator > 0)) out.push({ field: 'denominator', message: 'must be greater than 0' });
    return out;
  }
  if (f.numerator !== null)
    out.push({
      field: 'numerator',
      message: `must be empty: only ratio KPIs take one ("${kpi.name}" is ${kpi.aggregation})`,
    });
  if (f.denominator !== null)
    out.push({
      field: 'denominator',
      message: `must be empty: only ratio KPIs take one ("${kpi.name}" is ${kpi.aggregation})`,
    });
  if (f.value === null && kpi.aggregation !== 'count')
    out.push({ field: 'value', message: `is required for "${kpi.name}"` });
  return out;
}

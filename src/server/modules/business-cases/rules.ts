/**
 * The business-case model, written so that finance can recompute it by hand (docs/business-cases.md
 * gives the same formulas). Everything is computed in floating point and each output amount is
 * rounded half away from zero to minor units only at the very end. Pure: no I/O, no clock.
 */
import {
  type BusinessCaseAnalysis,
  DEFAULT_RISK_RANGE,
  DRIVERS,
  type Driver,
  type InHouse,
  type OptionAnalysis,
  type OutsourcedOption,
  type RiskRange,
} from '../../../contracts/business-cases';
import { minorRate } from '../../../contracts/money';
import { mulberry32 } from '../../demo/prng';

/** An option as the model sees it: ids assigned, defaults applied. */
export type ModelOption = OutsourcedOption & { id: string };

/** The inputs of the model: a stored case without its bookkeeping. */
export interface ModelInput {
  currency: string;
  horizonYears: number;
  discountRatePct: number;
  fxRates: Record<string, number>;
  inHouse: InHouse;
  options: ModelOption[];
  riskRanges?: Partial<Record<Driver, RiskRange>>;
  seed: number;
}

/** A multiplier per driver (1 = as entered); 0.8 is "20% lower". */
type Factors = Partial<Record<Driver, number>>;

/** Runs of the risk simulation. */
const ITERATIONS = 2000;
/** The sensitivity moves each driver by this share down and up. */
const SENSITIVITY_STEP = 0.2;
/** Cumulative savings this close to zero (in minor units) count as zero: floating-point noise. */
const PAYBACK_TOLERANCE = 1e-6;

/**
 * Round half away from zero to a whole minor unit. The value is first taken to 15 significant
 * digits so that binary noise (12.4999999999998 for 12.5) does not decide the direction.
 */
export function roundMinor(x: number): number {
  const snapped = Number(x.toPrecision(15));
  const r = Math.sign(snapped) * Math.round(Math.abs(snapped));
  return r === 0 ? 0 : r; // never -0
}

/** Round half away from zero to two decimals (percentages). */
export const round2 = (x: number) => roundMinor(x * 100) / 100;

const f = (factors: Factors, d: Driver) => factors[d] ?? 1;

/** In-house cost of each year 1..H, in the case currency. */
export function inHouseYears(input: ModelInput, factors: Factors = {}): number[] {
  const { roles, otherAnnualCosts, salaryEscalationPct } = input.inHouse;
  let base = otherAnnualCosts;
  for (const r of roles) {
    const salary = r.annualSalary * f(factors, 'salaries');
    const benefits = r.benefitsPct * f(factors, 'benefitsPct');
    base += r.fte * (salary * (1 + benefits / 100) + r.overheadPerFte * f(factors, 'overhead'));
  }
  const escalation = 1 + (salaryEscalationPct * f(factors, 'salaryEscalation')) / 100;
  return Array.from({ length: input.horizonYears }, (_, i) => base * escalation ** i);
}

/**
 * Minor units of the case currency per minor unit of the option's quote currency. The case keeps
 * rates as people write them (units of the case currency per one unit of the quote currency), so
 * the two currencies' ISO exponents are applied here: 0.0062 EUR per JPY is 0.62 cents per yen.
 */
function rateOf(input: ModelInput, option: ModelOption, factors: Factors = {}): number {
  if (option.currency === input.currency) return 1;
  const rate = input.fxRates[option.currency];
  if (!rate) throw new Error(`no exchange rate for ${option.currency}`);
  return minorRate(rate * f(factors, 'exchangeRate'), option.currency, input.currency);
}

/** The vendor's annual fee before escalation and governance, in the option's own currency. */
function annualFee(pricing: ModelOption['pricing'], factors: Factors = {}): number {
  const price = f(factors, 'vendorRate');
  const volume = f(factors, 'volume');
  switch (pricing.model) {
    case 'per_fte_month':
      return pricing.ratePerFteMonth * price * pricing.fte * volume * 12;
    case 'hourly':
      return pricing.hourlyRate * price * pricing.hoursPerYear * volume;
    case 'per_unit':
      return pricing.unitPrice * price * pricing.unitsPerYear * volume;
    case 'fixed_monthly':
      return pricing.monthlyFee * price * 12;
  }
}

/** Cost of an option in each year 1..H, in the case currency. */
export function optionYears(input: ModelInput, option: ModelOption, factors: Factors = {}): number[] {
  const rate = rateOf(input, option, factors);
  const fee = annualFee(option.pricing, factors) * rate;
  const escalation = 1 + (option.annualEscalationPct * f(factors, 'vendorEscalation')) / 100;
  const governance = 1 + (option.governancePct * f(factors, 'governancePct')) / 100;
  const transition = option.transitionCost * f(factors, 'transitionCost') * rate;
  return Array.from(
    { length: input.horizonYears },
    (_, i) => fee * escalation ** i * governance + option.retainedAnnualCosts + (i === 0 ? transition : 0),
  );
}

/** Net present value of yearly amounts, each discounted at the end of its year. */
export function npv(amounts: number[], discountRatePct: number): number {
  const d = 1 + discountRatePct / 100;
  return amounts.reduce((sum, a, i) => sum + a / d ** (i + 1), 0);
}

/** Year-by-year figures of one option at some factors, unrounded. */
export function evaluate(input: ModelInput, option: ModelOption, factors: Factors = {}) {
  const inHouse = inHouseYears(input, factors);
  const cost = optionYears(input, option, factors);
  const savings = inHouse.map((v, i) => v - cost[i]!);
  return {
    inHouse,
    cost,
    savings,
    npv: npv(savings, input.discountRatePct),
    totalSavings: savings.reduce((a, b) => a + b, 0),
  };
}

/**
 * Months until the cumulative savings reach zero: the transition cost is spent at month 0 and
 * each year's savings before it accrue evenly over that year's 12 months. Null when never.
 */
export function paybackMonths(input: ModelInput, option: ModelOption, factors: Factors = {}): number | null {
  const { savings } = evaluate(input, option, factors);
  const transition = option.transitionCost * f(factors, 'transitionCost') * rateOf(input, option, factors);
  let cumulative = -transition;
  for (let y = 0; y < savings.length; y++) {
    const monthly = (savings[y]! + (y === 0 ? transition : 0)) / 12;
    for (let m = 1; m <= 12; m++) {
      cumulative += monthly;
      if (cumulative >= -PAYBACK_TOLERANCE) return y * 12 + m;
    }
  }
  return null;
}

/** The drivers that move this option's answer; the others (a zero base, no such input) are skipped. */
export function applicableDrivers(input: ModelInput, option: ModelOption): Driver[] {
  const roles = input.inHouse.roles;
  const p = option.pricing;
  const price =
    p.model === 'per_fte_month'
      ? p.ratePerFteMonth
      : p.model === 'hourly'
        ? p.hourlyRate
        : p.model === 'per_unit'
          ? p.unitPrice
          : p.monthlyFee;
  const several = input.horizonYears > 1;
  const applies: Record<Driver, boolean> = {
    salaries: roles.some((r) => r.annualSalary > 0),
    benefitsPct: roles.some((r) => r.annualSalary > 0 && r.benefitsPct > 0),
    overhead: roles.some((r) => r.overheadPerFte > 0),
    vendorRate: price > 0,
    volume: p.model !== 'fixed_monthly' && price > 0,
    governancePct: option.governancePct > 0 && price > 0,
    transitionCost: option.transitionCost > 0,
    exchangeRate: option.currency !== input.currency,
    salaryEscalation: several && input.inHouse.salaryEscalationPct !== 0,
    vendorEscalation: several && option.annualEscalationPct !== 0 && price > 0,
  };
  return DRIVERS.filter((d) => applies[d]);
}

/** NPV with each applicable driver at −20% and +20%, largest swing first (ready for a tornado chart). */
export function sensitivity(input: ModelInput, option: ModelOption) {
  const rows = applicableDrivers(input, option).map((driver, order) => {
    const low = evaluate(input, option, { [driver]: 1 - SENSITIVITY_STEP }).npv;
    const high = evaluate(input, option, { [driver]: 1 + SENSITIVITY_STEP }).npv;
    return { driver, low, high, order };
  });
  rows.sort((a, b) => Math.abs(b.high - b.low) - Math.abs(a.high - a.low) || a.order - b.order);
  return rows.map((r) => ({ driver: r.driver, npvLow: roundMinor(r.low), npvHigh: roundMinor(r.high) }));
}

/** A draw from the triangular distribution (min, mode, max) by its inverse CDF. */
export function triangular(u: number, min: number, mode: number, max: number): number {
  if (max <= min) return mode;
  const cut = (mode - min) / (max - min);
  return u < cut
    ? min + Math.sqrt(u * (max - min) * (mode - min))
    : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
}

/** FNV-1a of a text, mixed with the case seed: each option gets its own stable stream. */
function streamSeed(seed: number, optionId: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < optionId.length; i++) {
    h ^= optionId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The value at percentile p of sorted values, by nearest rank. */
export function nearestRank(sorted: number[], p: number): number {
  const index = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.min(index, sorted.length - 1)]!;
}

/**
 * Seeded Monte Carlo: each run draws every applicable driver from a triangular distribution
 * (low / 0 / high percent of its value) and evaluates the option. Same seed, same answer.
 */
export function risk(input: ModelInput, option: ModelOption, iterations = ITERATIONS) {
  const prng = mulberry32(streamSeed(input.seed, option.id));
  const drivers = new Set(applicableDrivers(input, option));
  const npvs: number[] = [];
  let losses = 0;
  for (let i = 0; i < iterations; i++) {
    const factors: Factors = {};
    // Draw every driver in a fixed order, applicable or not, so streams do not shift when one stops applying.
    for (const d of DRIVERS) {
      const u = prng.next();
      const range = input.riskRanges?.[d] ?? DEFAULT_RISK_RANGE;
      if (drivers.has(d)) factors[d] = triangular(u, 1 + range.lowPct / 100, 1, 1 + range.highPct / 100);
    }
    const run = evaluate(input, option, factors);
    npvs.push(run.npv);
    if (run.totalSavings < 0) losses++;
  }
  npvs.sort((a, b) => a - b);
  return {
    p10: roundMinor(nearestRank(npvs, 10)),
    p50: roundMinor(nearestRank(npvs, 50)),
    p90: roundMinor(nearestRank(npvs, 90)),
    probabilityOfLoss: losses / iterations,
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The whole analysis of a case, as the API answers it. */
export function analyse(input: ModelInput, iterations = ITERATIONS): BusinessCaseAnalysis {
  const inHouse = inHouseYears(input);
  const perOption = input.options.map((o) => ({ option: o, run: evaluate(input, o) }));
  const years = inHouse.map((v, i) => ({
    year: i + 1,
    inHouse: roundMinor(v),
    options: perOption.map(({ option, run }) => ({
      optionId: option.id,
      cost: roundMinor(run.cost[i]!),
      savings: roundMinor(run.savings[i]!),
    })),
  }));
  const totalInHouse = roundMinor(sum(inHouse));
  const options: OptionAnalysis[] = perOption.map(({ option, run }) => {
    const totalSavings = roundMinor(run.totalSavings);
    return {
      optionId: option.id,
      totalInHouse,
      totalCost: roundMinor(sum(run.cost)),
      totalSavings,
      savingsPct: totalInHouse > 0 ? round2((totalSavings / totalInHouse) * 100) : 0,
      npv: roundMinor(run.npv),
      paybackMonths: paybackMonths(input, option),
      sensitivity: sensitivity(input, option),
      risk: risk(input, option, iterations),
    };
  });
  let best: OptionAnalysis | null = null;
  for (const o of options) if (o.npv > 0 && (!best || o.npv > best.npv)) best = o;
  return {
    currency: input.currency,
    years,
    options,
    best: best?.optionId ?? null,
    iterations,
    seed: input.seed,
  };
}

/**
 * Savings realised, pure. Planned savings come from the business case (the in-house baseline
 * less the option's cost, a twelfth of each year per month); realised savings replace the
 * option's planned fee by the invoices of the month net of credits, with the governance
 * percentage on top. The variance is split into four lines that add up to it:
 *
 *   P = Qp·Up·Rp·g            planned fee in the case currency (g = 1 + governance %)
 *   A = Σ (Gi − Ci)·Ri·g      actual: invoices (G) less credits (C) at each invoice's rate (R)
 *   P − A = volume + rate + currency + credits, where
 *     volume   = (Qp − Qa)·Up·Rp·g
 *     rate     = (Qp·Up − ΣGi)·Rp·g − volume
 *     currency = Σ Gi·(Rp − Ri)·g
 *     credits  = Σ Ci·Ri·g
 *
 * Q is the quantity (FTE-months, hours, units; 1 for a fixed fee), U the unit price escalated
 * for the year, Rp the case's planned rate and Ri the exchange-rate table's rate at the
 * invoice's period end. Amounts are minor units; rates carry the minor-digit difference.
 */
import type { InHouse, OutsourcedOption } from '../../../contracts/business-cases';
import { minorRate } from '../../../contracts/money';
import type { SavingsMonth, VarianceLines } from '../../../contracts/spend';
import { addMonths, roundMinor } from './rules';

interface PlanCase {
  currency: string;
  horizonYears: number;
  fxRates: Record<string, number>;
  inHouse: InHouse;
}

export type PlanOption = OutsourcedOption & { id: string };

/** One invoice of the month, already in the option's currency, with its actual rate to the case currency. */
export interface MonthInvoice {
  /** Gross amount in minor units of the option's currency. */
  gross: number;
  /** Credits in minor units of the option's currency. */
  credits: number;
  quantity: number | null;
  /** Case-currency minor units per option-currency minor unit at the invoice's date. */
  rate: number;
}

/** In-house cost of year y (0-based), in minor units of the case currency (as the case computes it). */
function inHouseYear(inHouse: InHouse, y: number): number {
  let base = inHouse.otherAnnualCosts;
  for (const r of inHouse.roles)
    base += r.fte * (r.annualSalary * (1 + r.benefitsPct / 100) + r.overheadPerFte);
  return base * (1 + inHouse.salaryEscalationPct / 100) ** y;
}

/** Planned quantity per month and unit price (option-currency minor units) in year y. */
function plannedUnits(option: PlanOption, y: number): { quantity: number; price: number } {
  const esc = (1 + option.annualEscalationPct / 100) ** y;
  const p = option.pricing;
  switch (p.model) {
    case 'per_fte_month':
      return { quantity: p.fte, price: p.ratePerFteMonth * esc };
    case 'hourly':
      return { quantity: p.hoursPerYear / 12, price: p.hourlyRate * esc };
    case 'per_unit':
      return { quantity: p.unitsPerYear / 12, price: p.unitPrice * esc };
    case 'fixed_monthly':
      return { quantity: 1, price: p.monthlyFee * esc };
  }
}

/** The case's planned rate: case-currency minor units per option-currency minor unit. */
function plannedRate(c: PlanCase, option: PlanOption): number {
  if (option.currency === c.currency) return 1;
  return minorRate(c.fxRates[option.currency] ?? Number.NaN, option.currency, c.currency);
}

interface SavingsInput {
  case: PlanCase;
  option: PlanOption;
  /** The engagement's first month, YYYY-MM: month 1 of year 1 of the case. */
  startMonth: string;
  /** Months after this one (YYYY-MM) have no realised figure yet. */
  currentMonth: string;
  /** Invoices counted as spend, by month of their period end. */
  invoices: Map<string, MonthInvoice[]>;
}

const ZERO: VarianceLines = { rate: 0, volume: 0, credits: 0, currency: 0 };

export function computeSavings(input: SavingsInput) {
  const { option } = input;
  const c = input.case;
  const g = 1 + option.governancePct / 100;
  const rp = plannedRate(c, option);
  const retainedMonthly = option.retainedAnnualCosts / 12;
  const transitionMonthly = (option.transitionCost * rp) / 12;
  const months: SavingsMonth[] = [];
  let cumPlanned = 0;
  let cumRealised = 0;
  let plannedToDate = 0;
  let anyRealised = false;
  const totals: VarianceLines = { ...ZERO };
  for (let i = 0; i < c.horizonYears * 12; i++) {
    const y = Math.floor(i / 12);
    const month = addMonths(input.startMonth, i);
    const baseline = inHouseYear(c.inHouse, y) / 12;
    const { quantity: qp, price: up } = plannedUnits(option, y);
    const fixedCosts = retainedMonthly + (y === 0 ? transitionMonthly : 0);
    const plannedCost = qp * up * rp * g + fixedCosts;
    const plannedSavings = roundMinor(baseline - plannedCost);
    cumPlanned += plannedSavings;
    const invoices = month <= input.currentMonth ? (input.invoices.get(month) ?? []) : [];
    let row: SavingsMonth = {
      month,
      baseline: roundMinor(baseline),
      plannedCost: roundMinor(plannedCost),
      plannedSavings,
      actualCost: null,
      realisedSavings: null,
      cumulativePlanned: cumPlanned,
      cumulativeRealised: null,
      variance: null,
      lines: null,
    };
    if (invoices.length > 0) {
      const gross = invoices.reduce((s, v) => s + v.gross, 0);
      // Volume is explained only when every invoice of the month states its quantity (and never for a fixed fee).
      const qa =
        option.pricing.model !== 'fixed_monthly' && invoices.every((v) => v.quantity !== null)
          ? invoices.reduce((s, v) => s + (v.quantity ?? 0), 0)
          : qp;
      const volume = (qp - qa) * up * rp * g;
      const lines: VarianceLines = {
        volume: roundMinor(volume),
        rate: roundMinor((qp * up - gross) * rp * g - volume),
        currency: roundMinor(invoices.reduce((s, v) => s + v.gross * (rp - v.rate), 0) * g),
        credits: roundMinor(invoices.reduce((s, v) => s + v.credits * v.rate, 0) * g),
      };
      const actual = invoices.reduce((s, v) => s + (v.gross - v.credits) * v.rate, 0) * g + fixedCosts;
      const variance = lines.volume + lines.rate + lines.currency + lines.credits;
      const realised = plannedSavings + variance;
      cumRealised += realised;
      plannedToDate += plannedSavings;
      anyRealised = true;
      for (const k of Object.keys(totals) as (keyof VarianceLines)[]) totals[k] += lines[k];
      row = {
        ...row,
        actualCost: roundMinor(actual),
        realisedSavings: realised,
        cumulativeRealised: cumRealised,
        variance,
        lines,
      };
    } else if (anyRealised && month <= input.currentMonth) {
      row.cumulativeRealised = cumRealised;
    }
    months.push(row);
  }
  return {
    months,
    totals: {
      planned: cumPlanned,
      plannedToDate,
      realised: cumRealised,
      variance: totals.rate + totals.volume + totals.credits + totals.currency,
      lines: totals,
    },
  };
}

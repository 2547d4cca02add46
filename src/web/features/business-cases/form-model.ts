/**
 * The case editor's values: the API body's own shape (so a server error's field path names the
 * form field as it is), with money as decimal numbers of the currency that a person types.
 */
import type { z } from 'zod';
import {
  type BusinessCase,
  BusinessCaseBody,
  type BusinessCaseInput,
  type PricingModel,
} from '../../../contracts/business-cases';
import { toMinor as majorToMinor, toMajor } from '../../../contracts/money';

interface RoleValues {
  title: string;
  fte: number | string;
  annualSalary: number | string;
  benefitsPct: number | string;
  overheadPerFte: number | string;
}

interface PricingValues {
  model: PricingModel;
  ratePerFteMonth?: number | string;
  fte?: number | string;
  hourlyRate?: number | string;
  hoursPerYear?: number | string;
  unitPrice?: number | string;
  unitsPerYear?: number | string;
  monthlyFee?: number | string;
}

interface OptionValues {
  id?: string;
  name: string;
  vendorId: string | null;
  engagementId: string | null;
  deliveryModel: 'onshore' | 'nearshore' | 'offshore';
  currency: string;
  pricing: PricingValues;
  transitionCost: number | string;
  governancePct: number | string;
  retainedAnnualCosts: number | string;
  annualEscalationPct: number | string;
}

export interface CaseValues {
  name: string;
  function: string;
  currency: string;
  horizonYears: number | string;
  discountRatePct: number | string;
  fxRates: Record<string, number | string>;
  inHouse: { roles: RoleValues[]; otherAnnualCosts: number | string; salaryEscalationPct: number | string };
  options: OptionValues[];
  seed?: number;
  riskRanges?: BusinessCase['riskRanges'];
}

/** The money fields of each pricing model (the rest are volumes). */
export const PRICING_FIELDS: Record<
  PricingModel,
  Array<{ key: keyof PricingValues; label: string; money: boolean }>
> = {
  per_fte_month: [
    { key: 'ratePerFteMonth', label: 'Rate per FTE-month', money: true },
    { key: 'fte', label: 'FTE', money: false },
  ],
  hourly: [
    { key: 'hourlyRate', label: 'Hourly rate', money: true },
    { key: 'hoursPerYear', label: 'Hours a year', money: false },
  ],
  per_unit: [
    { key: 'unitPrice', label: 'Price per unit', money: true },
    { key: 'unitsPerYear', label: 'Units a year', money: false },
  ],
  fixed_monthly: [{ key: 'monthlyFee', label: 'Monthly fee', money: true }],
};

export const PRICING_LABELS: Record<PricingModel, string> = {
  per_fte_month: 'Per FTE-month',
  hourly: 'Hourly',
  per_unit: 'Per unit',
  fixed_monthly: 'Fixed monthly',
};

/** An empty number field stays empty (the contract then says what is missing). */
const num = (v: number | string | undefined): number | undefined =>
  v === '' || v === undefined || v === null ? undefined : Number(v);
/** Decimal money → minor units with the currency's ISO exponent (money.ts rounds 123455.99999… back to 123456). */
const toMinor = (v: number | string | undefined, currency: string): number | undefined => {
  const n = num(v);
  return n === undefined ? undefined : majorToMinor(n, currency);
};

export function newOption(currency: string, n: number): OptionValues {
  return {
    name: `Option ${String.fromCharCode(65 + n)}`,
    vendorId: null,
    engagementId: null,
    deliveryModel: 'offshore',
    currency,
    pricing: { model: 'per_fte_month', ratePerFteMonth: '', fte: '' },
    transitionCost: 0,
    governancePct: 10,
    retainedAnnualCosts: 0,
    annualEscalationPct: 3,
  };
}

export function newRole(): RoleValues {
  return { title: '', fte: '', annualSalary: '', benefitsPct: 30, overheadPerFte: 0 };
}

/** A fresh pricing block when the model changes: the fields of the new model, empty. */
export function pricingFor(model: PricingModel): PricingValues {
  return Object.fromEntries([
    ['model', model],
    ...PRICING_FIELDS[model].map((f) => [f.key, '']),
  ]) as PricingValues;
}

export function emptyCase(currency: string): CaseValues {
  return {
    name: '',
    function: 'customer_service',
    currency,
    horizonYears: 5,
    discountRatePct: 8,
    fxRates: {},
    inHouse: { roles: [newRole()], otherAnnualCosts: 0, salaryEscalationPct: 3 },
    options: [newOption(currency, 0)],
  };
}

/** A stored case as form values. */
export function fromCase(c: BusinessCase): CaseValues {
  const cur = c.currency;
  return {
    name: c.name,
    function: c.function,
    currency: cur,
    horizonYears: c.horizonYears,
    discountRatePct: c.discountRatePct,
    fxRates: { ...c.fxRates },
    inHouse: {
      roles: c.inHouse.roles.map((r) => ({
        title: r.title,
        fte: r.fte,
        annualSalary: toMajor(r.annualSalary, cur),
        benefitsPct: r.benefitsPct,
        overheadPerFte: toMajor(r.overheadPerFte, cur),
      })),
      otherAnnualCosts: toMajor(c.inHouse.otherAnnualCosts, cur),
      salaryEscalationPct: c.inHouse.salaryEscalationPct,
    },
    options: c.options.map((o) => {
      const pricing: PricingValues = { model: o.pricing.model };
      for (const f of PRICING_FIELDS[o.pricing.model]) {
        const v = (o.pricing as unknown as Record<string, number>)[f.key]!;
        (pricing as unknown as Record<string, number>)[f.key] = f.money ? toMajor(v, o.currency) : v;
      }
      return {
        id: o.id,
        name: o.name,
        vendorId: o.vendorId ?? null,
        engagementId: o.engagementId ?? null,
        deliveryModel: o.deliveryModel,
        currency: o.currency,
        pricing,
        transitionCost: toMajor(o.transitionCost, o.currency),
        governancePct: o.governancePct,
        retainedAnnualCosts: toMajor(o.retainedAnnualCosts, cur),
        annualEscalationPct: o.annualEscalationPct,
      };
    }),
    seed: c.seed,
    riskRanges: c.riskRanges,
  };
}

/** Form values as the API body: minor units, only the fx rates the options need. */
export function toBody(v: CaseValues): BusinessCaseInput {
  const cur = v.currency;
  const needed = new Set(v.options.map((o) => o.currency).filter((c) => c !== cur));
  const fxRates: Record<string, number> = {};
  for (const c of needed) {
    const rate = num(v.fxRates[c]);
    if (rate !== undefined) fxRates[c] = rate;
  }
  return {
    name: v.name,
    function: v.function as BusinessCaseInput['function'],
    currency: cur,
    horizonYears: num(v.horizonYears) as number,
    discountRatePct: num(v.discountRatePct),
    fxRates,
    inHouse: {
      roles: v.inHouse.roles.map((r) => ({
        title: r.title,
        fte: num(r.fte) as number,
        annualSalary: toMinor(r.annualSalary, cur) as number,
        benefitsPct: num(r.benefitsPct),
        overheadPerFte: toMinor(r.overheadPerFte, cur),
      })),
      otherAnnualCosts: toMinor(v.inHouse.otherAnnualCosts, cur),
      salaryEscalationPct: num(v.inHouse.salaryEscalationPct),
    },
    options: v.options.map((o) => {
      const pricing: Record<string, unknown> = { model: o.pricing.model };
      for (const f of PRICING_FIELDS[o.pricing.model])
        pricing[f.key] = f.money ? toMinor(o.pricing[f.key], o.currency) : num(o.pricing[f.key]);
      return {
        ...(o.id ? { id: o.id } : {}),
        name: o.name,
        vendorId: o.vendorId || null,
        engagementId: o.engagementId || null,
        deliveryModel: o.deliveryModel,
        currency: o.currency,
        pricing: pricing as NonNullable<BusinessCaseInput['options']>[number]['pricing'],
        transitionCost: toMinor(o.transitionCost, o.currency),
        governancePct: num(o.governancePct),
        retainedAnnualCosts: toMinor(o.retainedAnnualCosts, cur),
        annualEscalationPct: num(o.annualEscalationPct),
      };
    }),
    ...(v.seed !== undefined ? { seed: v.seed } : {}),
    ...(v.riskRanges ? { riskRanges: v.riskRanges } : {}),
  };
}

/** The contract's complaints about the values, keyed by form path (`options.1.pricing.fte`). */
export function validateCase(v: CaseValues): Record<string, string> {
  const result = BusinessCaseBody.safeParse(toBody(v));
  if (result.success) return {};
  return issuesToErrors(result.error.issues);
}

function issuesToErrors(issues: z.core.$ZodIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.join('.') || 'name';
    // Empty number fields reach the contract as undefined: say what to do about them.
    const message = issue.message === 'must be a number' ? 'Required' : issue.message;
    out[key] ??= message.charAt(0).toUpperCase() + message.slice(1);
  }
  return out;
}

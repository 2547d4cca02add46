/**
 * Business cases: today's in-house cost of a function against each partner's bid, over a horizon
 * of years — savings, NPV, payback, sensitivity and a seeded risk range. Pure: no I/O.
 */
import { z } from 'zod';
import { CsvBom, Currency, Instant, idOf, ListQuery, Name } from './common';
import { BusinessFunction, DeliveryModel } from './engagements';
import { compactMoney } from './money';

const MAX_AMOUNT = 1e15;
/** A money amount in minor units of its currency; never negative. */
const Amount = z
  .number({ message: 'must be a number' })
  .int({ message: 'must be a whole number of minor units' })
  .min(0, { message: 'must not be negative' })
  .max(MAX_AMOUNT, { message: 'is too large' });
/** A quantity that must be there: more than zero (fte, hours, units). */
const Positive = z
  .number({ message: 'must be a number' })
  .gt(0, { message: 'must be more than 0' })
  .max(1e9, { message: 'is too large' });
const pct = (min: number, max: number) =>
  z
    .number({ message: 'must be a number' })
    .min(min, { message: min === 0 ? 'must not be negative' : `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

export const PRICING_MODELS = ['per_fte_month', 'hourly', 'per_unit', 'fixed_monthly'] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

/** How the partner prices the service; amounts in the option's own currency. */
export const Pricing = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('per_fte_month'), ratePerFteMonth: Amount, fte: Positive }),
  z.strictObject({ model: z.literal('hourly'), hourlyRate: Amount, hoursPerYear: Positive }),
  z.strictObject({ model: z.literal('per_unit'), unitPrice: Amount, unitsPerYear: Positive }),
  z.strictObject({ model: z.literal('fixed_monthly'), monthlyFee: Amount }),
]);
export type Pricing = z.infer<typeof Pricing>;

export const InHouseRole = z.strictObject({
  title: Name,
  fte: Positive,
  /** Gross salary per person per year, in the case currency. */
  annualSalary: Amount,
  benefitsPct: pct(0, 200).default(30),
  /** Office space, equipment and software per person per year. */
  overheadPerFte: Amount.default(0),
});
export type InHouseRole = z.infer<typeof InHouseRole>;

export const InHouse = z.strictObject({
  roles: z.array(InHouseRole).min(1, { message: 'needs at least one role' }).max(100),
  otherAnnualCosts: Amount.default(0),
  salaryEscalationPct: pct(-50, 100).default(0),
});
export type InHouse = z.infer<typeof InHouse>;

export const OutsourcedOption = z.strictObject({
  id: idOf('opt').optional(),
  name: Name,
  vendorId: idOf('vnd').nullable().optional(),
  /** The engagement that delivers this option once signed, so realised spend can be compared. */
  engagementId: idOf('eng').nullable().optional(),
  deliveryModel: DeliveryModel,
  currency: Currency,
  pricing: Pricing,
  /** One-off cost of moving the work (knowledge transfer, parallel running), in the option's currency. */
  transitionCost: Amount.default(0),
  /** The cost of managing the partner, kept in-house, as a share of the fee. */
  governancePct: pct(0, 100).default(0),
  /** What stays in-house anyway, in the case currency; not escalated. */
  retainedAnnualCosts: Amount.default(0),
  annualEscalationPct: pct(-50, 100).default(0),
});
export type OutsourcedOption = z.infer<typeof OutsourcedOption>;

/** The drivers the sensitivity and the risk range move. */
export const DRIVERS = [
  'salaries',
  'benefitsPct',
  'overhead',
  'vendorRate',
  'volume',
  'governancePct',
  'transitionCost',
  'exchangeRate',
  'salaryEscalation',
  'vendorEscalation',
] as const;
export const Driver = z.enum(DRIVERS);
export type Driver = z.infer<typeof Driver>;

/** Plain-language names of the drivers, for summaries, charts and documents. */
export const DRIVER_LABELS: Record<Driver, string> = {
  salaries: 'salaries',
  benefitsPct: 'benefits %',
  overhead: 'overhead per FTE',
  vendorRate: 'vendor rate',
  volume: 'volume',
  governancePct: 'governance %',
  transitionCost: 'transition cost',
  exchangeRate: 'exchange rate',
  salaryEscalation: 'salary escalation',
  vendorEscalation: 'vendor escalation',
};

/** A driver's range in the risk simulation, in percent of its value: low ≤ 0 ≤ high. */
export const RiskRange = z.strictObject({ lowPct: pct(-100, 0), highPct: pct(0, 500) });
export type RiskRange = z.infer<typeof RiskRange>;
/** Default range of every driver: triangular −20% / 0 / +20%. */
export const DEFAULT_RISK_RANGE: RiskRange = { lowPct: -20, highPct: 20 };

const caseFields = {
  name: Name,
  function: BusinessFunction,
  /** The reporting currency; in-house amounts and retained costs are in it. */
  currency: Currency,
  horizonYears: z
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number of years' })
    .min(1, { message: 'must be between 1 and 10' })
    .max(10, { message: 'must be between 1 and 10' }),
  discountRatePct: pct(0, 100).default(8),
  /** Units of the case currency per one unit of each quote currency. */
  fxRates: z
    .record(Currency, z.number({ message: 'must be a number' }).gt(0, { message: 'must be more than 0' }))
    .default({}),
  inHouse: InHouse,
  options: z.array(OutsourcedOption).max(10, { message: 'at most 10 options' }).default([]),
  /** Bounds per driver for the risk range; drivers not named use −20% / +20%. */
  riskRanges: z.partialRecord(Driver, RiskRange).default({}),
  /** Seed of the risk simulation: the same seed gives the same range. Chosen by the server when missing. */
  seed: z.number().int().min(0).max(2_147_483_647).optional(),
};

type CaseBody = {
  currency: string;
  fxRates: Record<string, number>;
  options: Array<{ id?: string; currency: string }>;
};

/** Every quote currency needs a rate (unless it is the case currency); option ids are unique. */
function crossCheck(body: CaseBody, ctx: z.RefinementCtx) {
  const missing = new Set<string>();
  const ids = new Set<string>();
  body.options.forEach((o, i) => {
    if (o.currency !== body.currency && !body.fxRates[o.currency]) missing.add(o.currency);
    if (o.id && ids.has(o.id))
      ctx.addIssue({ code: 'custom', path: ['options', i, 'id'], message: 'is used twice' });
    if (o.id) ids.add(o.id);
  });
  for (const c of missing) {
    ctx.addIssue({
      code: 'custom',
      path: ['fxRates'],
      message: `needs the rate of ${c}: how many ${body.currency} one ${c} buys`,
    });
  }
}

/** Create a business case, or replace one (PUT): the whole case every time. */
export const BusinessCaseBody = z.strictObject(caseFields).superRefine(crossCheck);
export type BusinessCaseBody = z.infer<typeof BusinessCaseBody>;
export type BusinessCaseInput = z.input<typeof BusinessCaseBody>;

/** A stored business case. */
export const BusinessCase = z
  .object({
    id: idOf('bcs'),
    name: z.string(),
    function: BusinessFunction,
    currency: z.string(),
    horizonYears: z.number().int(),
    discountRatePct: z.number(),
    fxRates: z.record(z.string(), z.number()),
    inHouse: InHouse,
    options: z.array(OutsourcedOption.extend({ id: idOf('opt') })),
    riskRanges: z.partialRecord(Driver, RiskRange),
    seed: z.number().int(),
    ownerId: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'BusinessCase' });
export type BusinessCase = z.infer<typeof BusinessCase>;

export const BUSINESS_CASE_SORTS = ['name', '-name', 'updatedAt', '-updatedAt'] as const;
export const BusinessCaseListQuery = ListQuery.extend({
  q: z.string().trim().max(200).optional(),
  function: BusinessFunction.optional(),
  sort: z.enum(BUSINESS_CASE_SORTS).default('-updatedAt'),
});
export type BusinessCaseListQuery = z.infer<typeof BusinessCaseListQuery>;

export const Sensitivity = z.object({
  driver: Driver,
  /** NPV of the savings with this driver 20% lower, everything else unchanged. */
  npvLow: z.number().int(),
  /** NPV of the savings with this driver 20% higher. */
  npvHigh: z.number().int(),
});

export const OptionAnalysis = z.object({
  optionId: z.string(),
  totalInHouse: z.number().int(),
  totalCost: z.number().int(),
  totalSavings: z.number().int(),
  /** Total savings as a percentage of the total in-house cost, to two decimals. */
  savingsPct: z.number(),
  npv: z.number().int(),
  /** First month at whose end cumulative savings reach zero; null if not within the horizon. */
  paybackMonths: z.number().int().nullable(),
  sensitivity: z.array(Sensitivity),
  risk: z.object({
    p10: z.number().int(),
    p50: z.number().int(),
    p90: z.number().int(),
    /** Share of simulated runs (0..1) whose total savings are negative. */
    probabilityOfLoss: z.number(),
  }),
});
export type OptionAnalysis = z.infer<typeof OptionAnalysis>;

/** The model's answer for a case; every amount in minor units of `currency`. */
export const BusinessCaseAnalysis = z
  .object({
    currency: z.string(),
    years: z.array(
      z.object({
        year: z.number().int(),
        inHouse: z.number().int(),
        options: z.array(
          z.object({ optionId: z.string(), cost: z.number().int(), savings: z.number().int() }),
        ),
      }),
    ),
    options: z.array(OptionAnalysis),
    /** The option with the highest NPV of savings, or null when none is positive. */
    best: z.string().nullable(),
    /** Runs of the risk simulation, and its seed. */
    iterations: z.number().int(),
    seed: z.number().int(),
  })
  .meta({ id: 'BusinessCaseAnalysis' });
export type BusinessCaseAnalysis = z.infer<typeof BusinessCaseAnalysis>;

export const BusinessCaseExportQuery = z.object({
  format: z.enum(['csv', 'pdf']).default('csv'),
  bom: CsvBom,
});

/**
 * The plain-language summary of an analysis ("Option B saves €1.2M over 5 years, NPV €0.9M, pays
 * back in month 14; most sensitive to the vendor rate"), shared by the web page and the PDF.
 */
export function summarise(
  c: Pick<BusinessCase, 'currency' | 'horizonYears' | 'options'>,
  a: BusinessCaseAnalysis,
  locale = 'en',
): string {
  const money = (v: number) => compactMoney(v, c.currency, locale);
  const years = `${c.horizonYears} year${c.horizonYears === 1 ? '' : 's'}`;
  const name = (id: string) => c.options.find((o) => o.id === id)?.name ?? id;
  if (a.options.length === 0)
    return 'Add an outsourced option to compare it with keeping the function in-house.';
  if (!a.best) {
    const top = [...a.options].sort((x, y) => y.npv - x.npv)[0]!;
    return `No option pays off over ${years}: the best, ${name(top.optionId)}, has an NPV of ${money(top.npv)} and ${
      top.totalSavings < 0 ? `costs ${money(-top.totalSavings)} more` : `saves ${money(top.totalSavings)}`
    } than staying in-house.`;
  }
  const best = a.options.find((o) => o.optionId === a.best)!;
  const payback =
    best.paybackMonths === null
      ? 'does not pay back within the horizon'
      : `pays back in month ${best.paybackMonths}`;
  const driver = best.sensitivity[0];
  const tail = driver ? `; most sensitive to the ${DRIVER_LABELS[driver.driver]}` : '';
  return `${name(best.optionId)} saves ${money(best.totalSavings)} over ${years}, NPV ${money(best.npv)}, ${payback}${tail}.`;
}

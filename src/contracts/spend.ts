/**
 * Spend: invoices per engagement with SLA credits applied, exchange rates by date, budget vs
 * actual in the organisation's currency, savings realised against the business case, renewals
 * with their decisions, and exit plans with their readiness.
 */
import { z } from 'zod';
import { Currency, Instant, idOf, ListQuery } from './common';
import { Reintegration, Substitutability } from './dora';
import { BusinessFunction, DateOnly } from './engagements';

const Minor = z
  .number({ message: 'must be a number' })
  .int({ message: 'must be a whole number of minor units' })
  .min(0, { message: 'must not be negative' })
  .max(Number.MAX_SAFE_INTEGER, { message: 'is too large' });

/** A calendar month, YYYY-MM. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month, YYYY-MM' });

// Invoices

export const INVOICE_STATUSES = ['received', 'approved', 'paid', 'disputed'] as const;
export const InvoiceStatus = z.enum(INVOICE_STATUSES);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

/** An SLA month's service credit, applied to the invoice whose period holds the month's last day. */
export const CreditLine = z.object({
  /** The SLA month, YYYY-MM. */
  period: z.string(),
  amount: z.number().int(),
  currency: z.string(),
});
export type CreditLine = z.infer<typeof CreditLine>;

export const Invoice = z
  .object({
    id: idOf('inv'),
    engagementId: z.string(),
    engagementTitle: z.string(),
    vendorId: z.string(),
    number: z.string(),
    periodStart: DateOnly,
    periodEnd: DateOnly,
    /** The amount invoiced, in minor units of `currency` (before credits). */
    amount: z.number().int(),
    currency: z.string(),
    /** Units billed in the pricing model's unit (FTE-months, hours, units); explains volume variance. */
    quantity: z.number().nullable(),
    status: InvoiceStatus,
    disputeReason: z.string().nullable(),
    note: z.string().nullable(),
    credits: z.array(CreditLine),
    /** Sum of the credit lines in the invoice's currency. */
    creditTotal: z.number().int(),
    /** amount − credits. */
    net: z.number().int(),
    allowedTransitions: z.array(InvoiceStatus),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Invoice' });
export type Invoice = z.infer<typeof Invoice>;

const invoiceFields = {
  engagementId: idOf('eng'),
  number: z.string().trim().min(1, { message: 'is required' }).max(100),
  periodStart: DateOnly,
  periodEnd: DateOnly,
  amount: Minor,
  currency: Currency,
  quantity: z.number().gt(0, { message: 'must be more than 0' }).max(1e9).nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
};

const periodInOrder = (b: { periodStart?: string; periodEnd?: string }) =>
  !b.periodStart || !b.periodEnd || b.periodStart <= b.periodEnd;

/** Enter an invoice; it starts as received (a vendor user submits their own engagements' invoices). */
export const InvoiceBody = z
  .strictObject({ ...invoiceFields, status: z.literal('received').optional() })
  .refine(periodInOrder, { message: 'must not be before the period start', path: ['periodEnd'] });
export type InvoiceBody = z.infer<typeof InvoiceBody>;

/** Correct an invoice (while received or disputed) or move it along its life cycle. */
export const InvoicePatch = z
  .strictObject({
    number: invoiceFields.number.optional(),
    periodStart: DateOnly.optional(),
    periodEnd: DateOnly.optional(),
    amount: Minor.optional(),
    currency: Currency.optional(),
    quantity: invoiceFields.quantity,
    note: invoiceFields.note,
    status: InvoiceStatus.optional(),
    /** Required when the status becomes disputed. */
    disputeReason: z.string().trim().min(1, { message: 'is required' }).max(2000).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] })
  .refine(periodInOrder, { message: 'must not be before the period start', path: ['periodEnd'] });
export type InvoicePatch = z.infer<typeof InvoicePatch>;

export const InvoiceListQuery = ListQuery.extend({
  engagementId: z.string().max(64).optional(),
  vendorId: z.string().max(64).optional(),
  status: InvoiceStatus.optional(),
});
export type InvoiceListQuery = z.infer<typeof InvoiceListQuery>;

// Exchange rates

const Rate = z
  .number({ message: 'must be a number' })
  .gt(0, { message: 'must be more than 0' })
  .max(1e9, { message: 'is too large' });

/** Units of the organisation's currency per one unit of `currency`, from `date` on. */
export const ExchangeRate = z
  .object({ currency: z.string(), date: DateOnly, rate: z.number(), updatedAt: Instant })
  .meta({ id: 'ExchangeRate' });
export type ExchangeRate = z.infer<typeof ExchangeRate>;

export const ExchangeRateBody = z.strictObject({ currency: Currency, date: DateOnly, rate: Rate });
export type ExchangeRateBody = z.infer<typeof ExchangeRateBody>;

export const ExchangeRateListQuery = ListQuery.extend({
  currency: z.string().max(3).optional(),
});
export type ExchangeRateListQuery = z.infer<typeof ExchangeRateListQuery>;

export const ExchangeRateParams = z.object({ currency: z.string().max(3), date: z.string().max(10) });

export const RateImportResult = z.object({ imported: z.number().int(), replaced: z.number().int() });

/** A currency and date that lack a rate: what a report needs entered before it can answer. */
export const MissingRate = z.object({ currency: z.string(), date: z.string() });
export type MissingRate = z.infer<typeof MissingRate>;

// Budget vs actual

export const SPEND_GROUPS = ['vendor', 'function', 'country', 'month', 'engagement'] as const;
export const SpendGroup = z.enum(SPEND_GROUPS);
export type SpendGroup = z.infer<typeof SpendGroup>;

export const SpendQuery = z.object({
  groupBy: SpendGroup.default('vendor'),
  /** First month, YYYY-MM; defaults to eleven months before `to`. */
  from: Month.optional(),
  /** Last month, YYYY-MM; defaults to the current month. */
  to: Month.optional(),
  function: BusinessFunction.optional(),
  vendorId: z.string().max(64).optional(),
});
export type SpendQuery = z.infer<typeof SpendQuery>;

const Figures = {
  /** Budget prorated to the months (docs/govern.md). */
  budget: z.number().int(),
  /** Invoiced amounts (all but disputed invoices), before credits. */
  actual: z.number().int(),
  credits: z.number().int(),
  /** actual − credits. */
  net: z.number().int(),
  /** budget − net: positive means under budget. */
  variance: z.number().int(),
  /** Disputed invoices, kept out of actual until resolved. */
  disputed: z.number().int(),
};

export const SpendRow = z.object({
  key: z.string(),
  label: z.string(),
  invoices: z.number().int(),
  ...Figures,
});
export type SpendRow = z.infer<typeof SpendRow>;

export const SpendReport = z
  .object({
    currency: z.string(),
    groupBy: SpendGroup,
    from: z.string(),
    to: z.string(),
    rows: z.array(SpendRow),
    totals: z.object(Figures),
  })
  .meta({ id: 'SpendReport' });
export type SpendReport = z.infer<typeof SpendReport>;

// Savings realised

export const VarianceLines = z.object({
  rate: z.number().int(),
  volume: z.number().int(),
  credits: z.number().int(),
  currency: z.number().int(),
});
export type VarianceLines = z.infer<typeof VarianceLines>;

export const SavingsMonth = z.object({
  month: z.string(),
  baseline: z.number().int(),
  plannedCost: z.number().int(),
  plannedSavings: z.number().int(),
  /** Null until the month has an invoice that is not disputed. */
  actualCost: z.number().int().nullable(),
  realisedSavings: z.number().int().nullable(),
  cumulativePlanned: z.number().int(),
  cumulativeRealised: z.number().int().nullable(),
  /** realised − planned, explained line by line (the lines add up to it). */
  variance: z.number().int().nullable(),
  lines: VarianceLines.nullable(),
});
export type SavingsMonth = z.infer<typeof SavingsMonth>;

export const Savings = z
  .object({
    engagementId: z.string(),
    /** The business case and option the engagement delivers; null when none is linked. */
    link: z
      .object({
        businessCaseId: z.string(),
        businessCaseName: z.string(),
        optionId: z.string(),
        optionName: z.string(),
        governancePct: z.number(),
      })
      .nullable(),
    /** The case's currency: every amount below is in it. */
    currency: z.string().nullable(),
    months: z.array(SavingsMonth),
    totals: z.object({
      planned: z.number().int(),
      /** Planned savings of the months that have a realised figure. */
      plannedToDate: z.number().int(),
      realised: z.number().int(),
      variance: z.number().int(),
      lines: VarianceLines,
    }),
  })
  .meta({ id: 'Savings' });
export type Savings = z.infer<typeof Savings>;

// Renewals

export const RENEWAL_DECISIONS = ['renew', 'renegotiate', 're_tender', 'exit'] as const;
export const RenewalDecisionKind = z.enum(RENEWAL_DECISIONS);
export type RenewalDecisionKind = z.infer<typeof RenewalDecisionKind>;
export const DECISION_LABELS: Record<RenewalDecisionKind, string> = {
  renew: 'Renew',
  renegotiate: 'Renegotiate',
  re_tender: 'Re-tender',
  exit: 'Exit',
};

export const RenewalDecision = z.object({
  decision: RenewalDecisionKind,
  note: z.string().nullable(),
  decidedBy: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: Instant,
  /** The end of term the decision is about. */
  termEnd: DateOnly,
});

export const Renewal = z
  .object({
    engagementId: z.string(),
    title: z.string(),
    vendorId: z.string(),
    vendorName: z.string(),
    status: z.string(),
    endDate: DateOnly.nullable(),
    renewalDate: DateOnly.nullable(),
    /** The renewal date, or else the end date: when the current term ends. */
    termEnd: DateOnly,
    noticePeriodDays: z.number().int(),
    noticeDeadline: DateOnly,
    inNoticePeriod: z.boolean(),
    /** Days from today to the notice deadline (negative once passed). */
    daysToDeadline: z.number().int(),
    autoRenew: z.boolean(),
    decision: RenewalDecision.nullable(),
  })
  .meta({ id: 'Renewal' });
export type Renewal = z.infer<typeof Renewal>;

export const RenewalListQuery = z.object({
  /** Terms ending on or after this date (default: today). */
  from: DateOnly.optional(),
  /** Notice deadlines on or before this date (default: a year from today). */
  to: DateOnly.optional(),
  undecided: z.enum(['true', 'false']).optional(),
});
export type RenewalListQuery = z.infer<typeof RenewalListQuery>;

export const RenewalDecisionBody = z.strictObject({
  decision: RenewalDecisionKind,
  note: z.string().trim().max(4000).nullable().optional(),
});
export type RenewalDecisionBody = z.infer<typeof RenewalDecisionBody>;

export const RenewalTermsBody = z.strictObject({ autoRenew: z.boolean() });

// Exit plans

const Text = z.string().trim().min(1, { message: 'is required' }).max(500);
const itemBase = {
  id: z.string().max(40).optional(),
  owner: z.string().trim().max(200).nullable().default(null),
  dueDate: DateOnly.nullable().default(null),
  done: z.boolean().default(false),
};

export const EXIT_DATA_ACTIONS = ['return', 'delete', 'return_and_delete'] as const;

export const ExitStep = z.strictObject({ ...itemBase, title: Text });
export const ExitDataItem = z.strictObject({
  ...itemBase,
  description: Text,
  action: z.enum(EXIT_DATA_ACTIONS).default('return_and_delete'),
  /** The data-sharing register entry this item returns or deletes, when it is one. */
  dataFlowId: z.string().max(64).nullable().default(null),
});
export const ExitKnowledgeItem = z.strictObject({ ...itemBase, topic: Text });
export const ExitAccessItem = z.strictObject({
  ...itemBase,
  system: Text,
  /** The access grant to revoke, when it comes from the register. */
  accessGrantId: z.string().max(64).nullable().default(null),
});

export const ExitPlanBody = z.strictObject({
  steps: z.array(ExitStep).max(200).default([]),
  dataItems: z.array(ExitDataItem).max(200).default([]),
  knowledgeItems: z.array(ExitKnowledgeItem).max(200).default([]),
  accessItems: z.array(ExitAccessItem).max(200).default([]),
  /** DORA register B_07.01 c0050: how hard the vendor would be to replace; null when not assessed. */
  substitutability: Substitutability.nullable().default(null),
  /** DORA register B_07.01 c0090: how hard it would be to bring the service back in-house. */
  reintegration: Reintegration.nullable().default(null),
});
export type ExitPlanBody = z.infer<typeof ExitPlanBody>;
export type ExitPlanInput = z.input<typeof ExitPlanBody>;

/** Something the registers know that the plan does not list yet. */
export const ExitSuggestion = z.object({
  kind: z.enum(['data', 'access']),
  sourceId: z.string(),
  label: z.string(),
});

export const ExitPlan = z
  .object({
    engagementId: z.string(),
    exists: z.boolean(),
    steps: z.array(ExitStep.extend({ id: z.string() })),
    dataItems: z.array(ExitDataItem.extend({ id: z.string() })),
    knowledgeItems: z.array(ExitKnowledgeItem.extend({ id: z.string() })),
    accessItems: z.array(ExitAccessItem.extend({ id: z.string() })),
    substitutability: Substitutability.nullable(),
    reintegration: Reintegration.nullable(),
    /** Done items over all items, in percent (0 for an empty plan). */
    readiness: z.number().int(),
    done: z.number().int(),
    total: z.number().int(),
    /** Items past their due date and not done. */
    overdue: z.number().int(),
    suggestions: z.array(ExitSuggestion),
    updatedAt: Instant.nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'ExitPlan' });
export type ExitPlan = z.infer<typeof ExitPlan>;

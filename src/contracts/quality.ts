/**
 * Quality monitoring: KPI measurements (API batches and CSV imports), the SLA evaluation of a
 * period with its service credit and earn-back, reconciliation of client and vendor figures,
 * period history and the portfolio view. Deliverables and scorecards live in quality-reviews.ts.
 */
import { z } from 'zod';
import { Instant } from './common';

export const MEASUREMENT_SOURCES = ['client', 'vendor'] as const;
/** Who measured: the client's own systems or the vendor's report. */
export const MeasurementSource = z.enum(MEASUREMENT_SOURCES);
export type MeasurementSource = z.infer<typeof MeasurementSource>;

/** The largest batch `POST /engagements/{id}/measurements` takes; bigger loads go through the CSV import. */
export const MAX_BATCH = 10_000;

const Finite = z.number().finite({ message: 'must be a finite number' });

/** One measurement of one KPI: a value, or a numerator and denominator for ratio KPIs. */
export const MeasurementItem = z.strictObject({
  kpiId: z.string().trim().min(1, { message: 'is required' }).max(64),
  at: Instant,
  value: Finite.nullable().optional(),
  numerator: Finite.nullable().optional(),
  denominator: Finite.nullable().optional(),
  /** Internal users choose (client by default); a vendor user's measurements are always `vendor`. */
  source: MeasurementSource.optional(),
  /** The id in the system the figure came from; (kpi, source, externalId) is unique. */
  externalId: z.string().trim().min(1).max(200).nullable().optional(),
});
export type MeasurementItem = z.infer<typeof MeasurementItem>;

/** A batch of measurements, written all or nothing. */
export const MeasurementBatch = z.strictObject({
  items: z
    .array(MeasurementItem)
    .min(1, { message: 'must hold at least one measurement' })
    .max(MAX_BATCH, { message: `must hold at most ${MAX_BATCH} measurements` }),
});
export type MeasurementBatch = z.infer<typeof MeasurementBatch>;

export const InsertedResult = z.object({ inserted: z.number().int() }).meta({ id: 'InsertedResult' });
/** A dry run of the CSV import: every row checked, nothing written. */
export const ImportChecked = z
  .object({
    inserted: z.literal(0),
    /** The rows that would be imported. */
    checked: z.number().int(),
  })
  .meta({ id: 'ImportChecked' });
export type InsertedResult = z.infer<typeof InsertedResult>;

/** `2027-03` (calendar month), `2027-W11` (ISO week) or `2027-03-14` (day). */
export const PERIOD_PATTERN = /^\d{4}-(\d{2}|W\d{2}|\d{2}-\d{2})$/;
export const PeriodKey = z
  .string()
  .regex(PERIOD_PATTERN, {
    message: 'must be a month (2027-03), an ISO week (2027-W11) or a day (2027-03-14)',
  })
  .meta({ example: '2027-03' });
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export const Granularity = z.enum(GRANULARITIES);
export type Granularity = z.infer<typeof Granularity>;

export const SlaQuery = z.object({
  period: PeriodKey,
  source: MeasurementSource.default('client'),
});

/** `met` is true or false, or "no_data" when the period holds no samples (never counted as met). */
export const SlaMet = z.union([z.boolean(), z.literal('no_data')]);
export type SlaMet = z.infer<typeof SlaMet>;

export const SlaKpiResult = z.object({
  kpiId: z.string(),
  name: z.string(),
  actual: z.number().nullable(),
  target: z.number().nullable(),
  met: SlaMet,
  samples: z.number().int(),
  /** How far from the target, positive when on the right side of it (null without data). */
  margin: z.number().nullable(),
  creditPct: z.number(),
});
export type SlaKpiResult = z.infer<typeof SlaKpiResult>;

export const SlaCredit = z.object({
  /** Minor units of the engagement's currency, after the cap and earn-back. */
  amount: z.number().int(),
  currency: z.string(),
  capped: z.boolean(),
  /** The part of the credit (minor units) waived because the KPIs were met in the following periods. */
  waivedByEarnBack: z.number().int(),
});
export type SlaCredit = z.infer<typeof SlaCredit>;

/** Both sources' view of one KPI; `disagree` when one says met and the other breached. */
export const ReconciliationRow = z.object({
  kpiId: z.string(),
  name: z.string(),
  client: z.object({ actual: z.number().nullable(), met: SlaMet, samples: z.number().int() }),
  vendor: z.object({ actual: z.number().nullable(), met: SlaMet, samples: z.number().int() }),
  disagree: z.boolean(),
});
export type ReconciliationRow = z.infer<typeof ReconciliationRow>;

export const SlaResult = z
  .object({
    period: z.string(),
    timezone: z.string(),
    kpis: z.array(SlaKpiResult),
    credit: SlaCredit,
    reconciliation: z.array(ReconciliationRow),
  })
  .meta({ id: 'SlaResult' });
export type SlaResult = z.infer<typeof SlaResult>;

export const SlaSettings = z
  .object({
    earnBack: z.object({ enabled: z.boolean(), periods: z.number().int().min(1).max(12) }),
    /** Hours after a period ends before it is closed, for late data. */
    graceHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 31),
  })
  .meta({ id: 'SlaSettings' });
export type SlaSettings = z.infer<typeof SlaSettings>;
export const SlaSettingsBody = z.strictObject({
  earnBack: z.strictObject({ enabled: z.boolean(), periods: z.number().int().min(1).max(12) }),
  graceHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 31),
});

export const PERIOD_STATUSES = ['open', 'pending', 'closed', 'reopened'] as const;
export const HistoryQuery = z.object({
  granularity: Granularity.default('month'),
  periods: z.coerce.number().int().min(1).max(60).default(12),
  source: MeasurementSource.default('client'),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/** One period of the history: stored when closed, computed live otherwise. */
export const SlaHistoryPeriod = z.object({
  period: z.string(),
  from: Instant,
  to: Instant,
  /** open: not ended; pending: ended, not closed yet; closed; reopened: late data arrived after closing. */
  status: z.enum(PERIOD_STATUSES),
  closedAt: Instant.nullable(),
  note: z.string().nullable(),
  kpis: z.array(SlaKpiResult),
  credit: SlaCredit,
});
export type SlaHistoryPeriod = z.infer<typeof SlaHistoryPeriod>;
export const SlaHistory = z
  .object({
    granularity: Granularity,
    source: MeasurementSource,
    timezone: z.string(),
    /** Oldest first; the last one is the current period. */
    periods: z.array(SlaHistoryPeriod),
  })
  .meta({ id: 'SlaHistory' });
export type SlaHistory = z.infer<typeof SlaHistory>;

/** Close one engagement's due months only; without a body, every engagement's. */
export const CloseBody = z
  .strictObject({ engagementId: z.string().min(1).max(64).optional() })
  .nullish()
  .meta({ description: 'Optional: { engagementId } to close one engagement only' });

export const CloseResult = z.object({
  /** Periods closed (or re-closed) by this run. */
  closed: z.number().int(),
  /** KPI breaches raised as `sla.breached` events. */
  breaches: z.number().int(),
});

export const PortfolioQuery = z.object({
  period: z
    .string()
    .regex(/^\d{4}-\d{2}$/, { message: 'must be a month, YYYY-MM' })
    .optional(),
});
const Attainment = z.object({
  /** KPI-periods with data in the month. */
  kpiPeriods: z.number().int(),
  met: z.number().int(),
  /** Share met, 0–100; null when nothing was evaluated. */
  attainment: z.number().nullable(),
});
export const Portfolio = z
  .object({
    period: z.string(),
    byVendor: z.array(Attainment.extend({ vendorId: z.string(), vendorName: z.string() })),
    byFunction: z.array(Attainment.extend({ function: z.string() })),
    /** Proposed credits of closed months up to and including the period, per currency (minor units). */
    creditsToDate: z.array(z.object({ currency: z.string(), amount: z.number().int() })),
    /** Engagements whose attainment fell in each of the last three months. */
    worstTrending: z.array(
      z.object({
        engagementId: z.string(),
        title: z.string(),
        vendorName: z.string(),
        /** Attainment of the four months ending with the period, oldest first. */
        attainment: z.array(z.number().nullable()),
      }),
    ),
  })
  .meta({ id: 'QualityPortfolio' });
export type Portfolio = z.infer<typeof Portfolio>;

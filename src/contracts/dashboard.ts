/**
 * The portfolio dashboard: vendors by status, tier and country, SLA attainment, the risk heat map
 * and the upcoming items, each figure with a link (`href`, a path of the web app) to its records.
 */
import { z } from 'zod';
import { Heatmap } from './risks';

const Count = z.object({ key: z.string(), count: z.number().int(), href: z.string() });

export const UPCOMING_KINDS = ['renewal', 'certificate', 'assessment', 'finding'] as const;

/** Net spend over the dashboard's months for the groups of one kind, largest first. */
const SpendSeries = z.object({
  rows: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      net: z.number().int(),
      months: z.array(z.number().int()),
      href: z.string(),
    }),
  ),
  /** Groups beyond the rows shown (vendors past the tenth), summed; null when none. */
  others: z
    .object({ count: z.number().int(), net: z.number().int(), months: z.array(z.number().int()) })
    .nullable(),
});

export const Dashboard = z
  .object({
    /** Today in the organisation's time zone. */
    today: z.string(),
    vendors: z.object({
      total: z.number().int(),
      byStatus: z.array(Count),
      /** Risk tier from the data-sharing register (1 highest); `key` is the tier as text. */
      byTier: z.array(Count),
      byCountry: z.array(Count),
    }),
    sla: z.object({
      /** Closed client months counted, oldest first (the last three calendar months). */
      months: z.array(z.string()),
      kpisEvaluated: z.number().int(),
      kpisMet: z.number().int(),
      /** kpisMet / kpisEvaluated, or null without data. */
      attainment: z.number().nullable(),
      /** Engagement-months with a KPI missed. */
      breachedPeriods: z.number().int(),
      href: z.string(),
    }),
    risks: Heatmap.extend({ href: z.string() }),
    /** Outsourced spend by month, the last twelve months to the current one, in the organisation's currency. */
    spend: z.object({
      currency: z.string(),
      months: z.array(
        z.object({ month: z.string(), budget: z.number().int(), net: z.number().int(), href: z.string() }),
      ),
      /**
       * The same months' net spend per function, country and vendor (the ten largest vendors, the
       * rest summed in `others`): `months` holds one figure per month of `spend.months`, in order.
       */
      over: z.object({
        function: SpendSeries,
        country: SpendSeries,
        vendor: SpendSeries,
      }),
      /** Why the figures are missing (an exchange rate not entered), or null. */
      missingRates: z.string().nullable(),
      href: z.string(),
    }),
    /** Savings planned vs realised to date, over the engagements linked to a business-case option. */
    savings: z.object({
      engagements: z.array(
        z.object({
          engagementId: z.string(),
          title: z.string(),
          businessCaseName: z.string(),
          /** The business case's currency. */
          currency: z.string(),
          plannedToDate: z.number().int(),
          realised: z.number().int(),
          variance: z.number().int(),
          href: z.string(),
        }),
      ),
      /** Sums per currency (cases may report in different currencies). */
      totals: z.array(
        z.object({
          currency: z.string(),
          plannedToDate: z.number().int(),
          realised: z.number().int(),
          variance: z.number().int(),
        }),
      ),
      /** Engagements left out, with the reason (a missing exchange rate). */
      notes: z.array(z.string()),
      href: z.string(),
    }),
    /** Due in the next 60 days or overdue, soonest first. */
    upcoming: z.array(
      z.object({
        kind: z.enum(UPCOMING_KINDS),
        date: z.string(),
        overdue: z.boolean(),
        title: z.string(),
        vendorId: z.string(),
        vendorName: z.string().nullable(),
        href: z.string(),
      }),
    ),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof Dashboard>;

/** How far ahead the upcoming list looks. */
export const UPCOMING_DAYS = 60;

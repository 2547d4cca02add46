/**
 * The portfolio dashboard: vendors by status, tier and country, SLA attainment, the risk heat map
 * and the upcoming items, each figure with a link (`href`, a path of the web app) to its records.
 */
import { z } from 'zod';
import { Heatmap } from './risks';

const Count = z.object({ key: z.string(), count: z.number().int(), href: z.string() });

export const UPCOMING_KINDS = ['renewal', 'certificate', 'assessment', 'finding'] as const;

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

/**
 * Risks: the register (risks entered by hand and automatic signals), its 5×5 heat map, the
 * signals' refresh and the settings the signals read.
 */
import { z } from 'zod';
import { Instant, idOf, ListQuery } from './common';
import { DateOnly } from './engagements';

export const RISK_CATEGORIES = [
  'operational',
  'financial',
  'security_privacy',
  'compliance_legal',
  'geopolitical',
  'concentration',
  'reputational',
  'exit_lock_in',
] as const;
export const RiskCategory = z.enum(RISK_CATEGORIES);
export type RiskCategory = z.infer<typeof RiskCategory>;

/** Human names of the categories, for messages and the interface. */
export const CATEGORY_LABELS: Record<RiskCategory, string> = {
  operational: 'Operational',
  financial: 'Financial',
  security_privacy: 'Security & privacy',
  compliance_legal: 'Compliance & legal',
  geopolitical: 'Geopolitical',
  concentration: 'Concentration',
  reputational: 'Reputational',
  exit_lock_in: 'Exit / lock-in',
};

export const RISK_STATUSES = ['open', 'mitigating', 'accepted', 'closed'] as const;
export const RiskStatus = z.enum(RISK_STATUSES);
export type RiskStatus = z.infer<typeof RiskStatus>;

export const RISK_KINDS = ['manual', 'signal'] as const;
export const RiskKind = z.enum(RISK_KINDS);
export type RiskKind = z.infer<typeof RiskKind>;

/** 1 (rare / minor) to 5 (almost certain / severe). */
export const Rating = z
  .number({ message: 'must be a whole number from 1 to 5' })
  .int({ message: 'must be a whole number from 1 to 5' })
  .min(1, { message: 'must be from 1 to 5' })
  .max(5, { message: 'must be from 1 to 5' });

/** A control or mitigation, with who does it and by when. */
export const Control = z.strictObject({
  description: z.string().trim().min(1, { message: 'is required' }).max(1000),
  ownerId: z.string().max(64).nullable().optional(),
  dueOn: DateOnly.nullable().optional(),
  done: z.boolean().default(false),
});
export type Control = z.infer<typeof Control>;

export const ControlOut = z.object({
  description: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  dueOn: z.string().nullable(),
  done: z.boolean(),
  /** Not done and past its due date (organisation's time zone). */
  overdue: z.boolean(),
});

/** A risk of the register; `inherentScore` = likelihood × impact, `residualScore` likewise after controls. */
export const Risk = z
  .object({
    id: idOf('rsk'),
    kind: RiskKind,
    /** A signal's stable key, such as `cert_expiry:crt_…`; null for a risk entered by hand. */
    signalKey: z.string().nullable(),
    /** The signal source that raised it (`certificate_expiry`, `sla_breach_streak`, …). */
    signalSource: z.string().nullable(),
    /** Null only for a portfolio-wide signal (one country's share of outsourced spend). */
    vendorId: z.string().nullable(),
    vendorName: z.string().nullable(),
    engagementId: z.string().nullable(),
    engagementTitle: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    category: RiskCategory,
    likelihood: z.number().int(),
    impact: z.number().int(),
    inherentScore: z.number().int(),
    residualLikelihood: z.number().int(),
    residualImpact: z.number().int(),
    residualScore: z.number().int(),
    ownerId: z.string().nullable(),
    ownerName: z.string().nullable(),
    controls: z.array(ControlOut),
    status: RiskStatus,
    /** Where the status may go from here, for the caller. */
    allowedTransitions: z.array(RiskStatus),
    acceptance: z
      .object({
        approverId: z.string(),
        approverName: z.string().nullable(),
        acceptedAt: Instant,
        expiresOn: z.string(),
        reason: z.string().nullable(),
      })
      .nullable(),
    reviewOn: z.string().nullable(),
    /** Review date passed (organisation's time zone) and the risk is not closed. */
    reviewOverdue: z.boolean(),
    /** What the signal last saw (facts behind it); null for a risk entered by hand. */
    signalData: z.record(z.string(), z.unknown()).nullable(),
    lastSeenAt: Instant.nullable(),
    closedAt: Instant.nullable(),
    createdBy: z.string(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Risk' });
export type Risk = z.infer<typeof Risk>;

const Description = z.string().trim().max(5000).nullable().optional();

/** Enter a risk by hand; it opens `open`, with the residual rating equal to the inherent one unless given. */
export const RiskBody = z
  .strictObject({
    vendorId: idOf('vnd'),
    engagementId: idOf('eng').nullable().optional(),
    title: z.string().trim().min(1, { message: 'is required' }).max(200),
    description: Description,
    category: RiskCategory,
    likelihood: Rating,
    impact: Rating,
    ownerId: z.string().max(64).nullable().optional(),
    controls: z.array(Control).max(50).default([]),
    residualLikelihood: Rating.optional(),
    residualImpact: Rating.optional(),
    reviewOn: DateOnly.nullable().optional(),
  })
  .meta({ id: 'RiskBody' });
export type RiskBody = z.infer<typeof RiskBody>;

/** Accept a risk: the approver is the owner or administrator who sends it; an expiry is required. */
export const Acceptance = z.strictObject({
  expiresOn: DateOnly,
  reason: z.string().trim().max(2000).nullable().optional(),
});

/**
 * Change a risk. `status` moves along the allowed transitions only (409 otherwise, naming them);
 * `accepted` needs `acceptance`. A signal's title, category, ratings, vendor and engagement
 * belong to its source and are not changed here.
 */
export const RiskPatch = z
  .strictObject({
    engagementId: idOf('eng').nullable().optional(),
    title: z.string().trim().min(1, { message: 'is required' }).max(200).optional(),
    description: Description,
    category: RiskCategory.optional(),
    likelihood: Rating.optional(),
    impact: Rating.optional(),
    ownerId: z.string().max(64).nullable().optional(),
    controls: z.array(Control).max(50).optional(),
    residualLikelihood: Rating.optional(),
    residualImpact: Rating.optional(),
    reviewOn: DateOnly.nullable().optional(),
    status: RiskStatus.optional(),
    acceptance: Acceptance.optional(),
  })
  .meta({ id: 'RiskPatch' });
export type RiskPatch = z.infer<typeof RiskPatch>;

const Score = z.coerce.number().int().min(1).max(5);

/** Filters shared by the list and the heat map. Closed risks are left out unless `status=closed` or `includeClosed=true`. */
export const RiskFilters = z.object({
  kind: RiskKind.optional(),
  vendorId: z.string().max(64).optional(),
  engagementId: z.string().max(64).optional(),
  category: RiskCategory.optional(),
  ownerId: z.string().max(64).optional(),
  status: RiskStatus.optional(),
  includeClosed: z.enum(['true', 'false']).optional(),
});
export type RiskFilters = z.infer<typeof RiskFilters>;

export const RISK_SORTS = ['-createdAt', '-inherentScore', '-residualScore'] as const;

/** The register, page by page; `likelihood`+`impact` (or the residual pair) pick one heat map cell. */
export const RiskListQuery = ListQuery.extend({
  ...RiskFilters.shape,
  likelihood: Score.optional(),
  impact: Score.optional(),
  residualLikelihood: Score.optional(),
  residualImpact: Score.optional(),
  sort: z.enum(RISK_SORTS).default('-createdAt'),
});
export type RiskListQuery = z.infer<typeof RiskListQuery>;

/** Counts per cell: `cells[likelihood - 1][impact - 1]`. */
const Grid = z.array(z.array(z.number().int()));
export const Heatmap = z
  .object({
    inherent: Grid,
    residual: Grid,
    total: z.number().int(),
  })
  .meta({ id: 'RiskHeatmap' });
export type Heatmap = z.infer<typeof Heatmap>;

export const SignalRefreshResult = z.object({
  opened: z.number().int(),
  updated: z.number().int(),
  closed: z.number().int(),
  /** Accepted risks whose acceptance ran out and that are open again. */
  reopened: z.number().int(),
  /** Sources that answered, and those that failed (their signals are left as they were). */
  sources: z.array(
    z.object({ name: z.string(), conditions: z.number().int(), error: z.string().nullable() }),
  ),
});
export type SignalRefreshResult = z.infer<typeof SignalRefreshResult>;

const Share = z.number().gt(0, { message: 'must be above 0' }).max(1, { message: 'must be at most 1' });
/** Thresholds of the concentration signals, as shares of outsourced spend (0–1). */
export const RiskSettings = z
  .strictObject({
    vendorConcentrationShare: Share,
    countryConcentrationShare: Share,
  })
  .meta({ id: 'RiskSettings' });
export type RiskSettings = z.infer<typeof RiskSettings>;
export const DEFAULT_RISK_SETTINGS: RiskSettings = {
  vendorConcentrationShare: 0.3,
  countryConcentrationShare: 0.5,
};

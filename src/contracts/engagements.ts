/**
 * Engagements: one outsourced service delivered by one vendor under one statement of work (SOW),
 * the SOW's versions, change requests and the scope linter.
 */
import { z } from 'zod';
import { Currency, Instant, idOf, ListQuery, TimeZone } from './common';
import { ICT_SERVICE_TYPE_CODES } from './dora-values';

export const FUNCTIONS = ['customer_service', 'accounting', 'payroll', 'marketing', 'it', 'other'] as const;
export const BusinessFunction = z.enum(FUNCTIONS);
export const DELIVERY_MODELS = ['onshore', 'nearshore', 'offshore'] as const;
export const DeliveryModel = z.enum(DELIVERY_MODELS);
export type DeliveryModel = z.infer<typeof DeliveryModel>;
export const ENGAGEMENT_STATUSES = ['draft', 'active', 'on_hold', 'completed', 'terminated'] as const;
export const EngagementStatus = z.enum(ENGAGEMENT_STATUSES);
export type EngagementStatus = z.infer<typeof EngagementStatus>;

/** A calendar date, YYYY-MM-DD, read in the engagement's time zone. */

/** A type of ICT services, S01–S19 (Annex III of Regulation (EU) 2024/2956). */
export const IctServiceType = z.enum(ICT_SERVICE_TYPE_CODES);
export const DateOnly = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });
const Minor = z
  .number()
  .int({ message: 'must be a whole number of minor units' })
  .min(0)
  .max(Number.MAX_SAFE_INTEGER);

export const Engagement = z
  .object({
    id: idOf('eng'),
    vendorId: idOf('vnd'),
    vendorName: z.string(),
    title: z.string(),
    function: BusinessFunction,
    /** The model in force: the override when set, else the one derived from the two countries. */
    deliveryModel: DeliveryModel,
    derivedDeliveryModel: DeliveryModel,
    deliveryModelOverridden: z.boolean(),
    startDate: DateOnly,
    endDate: DateOnly.nullable(),
    timezone: z.string(),
    currency: z.string(),
    monthlyFee: z.number().int(),
    budget: z.number().int(),
    renewalDate: DateOnly.nullable(),
    noticePeriodDays: z.number().int(),
    /** Last day to give notice before the renewal (renewalDate − noticePeriodDays). */
    noticeDeadline: DateOnly.nullable(),
    /** True from the notice deadline until the renewal date: decide now. */
    inNoticePeriod: z.boolean(),
    status: EngagementStatus,
    allowedTransitions: z.array(EngagementStatus),
    ownerId: z.string().nullable(),
    /** The approved SOW version in force, if any. */
    baselineVersion: z.number().int().nullable(),
    /** DORA register (B_02.02 c0060): the type of ICT services, Annex III of Regulation (EU) 2024/2956. */
    ictServiceType: IctServiceType.nullable(),
    /** DORA register: whether the engagement supports a critical or important function; null when not stated. */
    supportsCriticalFunction: z.boolean().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Engagement' });
export type Engagement = z.infer<typeof Engagement>;

/**
 * What a vendor user sees of its own engagements: the contract's terms, without the client's
 * budget, owner, status workflow or delivery-model classification (an allow-list, so a field added
 * to `Engagement` later stays internal).
 */
export const VendorFacingEngagement = Engagement.pick({
  id: true,
  vendorId: true,
  vendorName: true,
  title: true,
  function: true,
  deliveryModel: true,
  startDate: true,
  endDate: true,
  timezone: true,
  currency: true,
  monthlyFee: true,
  renewalDate: true,
  noticePeriodDays: true,
  noticeDeadline: true,
  status: true,
  baselineVersion: true,
  createdAt: true,
  updatedAt: true,
}).meta({ id: 'VendorFacingEngagement' });
export type VendorFacingEngagement = z.infer<typeof VendorFacingEngagement>;

const engagementFields = {
  vendorId: idOf('vnd'),
  title: z.string().trim().min(1, { message: 'is required' }).max(300),
  function: BusinessFunction,
  deliveryModel: DeliveryModel.nullable().optional(),
  startDate: DateOnly,
  endDate: DateOnly.nullable().optional(),
  timezone: TimeZone.optional(),
  currency: Currency.optional(),
  monthlyFee: Minor.optional(),
  budget: Minor.optional(),
  renewalDate: DateOnly.nullable().optional(),
  noticePeriodDays: z.number().int().min(0).max(3650).optional(),
  ownerId: idOf('usr').nullable().optional(),
  ictServiceType: IctServiceType.nullable().optional(),
  supportsCriticalFunction: z.boolean().nullable().optional(),
};

const datesInOrder = (b: { startDate?: string; endDate?: string | null }) =>
  !b.startDate || !b.endDate || b.startDate <= b.endDate;

/** Open an engagement; it starts as a draft. Time zone defaults to the vendor's, currency to the organisation's. */
export const CreateEngagementBody = z
  .strictObject(engagementFields)
  .refine(datesInOrder, { message: 'must not be before the start date', path: ['endDate'] });
export type CreateEngagementBody = z.infer<typeof CreateEngagementBody>;

export const UpdateEngagementBody = z
  .strictObject({
    ...engagementFields,
    vendorId: idOf('vnd').optional(),
    title: engagementFields.title.optional(),
    function: BusinessFunction.optional(),
    startDate: DateOnly.optional(),
    status: EngagementStatus.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] })
  .refine(datesInOrder, { message: 'must not be before the start date', path: ['endDate'] });
export type UpdateEngagementBody = z.infer<typeof UpdateEngagementBody>;

export const ENGAGEMENT_SORTS = [
  'title',
  '-title',
  'startDate',
  '-startDate',
  'renewalDate',
  '-renewalDate',
  'createdAt',
  '-createdAt',
] as const;
export const EngagementListQuery = ListQuery.extend({
  vendorId: z.string().max(64).optional(),
  status: EngagementStatus.optional(),
  function: BusinessFunction.optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(ENGAGEMENT_SORTS).default('title'),
});
export type EngagementListQuery = z.infer<typeof EngagementListQuery>;

// The statement of work

const Line = z.string().trim().min(1, { message: 'must not be empty' }).max(2000);
const Lines = z.array(Line).max(200);
const Names = z.array(z.string().trim().min(1).max(120)).max(50);

export const Deliverable = z.strictObject({
  id: idOf('dlv').optional(),
  title: z.string().trim().min(1, { message: 'is required' }).max(300),
  description: z.string().max(5000).default(''),
  acceptanceCriteria: Lines.default([]),
  dueDate: DateOnly.nullable().default(null),
});

export const Milestone = z.strictObject({
  id: idOf('mst').optional(),
  title: z.string().trim().min(1, { message: 'is required' }).max(300),
  dueDate: DateOnly.nullable().default(null),
  paymentAmount: Minor.nullable().default(null),
});

export const KPI_AGGREGATIONS = ['mean', 'sum', 'min', 'max', 'count', 'percentile', 'ratio'] as const;
export const KPI_PERIODS = ['day', 'week', 'month'] as const;
export const Kpi = z
  .strictObject({
    id: idOf('kpi').optional(),
    name: z.string().trim().min(1, { message: 'is required' }).max(200),
    unit: z.string().trim().max(40).nullable().default(null),
    aggregation: z.enum(KPI_AGGREGATIONS),
    /** The percentile, for the percentile aggregation (e.g. 95). */
    p: z.number().gt(0).lt(100).nullable().default(null),
    direction: z.enum(['at_least', 'at_most']),
    target: z.number().finite().nullable().default(null),
    period: z.enum(KPI_PERIODS).nullable().default(null),
    /** Service credit on a breach, in percent of the monthly fee. */
    creditPct: z.number().min(0).max(100).default(0),
    weight: z.number().min(0).max(100).default(1),
  })
  .refine((k) => k.aggregation !== 'percentile' || k.p !== null, {
    message: 'is required for the percentile aggregation',
    path: ['p'],
  });

export const Raci = z.strictObject({
  activity: z.string().trim().min(1, { message: 'is required' }).max(300),
  responsible: Names.default([]),
  accountable: Names.default([]),
  consulted: Names.default([]),
  informed: Names.default([]),
});

export const CADENCES = ['weekly', 'monthly', 'quarterly'] as const;
export const GovernanceForum = z.strictObject({
  name: z.string().trim().min(1, { message: 'is required' }).max(200),
  cadence: z.enum(CADENCES),
  attendees: Names.default([]),
});

export const REPORTING_CADENCES = ['daily', 'weekly', 'biweekly', 'monthly', 'quarterly'] as const;

/** The SOW document. Drafts may be incomplete; the linter says what is missing. */
export const SowDocument = z.strictObject({
  objectives: Lines.default([]),
  inScope: Lines.default([]),
  outOfScope: Lines.default([]),
  assumptions: Lines.default([]),
  deliverables: z.array(Deliverable).max(200).default([]),
  milestones: z.array(Milestone).max(200).default([]),
  kpis: z.array(Kpi).max(100).default([]),
  creditCapPct: z.number().min(0).max(100).nullable().default(null),
  raci: z.array(Raci).max(200).default([]),
  reportingCadence: z.enum(REPORTING_CADENCES).nullable().default(null),
  governanceForums: z.array(GovernanceForum).max(50).default([]),
});
export type SowDocumentInput = z.input<typeof SowDocument>;
export type SowDocument = z.infer<typeof SowDocument>;

export const SOW_STATUSES = ['draft', 'approved', 'superseded'] as const;
export const Sow = SowDocument.extend({
  engagementId: z.string(),
  version: z.number().int(),
  status: z.enum(SOW_STATUSES),
  approvedAt: Instant.nullable(),
  approvedBy: z.string().nullable(),
  createdAt: Instant,
  updatedAt: Instant,
  deliverables: z.array(Deliverable.extend({ id: z.string() })),
  milestones: z.array(Milestone.extend({ id: z.string() })),
  kpis: z.array(z.object({ ...Kpi.shape, id: z.string() })),
}).meta({ id: 'Sow' });
export type Sow = z.infer<typeof Sow>;

export const SowVersionSummary = z.object({
  version: z.number().int(),
  status: z.enum(SOW_STATUSES),
  approvedAt: Instant.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});
export const SowQuery = z.object({ version: z.coerce.number().int().min(1).optional() });

export const LintFinding = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  /** Where in the document, e.g. `deliverables[2].acceptanceCriteria`. */
  path: z.string(),
  message: z.string(),
  /** What the finding costs the clarity score (a missing section costs its whole weight). */
  points: z.number().int().min(0),
});
export type LintFinding = z.infer<typeof LintFinding>;
export const LintResult = z
  .object({ score: z.number().int().min(0).max(100), findings: z.array(LintFinding) })
  .meta({ id: 'LintResult' });
export type LintResult = z.infer<typeof LintResult>;

export const DiffQuery = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});
export const DiffEntry = z.object({
  section: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  /** The item's id, or the text itself for list-of-text sections. */
  key: z.string(),
  label: z.string(),
  fields: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })).optional(),
});
export type DiffEntry = z.infer<typeof DiffEntry>;
export const SowDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(DiffEntry),
});

export const ExportQuery = z.object({
  format: z.enum(['markdown', 'pdf']).default('markdown'),
  version: z.coerce.number().int().min(1).optional(),
});

// Change requests

export const CHANGE_REQUEST_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export const ChangeRequest = z
  .object({
    id: idOf('chr'),
    engagementId: z.string(),
    title: z.string(),
    reason: z.string(),
    baseVersion: z.number().int(),
    /** A JSON Merge Patch (RFC 7396) of the SOW document. */
    changes: z.record(z.string(), z.unknown()),
    costImpact: z.number().int(),
    scheduleImpactDays: z.number().int(),
    status: z.enum(CHANGE_REQUEST_STATUSES),
    createdBy: z.string().nullable(),
    createdAt: Instant,
    submittedAt: Instant.nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: Instant.nullable(),
    decisionComment: z.string().nullable(),
    /** The SOW version an approval produced. */
    resultVersion: z.number().int().nullable(),
  })
  .meta({ id: 'ChangeRequest' });
export type ChangeRequest = z.infer<typeof ChangeRequest>;

export const CreateChangeRequestBody = z.strictObject({
  title: z.string().trim().min(1, { message: 'is required' }).max(300),
  reason: z.string().trim().max(5000).default(''),
  /** Defaults to the approved version in force. */
  baseVersion: z.number().int().min(1).optional(),
  changes: z
    .record(z.string(), z.unknown())
    .refine((c) => Object.keys(c).length > 0, { message: 'must change something' }),
  costImpact: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).default(0),
  scheduleImpactDays: z.number().int().min(-3650).max(3650).default(0),
  submit: z.boolean().default(false),
});
export const DecisionBody = z.strictObject({ comment: z.string().trim().max(5000).optional() });
export const ChangeRequestListQuery = ListQuery.extend({
  status: z.enum(CHANGE_REQUEST_STATUSES).optional(),
});

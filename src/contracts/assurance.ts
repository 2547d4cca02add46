/**
 * Assurance: vendor staff's access grants to the organisation's systems, access review campaigns,
 * security assessments scheduled from the vendor's risk tier, and the findings they raise.
 */
import { z } from 'zod';
import { Instant, idOf, ListQuery } from './common';
import { DateOnly } from './engagements';

const ShortText = z.string().trim().min(1, { message: 'is required' }).max(200);
const Comment = z.string().trim().min(3, { message: 'must say why, in at least 3 characters' }).max(2000);
const LongText = z.string().trim().max(10_000);

// Access grants

export const ACCESS_LEVELS = ['read', 'write', 'admin'] as const;
export const AccessLevel = z.enum(ACCESS_LEVELS);
export type AccessLevel = z.infer<typeof AccessLevel>;
export const GRANT_STATUSES = ['open', 'revoked'] as const;
export const GrantStatus = z.enum(GRANT_STATUSES);
export type GrantStatus = z.infer<typeof GrantStatus>;

/** A person at the vendor (one of its contacts) with access to one of the organisation's systems. */
export const AccessGrant = z
  .object({
    id: idOf('agr'),
    vendorId: idOf('vnd'),
    engagementId: z.string().nullable(),
    contactId: z.string(),
    /** The contact's current name; null once the contact was removed or erased. */
    personName: z.string().nullable(),
    personEmail: z.string().nullable(),
    system: z.string(),
    accessLevel: AccessLevel,
    grantedBy: z.string(),
    grantedOn: DateOnly,
    expiresOn: DateOnly.nullable(),
    justification: z.string(),
    status: GrantStatus,
    /** Open and past its expiry date in the organisation's time zone: the access should be removed. */
    expired: z.boolean(),
    revokedAt: Instant.nullable(),
    revokedBy: z.string().nullable(),
    revokedByName: z.string().nullable(),
    revokeReason: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'AccessGrant' });
export type AccessGrant = z.infer<typeof AccessGrant>;

const adminNeedsExpiry = (b: { accessLevel?: AccessLevel; expiresOn?: string | null }) =>
  b.accessLevel !== 'admin' || !!b.expiresOn;
const EXPIRY_REQUIRED = { message: 'is required for admin access', path: ['expiresOn'] };

/** Record a grant; `expiresOn` is required for admin access (422 naming expiresOn). */
export const AccessGrantBody = z
  .strictObject({
    vendorId: idOf('vnd'),
    engagementId: idOf('eng').nullable().optional(),
    contactId: idOf('vct'),
    system: ShortText,
    accessLevel: AccessLevel,
    /** Who at the organisation granted it; defaults to the signed-in user's name. */
    grantedBy: ShortText.optional(),
    grantedOn: DateOnly,
    expiresOn: DateOnly.nullable().optional(),
    justification: z.string().trim().min(3, { message: 'must say why, in at least 3 characters' }).max(2000),
  })
  .refine(adminNeedsExpiry, EXPIRY_REQUIRED)
  .refine((b) => !b.expiresOn || b.expiresOn >= b.grantedOn, {
    message: 'must not be before grantedOn',
    path: ['expiresOn'],
  });
export type AccessGrantBody = z.infer<typeof AccessGrantBody>;

export const AccessGrantPatch = z
  .strictObject({
    system: ShortText.optional(),
    accessLevel: AccessLevel.optional(),
    expiresOn: DateOnly.nullable().optional(),
    justification: z
      .string()
      .trim()
      .min(3, { message: 'must say why, in at least 3 characters' })
      .max(2000)
      .optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] });
export type AccessGrantPatch = z.infer<typeof AccessGrantPatch>;

export const RevokeBody = z.strictObject({ reason: Comment });

export const AccessGrantListQuery = ListQuery.extend({
  vendorId: z.string().max(64).optional(),
  engagementId: z.string().max(64).optional(),
  contactId: z.string().max(64).optional(),
  status: GrantStatus.optional(),
  accessLevel: AccessLevel.optional(),
  expired: z.enum(['true', 'false']).optional(),
});
export type AccessGrantListQuery = z.infer<typeof AccessGrantListQuery>;

// Access reviews

export const REVIEW_SCOPES = ['all', 'vendor', 'engagement'] as const;
export const ReviewScope = z.enum(REVIEW_SCOPES);
export type ReviewScope = z.infer<typeof ReviewScope>;
export const REVIEW_STATUSES = ['open', 'completed'] as const;
export const ReviewStatus = z.enum(REVIEW_STATUSES);
export type ReviewStatus = z.infer<typeof ReviewStatus>;
export const DECISIONS = ['keep', 'revoke'] as const;
export const Decision = z.enum(DECISIONS);
export type Decision = z.infer<typeof Decision>;

/** One grant as the campaign snapshotted it, with the reviewer's decision once made. */
export const ReviewItem = z
  .object({
    grantId: idOf('agr'),
    vendorId: idOf('vnd'),
    engagementId: z.string().nullable(),
    personName: z.string().nullable(),
    system: z.string(),
    accessLevel: AccessLevel,
    grantedOn: DateOnly,
    expiresOn: DateOnly.nullable(),
    /** The grant's status now (it may have been revoked outside the campaign). */
    grantStatus: GrantStatus,
    decision: Decision.nullable(),
    comment: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: Instant.nullable(),
  })
  .meta({ id: 'AccessReviewItem' });
export type ReviewItem = z.infer<typeof ReviewItem>;

export const AccessReview = z
  .object({
    id: idOf('arv'),
    scope: ReviewScope,
    vendorId: z.string().nullable(),
    engagementId: z.string().nullable(),
    reviewerId: z.string(),
    reviewerName: z.string().nullable(),
    dueOn: DateOnly,
    status: ReviewStatus,
    /** Open and past its due date in the organisation's time zone. */
    overdue: z.boolean(),
    /** `manual`, or `scheduled` when the recurring job opened it from the vendor's tier. */
    origin: z.enum(['manual', 'scheduled']),
    total: z.number().int(),
    decided: z.number().int(),
    completedAt: Instant.nullable(),
    createdAt: Instant,
    items: z.array(ReviewItem).optional(),
  })
  .meta({ id: 'AccessReview' });
export type AccessReview = z.infer<typeof AccessReview>;

/** Open a campaign over the open grants of the scope; `vendorId` or `engagementId` as the scope needs. */
export const AccessReviewBody = z
  .strictObject({
    scope: ReviewScope,
    vendorId: idOf('vnd').optional(),
    engagementId: idOf('eng').optional(),
    reviewerId: idOf('usr'),
    dueOn: DateOnly,
  })
  .refine((b) => b.scope !== 'vendor' || !!b.vendorId, {
    message: 'is required when the scope is vendor',
    path: ['vendorId'],
  })
  .refine((b) => b.scope !== 'engagement' || !!b.engagementId, {
    message: 'is required when the scope is engagement',
    path: ['engagementId'],
  });
export type AccessReviewBody = z.infer<typeof AccessReviewBody>;

/** The reviewer's decision on one grant; a comment is always required (it is the review's evidence). */
export const DecisionBody = z.strictObject({ grantId: idOf('agr'), decision: Decision, comment: Comment });
export type DecisionBody = z.infer<typeof DecisionBody>;

export const AccessReviewListQuery = ListQuery.extend({
  status: ReviewStatus.optional(),
  vendorId: z.string().max(64).optional(),
  engagementId: z.string().max(64).optional(),
  reviewerId: z.string().max(64).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type AccessReviewListQuery = z.infer<typeof AccessReviewListQuery>;

// Security assessments

export const ASSESSMENT_TYPES = [
  'questionnaire',
  'document_review',
  'onsite_audit',
  'pentest_review',
  'certification_check',
] as const;
export const AssessmentType = z.enum(ASSESSMENT_TYPES);
export type AssessmentType = z.infer<typeof AssessmentType>;
export const ASSESSMENT_STATUSES = ['scheduled', 'in_progress', 'completed'] as const;
export const AssessmentStatus = z.enum(ASSESSMENT_STATUSES);
export type AssessmentStatus = z.infer<typeof AssessmentStatus>;
export const ASSESSMENT_RESULTS = ['satisfactory', 'needs_improvement', 'unsatisfactory'] as const;
export const AssessmentResult = z.enum(ASSESSMENT_RESULTS);
export type AssessmentResult = z.infer<typeof AssessmentResult>;

export const ASSESSMENT_TYPE_LABELS: Record<AssessmentType, string> = {
  questionnaire: 'Security questionnaire',
  document_review: 'Document review',
  onsite_audit: 'On-site audit',
  pentest_review: 'Penetration-test report review',
  certification_check: 'Certification check',
};

export const SecurityAssessment = z
  .object({
    id: idOf('sas'),
    vendorId: idOf('vnd'),
    engagementId: z.string().nullable(),
    type: AssessmentType,
    ownerId: z.string(),
    ownerName: z.string().nullable(),
    dueOn: DateOnly,
    status: AssessmentStatus,
    overdue: z.boolean(),
    result: AssessmentResult.nullable(),
    summary: z.string().nullable(),
    startedAt: Instant.nullable(),
    completedOn: DateOnly.nullable(),
    openFindings: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'SecurityAssessment' });
export type SecurityAssessment = z.infer<typeof SecurityAssessment>;

/** Schedule an assessment; without `dueOn` it is due on the vendor's next due date from its tier. */
export const AssessmentBody = z.strictObject({
  vendorId: idOf('vnd'),
  engagementId: idOf('eng').nullable().optional(),
  type: AssessmentType,
  ownerId: idOf('usr'),
  dueOn: DateOnly.optional(),
});
export type AssessmentBody = z.infer<typeof AssessmentBody>;

export const AssessmentPatch = z
  .strictObject({
    ownerId: idOf('usr').optional(),
    dueOn: DateOnly.optional(),
    summary: LongText.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] });
export type AssessmentPatch = z.infer<typeof AssessmentPatch>;

export const CompleteAssessmentBody = z.strictObject({
  result: AssessmentResult,
  summary: z.string().trim().min(3, { message: 'is required' }).max(10_000),
  /** The day the work finished; defaults to today. Next due counts from it. */
  completedOn: DateOnly.optional(),
});
export type CompleteAssessmentBody = z.infer<typeof CompleteAssessmentBody>;

/** Schedule every assessment type the vendor's tier calls for that is not already scheduled. */
export const ScheduleBody = z.strictObject({ vendorId: idOf('vnd'), ownerId: idOf('usr') });
export type ScheduleBody = z.infer<typeof ScheduleBody>;

/** Where a vendor stands: its tier, the interval, the last completed assessment and the next due date. */
export const AssessmentSchedule = z
  .object({
    vendorId: idOf('vnd'),
    /** null while the tier is not known (no data-sharing register): the default interval applies. */
    tier: z.number().int().min(1).max(4).nullable(),
    reassessmentMonths: z.number().int(),
    /** How the interval was found, in words (e.g. "tier 2" or "tier unknown: default 12 months"). */
    basis: z.string(),
    types: z.array(AssessmentType),
    lastCompletedOn: DateOnly.nullable(),
    nextDueOn: DateOnly,
    overdue: z.boolean(),
  })
  .meta({ id: 'AssessmentSchedule' });
export type AssessmentSchedule = z.infer<typeof AssessmentSchedule>;

export const AssessmentListQuery = ListQuery.extend({
  vendorId: z.string().max(64).optional(),
  engagementId: z.string().max(64).optional(),
  status: AssessmentStatus.optional(),
  type: AssessmentType.optional(),
});
export type AssessmentListQuery = z.infer<typeof AssessmentListQuery>;

// Findings

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;
export const FINDING_STATUSES = ['open', 'in_progress', 'resolved', 'risk_accepted'] as const;
export const FindingStatus = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof FindingStatus>;

export const Evidence = z.object({
  text: z.string().nullable(),
  fileId: z.string().nullable(),
  by: z.string().nullable(),
  byName: z.string().nullable(),
  at: Instant,
});

export const FindingComment = z
  .object({
    id: z.string(),
    authorName: z.string(),
    /** `vendor` when written by the vendor's own staff in the portal. */
    side: z.enum(['internal', 'vendor']),
    body: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'FindingComment' });
export type FindingComment = z.infer<typeof FindingComment>;

export const Finding = z
  .object({
    id: idOf('fnd'),
    vendorId: idOf('vnd'),
    assessmentId: z.string().nullable(),
    assessmentType: AssessmentType.nullable(),
    engagementId: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    severity: Severity,
    /** The day the finding was raised (organisation's time zone); the deadline counts from it. */
    raisedOn: DateOnly,
    /** Remediation due date: raisedOn + the severity's deadline, unless changed by hand. */
    dueOn: DateOnly,
    status: FindingStatus,
    /** Not resolved nor accepted, and past its due date. */
    overdue: z.boolean(),
    /** The vendor's proposed resolution, waiting for an internal user to confirm it. */
    proposedResolution: Evidence.nullable(),
    resolution: Evidence.nullable(),
    acceptance: z
      .object({
        approverId: z.string(),
        approverName: z.string().nullable(),
        reason: z.string(),
        acceptedAt: Instant,
        expiresOn: DateOnly,
        /** The acceptance ran out: the finding is reopened by the scheduler (or is about to be). */
        expired: z.boolean(),
      })
      .nullable(),
    comments: z.array(FindingComment).optional(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Finding' });
export type Finding = z.infer<typeof Finding>;

/**
 * What a vendor user sees of its own findings: the finding, the remediation and the comments;
 * of a risk acceptance only that it holds and until when (the approver and the reason are the
 * client's), and not the internal security assessment it came from.
 */
export const VendorFacingFinding = Finding.pick({
  id: true,
  vendorId: true,
  assessmentType: true,
  engagementId: true,
  title: true,
  description: true,
  severity: true,
  raisedOn: true,
  dueOn: true,
  status: true,
  overdue: true,
  proposedResolution: true,
  resolution: true,
  comments: true,
  createdAt: true,
  updatedAt: true,
})
  .extend({
    acceptance: z.object({ acceptedAt: Instant, expiresOn: DateOnly, expired: z.boolean() }).nullable(),
  })
  .meta({ id: 'VendorFacingFinding' });
export type VendorFacingFinding = z.infer<typeof VendorFacingFinding>;

/** Raise a finding about an assessment (its vendor is taken from it) or directly about a vendor. */
export const FindingBody = z
  .strictObject({
    assessmentId: idOf('sas').optional(),
    vendorId: idOf('vnd').optional(),
    title: ShortText,
    description: LongText.nullable().optional(),
    severity: Severity,
    /** Overrides the deadline from the severity. */
    dueOn: DateOnly.optional(),
  })
  .refine((b) => !!b.assessmentId || !!b.vendorId, {
    message: 'is required when there is no assessmentId',
    path: ['vendorId'],
  });
export type FindingBody = z.infer<typeof FindingBody>;

export const FindingPatch = z
  .strictObject({
    title: ShortText.optional(),
    description: LongText.nullable().optional(),
    severity: Severity.optional(),
    dueOn: DateOnly.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] });
export type FindingPatch = z.infer<typeof FindingPatch>;

/** Evidence of remediation: text, a file id, or both; at least one (422 naming evidence). */
export const ResolveBody = z.strictObject({
  evidence: z.string().trim().max(10_000).optional(),
  evidenceFileId: idOf('fil').optional(),
});
export type ResolveBody = z.infer<typeof ResolveBody>;

export const AcceptRiskBody = z.strictObject({ reason: Comment, expiresOn: DateOnly });
export type AcceptRiskBody = z.infer<typeof AcceptRiskBody>;
export const ReopenBody = z.strictObject({ comment: Comment });
export const CommentBody = z.strictObject({
  body: z.string().trim().min(1, { message: 'is required' }).max(5000),
});

export const FindingListQuery = ListQuery.extend({
  vendorId: z.string().max(64).optional(),
  assessmentId: z.string().max(64).optional(),
  status: FindingStatus.optional(),
  severity: Severity.optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type FindingListQuery = z.infer<typeof FindingListQuery>;

// Settings

const Days = z.number().int().min(1).max(3650);
/** Admin-configurable numbers of assurance; defaults below. */
export const AssuranceSettings = z
  .strictObject({
    /** Remediation deadline per severity, in days from the day the finding was raised. */
    findingDeadlineDays: z.strictObject({ critical: Days, high: Days, medium: Days, low: Days }),
    /** Days between access review campaigns per risk tier; `unknown` while the tier is not known. */
    reviewIntervalDays: z.strictObject({ '1': Days, '2': Days, '3': Days, '4': Days, unknown: Days }),
    /** Days a scheduled campaign gives its reviewer. */
    reviewDueDays: Days,
    /** Which assessments each tier calls for. */
    assessmentTypes: z.strictObject({
      '1': z.array(AssessmentType).min(1),
      '2': z.array(AssessmentType).min(1),
      '3': z.array(AssessmentType).min(1),
      '4': z.array(AssessmentType).min(1),
      unknown: z.array(AssessmentType).min(1),
    }),
  })
  .meta({ id: 'AssuranceSettings' });
export type AssuranceSettings = z.infer<typeof AssuranceSettings>;

export const DEFAULT_ASSURANCE_SETTINGS: AssuranceSettings = {
  findingDeadlineDays: { critical: 30, high: 60, medium: 90, low: 180 },
  reviewIntervalDays: { '1': 90, '2': 180, '3': 365, '4': 365, unknown: 180 },
  reviewDueDays: 14,
  assessmentTypes: {
    '1': ['questionnaire', 'document_review', 'onsite_audit', 'pentest_review', 'certification_check'],
    '2': ['questionnaire', 'document_review', 'pentest_review', 'certification_check'],
    '3': ['questionnaire', 'certification_check'],
    '4': ['questionnaire'],
    unknown: ['questionnaire', 'certification_check'],
  },
};

/**
 * Deliverable acceptance and two-way scorecards: the review side of quality (measurements and
 * the SLA engine live in quality.ts). No I/O.
 */
import { z } from 'zod';
import { Instant, idOf } from './common';

// Deliverable acceptance

export const DELIVERABLE_STATUSES = ['not_submitted', 'submitted', 'accepted', 'rejected'] as const;
export const DeliverableStatus = z.enum(DELIVERABLE_STATUSES);
export type DeliverableStatus = z.infer<typeof DeliverableStatus>;
export const REVIEW_DECISIONS = ['accepted', 'rejected'] as const;

/** A file handed in with a submission (the file itself is at `GET /files/{id}`). */
export const SubmittedFile = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
});

/** The reviewer's verdict on one acceptance criterion of the SOW. */
export const CriterionVerdict = z.object({
  index: z.number().int(),
  criterion: z.string(),
  passed: z.boolean(),
  comment: z.string(),
});

export const DeliverableReview = z.object({
  id: idOf('drv'),
  decision: z.enum(REVIEW_DECISIONS),
  comment: z.string(),
  criteria: z.array(CriterionVerdict),
  reviewerId: z.string(),
  reviewerName: z.string(),
  reviewedAt: Instant,
});

/** One hand-in of a deliverable; a rejection lets the vendor hand in the next cycle. */
export const Submission = z
  .object({
    id: idOf('dsb'),
    engagementId: z.string(),
    deliverableId: z.string(),
    cycle: z.number().int(),
    note: z.string(),
    files: z.array(SubmittedFile),
    submittedBy: z.string(),
    submittedByName: z.string(),
    submittedAt: Instant,
    /** Handed in by the end of the due date in the engagement's time zone; null without a due date. */
    onTime: z.boolean().nullable(),
    status: z.enum(['submitted', 'accepted', 'rejected']),
    review: DeliverableReview.nullable(),
  })
  .meta({ id: 'DeliverableSubmission' });
export type Submission = z.infer<typeof Submission>;

/** A deliverable of the approved SOW with where its acceptance stands. */
export const DeliverableState = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    acceptanceCriteria: z.array(z.string()),
    dueDate: z.string().nullable(),
    /** The instant the due date ends in the engagement's time zone. */
    dueAt: Instant.nullable(),
    status: DeliverableStatus,
    /** How many times it was handed in. */
    cycles: z.number().int(),
    /**
     * Delivered on time: the accepted hand-in arrived by the end of the due date. False once
     * the due date has passed without an accepted hand-in; null while that is still open or
     * when there is no due date.
     */
    onTime: z.boolean().nullable(),
    acceptedAt: Instant.nullable(),
    submissions: z.array(Submission),
  })
  .meta({ id: 'DeliverableState' });
export type DeliverableState = z.infer<typeof DeliverableState>;

export const DeliverableList = z.object({
  engagementId: z.string(),
  timezone: z.string(),
  /** The approved SOW version the deliverables come from; null while none is approved. */
  sowVersion: z.number().int().nullable(),
  items: z.array(DeliverableState),
});
export type DeliverableList = z.infer<typeof DeliverableList>;

export const SubmitDeliverableBody = z.strictObject({
  note: z.string().trim().max(5000).default(''),
  fileIds: z
    .array(idOf('fil'))
    .max(20)
    .default([])
    .refine((ids) => new Set(ids).size === ids.length, { message: 'must not repeat a file' }),
});
export type SubmitDeliverableBody = z.infer<typeof SubmitDeliverableBody>;

export const ReviewDeliverableBody = z.strictObject({
  /** One verdict per acceptance criterion of the deliverable, by its 0-based index. */
  criteria: z
    .array(
      z.strictObject({
        index: z.number().int().min(0),
        passed: z.boolean(),
        comment: z.string().trim().max(2000).default(''),
      }),
    )
    .max(200)
    .default([]),
  decision: z.enum(REVIEW_DECISIONS),
  comment: z.string().trim().max(5000).default(''),
});
export type ReviewDeliverableBody = z.infer<typeof ReviewDeliverableBody>;

/** Delivery figures of one engagement; a rate is null until something can be counted. */
export const DeliverableStats = z
  .object({
    deliverables: z.number().int(),
    accepted: z.number().int(),
    /** Deliverables whose on-time question is settled (accepted, or past due). */
    onTimeCounted: z.number().int(),
    onTime: z.number().int(),
    /** Percent, 0–100. */
    onTimeRate: z.number().nullable(),
    /** Deliverables whose first hand-in has been reviewed. */
    firstPassCounted: z.number().int(),
    firstPass: z.number().int(),
    /** Percent, 0–100: accepted at the first review. */
    firstPassRate: z.number().nullable(),
    /** Mean number of hand-ins of accepted deliverables. */
    meanCycles: z.number().nullable(),
  })
  .meta({ id: 'DeliverableStats' });
export type DeliverableStats = z.infer<typeof DeliverableStats>;

export const DeliverableParams = z.object({
  id: z.string().min(1).max(64),
  deliverableId: z.string().max(64),
});
export const SubmissionParams = DeliverableParams.extend({ submissionId: z.string().max(64) });

// Scorecards

export const SCORECARD_CRITERIA = ['quality', 'timeliness', 'communication', 'cost', 'security'] as const;
export const ScorecardCriterion = z.enum(SCORECARD_CRITERIA);
export type ScorecardCriterion = z.infer<typeof ScorecardCriterion>;
export const CRITERION_LABELS: Record<ScorecardCriterion, string> = {
  quality: 'Quality',
  timeliness: 'Timeliness',
  communication: 'Communication',
  cost: 'Cost',
  security: 'Security & compliance',
};
export const SCORECARD_CADENCES = ['monthly', 'quarterly'] as const;
export const ScorecardCadence = z.enum(SCORECARD_CADENCES);
export type ScorecardCadence = z.infer<typeof ScorecardCadence>;

const Weight = z.number().min(0).max(100);
export const Weights = z
  .strictObject({
    quality: Weight,
    timeliness: Weight,
    communication: Weight,
    cost: Weight,
    security: Weight,
  })
  .refine((w) => Object.values(w).some((v) => v > 0), { message: 'must give some criterion a weight' });
export type Weights = z.infer<typeof Weights>;

export const ScorecardSettings = z
  .object({ engagementId: z.string(), cadence: ScorecardCadence, weights: Weights })
  .meta({ id: 'ScorecardSettings' });
export const ScorecardSettingsBody = z.strictObject({ cadence: ScorecardCadence, weights: Weights });

/** A score is a whole number from 1 (poor) to 5 (excellent). */
export const Score = z
  .number()
  .int()
  .min(1, { message: 'must be 1 to 5' })
  .max(5, { message: 'must be 1 to 5' });

export const ScorecardLine = z.object({
  criterion: ScorecardCriterion,
  label: z.string(),
  weight: z.number(),
  /** What the data suggests, null when no data speaks to this criterion. */
  suggested: Score.nullable(),
  /** How the suggestion was derived, or why there is none. */
  explanation: z.string(),
  score: Score.nullable(),
  comment: z.string(),
});
export type ScorecardLine = z.infer<typeof ScorecardLine>;

export const RESPONSE_KINDS = ['response', 'dispute'] as const;
export const ScorecardResponse = z.object({
  id: idOf('scr'),
  kind: z.enum(RESPONSE_KINDS),
  /** The criterion disputed or commented on; null for the scorecard as a whole. */
  criterion: ScorecardCriterion.nullable(),
  comment: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  createdAt: Instant,
  answer: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredByName: z.string().nullable(),
  answeredAt: Instant.nullable(),
});
export type ScorecardResponse = z.infer<typeof ScorecardResponse>;

export const Scorecard = z
  .object({
    id: idOf('scd'),
    engagementId: z.string(),
    /** `YYYY-MM` for a monthly scorecard, `YYYY-Qn` for a quarterly one. */
    period: z.string(),
    cadence: ScorecardCadence,
    status: z.enum(['draft', 'published']),
    lines: z.array(ScorecardLine),
    /** Σ wᵢ × (scoreᵢ − 1)/4 × 100 / Σ wᵢ, 0–100; null until every weighted criterion has a score. */
    total: z.number().nullable(),
    summary: z.string(),
    createdBy: z.string(),
    createdAt: Instant,
    updatedAt: Instant,
    publishedAt: Instant.nullable(),
    publishedBy: z.string().nullable(),
    responses: z.array(ScorecardResponse),
    /** Disputes not answered yet. */
    openDisputes: z.number().int(),
  })
  .meta({ id: 'Scorecard' });
export type Scorecard = z.infer<typeof Scorecard>;

export const TrendPoint = z.object({ period: z.string(), total: z.number() });
export const ScorecardTrend = z.object({
  points: z.array(TrendPoint),
  /** Last published total against the one before it. */
  direction: z.enum(['up', 'down', 'flat']).nullable(),
  change: z.number().nullable(),
});
export type ScorecardTrend = z.infer<typeof ScorecardTrend>;

export const ScorecardList = z.object({ items: z.array(Scorecard), trend: ScorecardTrend });

export const CreateScorecardBody = z.strictObject({
  period: z.string().trim().max(10),
});
export const UpdateScorecardBody = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          criterion: ScorecardCriterion,
          score: Score.nullable().optional(),
          comment: z.string().trim().max(2000).optional(),
          weight: Weight.optional(),
        }),
      )
      .max(SCORECARD_CRITERIA.length)
      .optional(),
    summary: z.string().trim().max(5000).optional(),
  })
  .refine((b) => b.lines !== undefined || b.summary !== undefined, {
    message: 'must change lines or summary',
    path: ['body'],
  });
export type UpdateScorecardBody = z.infer<typeof UpdateScorecardBody>;

export const RespondBody = z.strictObject({
  kind: z.enum(RESPONSE_KINDS),
  criterion: ScorecardCriterion.nullable().default(null),
  comment: z.string().trim().min(1, { message: 'is required' }).max(5000),
});
export const AnswerBody = z.strictObject({
  comment: z.string().trim().min(1, { message: 'is required' }).max(5000),
});
export const ScorecardParams = z.object({ id: z.string().min(1).max(64) });
export const ResponseParams = ScorecardParams.extend({ responseId: z.string().max(64) });

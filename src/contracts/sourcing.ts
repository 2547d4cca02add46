/**
 * Sourcing events (bid comparison): candidates, weighted criteria, evaluators' scores, the
 * ranking with the spread between evaluators and its sensitivity to each weight, and the award.
 */
import { z } from 'zod';
import { Instant, idOf, ListQuery } from './common';
import { BusinessFunction, DateOnly } from './engagements';

/** Where Outpost can suggest a criterion's score from its own data. */
export const CRITERION_SOURCES = ['certification', 'cost', 'questionnaire'] as const;
export const CriterionSource = z.enum(CRITERION_SOURCES);
export type CriterionSource = z.infer<typeof CriterionSource>;

export const SOURCING_STATUSES = ['open', 'awarded', 'cancelled'] as const;
export const SourcingStatus = z.enum(SOURCING_STATUSES);
export type SourcingStatus = z.infer<typeof SourcingStatus>;

const CriterionInput = z.strictObject({
  /** Given to keep a criterion (and its scores) when the list is replaced; new ones get an id. */
  id: idOf('crt').optional(),
  name: z.string().trim().min(1, { message: 'is required' }).max(120),
  /** Relative weight; the ranking normalises the weights to 100. */
  weight: z.number().min(0, { message: 'must be 0 or more' }).max(1000),
  source: CriterionSource.nullable().default(null),
});

const uniqueIds = (ids: string[]) => new Set(ids).size === ids.length;

const eventFields = {
  title: z.string().trim().min(1, { message: 'is required' }).max(300),
  function: BusinessFunction,
  scopeSummary: z.string().trim().max(10_000).nullable().default(null),
  candidates: z
    .array(idOf('vnd'))
    .min(1, { message: 'needs at least one vendor' })
    .max(50)
    .refine(uniqueIds, { message: 'must not repeat a vendor' }),
  criteria: z
    .array(CriterionInput)
    .min(1, { message: 'needs at least one criterion' })
    .max(30)
    .refine((cs) => cs.some((c) => c.weight > 0), { message: 'needs at least one weight above 0' })
    .refine((cs) => new Set(cs.map((c) => c.name.toLowerCase())).size === cs.length, {
      message: 'must not repeat a name',
    }),
  /** Internal users who score; the creator is added when missing. */
  evaluators: z
    .array(idOf('usr'))
    .max(50)
    .refine(uniqueIds, { message: 'must not repeat a user' })
    .default([]),
  /** A business case whose options (by vendor) suggest the cost criterion's scores. */
  businessCaseId: idOf('bcs').nullable().default(null),
};

export const SourcingEventBody = z.strictObject(eventFields);
export type SourcingEventBody = z.infer<typeof SourcingEventBody>;

/** Change an open event; lists given replace the stored ones (criteria keep their scores by id). */
export const SourcingEventPatch = z
  .strictObject({
    title: eventFields.title.optional(),
    function: BusinessFunction.optional(),
    scopeSummary: z.string().trim().max(10_000).nullable().optional(),
    candidates: eventFields.candidates.optional(),
    criteria: eventFields.criteria.optional(),
    evaluators: z
      .array(idOf('usr'))
      .max(50)
      .refine(uniqueIds, { message: 'must not repeat a user' })
      .optional(),
    businessCaseId: idOf('bcs').nullable().optional(),
    status: z.literal('cancelled').optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] });
export type SourcingEventPatch = z.infer<typeof SourcingEventPatch>;

export const Criterion = z.object({
  id: idOf('crt'),
  name: z.string(),
  weight: z.number(),
  /** The weight as a share of 100. */
  normalisedWeight: z.number(),
  source: CriterionSource.nullable(),
});

export const SourcingEvent = z
  .object({
    id: idOf('src'),
    title: z.string(),
    function: BusinessFunction,
    scopeSummary: z.string().nullable(),
    status: SourcingStatus,
    candidates: z.array(z.object({ vendorId: z.string(), vendorName: z.string() })),
    criteria: z.array(Criterion),
    evaluators: z.array(z.object({ userId: z.string(), name: z.string() })),
    businessCaseId: z.string().nullable(),
    awardedVendorId: z.string().nullable(),
    awardedEngagementId: z.string().nullable(),
    awardedAt: Instant.nullable(),
    createdBy: z.string(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'SourcingEvent' });
export type SourcingEvent = z.infer<typeof SourcingEvent>;

export const SourcingListQuery = ListQuery.extend({
  status: SourcingStatus.optional(),
  q: z.string().trim().max(200).optional(),
});
export type SourcingListQuery = z.infer<typeof SourcingListQuery>;

/** The calling evaluator's score of one candidate on one criterion (sent again: replaced). */
export const ScoreBody = z.strictObject({
  vendorId: idOf('vnd'),
  criterionId: idOf('crt'),
  score: z.number().int({ message: 'must be a whole number from 0 to 5' }).min(0).max(5),
  comment: z.string().trim().max(2000).nullable().default(null),
});
export type ScoreBody = z.infer<typeof ScoreBody>;

export const Score = z
  .object({
    vendorId: z.string(),
    criterionId: z.string(),
    evaluatorId: z.string(),
    evaluatorName: z.string(),
    score: z.number().int(),
    comment: z.string().nullable(),
    updatedAt: Instant,
  })
  .meta({ id: 'SourcingScore' });
export type Score = z.infer<typeof Score>;

const Spread = z.object({
  min: z.number().nullable(),
  max: z.number().nullable(),
  spread: z.number().nullable(),
});

export const RankedCandidate = z.object({
  vendorId: z.string(),
  vendorName: z.string(),
  /** 0–100: each criterion's mean score ÷ 5, weighted; null while nothing is scored. */
  weightedScore: z.number().nullable(),
  /** 1 is best; equal scores share a rank; null while nothing is scored. */
  rank: z.number().int().nullable(),
  /** False while an evaluator has not scored a criterion (listed in `missing`). */
  complete: z.boolean(),
  byCriterion: z.array(
    z.object({
      criterionId: z.string(),
      /** Mean of the evaluators' scores (0–5); null when nobody scored it (left out, not zero). */
      mean: z.number().nullable(),
      scores: z.number().int(),
      ...Spread.shape,
      /** What Outpost's own data suggests (0–5), with its basis; null when it has none. */
      suggested: z.number().nullable(),
      suggestionBasis: z.string().nullable(),
    }),
  ),
  /** Each evaluator's own weighted score of this candidate and the spread between them. */
  evaluatorSpread: Spread.extend({
    byEvaluator: z.array(z.object({ evaluatorId: z.string(), weightedScore: z.number() })),
  }),
  missing: z.array(z.object({ criterionId: z.string(), evaluatorId: z.string() })),
});

export const Ranking = z
  .object({
    candidates: z.array(RankedCandidate),
    /** The ranking with one criterion's weight moved ±10 points (the others rescaled to keep 100). */
    sensitivity: z.object({
      /** True when no single ±10 move changes the order. */
      stable: z.boolean(),
      cases: z.array(
        z.object({
          criterionId: z.string(),
          delta: z.number().int(),
          weights: z.record(z.string(), z.number()),
          order: z.array(
            z.object({
              vendorId: z.string(),
              weightedScore: z.number().nullable(),
              rank: z.number().nullable(),
            }),
          ),
          orderChanged: z.boolean(),
          leaderChanged: z.boolean(),
        }),
      ),
    }),
  })
  .meta({ id: 'SourcingRanking' });
export type Ranking = z.infer<typeof Ranking>;

/** Award one candidate: a draft engagement is created for it. */
export const AwardBody = z.strictObject({
  vendorId: idOf('vnd'),
  startDate: DateOnly,
  endDate: DateOnly.nullable().default(null),
  engagementTitle: z.string().trim().min(1).max(300).optional(),
});
export type AwardBody = z.infer<typeof AwardBody>;

/**
 * Questionnaires: versioned templates of sections and questions with scores, conditions and
 * flags (Outpost's own JSON, or imported from Google's VSAQ format), and assessments that send a
 * template to a vendor, whose users answer it in the portal and internal reviewers score it.
 */
import { z } from 'zod';
import { Instant, idOf, ListQuery } from './common';
import { DateOnly } from './engagements';

export const QUESTION_TYPES = [
  'yes_no',
  'single_choice',
  'multiple_choice',
  'text',
  'number',
  'date',
  'file',
  /** Guidance shown to the vendor; never answered or scored. */
  'info',
] as const;
export const QuestionType = z.enum(QUESTION_TYPES);
export type QuestionType = z.infer<typeof QuestionType>;

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Ids inside a template: letters, digits, `_` and `-` (VSAQ's ids fit). */
const LocalId = z
  .string()
  .trim()
  .regex(/^[A-Za-z][\w-]{0,99}$/, {
    message: 'must start with a letter and hold only letters, digits, _ and -',
  });
/**
 * A condition: ids combined with `&&`, `||`, `!` and parentheses. A bare id is true when that
 * yes/no question is answered yes, that choice is selected, or that question has an answer;
 * `id/yes`, `id/no` test a yes/no answer; `^id` is true when that question is shown; `true` and
 * `false` are constants.
 */
const Condition = z.string().trim().min(1).max(2000);

export const OptionSchema = z.strictObject({
  id: LocalId,
  label: z.string().trim().min(1, { message: 'is required' }).max(500),
  /** Points for choosing it; a question's best option counts as full marks. */
  score: z.number().min(0).max(1000).nullable().default(null),
});

export const QuestionSchema = z.strictObject({
  id: LocalId,
  text: z.string().trim().min(1, { message: 'is required' }).max(5000),
  type: QuestionType,
  options: z.array(OptionSchema).max(100).optional(),
  required: z.boolean().default(false),
  /** Relative weight in the score (0: not scored). */
  weight: z.number().min(0).max(1000).default(1),
  condition: Condition.nullable().default(null),
});
export type Question = z.infer<typeof QuestionSchema>;

export const SectionSchema = z.strictObject({
  id: LocalId,
  title: z.string().trim().min(1, { message: 'is required' }).max(500),
  questions: z.array(QuestionSchema).max(1000),
});
export type Section = z.infer<typeof SectionSchema>;

export const FlagSchema = z.strictObject({
  id: LocalId,
  condition: Condition,
  severity: Severity,
  title: z.string().trim().min(1, { message: 'is required' }).max(300),
  message: z.string().trim().max(5000).default(''),
});
export type Flag = z.infer<typeof FlagSchema>;

/** The content of a template, as edited, exported and imported (`format=outpost`). */
export const TemplateContent = z.strictObject({
  name: z.string().trim().min(1, { message: 'is required' }).max(300),
  description: z.string().trim().max(5000).nullable().default(null),
  sections: z.array(SectionSchema).min(1, { message: 'needs at least one section' }).max(200),
  flags: z.array(FlagSchema).max(500).default([]),
});
export type TemplateContent = z.infer<typeof TemplateContent>;
export type TemplateContentInput = z.input<typeof TemplateContent>;

export const QuestionnaireTemplate = z
  .object({
    id: idOf('qtp'),
    version: z.number().int(),
    ...TemplateContent.shape,
    /** Where it came from: written here, a starter, or an import. */
    origin: z.string(),
    questionCount: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'QuestionnaireTemplate' });
export type QuestionnaireTemplate = z.infer<typeof QuestionnaireTemplate>;

export const TemplateListQuery = ListQuery.extend({ q: z.string().trim().max(200).optional() });
export const ImportQuery = z.object({ format: z.enum(['outpost', 'vsaq']).default('outpost') });
export const STARTERS = ['information_security', 'privacy', 'business_continuity'] as const;
export const StarterParams = z.object({ key: z.enum(STARTERS) });

export const ASSESSMENT_STATUSES = [
  'sent',
  'in_progress',
  'submitted',
  'clarification_requested',
  'completed',
] as const;
export const AssessmentStatus = z.enum(ASSESSMENT_STATUSES);
export type AssessmentStatus = z.infer<typeof AssessmentStatus>;

/** An answer: text, a number, a date, "yes"/"no", an option id, option ids, or a file id. */
export const AnswerValue = z.union([
  z.string().max(20_000),
  z.number(),
  z.array(z.string().max(200)).max(100),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;

export const SendAssessmentBody = z.strictObject({
  templateId: idOf('qtp'),
  vendorId: idOf('vnd'),
  dueDate: DateOnly,
});

export const AnswersBody = z.strictObject({
  /** Answers by question id; null clears one. Unknown ids are refused. */
  answers: z.record(z.string(), AnswerValue.nullable()),
});

export const ReviewBody = z.strictObject({
  decision: z.enum(['complete', 'clarify']),
  /** Comments per answer (sent back with a clarification). */
  comments: z
    .array(z.strictObject({ questionId: z.string().max(100), comment: z.string().trim().min(1).max(5000) }))
    .max(500)
    .default([]),
});

export const RaisedFlag = z.object({
  id: z.string(),
  severity: Severity,
  title: z.string(),
  message: z.string(),
});

export const Assessment = z
  .object({
    id: idOf('asm'),
    templateId: z.string(),
    templateName: z.string(),
    templateVersion: z.number().int(),
    vendorId: z.string(),
    vendorName: z.string(),
    dueDate: DateOnly,
    status: AssessmentStatus,
    /** 0–100 over the questions shown and scored; null when none is scored. */
    score: z.number().nullable(),
    flags: z.array(RaisedFlag),
    answers: z.record(z.string(), AnswerValue),
    /** The ids of the questions shown with the answers so far. */
    visibleQuestions: z.array(z.string()),
    comments: z.array(z.object({ questionId: z.string(), comment: z.string(), by: z.string(), at: Instant })),
    /** The template as sent (a later edit of the template does not change it). */
    template: TemplateContent,
    sentBy: z.string(),
    submittedAt: Instant.nullable(),
    completedAt: Instant.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Assessment' });
export type Assessment = z.infer<typeof Assessment>;

/** A question as the vendor sees it: no weight, and options without their points. */
const VendorFacingQuestion = z.object({
  id: z.string(),
  text: z.string(),
  type: QuestionType,
  options: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
  required: z.boolean(),
  /** Which answers show it (the portal shows follow-up questions as the vendor answers). */
  condition: z.string().nullable(),
});

/**
 * What a vendor user sees of its own assessment: the questions, its answers and the reviewer's
 * comments, and where it stands. Never the scoring model (weights, option points, flag rules) nor
 * the score and raised flags, while drafting or after the decision (docs/roles.md).
 */
export const VendorFacingAssessment = Assessment.pick({
  id: true,
  templateName: true,
  templateVersion: true,
  vendorId: true,
  vendorName: true,
  dueDate: true,
  status: true,
  answers: true,
  visibleQuestions: true,
  comments: true,
  submittedAt: true,
  completedAt: true,
  createdAt: true,
  updatedAt: true,
})
  .extend({
    template: z.object({
      name: z.string(),
      description: z.string().nullable(),
      sections: z.array(
        z.object({ id: z.string(), title: z.string(), questions: z.array(VendorFacingQuestion) }),
      ),
    }),
  })
  .meta({ id: 'VendorFacingAssessment' });
export type VendorFacingAssessment = z.infer<typeof VendorFacingAssessment>;

export const AssessmentListQuery = ListQuery.extend({
  vendorId: idOf('vnd').optional(),
  status: AssessmentStatus.optional(),
});

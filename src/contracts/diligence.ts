/**
 * Due diligence: certifications with expiry, structured reference checks, self-declared past
 * clients, the track record, and the checklist that gates a vendor's approval.
 */
import { z } from 'zod';
import { Country, Email, Instant, idOf, Name } from './common';
import { BusinessFunction, DateOnly, EngagementStatus } from './engagements';
import { CRITICALITIES } from './vendor-values';
import { Criticality } from './vendors';

export const CERT_STANDARDS = [
  'iso27001',
  'soc2_type2',
  'soc1',
  'iso9001',
  'iso27701',
  'pci_dss',
  'hipaa',
  'cmmi',
  'other',
] as const;
export const CertStandard = z.enum(CERT_STANDARDS);
export type CertStandard = z.infer<typeof CertStandard>;

/** Human names of the standards, for messages and the interface. */
export const STANDARD_LABELS: Record<CertStandard, string> = {
  iso27001: 'ISO/IEC 27001',
  soc2_type2: 'SOC 2 Type II',
  soc1: 'SOC 1',
  iso9001: 'ISO 9001',
  iso27701: 'ISO/IEC 27701',
  pci_dss: 'PCI DSS',
  hipaa: 'HIPAA',
  cmmi: 'CMMI',
  other: 'Other',
};

export const CERT_STATUSES = ['valid', 'expiring', 'expired'] as const;
export const CertStatus = z.enum(CERT_STATUSES);
export type CertStatus = z.infer<typeof CertStatus>;

const ShortText = z.string().trim().max(200);
const LongText = z.string().trim().max(5000);

/** A certificate the vendor holds; `status` and `daysToExpiry` are computed from today in the organisation's time zone. */
export const Certification = z
  .object({
    id: idOf('crt'),
    vendorId: idOf('vnd'),
    standard: CertStandard,
    standardName: z.string().nullable(),
    certificateNumber: z.string().nullable(),
    issuer: z.string().nullable(),
    scope: z.string().nullable(),
    issuedOn: z.string().nullable(),
    expiresOn: z.string(),
    evidenceFileId: z.string().nullable(),
    verifiedBy: z.string().nullable(),
    verifiedAt: Instant.nullable(),
    status: CertStatus,
    /** Whole days from today (organisation's time zone) to the expiry date; negative once expired. */
    daysToExpiry: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Certification' });
export type Certification = z.infer<typeof Certification>;

const certFields = {
  standard: CertStandard,
  standardName: ShortText.min(1).nullable().optional(),
  certificateNumber: ShortText.nullable().optional(),
  issuer: ShortText.nullable().optional(),
  scope: LongText.nullable().optional(),
  issuedOn: DateOnly.nullable().optional(),
  expiresOn: DateOnly,
  evidenceFileId: idOf('fil').nullable().optional(),
};

/** The rules a whole certificate must satisfy, whether created or patched. */
export function certificationProblems(c: {
  standard: CertStandard;
  standardName?: string | null;
  issuedOn?: string | null;
  expiresOn: string;
}): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  if (c.standard === 'other' && !c.standardName)
    out.push({ field: 'standardName', message: 'is required when the standard is other' });
  if (c.issuedOn && c.expiresOn < c.issuedOn)
    out.push({ field: 'expiresOn', message: 'must be on or after issuedOn' });
  return out;
}

export const CertificationBody = z.strictObject(certFields).superRefine((b, ctx) => {
  for (const p of certificationProblems(b))
    ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
});
export type CertificationBody = z.infer<typeof CertificationBody>;
export const CertificationPatch = z
  .strictObject({ ...certFields, standard: CertStandard.optional(), expiresOn: DateOnly.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] });
export type CertificationPatch = z.infer<typeof CertificationPatch>;
export const CertificationParams = z.object({ id: z.string().max(64), certId: z.string().max(64) });

// Reference checks

export const VERDICTS = ['positive', 'neutral', 'negative'] as const;
export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

/** The questions every reference check starts with. */
export const DEFAULT_REFERENCE_QUESTIONS = [
  'Did they deliver the agreed scope?',
  'How was the quality of their work?',
  'Were they on time?',
  'How was communication with them?',
  'How did they handle problems?',
  'Would you hire them again?',
] as const;

export const ReferenceAnswer = z.strictObject({
  question: z.string().trim().min(1, { message: 'is required' }).max(500),
  answer: z.string().trim().max(5000).default(''),
  /** 1 (poor) to 5 (excellent); null when the referee did not say. */
  rating: z.number().int().min(1).max(5).nullable().default(null),
});
const Phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ().-]{4,}$/, { message: 'must be a phone number (digits, spaces, + ( ) . -)' });

export const RefereeContact = z.strictObject({
  name: z.string().trim().max(200).nullable().default(null),
  email: Email.nullable().default(null),
  phone: Phone.nullable().default(null),
});

const Period = z
  .strictObject({ from: DateOnly.nullable().default(null), to: DateOnly.nullable().default(null) })
  .refine((p) => !p.from || !p.to || p.to >= p.from, {
    message: 'must end on or after it starts',
    path: ['to'],
  });

/** A structured reference check: internal only (a referee's candour depends on it). */
export const Reference = z
  .object({
    id: idOf('ref'),
    vendorId: idOf('vnd'),
    refereeOrganisation: z.string(),
    contact: z.object({
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
    relationship: z.string().nullable(),
    period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    checkedOn: z.string(),
    checkedBy: z.string().nullable(),
    questions: z.array(
      z.object({ question: z.string(), answer: z.string(), rating: z.number().int().nullable() }),
    ),
    /** The mean of the ratings given, or null when none was. */
    averageRating: z.number().nullable(),
    verdict: Verdict,
    notes: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Reference' });
export type Reference = z.infer<typeof Reference>;

const referenceFields = {
  refereeOrganisation: Name,
  contact: RefereeContact.optional(),
  relationship: ShortText.nullable().optional(),
  period: Period.optional(),
  /** Defaults to today in the organisation's time zone. */
  checkedOn: DateOnly.optional(),
  /** An internal user; defaults to the caller. */
  checkedBy: idOf('usr').optional(),
  /** Defaults to the default question set, unanswered. */
  questions: z.array(ReferenceAnswer).max(50).optional(),
  verdict: Verdict,
  notes: LongText.nullable().optional(),
};
export const ReferenceBody = z.strictObject(referenceFields);
export type ReferenceBody = z.infer<typeof ReferenceBody>;
export const ReferencePatch = z
  .strictObject({ ...referenceFields, refereeOrganisation: Name.optional(), verdict: Verdict.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] });
export type ReferencePatch = z.infer<typeof ReferencePatch>;
export const ReferenceParams = z.object({ id: z.string().max(64), refId: z.string().max(64) });

// Self-declared past clients

export const PastClient = z
  .object({
    id: idOf('pcl'),
    vendorId: idOf('vnd'),
    client: z.string(),
    country: z.string().nullable(),
    service: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    description: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'PastClient' });
export type PastClient = z.infer<typeof PastClient>;
const pastClientFields = {
  client: Name,
  country: Country.nullable().optional(),
  service: ShortText.nullable().optional(),
  from: DateOnly.nullable().optional(),
  to: DateOnly.nullable().optional(),
  description: LongText.nullable().optional(),
};
const periodOrder = (b: { from?: string | null; to?: string | null }) => !b.from || !b.to || b.to >= b.from;
export const PastClientBody = z
  .strictObject(pastClientFields)
  .refine(periodOrder, { message: 'must be on or after from', path: ['to'] });
export const PastClientPatch = z
  .strictObject({ ...pastClientFields, client: Name.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] })
  .refine(periodOrder, { message: 'must be on or after from', path: ['to'] });
export type PastClientPatch = z.infer<typeof PastClientPatch>;
export const PastClientParams = z.object({ id: z.string().max(64), clientId: z.string().max(64) });

// Checklist and settings

/** One requirement of the diligence checklist. */
export const Requirement = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('certification'),
    /** A valid (not expired) certificate of any of these standards. */
    anyOf: z
      .array(CertStandard.exclude(['other']))
      .min(1)
      .max(8),
    /** Only certificates an internal user has verified count. */
    verified: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('references'), minPositive: z.number().int().min(1).max(20) }),
  z.strictObject({ kind: z.literal('contacts'), min: z.number().int().min(1).max(20) }),
  z.strictObject({
    kind: z.literal('questionnaire'),
    /** A completed assessment scored at least this (0–100)… */
    minScore: z.number().min(0).max(100),
    /** …and, when true, without any flag raised. */
    noOpenFlags: z.boolean().default(true),
  }),
  /** A current (signed, not expired) data processing agreement on file. */
  z.strictObject({ kind: z.literal('dpa') }),
]);
export type Requirement = z.infer<typeof Requirement>;

export const RequirementsByCriticality = z.strictObject({
  low: z.array(Requirement).max(20),
  medium: z.array(Requirement).max(20),
  high: z.array(Requirement).max(20),
  critical: z.array(Requirement).max(20),
});
export type RequirementsByCriticality = z.infer<typeof RequirementsByCriticality>;

/** The organisation's diligence settings. */
export const DiligenceSettings = z
  .strictObject({
    /** A certificate expiring within this many days counts as `expiring`. */
    expiringWindowDays: z.number().int().min(1).max(730),
    requirements: RequirementsByCriticality,
  })
  .meta({ id: 'DiligenceSettings' });
export type DiligenceSettings = z.infer<typeof DiligenceSettings>;

const SECURITY_CERT: Requirement = { kind: 'certification', anyOf: ['iso27001', 'soc2_type2'] };
/** What applies until an administrator changes it. */
export const DEFAULT_DILIGENCE_SETTINGS: DiligenceSettings = {
  expiringWindowDays: 90,
  requirements: {
    low: [],
    medium: [{ kind: 'references', minPositive: 1 }],
    high: [SECURITY_CERT, { kind: 'references', minPositive: 1 }],
    critical: [SECURITY_CERT, { kind: 'references', minPositive: 2 }],
  },
};

export const ChecklistItem = z.object({
  requirement: Requirement,
  met: z.boolean(),
  /** What the requirement asks, in words. */
  label: z.string(),
  /** What is missing (or what satisfies it when met). */
  detail: z.string(),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const Checklist = z
  .object({
    vendorId: idOf('vnd'),
    criticality: Criticality,
    /** The vendor's risk tier (1 highest); null when it has none yet. */
    tier: z.number().int().min(1).max(4).nullable(),
    /** The checklist applied: the criticality's, or a stricter one the tier asks for. */
    appliedChecklist: Criticality,
    complete: z.boolean(),
    items: z.array(ChecklistItem),
  })
  .meta({ id: 'Checklist' });
export type Checklist = z.infer<typeof Checklist>;

// Track record

export const ReferenceSummary = z.object({
  count: z.number().int(),
  byVerdict: z.object({ positive: z.number().int(), neutral: z.number().int(), negative: z.number().int() }),
  /** The mean of every rating given across the references, or null when none was. */
  averageRating: z.number().nullable(),
});
export type ReferenceSummary = z.infer<typeof ReferenceSummary>;

export const TrackRecord = z
  .object({
    vendorId: idOf('vnd'),
    engagements: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        function: BusinessFunction,
        status: EngagementStatus,
        startDate: z.string().nullable(),
        endDate: z.string().nullable(),
        /** Closed SLA months (client figures): KPI results met of those evaluated; null before any. */
        sla: z
          .object({
            months: z.number().int(),
            kpisMet: z.number().int(),
            kpisEvaluated: z.number().int(),
            attainmentPct: z.number(),
          })
          .nullable(),
        /** Published scorecards: how many, the latest total (0–100) and the direction of the last change. */
        scorecards: z.object({
          published: z.number().int(),
          latestTotal: z.number().nullable(),
          latestPeriod: z.string().nullable(),
          trend: z.string().nullable(),
        }),
      }),
    ),
    references: ReferenceSummary,
    /** Every certificate, expired ones included, newest expiry first. */
    certifications: z.array(Certification),
    pastClients: z.array(PastClient),
  })
  .meta({ id: 'TrackRecord' });
export type TrackRecord = z.infer<typeof TrackRecord>;

export { CRITICALITIES };

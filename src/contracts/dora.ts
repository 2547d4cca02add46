/**
 * The DORA register of information (Commission Implementing Regulation (EU) 2024/2956): the LEI
 * schema records carry, the functions of B_06.01, the register's own settings, and the register
 * view (per template, the rows Outpost would submit and what is missing).
 */
import { z } from 'zod';
import { Instant, idOf } from './common';
import {
  CRITICALITY_ASSESSMENT,
  DISCONTINUING_IMPACT,
  ENTITY_TYPES,
  keysOf,
  REINTEGRATION,
  SUBSTITUTABILITY,
} from './dora-values';
import { DateOnly } from './engagements';
import { leiProblem } from './lei';

/** An ISO 17442 Legal Entity Identifier; lower case is taken as upper case. */
export const Lei = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((v, ctx) => {
    const problem = leiProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ description: 'ISO 17442 Legal Entity Identifier', example: '7LTWFZYICNSX8D621K86' });

export const Substitutability = z.enum(keysOf(SUBSTITUTABILITY));
export const Reintegration = z.enum(keysOf(REINTEGRATION));
export const CriticalityAssessment = z.enum(keysOf(CRITICALITY_ASSESSMENT));
export const DiscontinuingImpact = z.enum(keysOf(DISCONTINUING_IMPACT));
export const EntityType = z.enum(keysOf(ENTITY_TYPES));

const Text = (max: number) => z.string().trim().min(1, { message: 'is required' }).max(max);

const functionFields = {
  /** B_06.01 c0010: the organisation's own identifier of the function. */
  identifier: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,40}$/, {
      message: 'must be 1–40 letters, digits, dots, dashes or underscores',
    }),
  name: Text(300),
  /** B_06.01 c0020: the licensed activity the function belongs to, as the EBA's list names it. */
  licensedActivity: Text(300).nullable().default(null),
  criticality: CriticalityAssessment,
  /** B_06.01 c0060: why the function is (not) critical or important. */
  criticalityReasons: z.string().trim().max(2000).nullable().default(null),
  lastAssessedOn: DateOnly.nullable().default(null),
  /** B_06.01 c0080, c0090: recovery time and point objectives, in hours. */
  rtoHours: z.number().int().min(0).max(100_000).nullable().default(null),
  rpoHours: z.number().int().min(0).max(100_000).nullable().default(null),
  discontinuingImpact: DiscontinuingImpact.nullable().default(null),
  /** The engagements whose ICT services support this function (B_02.02). */
  engagementIds: z.array(idOf('eng')).max(500).default([]),
};

export const DoraFunctionBody = z.strictObject(functionFields);
export type DoraFunctionBody = z.infer<typeof DoraFunctionBody>;

export const DoraFunction = z
  .object({
    id: idOf('fun'),
    identifier: z.string(),
    name: z.string(),
    licensedActivity: z.string().nullable(),
    criticality: CriticalityAssessment,
    criticalityReasons: z.string().nullable(),
    lastAssessedOn: DateOnly.nullable(),
    rtoHours: z.number().int().nullable(),
    rpoHours: z.number().int().nullable(),
    discontinuingImpact: DiscontinuingImpact.nullable(),
    engagementIds: z.array(z.string()),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'DoraFunction' });
export type DoraFunction = z.infer<typeof DoraFunction>;
export const DoraFunctionParams = z.object({ id: z.string().max(64) });

/** What the register needs of the organisation beyond its LEI (B_01.01). */
export const DoraSettings = z
  .strictObject({
    entityType: EntityType.nullable().default(null),
    /** B_01.01 c0050: the competent authority the register is submitted to, e.g. "BaFin". */
    competentAuthority: z.string().trim().min(1).max(200).nullable().default(null),
    /** Individual (IND) or consolidated (CON) register; the package name carries it. */
    level: z.enum(['IND', 'CON']).default('IND'),
  })
  .meta({ id: 'DoraSettings' });
export type DoraSettings = z.infer<typeof DoraSettings>;

export const RegisterQuery = z.object({
  referenceDate: DateOnly.optional().meta({ description: 'The day the register is as of; today by default' }),
});

/** One problem to fix before the register can be submitted, with the record to fix it on. */
export const RegisterIssue = z.object({
  /** The template whose row or column is affected, such as B_05.01. */
  template: z.string(),
  column: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  /** The record to open: its kind and id, and the page that edits it. */
  record: z.object({ kind: z.string(), id: z.string(), label: z.string(), href: z.string() }).nullable(),
});
export type RegisterIssue = z.infer<typeof RegisterIssue>;

export const RegisterTemplate = z.object({
  code: z.string(),
  name: z.string(),
  columns: z.array(z.object({ code: z.string(), name: z.string() })),
  rows: z.array(z.array(z.string())),
});

export const RegisterView = z
  .object({
    referenceDate: DateOnly,
    fileName: z.string(),
    templates: z.array(RegisterTemplate),
    issues: z.array(RegisterIssue),
    /** Which values came from the audit trail because they changed after the reference date. */
    reconstructed: z.number().int(),
  })
  .meta({ id: 'DoraRegister' });
export type RegisterView = z.infer<typeof RegisterView>;

/** The escalation matrix of an engagement: who to call at each level, on both sides, and how fast. */
import { z } from 'zod';
import { Instant } from './common';

export const CHANNELS = ['email', 'phone', 'chat', 'meeting', 'ticket', 'other'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const ResponseUnit = z.enum(['minutes', 'hours']);
export type ResponseUnit = z.infer<typeof ResponseUnit>;

const Ids = z
  .array(z.string().min(1).max(64))
  .max(20)
  .refine((a) => new Set(a).size === a.length, { message: 'must not repeat a contact' });

export const EscalationLevelInput = z.strictObject({
  /** 1 for the first line; levels run 1, 2, 3… without gaps. */
  level: z.number().int().min(1).max(20),
  title: z.string().trim().max(100).default(''),
  channel: Channel,
  /** Response time target: value and unit (up to 30 days). */
  responseTime: z.strictObject({
    value: z.number().int().min(1).max(43_200),
    unit: ResponseUnit,
  }),
  /** Ids of internal users. */
  internalContacts: Ids.min(1, { message: 'must name at least one internal user' }),
  /** Ids of the vendor's contacts. */
  vendorContacts: Ids.min(1, { message: 'must name at least one of the vendor’s contacts' }),
  notes: z.string().trim().max(1000).default(''),
});

export const PutEscalationMatrixBody = z.strictObject({
  levels: z.array(EscalationLevelInput).max(20),
});
export type PutEscalationMatrixBody = z.infer<typeof PutEscalationMatrixBody>;

export const EscalationPerson = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.string().nullable(),
  /** False when the user was disabled or the contact removed after the matrix was saved. */
  active: z.boolean(),
});
export type EscalationPerson = z.infer<typeof EscalationPerson>;

export const EscalationLevel = z.object({
  level: z.number().int(),
  title: z.string(),
  channel: Channel,
  responseTime: z.object({ value: z.number().int(), unit: ResponseUnit }),
  /** The target in minutes, for sorting and comparing. */
  responseMinutes: z.number().int(),
  internalContacts: z.array(EscalationPerson),
  vendorContacts: z.array(EscalationPerson),
  notes: z.string(),
});
export type EscalationLevel = z.infer<typeof EscalationLevel>;

export const EscalationMatrix = z
  .object({
    engagementId: z.string(),
    levels: z.array(EscalationLevel),
    updatedAt: Instant.nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'EscalationMatrix' });
export type EscalationMatrix = z.infer<typeof EscalationMatrix>;

/** Who may be named in the matrix: the internal users and the engagement's vendor's contacts. */
export const EscalationCandidates = z.object({
  users: z.array(EscalationPerson),
  vendorContacts: z.array(EscalationPerson),
});
export type EscalationCandidates = z.infer<typeof EscalationCandidates>;

import { z } from 'zod';
import { Instant, ListQuery } from './common';

export const Change = z.object({ before: z.unknown().optional(), after: z.unknown().optional() });

export const AuditEvent = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    at: Instant,
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    changes: z.record(z.string(), Change),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = ListQuery.extend({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
});

export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenId: z.string().nullable(),
  /** Why the first broken event fails: its hash, or the link to the event before it. */
  reason: z.string().nullable(),
});

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

/** A signed checkpoint of the chain's head: event `seq` had hash `hash` at `at`. */
export const AuditCheckpoint = z
  .object({ seq: z.number().int(), hash: z.string(), at: Instant })
  .meta({ id: 'AuditCheckpoint' });

export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenId: z.string().nullable(),
  /**
   * Why the chain fails: an event's hash or its link to the one before, a gap, a head that does not
   * match, or the signed checkpoints (an event that differs from one, a chain shorter than the
   * furthest, a line whose signature does not verify, a checkpoint file that lacks checkpoints the
   * database says were made).
   */
  reason: z.string().nullable(),
  /** The checkpoint file, outside the database: what the chain was compared with. */
  checkpoints: z.object({
    /** Checkpoints in the file whose signature verifies (each compared with the chain). */
    checked: z.number().int(),
    /** The one with the highest sequence number: the chain must reach at least this far. */
    furthest: AuditCheckpoint.nullable(),
    /** Checkpoints the database records as written. */
    recorded: z.number().int(),
  }),
});

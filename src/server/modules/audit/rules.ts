import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { AuditEventRow } from '../../db/schema';
import { canonicalJson } from '../../lib/canonical-json';

export type Changes = Record<string, { before?: unknown; after?: unknown }>;

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers: the stored event but its hashes, the changes parsed. */
export type HashedEvent = Omit<AuditEventRow, 'changes' | 'prevHash' | 'hash'> & { changes: Changes };

/** SHA-256 over the previous event's hash and this event's canonical JSON. */
export function eventHash(prevHash: string, event: HashedEvent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(event)).digest('hex');
}

/** The fields that differ between two snapshots, as before/after pairs. */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Changes {
  const out: Changes = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const b = before?.[key];
    const a = after?.[key];
    if (canonicalJson(b ?? null) === canonicalJson(a ?? null)) continue;
    out[key] = {};
    if (before) out[key].before = b ?? null;
    if (after) out[key].after = a ?? null;
  }
  return out;
}

export interface ChainLink {
  id: string;
  seq: number;
  prevHash: string;
  hash: string;
  event: HashedEvent;
}

interface ChainCheck {
  ok: boolean;
  lastHash: string;
  lastSeq: number;
  brokenId: string | null;
  reason: string | null;
}

/**
 * Check a run of consecutive events that should follow `prevHash`/`prevSeq`. A deleted row shows
 * as a gap in `seq` or a broken link; an edited row as a hash that no longer matches.
 */
export function checkChain(links: ChainLink[], prevHash: string, prevSeq: number): ChainCheck {
  let lastHash = prevHash;
  let lastSeq = prevSeq;
  for (const link of links) {
    if (link.seq !== lastSeq + 1) {
      return { ok: false, lastHash, lastSeq, brokenId: link.id, reason: `event ${lastSeq + 1} is missing` };
    }
    if (link.prevHash !== lastHash) {
      return {
        ok: false,
        lastHash,
        lastSeq,
        brokenId: link.id,
        reason: 'link to the previous event is broken',
      };
    }
    if (eventHash(link.prevHash, link.event) !== link.hash) {
      return {
        ok: false,
        lastHash,
        lastSeq,
        brokenId: link.id,
        reason: 'event content does not match its hash',
      };
    }
    lastHash = link.hash;
    lastSeq = link.seq;
  }
  return { ok: true, lastHash, lastSeq, brokenId: null, reason: null };
}

/** Why a checkpoint was written: the scheduled job, `outpost backup`, or `outpost audit checkpoint`. */
export type CheckpointReason = 'scheduled' | 'backup' | 'command';
const REASONS: readonly CheckpointReason[] = ['scheduled', 'backup', 'command'];

/** A signed statement "the chain's head was event `seq`, whose hash was `hash`, at `at`". */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  reason: CheckpointReason;
  /** HMAC-SHA256 (hex) over `checkpointPayload`, keyed by `checkpointKey(secret)`. */
  mac: string;
}

/**
 * The checkpoint key: HKDF-SHA256 of the instance secret (salt `outpost`, info
 * `audit-checkpoints`, 32 bytes), as the other keys derived from the secret (lib/secret-box.ts).
 */
export const checkpointKey = (secret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, 'outpost', 'audit-checkpoints', 32));

/** The text a checkpoint's MAC covers; docs/security.md spells it out for verifiers of their own. */
const checkpointPayload = (c: Omit<Checkpoint, 'mac'>) =>
  `outpost-audit-checkpoint/v1\n${c.seq}\n${c.hash}\n${c.at}\n${c.reason}`;

export const signCheckpoint = (key: Buffer, c: Omit<Checkpoint, 'mac'>) =>
  createHmac('sha256', key).update(checkpointPayload(c)).digest('hex');

/** One line of the checkpoint file (JSON, fixed key order, no newline). */
export const checkpointLine = (c: Checkpoint) =>
  JSON.stringify({ v: 1, seq: c.seq, hash: c.hash, at: c.at, reason: c.reason, mac: c.mac });

/** Read one line of the checkpoint file: the checkpoint if its MAC verifies, else what is wrong. */
export function readCheckpointLine(
  key: Buffer,
  line: string,
): { checkpoint: Checkpoint } | { problem: string } {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line);
  } catch {
    return { problem: 'is not a checkpoint (not JSON)' };
  }
  const c = raw as unknown as Checkpoint & { v: unknown };
  const wellFormed =
    raw !== null &&
    typeof raw === 'object' &&
    c.v === 1 &&
    Number.isSafeInteger(c.seq) &&
    c.seq >= 0 &&
    typeof c.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(c.hash) &&
    typeof c.at === 'string' &&
    !Number.isNaN(Date.parse(c.at)) &&
    REASONS.includes(c.reason) &&
    typeof c.mac === 'string' &&
    /^[0-9a-f]{64}$/.test(c.mac);
  if (!wellFormed) return { problem: 'is not a checkpoint (a field is missing or malformed)' };
  const expected = Buffer.from(signCheckpoint(key, c), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(c.mac, 'hex')))
    return {
      problem: 'has a signature that does not verify (forged, edited, or signed with another secret)',
    };
  return { checkpoint: { seq: c.seq, hash: c.hash, at: c.at, reason: c.reason, mac: c.mac } };
}

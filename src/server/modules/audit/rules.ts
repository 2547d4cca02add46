import { createHash } from 'node:crypto';
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

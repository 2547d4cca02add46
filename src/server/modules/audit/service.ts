import type { z } from 'zod';
import type { AuditEvent, AuditQuery } from '../../../contracts/audit';
import { afterCommit, type Database, type Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { AuditEventRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import { type CheckpointOptions, createCheckpoints, furthest } from './checkpoints';
import * as repo from './repository';
import {
  type ChainLink,
  type Changes,
  type Checkpoint,
  checkChain,
  eventHash,
  GENESIS_HASH,
  type HashedEvent,
} from './rules';

interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  changes?: Changes;
}

/** What other services get: write one event inside their own transaction. */
export interface AuditRecorder {
  record(tx: Executor, actor: Actor, entry: AuditEntry): Promise<void>;
}

function toHashed(row: AuditEventRow): HashedEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    at: row.at,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    changes: JSON.parse(row.changes) as Changes,
    requestId: row.requestId,
    ip: row.ip,
  };
}

const toApi = (row: AuditEventRow): AuditEvent => ({ ...toHashed(row), hash: row.hash });

/**
 * Audited writes this process has committed so far. Every mutation is audited in its transaction,
 * so a cache of read models (the quality portfolio) drops what it holds when this moves; writes by
 * other processes are covered by the cache's time limit. It moves after the commit, not when the
 * event is written: a reader that looks at it before its query and finds it unchanged afterwards
 * cannot have read data a write had not committed yet (on PostgreSQL, another connection reads
 * the committed state while the writer's transaction is open).
 */
let auditedWrites = 0;

export function createAuditService({
  db,
  clock,
  checkpointOptions,
}: {
  db: Database['db'];
  clock: Clock;
  /** Where signed checkpoints go; see checkpoints.ts. */
  checkpointOptions: CheckpointOptions;
}) {
  const checkpoints = createCheckpoints({ db, clock, options: checkpointOptions });
  const recorder: AuditRecorder = {
    async record(tx, actor, entry) {
      const head = await repo.lockHead(tx);
      const event: HashedEvent = {
        id: newId('aud'),
        seq: head.lastSeq + 1,
        at: clock.now().toISOString(),
        actorId: actor.id,
        actorName: actor.name,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        changes: entry.changes ?? {},
        requestId: actor.requestId,
        ip: actor.ip,
      };
      const hash = eventHash(head.lastHash, event);
      await repo.append(tx, {
        ...event,
        changes: JSON.stringify(event.changes),
        prevHash: head.lastHash,
        hash,
      });
      afterCommit(tx, () => {
        auditedWrites++;
      });
    },
  };

  return {
    ...recorder,
    /** Audited writes this process has committed (see above): a read-model cache's version. */
    committedWrites: () => auditedWrites,
    /** Signed checkpoints of the chain's head, outside the database. */
    checkpoints,

    /**
     * What changed on these entity types from an instant on, oldest first, for rebuilding records
     * as they stood before it (the DORA register). No permission check: the caller checks its own.
     */
    async changesSince(executor: Executor, entityTypes: string[], at: string) {
      const rows = await repo.eventsSince(executor, entityTypes, at);
      return rows.map((r) => ({
        seq: Number(r.seq),
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        changes: JSON.parse(r.changes) as Changes,
      }));
    },

    async list(actor: Actor, query: z.infer<typeof AuditQuery>) {
      authorize(actor, 'auditEvent', 'read');
      const rows = await repo.list(db, query, query.limit, query.cursor);
      return toPage(rows, query.limit, (r) => [Number(r.seq), r.id], toApi);
    },

    /**
     * Walk the whole chain in batches and report the first problem: an event that fails its hash
     * or link, a gap, a head that does not match the chain's end; then against the signed
     * checkpoints: an event whose hash differs from a checkpoint's, a chain that ends before the
     * furthest checkpoint, a checkpoint line whose signature does not verify, and a checkpoint file
     * that lacks checkpoints the database says were made.
     */
    async verify(actor: Actor) {
      authorize(actor, 'auditEvent', 'verify');
      const file = await checkpoints.read();
      const recorded = await repo.checkpointSummary(db);
      const far = furthest(file.valid);
      const summary = {
        checked: file.valid.length,
        furthest: far && { seq: far.seq, hash: far.hash, at: far.at },
        recorded: recorded.count,
      };
      const bySeq = new Map<number, Checkpoint[]>();
      for (const c of file.valid) bySeq.set(c.seq, [...(bySeq.get(c.seq) ?? []), c]);
      const fail = (checked: number, firstBrokenId: string | null, reason: string) => ({
        ok: false,
        checked,
        firstBrokenId,
        reason,
        checkpoints: summary,
      });
      const rewritten = (seq: number, c: Checkpoint) =>
        `event ${seq} does not have the hash the checkpoint of ${c.at} signed for it: the chain was rewritten`;

      for (const c of bySeq.get(0) ?? []) if (c.hash !== GENESIS_HASH) return fail(0, null, rewritten(0, c));
      let prevHash = GENESIS_HASH;
      let prevSeq = 0;
      let checked = 0;
      let lastId: string | null = null;
      for (;;) {
        const rows = await repo.batchAfter(db, prevSeq, 2000);
        if (rows.length === 0) break;
        const links: ChainLink[] = rows.map((r) => ({
          id: r.id,
          seq: Number(r.seq),
          prevHash: r.prevHash,
          hash: r.hash,
          event: toHashed(r),
        }));
        const result = checkChain(links, prevHash, prevSeq);
        if (!result.ok) {
          checked += links.findIndex((l) => l.id === result.brokenId);
          return fail(checked, result.brokenId, result.reason ?? 'the chain is broken');
        }
        for (const [i, link] of links.entries())
          for (const c of bySeq.get(link.seq) ?? [])
            if (c.hash !== link.hash) return fail(checked + i, link.id, rewritten(link.seq, c));
        checked += links.length;
        prevHash = result.lastHash;
        prevSeq = result.lastSeq;
        lastId = links[links.length - 1]!.id;
      }
      const head = await repo.head(db);
      if (head.lastSeq !== prevSeq || head.lastHash !== prevHash) {
        return fail(
          checked,
          lastId,
          `the chain ends at event ${prevSeq} but ${head.lastSeq} were written: later events are missing`,
        );
      }
      if (far && far.seq > prevSeq)
        return fail(
          checked,
          lastId,
          `the chain ends at event ${prevSeq}, but the checkpoint of ${far.at} signed event ${far.seq}: ` +
            `the newest ${far.seq - prevSeq} event(s) were deleted and the head rewound`,
        );
      const bad = file.problems[0];
      if (bad) return fail(checked, null, `line ${bad.line} of the checkpoint file ${bad.problem}`);
      const newest = recorded.newest;
      if (newest && file.valid.length === 0)
        return fail(
          checked,
          null,
          `no checkpoint: the database records ${recorded.count} checkpoint(s), the newest of event ${newest.seq} at ${newest.at}, ` +
            `but the checkpoint file ${file.exists ? 'has none' : 'does not exist'} (deleted or emptied, or OUTPOST_AUDIT_CHECKPOINT_FILE points elsewhere)`,
        );
      if (newest && !file.valid.some((c) => c.mac === newest.mac))
        return fail(
          checked,
          null,
          `the checkpoint file lacks the newest checkpoint the database records (event ${newest.seq} at ${newest.at}): ` +
            'lines were removed from it, or it belongs to another installation',
        );
      return { ok: true, checked, firstBrokenId: null, reason: null, checkpoints: summary };
    },
  };
}

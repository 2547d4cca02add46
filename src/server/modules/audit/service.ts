import type { z } from 'zod';
import type { AuditEvent, AuditQuery } from '../../../contracts/audit';
import { afterCommit, type Database, type Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { AuditEventRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import * as repo from './repository';
import { type ChainLink, type Changes, checkChain, eventHash, type HashedEvent } from './rules';

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

export function createAuditService({ db, clock }: { db: Database['db']; clock: Clock }) {
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

    async list(actor: Actor, query: z.infer<typeof AuditQuery>) {
      authorize(actor, 'auditEvent', 'read');
      const rows = await repo.list(db, query, query.limit, query.cursor);
      return toPage(rows, query.limit, (r) => [Number(r.seq), r.id], toApi);
    },

    /** Walk the whole chain in batches; report the first event that fails. */
    async verify(actor: Actor) {
      authorize(actor, 'auditEvent', 'verify');
      let prevHash = '0'.repeat(64);
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
          return { ok: false, checked, firstBrokenId: result.brokenId, reason: result.reason };
        }
        checked += links.length;
        prevHash = result.lastHash;
        prevSeq = result.lastSeq;
        lastId = links[links.length - 1]!.id;
      }
      const head = await repo.head(db);
      if (head.lastSeq !== prevSeq || head.lastHash !== prevHash) {
        return {
          ok: false,
          checked,
          firstBrokenId: lastId,
          reason: `the chain ends at event ${prevSeq} but ${head.lastSeq} were written: later events are missing`,
        };
      }
      return { ok: true, checked, firstBrokenId: null, reason: null };
    },
  };
}

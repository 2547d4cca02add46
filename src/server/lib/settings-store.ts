/**
 * One organisation-wide setting kept as a JSON document (the organisation itself, and the risk,
 * diligence, data-sharing and assurance settings): read with its defaults when nothing is stored
 * or what is stored no longer parses, replaced and audited in one transaction. Each module gives
 * the row its document lives in, its schema and defaults, the policy resource and the audit names.
 */
import type { z } from 'zod';
import type { Resource } from '../../contracts/policy';
import type { Database, Executor } from '../db/database';
import { diff } from '../modules/audit/rules';
import type { AuditRecorder } from '../modules/audit/service';
import { type Actor, authorize } from '../policy';
import type { Clock } from './clock';

/** Where a document is stored: a repository's get and put of one row. */
interface SettingsRow {
  get(db: Executor): Promise<unknown | undefined>;
  put(db: Executor, value: unknown, at: string): Promise<unknown>;
}

interface SettingsSpec<T extends object> {
  row: SettingsRow;
  /** What a stored document must parse as; its output is what readers get. */
  schema: z.ZodType<T>;
  /** Answered when nothing is stored or what is stored does not parse. */
  defaults: T;
  /** Who may read and replace the setting. */
  resource: Resource;
  /** The audit event's action and entity type; the entity id is `organisation`. */
  action: string;
  entityType: string;
}

const ENTITY_ID = 'organisation';

export function createSettingsStore<T extends object>(
  deps: { db: Database['db']; audit: AuditRecorder; clock: Clock },
  spec: SettingsSpec<T>,
) {
  const { db, audit, clock } = deps;

  /** The setting as stored, or its defaults; no permission check. */
  async function read(tx: Executor = db): Promise<T> {
    const parsed = spec.schema.safeParse(await spec.row.get(tx));
    return parsed.success ? parsed.data : spec.defaults;
  }

  /** Store `value` in the caller's transaction and audit the change from `before`. */
  async function write(tx: Executor, actor: Actor, before: T | null, value: T): Promise<T> {
    await spec.row.put(tx, value, clock.now().toISOString());
    await audit.record(tx, actor, {
      action: spec.action,
      entityType: spec.entityType,
      entityId: ENTITY_ID,
      changes: diff(before as Record<string, unknown> | null, value as Record<string, unknown>),
    });
    return value;
  }

  return {
    read,

    async get(actor: Actor): Promise<T> {
      authorize(actor, spec.resource, 'read');
      return read();
    },

    /**
     * Replace the setting; `then` runs in the same transaction after the write (data-sharing
     * re-tiers its vendors there).
     */
    async put(actor: Actor, value: T, then?: (tx: Executor) => Promise<void>): Promise<T> {
      authorize(actor, spec.resource, 'update');
      return db.transaction().execute(async (tx) => {
        await write(tx, actor, await read(tx), value);
        await then?.(tx);
        return value;
      });
    },

    /** Store a first value inside the caller's transaction (setup): audited as created, not changed. */
    init: (tx: Executor, actor: Actor, value: T) => write(tx, actor, null, value),
  };
}

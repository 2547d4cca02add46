import { Organisation } from '../../../contracts/accounts';
import type { Database, Executor } from '../../db/database';
import type { Clock } from '../../lib/clock';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import * as repo from './repository';
import { withDefaults } from './rules';

const KEY = 'organisation';
/** Built once: making a zod schema per read costs more than the read (every request asks). */
const StoredOrganisation = Organisation.partial();

export function createSettingsService({
  db,
  audit,
  clock,
}: {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
}) {
  async function read(tx: Executor): Promise<Organisation> {
    const stored = await repo.getSetting(tx, KEY);
    const parsed = StoredOrganisation.safeParse(stored ?? {});
    return withDefaults(parsed.success ? parsed.data : undefined);
  }

  return {
    /** The organisation as other services see it (no permission check: it is not secret). */
    organisation: () => read(db),
    /** The same, read inside the caller's transaction. */
    organisationIn: (tx: Executor) => read(tx),

    async getOrganisation(actor: Actor) {
      authorize(actor, 'organisation', 'read');
      return read(db);
    },

    /** Store the organisation inside a caller's transaction (setup). */
    async initOrganisation(tx: Executor, actor: Actor, partial: Partial<Organisation> | undefined) {
      const value = withDefaults(partial);
      await repo.putSetting(tx, KEY, value, clock.now().toISOString());
      await audit.record(tx, actor, {
        action: 'organisation.update',
        entityType: 'organisation',
        entityId: KEY,
        changes: diff(null, value),
      });
      return value;
    },

    async putOrganisation(actor: Actor, value: Organisation) {
      authorize(actor, 'organisation', 'update');
      return db.transaction().execute(async (tx) => {
        const before = await read(tx);
        await repo.putSetting(tx, KEY, value, clock.now().toISOString());
        await audit.record(tx, actor, {
          action: 'organisation.update',
          entityType: 'organisation',
          entityId: KEY,
          changes: diff(before, value),
        });
        return value;
      });
    },

    /** A one-time latch so that two concurrent setups cannot both create an owner. */
    claimSetup: (tx: Executor) =>
      repo.insertSettingOnce(tx, 'setup', { done: true }, clock.now().toISOString()),
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;

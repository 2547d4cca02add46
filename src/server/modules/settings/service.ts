import { Organisation } from '../../../contracts/accounts';
import type { Database, Executor } from '../../db/database';
import type { Clock } from '../../lib/clock';
import { createSettingsStore } from '../../lib/settings-store';
import type { Actor } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import * as repo from './repository';
import { DEFAULT_ORGANISATION, withDefaults } from './rules';

const KEY = 'organisation';

export function createSettingsService(deps: { db: Database['db']; audit: AuditRecorder; clock: Clock }) {
  const { clock } = deps;
  const organisation = createSettingsStore(deps, {
    row: {
      get: (tx) => repo.getSetting(tx, KEY),
      put: (tx, value, at) => repo.putSetting(tx, KEY, value, at),
    },
    // Built once: making a zod schema per read costs more than the read (every request asks).
    // What is stored may be partial; the defaults fill in the rest.
    schema: Organisation.partial().optional().transform(withDefaults),
    defaults: DEFAULT_ORGANISATION,
    resource: 'organisation',
    action: 'organisation.update',
    entityType: 'organisation',
  });

  return {
    /** The organisation as other services see it (no permission check: it is not secret). */
    organisation: () => organisation.read(),
    /** The same, read inside the caller's transaction. */
    organisationIn: (tx: Executor) => organisation.read(tx),

    getOrganisation: organisation.get,

    /** Store the organisation inside a caller's transaction (setup). */
    initOrganisation: (tx: Executor, actor: Actor, partial: Partial<Organisation> | undefined) =>
      organisation.init(tx, actor, withDefaults(partial)),

    putOrganisation: (actor: Actor, value: Organisation) => organisation.put(actor, value),

    /** A one-time latch so that two concurrent setups cannot both create an owner. */
    claimSetup: (tx: Executor) =>
      repo.insertSettingOnce(tx, 'setup', { done: true }, clock.now().toISOString()),
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;

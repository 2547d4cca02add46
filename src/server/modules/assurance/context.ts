/**
 * What every part of the assurance module shares: its narrow dependencies on other modules, the
 * settings, today's date in the organisation's time zone, and the names of people it shows.
 */
import { AssuranceSettings, DEFAULT_ASSURANCE_SETTINGS } from '../../../contracts/assurance';
import type { Vendor } from '../../../contracts/vendors';
import type { Database, Executor } from '../../db/database';
import { invalid } from '../../errors';
import type { Clock } from '../../lib/clock';
import { organisationToday } from '../../lib/dates';
import { createSettingsStore } from '../../lib/settings-store';
import { type Actor, systemActor } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { PublishInput } from '../events/service';
import type { FileAttachments } from '../files/service';
import * as repo from './repository';
import type { TierInfo } from './rules';

export interface AssuranceDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  events: { publish(tx: Executor, input: PublishInput): Promise<unknown> };
  organisation: () => Promise<{ timezone: string }>;
  /** The vendor as the actor may see it, with its contacts (404 outside a vendor user's own vendor). */
  vendors: { get(actor: Actor, id: string): Promise<Vendor> };
  /** An engagement as the actor may see it (404 otherwise), inside the caller's transaction. */
  engagement: (tx: Executor, actor: Actor, id: string) => Promise<{ id: string; vendorId: string }>;
  /** Active internal users (id, name), and any users' roles. */
  users: {
    internal(tx: Executor): Promise<Array<{ id: string; name: string }>>;
    byIds(tx: Executor, ids: string[]): Promise<Array<{ id: string; role: string }>>;
  };
  files: FileAttachments;
  /**
   * The vendor's risk tier and reassessment interval, from the data-sharing register. While that
   * module is not wired, the fallback answers `tier: null` and 12 months.
   */
  tierOf: (db: Executor, vendorId: string) => Promise<TierInfo>;
  /** Owners and administrators, for recurring campaigns of vendors without an owner. */
  admins: () => Promise<string[]>;
}

const WRITER_ROLES = ['owner', 'admin', 'manager'];

export function createContext(deps: AssuranceDeps) {
  const { db, clock } = deps;
  const system = systemActor('assurance');

  /** The stored settings, or the defaults; a stored document that no longer parses falls back too. */
  const settingsStore = createSettingsStore(deps, {
    row: { get: repo.getSettings, put: repo.putSettings },
    schema: AssuranceSettings,
    defaults: DEFAULT_ASSURANCE_SETTINGS,
    resource: 'assuranceSettings',
    action: 'assurance.settings.update',
    entityType: 'assurance_settings',
  });
  const settings = settingsStore.read;

  /** Read before any transaction: the organisation lives in another module. */
  const today = () => organisationToday(clock, deps.organisation);

  /** Names of the active internal users, by id (for reviewers, owners, approvers). */
  async function userNames(tx: Executor = db): Promise<Map<string, string>> {
    return new Map((await deps.users.internal(tx)).map((u) => [u.id, u.name]));
  }

  /** The user must be an internal user who may write (owner, admin, manager): 422 naming `field` otherwise. */
  async function checkWriter(tx: Executor, id: string, field: string) {
    const [user] = await deps.users.byIds(tx, [id]);
    const active = (await deps.users.internal(tx)).some((u) => u.id === id);
    if (!user || !active || !WRITER_ROLES.includes(user.role))
      throw invalid([{ field, message: 'must be the id of an active owner, administrator or manager' }]);
  }

  /** Contacts of the vendors, by id, read as the system (callers have checked what the actor may see). */
  async function contactsOf(vendorIds: string[]) {
    const out = new Map<string, { name: string; email: string | null }>();
    for (const vendorId of [...new Set(vendorIds)]) {
      const vendor = await deps.vendors.get(system, vendorId).catch(() => undefined);
      for (const c of vendor?.contacts ?? []) out.set(c.id, { name: c.name, email: c.email });
    }
    return out;
  }

  return {
    deps,
    system,
    settings,
    settingsStore,
    today,
    userNames,
    checkWriter,
    contactsOf,
    now: () => clock.now().toISOString(),
    vendor: (actor: Actor, id: string) => deps.vendors.get(actor, id),
  };
}

export type AssuranceContext = ReturnType<typeof createContext>;

/**
 * What every part of the data-sharing module shares: its narrow dependencies on other modules,
 * the settings, today's date, the DTO of an entry, and the tier recomputation that register and
 * criticality changes run inside their own transaction.
 */
import {
  type AgreementType,
  type Classification,
  type DataCategory,
  type DataFlow,
  DataSharingSettings,
  DEFAULT_DATA_SHARING_SETTINGS,
  type Flag,
  type Tier,
} from '../../../contracts/data-sharing';
import type { Criticality } from '../../../contracts/vendors';
import { type Database, type Executor, fromFlag, fromJson } from '../../db/database';
import { lockName } from '../../db/locks';
import type { AgreementRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { organisationToday } from '../../lib/dates';
import { newId } from '../../lib/ids';
import { createSettingsStore } from '../../lib/settings-store';
import type { Actor } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { FileAttachments } from '../files/service';
import type { NotifyInput } from '../notifications/service';
import * as repo from './repository';
import {
  agreementStatus,
  dpaFlag,
  flagsOf,
  highestClassification,
  holdsPersonalData,
  tierFor,
} from './rules';

export interface DataSharingDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  organisation: () => Promise<{ country: string; timezone: string }>;
  /** An engagement as the actor may see it (404 outside a vendor user's own vendor). */
  loadEngagement: (
    tx: Executor,
    actor: Actor,
    id: string,
  ) => Promise<{ id: string; vendorId: string; title: string }>;
  vendors: {
    /** The vendor as the actor may see it (404 outside a vendor user's own vendor). */
    get(actor: Actor, id: string): Promise<{ id: string; name: string; ownerId: string | null }>;
    profile(
      tx: Executor,
      id: string,
    ): Promise<{ id: string; name: string; criticality: Criticality } | undefined>;
  };
  files: FileAttachments;
  notify: (tx: Executor, input: NotifyInput) => Promise<number>;
  /** Ids of the active owners and administrators, who hear about every agreement date. */
  admins: () => Promise<string[]>;
  /** After a register entry's sub-processors changed: screen the vendor again (screening). */
  onSubProcessorsChange?: (vendorId: string) => Promise<unknown>;
}

export const toFlowDto = (row: repo.DataFlowWithNames, homeCountry: string): DataFlow => {
  const entry = {
    categories: fromJson<DataCategory[]>(row.categories, []),
    classification: row.classification as Classification,
    dataSubjects: fromJson<string[]>(row.dataSubjects, []),
    processingCountries: fromJson<string[]>(row.processingCountries, []),
    storageCountries: fromJson<string[]>(row.storageCountries, []),
    // Entries stored before the DORA register have no LEI or rank: a direct subcontractor.
    subProcessors: fromJson<DataFlow['subProcessors']>(row.subProcessors, []).map((s) => ({
      ...s,
      lei: s.lei ?? null,
      rank: s.rank ?? 2,
    })),
    transferMechanism: row.transferMechanism as DataFlow['transferMechanism'],
    encryptionAtRest: fromFlag(row.encryptionAtRest),
    encryptionInTransit: fromFlag(row.encryptionInTransit),
  };
  return {
    id: row.id,
    engagementId: row.engagementId,
    engagementTitle: row.engagementTitle,
    vendorId: row.vendorId,
    vendorName: row.vendorName,
    ...entry,
    recordVolume: Number(row.recordVolume),
    purpose: row.purpose,
    legalBasis: row.legalBasis as DataFlow['legalBasis'],
    retention: row.retention,
    exitHandling: fromJson<DataFlow['exitHandling']>(row.exitHandling, {
      action: 'delete',
      certificate: false,
    }),
    flags: flagsOf(homeCountry, entry),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
};

export function createContext(deps: DataSharingDeps) {
  const { clock } = deps;
  const now = () => clock.now().toISOString();

  /** The stored settings, or the defaults; a stored document that no longer parses falls back too. */
  const settingsStore = createSettingsStore(deps, {
    row: { get: repo.getSettings, put: repo.putSettings },
    schema: DataSharingSettings,
    defaults: DEFAULT_DATA_SHARING_SETTINGS,
    resource: 'dataSharingSettings',
    action: 'data_sharing.settings.update',
    entityType: 'data_sharing_settings',
  });
  const settings = settingsStore.read;

  const today = () => organisationToday(clock, deps.organisation);

  /** The tier a vendor has now, from its register, its criticality and the matrix. */
  async function computeTier(tx: Executor, vendorId: string, criticality?: Criticality) {
    const crit = criticality ?? (await deps.vendors.profile(tx, vendorId))?.criticality ?? 'medium';
    const facts = await repo.vendorFlowFacts(tx, vendorId);
    const highest = highestClassification(facts.map((f) => f.classification as Classification));
    return { highest, criticality: crit, ...tierFor(await settings(tx), highest, crit) };
  }

  /**
   * Recompute a vendor's tier inside the caller's transaction and keep a history row when it
   * changed (or when none was kept yet), with why.
   */
  async function recomputeTier(
    tx: Executor,
    actor: Actor,
    vendorId: string,
    cause: string,
    criticality?: Criticality,
  ): Promise<void> {
    // The vendor's tier follows every register entry: a concurrent change of the vendor's entries
    // waits here and then computes from what this one wrote (each read its own entries only before).
    await lockName(tx, `vendor-tier:${vendorId}`);
    const next = await computeTier(tx, vendorId, criticality);
    const last = await repo.lastTier(tx, vendorId);
    if (last && Number(last.tier) === next.tier) return;
    await repo.insertTierChange(tx, {
      id: newId('tch'),
      vendorId,
      tier: next.tier,
      previousTier: last ? Number(last.tier) : null,
      highestClassification: next.highest,
      criticality: next.criticality,
      reason: `${next.reason} (${cause})`,
      changedBy: actor.id,
      at: now(),
    });
  }

  /** The vendor-level flags: personal data in the register and no current DPA. */
  async function vendorFlags(tx: Executor, vendorId: string, day: string): Promise<Flag[]> {
    const [facts, agreements] = await Promise.all([
      repo.vendorFlowFacts(tx, vendorId),
      repo.agreementsOf(tx, vendorId),
    ]);
    return dpaFlags(facts, agreements, day);
  }

  return { deps, settings, settingsStore, today, now, computeTier, recomputeTier, vendorFlags };
}

export function dpaFlags(
  facts: Array<{ categories: string }>,
  agreements: AgreementRow[],
  day: string,
): Flag[] {
  const personal = facts.filter((f) => holdsPersonalData(fromJson<DataCategory[]>(f.categories, []))).length;
  const flag = dpaFlag(
    personal,
    agreements.map((a) => ({ type: a.type as AgreementType, status: agreementStatus(a, day) })),
  );
  return flag ? [flag] : [];
}

export type DataSharingContext = ReturnType<typeof createContext>;
export type { Tier };

/**
 * What every part of the diligence module shares: its narrow dependencies on other modules, the
 * settings, today's date in the organisation's time zone, and loading a vendor the actor may see.
 */
import {
  type Certification,
  type CertStandard,
  DEFAULT_DILIGENCE_SETTINGS,
  DiligenceSettings,
} from '../../../contracts/diligence';
import type { Vendor } from '../../../contracts/vendors';
import type { Database, Executor } from '../../db/database';
import type { CertificationRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { todayIn } from '../../lib/dates';
import { createSettingsStore } from '../../lib/settings-store';
import type { Actor } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { PublishInput } from '../events/service';
import type { FileAttachments } from '../files/service';
import type { ClosedMonth, ScorecardsOf } from './performance';
import * as repo from './repository';
import { certificationStatus } from './rules';

export interface DiligenceDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  organisation: () => Promise<{ timezone: string }>;
  /** The vendor as the actor may see it (404 outside a vendor user's own vendor). */
  vendors: { get(actor: Actor, id: string): Promise<Vendor> };
  users: { byIds(tx: Executor, ids: string[]): Promise<Array<{ id: string; role: string }>> };
  files: FileAttachments;
  /** The vendor's risk tier (data-sharing), which may ask for a stricter checklist; null when unknown. */
  tierOf: (vendorId: string) => Promise<1 | 2 | 3 | 4 | null>;
  /** Closed client SLA months of some engagements (the quality module), no permission check. */
  closedMonths: (executor: Executor, engagementIds: string[]) => Promise<ClosedMonth[]>;
  /** An engagement's scorecards as the actor may see them, with the trend of their totals. */
  scorecards: (actor: Actor, engagementId: string) => Promise<ScorecardsOf>;
  /** Completed questionnaire assessments of a vendor with their score and flags, newest first. */
  completedAssessments: (vendorId: string) => Promise<Array<{ score: number | null; openFlags: number }>>;
  /** The vendor's data processing agreements with their status today. */
  dpas: (vendorId: string) => Promise<Array<{ status: 'pending' | 'current' | 'expired' }>>;
  /** Publish a domain event once under a key (reminders are announced once; notifications follow from the bus). */
  publishOnce: (tx: Executor, key: string, input: PublishInput) => Promise<unknown>;
  /** The vendor's engagements, read through the engagements service. */
  engagementsOf: (
    actor: Actor,
    vendorId: string,
  ) => Promise<
    Array<{
      id: string;
      title: string;
      function: string;
      status: string;
      startDate: string;
      endDate: string | null;
    }>
  >;
}

/** Today and the expiring window: what a certificate's status is computed from. */
export interface StatusContext {
  today: string;
  windowDays: number;
}

export function toCertificationDto(row: CertificationRow, ctx: StatusContext): Certification {
  return {
    id: row.id,
    vendorId: row.vendorId,
    standard: row.standard as CertStandard,
    standardName: row.standardName,
    certificateNumber: row.certificateNumber,
    issuer: row.issuer,
    scope: row.scope,
    issuedOn: row.issuedOn,
    expiresOn: row.expiresOn,
    evidenceFileId: row.evidenceFileId,
    verifiedBy: row.verifiedBy,
    verifiedAt: row.verifiedAt,
    ...certificationStatus(row.expiresOn, ctx.today, ctx.windowDays),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function createContext(deps: DiligenceDeps) {
  const { clock } = deps;

  /** The stored settings, or the defaults; a stored document that no longer parses falls back too. */
  const settingsStore = createSettingsStore(deps, {
    row: { get: repo.getSettings, put: repo.putSettings },
    schema: DiligenceSettings,
    defaults: DEFAULT_DILIGENCE_SETTINGS,
    resource: 'diligenceSettings',
    action: 'diligence.settings.update',
    entityType: 'diligence_settings',
  });
  const settings = settingsStore.read;

  /** Read before any transaction: the organisation lives in another module. */
  async function statusContext(): Promise<StatusContext> {
    const [org, s] = await Promise.all([deps.organisation(), settings()]);
    return { today: todayIn(clock.now(), org.timezone), windowDays: s.expiringWindowDays };
  }

  return {
    deps,
    settings,
    settingsStore,
    statusContext,
    now: () => clock.now().toISOString(),
    /** Load the vendor as the actor may see it; throws 404 otherwise. */
    vendor: (actor: Actor, id: string) => deps.vendors.get(actor, id),
  };
}

export type DiligenceContext = ReturnType<typeof createContext>;

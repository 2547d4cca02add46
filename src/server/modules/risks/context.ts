/**
 * What every part of the risks module shares: its narrow dependencies on other modules, today
 * in the organisation's time zone, the settings, and turning a row into the API's shape.
 */
import {
  type Control,
  DEFAULT_RISK_SETTINGS,
  type Risk,
  type RiskCategory,
  type RiskKind,
  RiskSettings,
  type RiskStatus,
} from '../../../contracts/risks';
import { type Database, type Executor, fromJson } from '../../db/database';
import type { RiskRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { organisationToday } from '../../lib/dates';
import { createSettingsStore } from '../../lib/settings-store';
import type { AuditRecorder } from '../audit/service';
import type { PublishInput } from '../events/service';
import * as repo from './repository';
import { allowedTransitions, type SignalCondition } from './rules';

/**
 * A source of automatic signals: it says which conditions hold now. module.ts registers each
 * with `risks.signals.register(source)`; `name` must be unique and stable,
 * since a source's open signals close when it answers without them.
 */
export interface SignalSource {
  name: string;
  evaluate(executor: Executor, now: Date): Promise<SignalCondition[]>;
}

export interface RiskDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  organisation: () => Promise<{ timezone: string }>;
  /** A vendor's name (no permission check: the risks service checks its own). */
  vendor: (tx: Executor, id: string) => Promise<{ name: string } | undefined>;
  /** An engagement's title and vendor, or undefined when there is none. */
  engagement: (tx: Executor, id: string) => Promise<{ title: string; vendorId: string } | undefined>;
  /** Active internal users (owners of risks and controls). */
  internalUsers: (tx: Executor) => Promise<Array<{ id: string; name: string }>>;
  publish: (tx: Executor, input: PublishInput) => Promise<unknown>;
}

type UserNames = Map<string, { name: string }>;

export function createContext(deps: RiskDeps) {
  const { db, clock } = deps;

  const today = () => organisationToday(clock, deps.organisation);

  /** The stored settings, or the defaults; a stored document that no longer parses falls back too. */
  const settingsStore = createSettingsStore(deps, {
    row: { get: repo.getSettings, put: repo.putSettings },
    schema: RiskSettings,
    defaults: DEFAULT_RISK_SETTINGS,
    resource: 'riskSettings',
    action: 'risk.settings.update',
    entityType: 'risk_settings',
  });
  const settings = settingsStore.read;

  async function users(tx: Executor = db): Promise<UserNames> {
    return new Map((await deps.internalUsers(tx)).map((u) => [u.id, { name: u.name }]));
  }

  /** Names of the vendors and engagements of some rows, looked up once each. */
  async function labels(tx: Executor, rows: RiskRow[]) {
    const vendors = new Map<string, string | null>();
    const engagements = new Map<string, string | null>();
    for (const r of rows) {
      if (r.vendorId && !vendors.has(r.vendorId))
        vendors.set(r.vendorId, (await deps.vendor(tx, r.vendorId))?.name ?? null);
      if (r.engagementId && !engagements.has(r.engagementId))
        engagements.set(r.engagementId, (await deps.engagement(tx, r.engagementId))?.title ?? null);
    }
    return { vendors, engagements };
  }

  function toDto(
    r: RiskRow,
    names: UserNames,
    label: { vendors: Map<string, string | null>; engagements: Map<string, string | null> },
    todayDate: string,
  ): Risk {
    const controls = fromJson<Control[]>(r.controls, []);
    const status = r.status as RiskStatus;
    return {
      id: r.id,
      kind: r.kind as RiskKind,
      signalKey: r.signalKey,
      signalSource: r.signalSource,
      vendorId: r.vendorId,
      vendorName: r.vendorId ? (label.vendors.get(r.vendorId) ?? null) : null,
      engagementId: r.engagementId,
      engagementTitle: r.engagementId ? (label.engagements.get(r.engagementId) ?? null) : null,
      title: r.title,
      description: r.description,
      category: r.category as RiskCategory,
      likelihood: Number(r.likelihood),
      impact: Number(r.impact),
      inherentScore: Number(r.inherentScore),
      residualLikelihood: Number(r.residualLikelihood),
      residualImpact: Number(r.residualImpact),
      residualScore: Number(r.residualScore),
      ownerId: r.ownerId,
      ownerName: r.ownerId ? (names.get(r.ownerId)?.name ?? null) : null,
      controls: controls.map((c) => ({
        description: c.description,
        ownerId: c.ownerId ?? null,
        ownerName: c.ownerId ? (names.get(c.ownerId)?.name ?? null) : null,
        dueOn: c.dueOn ?? null,
        done: c.done,
        overdue: !c.done && !!c.dueOn && c.dueOn < todayDate,
      })),
      status,
      allowedTransitions: allowedTransitions(r.kind as RiskKind, status),
      acceptance:
        status === 'accepted' && r.acceptedBy && r.acceptedAt && r.acceptanceExpiresOn
          ? {
              approverId: r.acceptedBy,
              approverName: names.get(r.acceptedBy)?.name ?? null,
              acceptedAt: r.acceptedAt,
              expiresOn: r.acceptanceExpiresOn,
              reason: r.acceptanceReason,
            }
          : null,
      reviewOn: r.reviewOn,
      reviewOverdue: status !== 'closed' && !!r.reviewOn && r.reviewOn < todayDate,
      signalData: r.signalData ? fromJson<Record<string, unknown>>(r.signalData, {}) : null,
      lastSeenAt: r.lastSeenAt,
      closedAt: r.closedAt,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }

  /** Rows as the API shows them (names looked up in one go). Outside transactions: it reads the organisation. */
  async function dtos(rows: RiskRow[]): Promise<Risk[]> {
    const [names, label, t] = await Promise.all([users(db), labels(db, rows), today()]);
    return rows.map((r) => toDto(r, names, label, t));
  }

  return { deps, db, today, settings, settingsStore, users, dtos, now: () => clock.now().toISOString() };
}

export type RiskContext = ReturnType<typeof createContext>;

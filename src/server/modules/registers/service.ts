/**
 * The DORA register of information: the functions (B_06.01) and the register's settings, kept
 * here; everything else read from the modules that own it through narrow functions, as it stood on
 * the reference date (the audit trail undoes what changed since).
 */
import { DateTime } from 'luxon';
import type { Organisation } from '../../../contracts/accounts';
import {
  type DoraFunction,
  type DoraFunctionBody,
  DoraSettings,
  type RegisterView,
} from '../../../contracts/dora';
import type { Database, Executor } from '../../db/database';
import type { DataFlowRow, DoraFunctionRow, EngagementRow } from '../../db/schema';
import { invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { todayIn } from '../../lib/dates';
import { newId } from '../../lib/ids';
import { createSettingsStore } from '../../lib/settings-store';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import { zipPackage } from './package';
import * as repo from './repository';
import {
  buildRegister,
  type ChangeEvent,
  flag,
  packageName,
  parsed,
  type RegisterInput,
  rewind,
} from './rules';

type Rec = Record<string, unknown>;

export interface RegisterDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  /** The audit trail's changes on these entity types from an instant on. */
  changesSince(
    tx: Executor,
    entityTypes: string[],
    at: string,
  ): Promise<Array<ChangeEvent & { entityType: string }>>;
  organisation(tx?: Executor): Promise<Organisation>;
  vendors(
    tx: Executor,
  ): Promise<
    Array<{ id: string; name: string; legalName: string | null; country: string; lei: string | null }>
  >;
  engagements(tx: Executor): Promise<EngagementRow[]>;
  dataFlows(tx: Executor): Promise<DataFlowRow[]>;
  exitPlans(
    tx: Executor,
  ): Promise<Array<{ id: string; substitutability: string | null; reintegration: string | null }>>;
}

/** The audit actions whose changes are a record's own fields, per entity type (contact, site and SOW events are not). */
const ACTIONS: Record<string, RegExp> = {
  vendor: /^vendor\.(create|update|status|delete)$/,
  engagement: /^engagement\.(create|update|status|delete)$/,
  data_flow: /^data_flow\.(create|update|delete)$/,
  exitPlan: /^exitPlan\.(create|update|delete)$/,
  doraFunction: /^doraFunction\.(create|update|delete)$/,
  organisation: /^organisation\.update$/,
  dora_settings: /^dora_settings\.update$/,
};

const functionFields = (r: DoraFunctionRow, engagementIds: string[]) => ({
  identifier: r.identifier,
  name: r.name,
  licensedActivity: r.licensedActivity,
  criticality: r.criticality,
  criticalityReasons: r.criticalityReasons,
  lastAssessedOn: r.lastAssessedOn,
  rtoHours: r.rtoHours === null ? null : Number(r.rtoHours),
  rpoHours: r.rpoHours === null ? null : Number(r.rpoHours),
  discontinuingImpact: r.discontinuingImpact,
  engagementIds,
});

const toDto = (r: DoraFunctionRow, engagementIds: string[]): DoraFunction => ({
  id: r.id,
  ...(functionFields(r, engagementIds) as Omit<DoraFunction, 'id' | 'createdAt' | 'updatedAt'>),
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export function createRegisterService(deps: RegisterDeps) {
  const { db, audit, clock } = deps;
  const now = () => clock.now().toISOString();
  const settings = createSettingsStore(deps, {
    row: { get: repo.getSettings, put: repo.putSettings },
    schema: DoraSettings,
    defaults: DoraSettings.parse({}),
    resource: 'doraRegister',
    action: 'dora_settings.update',
    entityType: 'dora_settings',
  });

  async function checkEngagements(tx: Executor, ids: string[]) {
    const known = new Set((await deps.engagements(tx)).map((e) => e.id));
    const errors = ids
      .map((id, i) =>
        known.has(id) ? null : { field: `engagementIds.${i}`, message: 'is not an engagement' },
      )
      .filter((e) => e !== null);
    if (errors.length) throw invalid(errors);
  }

  async function checkIdentifier(tx: Executor, identifier: string, self?: string) {
    const other = await repo.findByIdentifier(tx, identifier);
    if (other && other.id !== self)
      throw invalid([{ field: 'identifier', message: 'is already the identifier of another function' }]);
  }

  const unique = (ids: string[]) => [...new Set(ids)];

  /** The records as they stood at the end of the reference date in the organisation's time zone. */
  async function inputAt(
    tx: Executor,
    referenceDate: string,
  ): Promise<{ input: RegisterInput; restored: number }> {
    const org = await deps.organisation(tx);
    const today = todayIn(clock.now(), org.timezone);
    const endOfDay = DateTime.fromISO(referenceDate, { zone: org.timezone })
      .plus({ days: 1 })
      .startOf('day')
      .toUTC()
      .toISO()!;
    const [events, vendors, engagements, flows, plans, functions, links, dora] = await Promise.all([
      referenceDate < today ? deps.changesSince(tx, Object.keys(ACTIONS), endOfDay) : Promise.resolve([]),
      deps.vendors(tx),
      deps.engagements(tx),
      deps.dataFlows(tx),
      deps.exitPlans(tx),
      repo.listFunctions(tx),
      repo.links(tx),
      settings.read(tx),
    ]);
    let restored = 0;
    const at = <T extends { id: string }>(type: string, current: T[]) => {
      const mine = events.filter((e) => e.entityType === type && ACTIONS[type]!.test(e.action));
      const r = rewind(new Map(current.map((c) => [c.id, c as unknown as Rec])), mine);
      restored += r.restored;
      return [...r.records.values()].map((rec): Rec & { id: string } => ({
        ...rec,
        id: String(rec.id ?? ''),
      }));
    };
    const [orgAt] = at('organisation', [{ ...org, id: 'organisation' }]);
    const [doraAt] = at('dora_settings', [{ ...dora, id: 'organisation' }]);
    const input: RegisterInput = {
      referenceDate,
      reportingDate: today,
      organisation: {
        name: String(orgAt?.name ?? org.name),
        country: String(orgAt?.country ?? org.country),
        currency: String(orgAt?.currency ?? org.currency),
        lei: (orgAt?.lei as string | null | undefined) ?? null,
      },
      settings: DoraSettings.parse(
        Object.fromEntries(
          Object.entries({ ...dora, ...(doraAt ?? {}) }).filter(([k]) => k in DoraSettings.shape),
        ),
      ),
      vendors: at('vendor', vendors).map((v) => ({
        id: v.id,
        name: String(v.name),
        legalName: (v.legalName as string | null) ?? null,
        country: String(v.country),
        lei: (v.lei as string | null) ?? null,
      })),
      engagements: at('engagement', engagements).map((e) => ({
        id: e.id,
        vendorId: String(e.vendorId),
        title: String(e.title),
        status: String(e.status),
        startDate: String(e.startDate),
        endDate: (e.endDate as string | null) ?? null,
        currency: String(e.currency),
        monthlyFee: Number(e.monthlyFee ?? 0),
        noticePeriodDays: Number(e.noticePeriodDays ?? 0),
        ictServiceType: (e.ictServiceType as string | null) ?? null,
        supportsCriticalFunction: flag(e.supportsCriticalFunction),
      })),
      flows: at('data_flow', flows).map((f) => ({
        id: f.id,
        engagementId: String(f.engagementId),
        classification: String(f.classification),
        storageCountries: parsed<string[]>(f.storageCountries, []),
        processingCountries: parsed<string[]>(f.processingCountries, []),
        subProcessors: parsed<Array<{ name: string; country: string; lei?: string | null; rank?: number }>>(
          f.subProcessors,
          [],
        ).map((s) => ({ name: s.name, country: s.country, lei: s.lei ?? null, rank: s.rank ?? 2 })),
      })),
      exitPlans: at('exitPlan', plans).map((p) => ({
        engagementId: p.id,
        substitutability: (p.substitutability as string | null) ?? null,
        reintegration: (p.reintegration as string | null) ?? null,
      })),
      functions: at(
        'doraFunction',
        functions.map((f) => ({ id: f.id, ...functionFields(f, links.get(f.id) ?? []) })),
      ).map((f) => ({
        id: f.id,
        identifier: String(f.identifier),
        name: String(f.name),
        licensedActivity: (f.licensedActivity as string | null) ?? null,
        criticality: String(f.criticality),
        criticalityReasons: (f.criticalityReasons as string | null) ?? null,
        lastAssessedOn: (f.lastAssessedOn as string | null) ?? null,
        rtoHours: f.rtoHours == null ? null : Number(f.rtoHours),
        rpoHours: f.rpoHours == null ? null : Number(f.rpoHours),
        discontinuingImpact: (f.discontinuingImpact as string | null) ?? null,
        engagementIds: parsed<string[]>(f.engagementIds, []),
      })),
    };
    return { input, restored };
  }

  async function build(referenceDate: string | undefined) {
    const org = await deps.organisation();
    const date = referenceDate ?? todayIn(clock.now(), org.timezone);
    const { input, restored } = await db.transaction().execute((tx) => inputAt(tx, date));
    const { templates, issues } = buildRegister(input);
    const lei = input.organisation.lei ?? 'NO-LEI';
    const name = packageName(lei, input.settings.level, input.organisation.country, date, clock.now());
    return { input, templates, issues, restored, name, date };
  }

  return {
    getSettings: settings.get,
    putSettings: (actor: Actor, value: DoraSettings) => settings.put(actor, value),

    async view(actor: Actor, referenceDate?: string): Promise<RegisterView> {
      authorize(actor, 'doraRegister', 'read');
      const r = await build(referenceDate);
      return {
        referenceDate: r.date,
        fileName: `${r.name}.zip`,
        templates: r.templates,
        issues: r.issues,
        reconstructed: r.restored,
      };
    },

    /** The report package as of the reference date, and its file name by the convention. */
    async package(actor: Actor, referenceDate?: string): Promise<{ fileName: string; bytes: Uint8Array }> {
      authorize(actor, 'doraRegister', 'export');
      const r = await build(referenceDate);
      const bytes = zipPackage({
        name: r.name,
        lei: r.input.organisation.lei ?? 'NO-LEI',
        level: r.input.settings.level,
        referenceDate: r.date,
        currency: r.input.organisation.currency,
        templates: r.templates,
        createdAt: clock.now(),
      });
      return { fileName: `${r.name}.zip`, bytes };
    },

    async listFunctions(actor: Actor): Promise<DoraFunction[]> {
      authorize(actor, 'doraFunction', 'read');
      const rows = await repo.listFunctions(db);
      const links = await repo.links(db);
      return rows.map((r) => toDto(r, links.get(r.id) ?? []));
    },

    async createFunction(actor: Actor, body: DoraFunctionBody): Promise<DoraFunction> {
      authorize(actor, 'doraFunction', 'create');
      return db.transaction().execute(async (tx) => {
        const engagementIds = unique(body.engagementIds);
        await checkIdentifier(tx, body.identifier);
        await checkEngagements(tx, engagementIds);
        const at = now();
        const { engagementIds: _e, ...fields } = body;
        const row: DoraFunctionRow = { id: newId('fun'), ...fields, createdAt: at, updatedAt: at };
        await repo.insertFunction(tx, row);
        await repo.setLinks(tx, row.id, engagementIds);
        await audit.record(tx, actor, {
          action: 'doraFunction.create',
          entityType: 'doraFunction',
          entityId: row.id,
          changes: diff(null, functionFields(row, engagementIds)),
        });
        return toDto(row, engagementIds);
      });
    },

    async updateFunction(actor: Actor, id: string, body: DoraFunctionBody): Promise<DoraFunction> {
      authorize(actor, 'doraFunction', 'update');
      return db.transaction().execute(async (tx) => {
        await repo.lockFunction(tx, id);
        const before = await repo.findFunction(tx, id);
        if (!before) throw notFound('function');
        const engagementIds = unique(body.engagementIds);
        await checkIdentifier(tx, body.identifier, id);
        await checkEngagements(tx, engagementIds);
        const { engagementIds: _e, ...fields } = body;
        const next: DoraFunctionRow = { ...before, ...fields, updatedAt: now() };
        const beforeLinks = (await repo.links(tx, [id])).get(id) ?? [];
        await repo.updateFunction(tx, id, next);
        await repo.setLinks(tx, id, engagementIds);
        await audit.record(tx, actor, {
          action: 'doraFunction.update',
          entityType: 'doraFunction',
          entityId: id,
          changes: diff(functionFields(before, beforeLinks), functionFields(next, engagementIds)),
        });
        return toDto(next, engagementIds);
      });
    },

    async removeFunction(actor: Actor, id: string): Promise<void> {
      authorize(actor, 'doraFunction', 'delete');
      await db.transaction().execute(async (tx) => {
        await repo.lockFunction(tx, id);
        const before = await repo.findFunction(tx, id);
        if (!before) throw notFound('function');
        const links = (await repo.links(tx, [id])).get(id) ?? [];
        await repo.removeFunction(tx, id);
        await audit.record(tx, actor, {
          action: 'doraFunction.delete',
          entityType: 'doraFunction',
          entityId: id,
          changes: diff(functionFields(before, links), null),
        });
      });
    },
  };
}

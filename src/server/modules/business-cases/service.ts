import { randomInt } from 'node:crypto';
import {
  type BusinessCase,
  type BusinessCaseAnalysis,
  type BusinessCaseBody,
  type BusinessCaseListQuery,
  InHouse,
  type RiskRange,
} from '../../../contracts/business-cases';
import type { Database, Executor } from '../../db/database';
import { fromJson, toJson } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { BusinessCaseRow } from '../../db/schema';
import { AppError, type FieldError, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { CSV_TYPE } from '../../lib/csv';
import { fileNamePart } from '../../lib/download';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import { renderCsv, renderPdf } from './export';
import * as repo from './repository';
import { analyse, type ModelInput } from './rules';

export interface BusinessCaseDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  vendorExists(tx: Executor, id: string): Promise<boolean>;
  /** An engagement as the actor may see it; throws 404 when there is none. */
  loadEngagement(tx: Executor, actor: Actor, id: string): Promise<{ vendorId: string }>;
}

/** A stored row as the API shows it. */
export function toDto(row: BusinessCaseRow): BusinessCase {
  return {
    id: row.id,
    name: row.name,
    function: row.function as BusinessCase['function'],
    currency: row.currency,
    horizonYears: Number(row.horizonYears),
    discountRatePct: Number(row.discountRatePct),
    fxRates: fromJson(row.fxRates, {}),
    inHouse: InHouse.parse(fromJson(row.inHouse, {})),
    options: fromJson(row.options, []),
    riskRanges: fromJson<Record<string, unknown>>(row.riskRanges, {}) as Record<string, RiskRange>,
    seed: Number(row.seed),
    ownerId: row.ownerId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The model's inputs from a case. */
const toModel = (c: BusinessCase): ModelInput => ({
  currency: c.currency,
  horizonYears: c.horizonYears,
  discountRatePct: c.discountRatePct,
  fxRates: c.fxRates,
  inHouse: c.inHouse,
  options: c.options,
  riskRanges: c.riskRanges,
  seed: c.seed,
});

const auditable = (c: BusinessCase) => {
  const { id: _i, createdAt: _c, updatedAt: _u, ...rest } = c;
  return rest;
};

export function createBusinessCaseService(deps: BusinessCaseDeps) {
  const { db, audit, clock } = deps;

  async function load(tx: Executor, id: string) {
    const row = await repo.find(tx, id);
    if (!row) throw notFound('business case');
    return row;
  }

  /** Linked vendors and engagements must exist, and an engagement must be the option's vendor's. */
  async function engagementVendor(tx: Executor, actor: Actor, id: string) {
    try {
      return (await deps.loadEngagement(tx, actor, id)).vendorId;
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return undefined;
      throw error;
    }
  }

  async function checkLinks(tx: Executor, actor: Actor, body: BusinessCaseBody) {
    const errors: FieldError[] = [];
    for (const [i, o] of body.options.entries()) {
      if (o.vendorId && !(await deps.vendorExists(tx, o.vendorId)))
        errors.push({ field: `options.${i}.vendorId`, message: 'must be the id of an existing vendor' });
      if (o.engagementId) {
        const vendor = await engagementVendor(tx, actor, o.engagementId);
        if (vendor === undefined)
          errors.push({
            field: `options.${i}.engagementId`,
            message: 'must be the id of an existing engagement',
          });
        else if (o.vendorId && vendor !== o.vendorId)
          errors.push({
            field: `options.${i}.engagementId`,
            message: 'must be an engagement of the option’s vendor',
          });
      }
    }
    if (errors.length) throw invalid(errors);
  }

  function toRow(
    body: BusinessCaseBody,
    base: Pick<BusinessCaseRow, 'id' | 'ownerId' | 'createdAt' | 'seed'>,
  ) {
    const options = body.options.map((o) => ({
      ...o,
      id: o.id ?? newId('opt'),
      vendorId: o.vendorId ?? null,
      engagementId: o.engagementId ?? null,
    }));
    const row: BusinessCaseRow = {
      ...base,
      name: body.name,
      function: body.function,
      currency: body.currency,
      horizonYears: body.horizonYears,
      discountRatePct: body.discountRatePct,
      fxRates: toJson(body.fxRates),
      inHouse: toJson(body.inHouse),
      options: toJson(options),
      riskRanges: toJson(body.riskRanges),
      seed: body.seed ?? base.seed,
      updatedAt: clock.now().toISOString(),
    };
    return row;
  }

  async function get(actor: Actor, id: string): Promise<BusinessCase> {
    authorize(actor, 'businessCase', 'read');
    return toDto(await load(db, id));
  }

  return {
    countForVendor: (tx: Executor, vendorId: string) => repo.countForVendor(tx, vendorId),

    /**
     * The case and option an engagement delivers (the most recently changed case when several
     * name it), for the spend module's savings; no permission check: the caller checks its own.
     */
    async linkedTo(tx: Executor, engagementId: string) {
      for (const row of await repo.linkedTo(tx, engagementId)) {
        const c = toDto(row);
        const option = c.options.find((o) => o.engagementId === engagementId);
        if (option) return { businessCase: c, option };
      }
      return undefined;
    },

    async list(actor: Actor, query: BusinessCaseListQuery) {
      authorize(actor, 'businessCase', 'read');
      const rows = await repo.list(db, query);
      return toPage(rows, query.limit, (r) => [repo.sortValue(r, query.sort), r.id], toDto);
    },

    get,

    async create(actor: Actor, body: BusinessCaseBody) {
      authorize(actor, 'businessCase', 'create');
      return db.transaction().execute(async (tx) => {
        await checkLinks(tx, actor, body);
        const at = clock.now().toISOString();
        const row = toRow(body, {
          id: newId('bcs'),
          ownerId: actor.id === 'system' ? null : actor.id,
          createdAt: at,
          seed: randomInt(0, 2_147_483_647),
        });
        await repo.insert(tx, row);
        const dto = toDto(row);
        await audit.record(tx, actor, {
          action: 'businessCase.create',
          entityType: 'businessCase',
          entityId: row.id,
          changes: diff(null, auditable(dto)),
        });
        return dto;
      });
    },

    /** Replace the whole case; options keep the ids they are sent with, new ones get fresh ids. */
    async replace(actor: Actor, id: string, body: BusinessCaseBody) {
      authorize(actor, 'businessCase', 'update');
      return db.transaction().execute(async (tx) => {
        await repo.lock(tx, id);
        const current = await load(tx, id);
        await checkLinks(tx, actor, body);
        const row = toRow(body, current);
        await repo.update(tx, id, row);
        const [before, after] = [toDto(current), toDto(row)];
        await audit.record(tx, actor, {
          action: 'businessCase.update',
          entityType: 'businessCase',
          entityId: id,
          changes: diff(auditable(before), auditable(after)),
        });
        return after;
      });
    },

    async remove(actor: Actor, id: string) {
      authorize(actor, 'businessCase', 'delete');
      await db.transaction().execute(async (tx) => {
        await repo.lock(tx, id);
        const current = await load(tx, id);
        await repo.remove(tx, id);
        await audit.record(tx, actor, {
          action: 'businessCase.delete',
          entityType: 'businessCase',
          entityId: id,
          changes: diff(auditable(toDto(current)), null),
        });
      });
    },

    async analysis(actor: Actor, id: string): Promise<BusinessCaseAnalysis> {
      return analyse(toModel(await get(actor, id)));
    },

    async export(actor: Actor, id: string, format: 'csv' | 'pdf') {
      authorize(actor, 'businessCase', 'export');
      const c = toDto(await load(db, id));
      const a = analyse(toModel(c));
      const filename = `business-case-${fileNamePart(c.name.toLowerCase(), 'case')}.${format}`;
      if (format === 'csv') return { contentType: CSV_TYPE, filename, body: renderCsv(c, a) };
      return { contentType: 'application/pdf', filename, body: await renderPdf(c, a, clock.now()) };
    },
  };
}

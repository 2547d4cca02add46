/** The data-sharing register: entries per engagement; vendor users read their own engagements' entries. */
import type { DataFlowBody, DataFlowPatch } from '../../../contracts/data-sharing';
import { toFlag, toJson } from '../../db/database';
import type { DataFlowRow } from '../../db/schema';
import { notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import { type DataSharingContext, toFlowDto } from './context';
import * as repo from './repository';

const auditable = (r: DataFlowRow) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = r;
  return rest;
};

function columns(body: DataFlowPatch): Partial<DataFlowRow> {
  const out: Partial<DataFlowRow> = {};
  if (body.categories !== undefined) out.categories = toJson(body.categories);
  if (body.classification !== undefined) out.classification = body.classification;
  if (body.dataSubjects !== undefined) out.dataSubjects = toJson(body.dataSubjects);
  if (body.recordVolume !== undefined) out.recordVolume = body.recordVolume;
  if (body.purpose !== undefined) out.purpose = body.purpose;
  if (body.processingCountries !== undefined) out.processingCountries = toJson(body.processingCountries);
  if (body.storageCountries !== undefined) out.storageCountries = toJson(body.storageCountries);
  if (body.subProcessors !== undefined) out.subProcessors = toJson(body.subProcessors);
  if (body.transferMechanism !== undefined) out.transferMechanism = body.transferMechanism;
  if (body.legalBasis !== undefined) out.legalBasis = body.legalBasis;
  if (body.retention !== undefined) out.retention = body.retention;
  if (body.exitHandling !== undefined) out.exitHandling = toJson(body.exitHandling);
  if (body.encryptionAtRest !== undefined) out.encryptionAtRest = toFlag(body.encryptionAtRest);
  if (body.encryptionInTransit !== undefined) out.encryptionInTransit = toFlag(body.encryptionInTransit);
  return out;
}

export function createFlowService(ctx: DataSharingContext) {
  const { deps } = ctx;
  const { db, audit } = deps;

  async function home() {
    return (await deps.organisation()).country;
  }

  return {
    async list(actor: Actor, engagementId: string) {
      const scope = authorize(actor, 'dataFlow', 'read');
      await deps.loadEngagement(db, actor, engagementId);
      const country = await home();
      return (await repo.flowsOfEngagement(db, scope, engagementId)).map((r) => toFlowDto(r, country));
    },

    async listForVendor(actor: Actor, vendorId: string) {
      const scope = authorize(actor, 'dataFlow', 'read');
      await deps.vendors.get(actor, vendorId);
      const country = await home();
      return (await repo.flowsOfVendor(db, scope, vendorId)).map((r) => toFlowDto(r, country));
    },

    async get(actor: Actor, id: string) {
      const scope = authorize(actor, 'dataFlow', 'read');
      const row = await repo.findFlow(db, scope, id);
      if (!row) throw notFound('register entry');
      return toFlowDto(row, await home());
    },

    async create(actor: Actor, engagementId: string, body: DataFlowBody) {
      authorize(actor, 'dataFlow', 'create');
      const country = await home();
      const created = await db.transaction().execute(async (tx) => {
        const engagement = await deps.loadEngagement(tx, actor, engagementId);
        const at = ctx.now();
        const row = {
          id: newId('dfl'),
          engagementId,
          vendorId: engagement.vendorId,
          ...columns(body),
          subProcessors: toJson(body.subProcessors ?? []),
          encryptionAtRest: toFlag(body.encryptionAtRest ?? false),
          encryptionInTransit: toFlag(body.encryptionInTransit ?? false),
          createdAt: at,
          updatedAt: at,
        } as DataFlowRow;
        await repo.insertFlow(tx, row);
        await audit.record(tx, actor, {
          action: 'data_flow.create',
          entityType: 'data_flow',
          entityId: row.id,
          changes: diff(null, auditable(row)),
        });
        await ctx.recomputeTier(tx, actor, engagement.vendorId, 'register entry added');
        return toFlowDto((await repo.findFlow(tx, { vendorId: null }, row.id))!, country);
      });
      if (created.subProcessors.length) await deps.onSubProcessorsChange?.(created.vendorId);
      return created;
    },

    async update(actor: Actor, id: string, body: DataFlowPatch) {
      const scope = authorize(actor, 'dataFlow', 'update');
      const country = await home();
      const updated = await db.transaction().execute(async (tx) => {
        const before = await repo.findFlow(tx, scope, id);
        if (!before) throw notFound('register entry');
        const patch = { ...columns(body), updatedAt: ctx.now() };
        await repo.updateFlow(tx, id, patch);
        const { engagementTitle: _t, vendorName: _n, ...beforeRow } = before;
        await audit.record(tx, actor, {
          action: 'data_flow.update',
          entityType: 'data_flow',
          entityId: id,
          changes: diff(auditable(beforeRow), auditable({ ...beforeRow, ...patch })),
        });
        if (body.classification !== undefined && body.classification !== before.classification)
          await ctx.recomputeTier(tx, actor, before.vendorId, 'register entry reclassified');
        return toFlowDto((await repo.findFlow(tx, scope, id))!, country);
      });
      if (body.subProcessors !== undefined) await deps.onSubProcessorsChange?.(updated.vendorId);
      return updated;
    },

    async remove(actor: Actor, id: string) {
      const scope = authorize(actor, 'dataFlow', 'delete');
      await db.transaction().execute(async (tx) => {
        const before = await repo.findFlow(tx, scope, id);
        if (!before) throw notFound('register entry');
        await repo.removeFlow(tx, id);
        const { engagementTitle: _t, vendorName: _n, ...beforeRow } = before;
        await audit.record(tx, actor, {
          action: 'data_flow.delete',
          entityType: 'data_flow',
          entityId: id,
          changes: diff(auditable(beforeRow), null),
        });
        await ctx.recomputeTier(tx, actor, before.vendorId, 'register entry removed');
      });
    },
  };
}

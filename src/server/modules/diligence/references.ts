/** Reference checks (internal only) and the vendor's self-declared past clients. */

import type { z } from 'zod';
import type { PastClientBody } from '../../../contracts/diligence';
import {
  DEFAULT_REFERENCE_QUESTIONS,
  type PastClient,
  type PastClientPatch,
  type Reference,
  type ReferenceBody,
  type ReferencePatch,
  type Verdict,
} from '../../../contracts/diligence';
import { type Executor, fromJson, toJson } from '../../db/database';
import type { PastClientRow, VendorReferenceRow } from '../../db/schema';
import { invalid, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { DiligenceContext } from './context';
import * as repo from './repository';
import { averageRating } from './rules';

type Answer = { question: string; answer: string; rating: number | null };

export function toReferenceDto(r: VendorReferenceRow): Reference {
  const questions = fromJson<Answer[]>(r.questions, []);
  return {
    id: r.id,
    vendorId: r.vendorId,
    refereeOrganisation: r.refereeOrganisation,
    contact: { name: r.contactName, email: r.contactEmail, phone: r.contactPhone },
    relationship: r.relationship,
    period: { from: r.periodFrom, to: r.periodTo },
    checkedOn: r.checkedOn,
    checkedBy: r.checkedBy,
    questions,
    averageRating: averageRating(questions.map((q) => q.rating)),
    verdict: r.verdict as Verdict,
    notes: r.notes,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

const toPastClientDto = (r: PastClientRow): PastClient => ({
  id: r.id,
  vendorId: r.vendorId,
  client: r.client,
  country: r.country,
  service: r.service,
  from: r.fromOn,
  to: r.toOn,
  description: r.description,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const withoutTimes = <T extends { createdAt: string; updatedAt: string }>(r: T) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = r;
  return rest;
};

export function createReferenceService(ctx: DiligenceContext) {
  const { deps } = ctx;
  const { db, audit } = deps;

  /** Whoever checked a reference is an internal user. */
  async function checkChecker(tx: Executor, userId: string) {
    const [user] = await deps.users.byIds(tx, [userId]);
    if (!user || user.role === 'vendor')
      throw invalid([{ field: 'checkedBy', message: 'must be the id of an internal user' }]);
  }

  function apply(row: VendorReferenceRow, body: ReferencePatch): VendorReferenceRow {
    const next = { ...row };
    if (body.refereeOrganisation !== undefined) next.refereeOrganisation = body.refereeOrganisation;
    if (body.contact !== undefined) {
      next.contactName = body.contact.name;
      next.contactEmail = body.contact.email;
      next.contactPhone = body.contact.phone;
    }
    if (body.relationship !== undefined) next.relationship = body.relationship;
    if (body.period !== undefined) {
      next.periodFrom = body.period.from;
      next.periodTo = body.period.to;
    }
    if (body.checkedOn !== undefined) next.checkedOn = body.checkedOn;
    if (body.checkedBy !== undefined) next.checkedBy = body.checkedBy;
    if (body.questions !== undefined) next.questions = toJson(body.questions);
    if (body.verdict !== undefined) next.verdict = body.verdict;
    if (body.notes !== undefined) next.notes = body.notes;
    return next;
  }

  async function loadReference(tx: Executor, vendorId: string, refId: string) {
    const row = await repo.findReference(tx, vendorId, refId);
    if (!row) throw notFound('reference');
    return row;
  }

  async function loadPastClient(tx: Executor, vendorId: string, id: string) {
    const row = await repo.findPastClient(tx, vendorId, id);
    if (!row) throw notFound('past client');
    return row;
  }

  return {
    async list(actor: Actor, vendorId: string) {
      authorize(actor, 'vendorReference', 'read');
      await ctx.vendor(actor, vendorId);
      return (await repo.referencesOf(db, vendorId)).map(toReferenceDto);
    },

    async get(actor: Actor, vendorId: string, refId: string) {
      authorize(actor, 'vendorReference', 'read');
      await ctx.vendor(actor, vendorId);
      return toReferenceDto(await loadReference(db, vendorId, refId));
    },

    async create(actor: Actor, vendorId: string, body: ReferenceBody) {
      authorize(actor, 'vendorReference', 'create');
      await ctx.vendor(actor, vendorId);
      const { today } = await ctx.statusContext();
      return db.transaction().execute(async (tx) => {
        const checkedBy = body.checkedBy ?? actor.id;
        if (body.checkedBy) await checkChecker(tx, checkedBy);
        const at = ctx.now();
        const base: VendorReferenceRow = {
          id: newId('ref'),
          vendorId,
          refereeOrganisation: body.refereeOrganisation,
          contactName: null,
          contactEmail: null,
          contactPhone: null,
          relationship: null,
          periodFrom: null,
          periodTo: null,
          checkedOn: today,
          // The system actor (CLI, demo) is not a user: leave it empty rather than dangle.
          checkedBy: checkedBy === 'system' ? null : checkedBy,
          questions: toJson(
            DEFAULT_REFERENCE_QUESTIONS.map((question) => ({ question, answer: '', rating: null })),
          ),
          verdict: body.verdict,
          notes: null,
          createdAt: at,
          updatedAt: at,
        };
        const row = apply(base, { ...body, checkedBy: base.checkedBy ?? undefined });
        await repo.insertReference(tx, row);
        await audit.record(tx, actor, {
          action: 'reference.create',
          entityType: 'reference',
          entityId: row.id,
          changes: diff(null, withoutTimes(toReferenceDto(row))),
        });
        return toReferenceDto(row);
      });
    },

    async update(actor: Actor, vendorId: string, refId: string, body: ReferencePatch) {
      authorize(actor, 'vendorReference', 'update');
      await ctx.vendor(actor, vendorId);
      return db.transaction().execute(async (tx) => {
        const before = await loadReference(tx, vendorId, refId);
        if (body.checkedBy) await checkChecker(tx, body.checkedBy);
        const next = { ...apply(before, body), updatedAt: ctx.now() };
        if (next.periodFrom && next.periodTo && next.periodTo < next.periodFrom)
          throw invalid([{ field: 'period.to', message: 'must end on or after it starts' }]);
        const { id: _i, createdAt: _c, ...patch } = next;
        await repo.updateReference(tx, refId, patch);
        await audit.record(tx, actor, {
          action: 'reference.update',
          entityType: 'reference',
          entityId: refId,
          changes: diff(withoutTimes(toReferenceDto(before)), withoutTimes(toReferenceDto(next))),
        });
        return toReferenceDto(next);
      });
    },

    async remove(actor: Actor, vendorId: string, refId: string) {
      authorize(actor, 'vendorReference', 'delete');
      await ctx.vendor(actor, vendorId);
      await db.transaction().execute(async (tx) => {
        const before = await loadReference(tx, vendorId, refId);
        await repo.removeReference(tx, refId);
        await audit.record(tx, actor, {
          action: 'reference.delete',
          entityType: 'reference',
          entityId: refId,
          changes: diff(withoutTimes(toReferenceDto(before)), null),
        });
      });
    },

    // Past clients: the vendor's own claims, which its users keep up to date.

    async listPastClients(actor: Actor, vendorId: string) {
      authorize(actor, 'pastClient', 'read');
      await ctx.vendor(actor, vendorId);
      return (await repo.pastClientsOf(db, vendorId)).map(toPastClientDto);
    },

    async addPastClient(actor: Actor, vendorId: string, body: z.infer<typeof PastClientBody>) {
      authorize(actor, 'pastClient', 'create');
      await ctx.vendor(actor, vendorId);
      return db.transaction().execute(async (tx) => {
        const at = ctx.now();
        const row: PastClientRow = {
          id: newId('pcl'),
          vendorId,
          client: body.client,
          country: body.country ?? null,
          service: body.service ?? null,
          fromOn: body.from ?? null,
          toOn: body.to ?? null,
          description: body.description ?? null,
          createdAt: at,
          updatedAt: at,
        };
        await repo.insertPastClient(tx, row);
        await audit.record(tx, actor, {
          action: 'past_client.create',
          entityType: 'past_client',
          entityId: row.id,
          changes: diff(null, withoutTimes(toPastClientDto(row))),
        });
        return toPastClientDto(row);
      });
    },

    async updatePastClient(actor: Actor, vendorId: string, id: string, body: PastClientPatch) {
      authorize(actor, 'pastClient', 'update');
      await ctx.vendor(actor, vendorId);
      return db.transaction().execute(async (tx) => {
        const before = await loadPastClient(tx, vendorId, id);
        const next: PastClientRow = { ...before, updatedAt: ctx.now() };
        if (body.client !== undefined) next.client = body.client;
        if (body.country !== undefined) next.country = body.country;
        if (body.service !== undefined) next.service = body.service;
        if (body.from !== undefined) next.fromOn = body.from;
        if (body.to !== undefined) next.toOn = body.to;
        if (body.description !== undefined) next.description = body.description;
        if (next.fromOn && next.toOn && next.toOn < next.fromOn)
          throw invalid([{ field: 'to', message: 'must be on or after from' }]);
        const { id: _i, createdAt: _c, ...patch } = next;
        await repo.updatePastClient(tx, id, patch);
        await audit.record(tx, actor, {
          action: 'past_client.update',
          entityType: 'past_client',
          entityId: id,
          changes: diff(withoutTimes(toPastClientDto(before)), withoutTimes(toPastClientDto(next))),
        });
        return toPastClientDto(next);
      });
    },

    async removePastClient(actor: Actor, vendorId: string, id: string) {
      authorize(actor, 'pastClient', 'delete');
      await ctx.vendor(actor, vendorId);
      await db.transaction().execute(async (tx) => {
        const before = await loadPastClient(tx, vendorId, id);
        await repo.removePastClient(tx, id);
        await audit.record(tx, actor, {
          action: 'past_client.delete',
          entityType: 'past_client',
          entityId: id,
          changes: diff(withoutTimes(toPastClientDto(before)), null),
        });
      });
    },
  };
}

import type { z } from 'zod';
import {
  type ChangeRequest,
  type ChangeRequestListQuery,
  type CreateChangeRequestBody,
  SowDocument,
} from '../../../contracts/engagements';
import type { Database, Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { ChangeRequestRow, SowVersionRow } from '../../db/schema';
import { AppError, conflict, invalid, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { type Actor, authorize, isInternal } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { PublishInput } from '../events/service';
import * as repo from './repository';
import { mergePatch, withItemIds } from './rules';
import type { EngagementService } from './service';
import { documentOf } from './service';
import { documentErrors } from './sow-service';

const toDto = (r: ChangeRequestRow): ChangeRequest => ({
  id: r.id,
  engagementId: r.engagementId,
  title: r.title,
  reason: r.reason,
  baseVersion: Number(r.baseVersion),
  changes: JSON.parse(r.changes),
  costImpact: Number(r.costImpact),
  scheduleImpactDays: Number(r.scheduleImpactDays),
  status: r.status as ChangeRequest['status'],
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  submittedAt: r.submittedAt,
  decidedBy: r.decidedBy,
  decidedAt: r.decidedAt,
  decisionComment: r.decisionComment,
  resultVersion: r.resultVersion === null ? null : Number(r.resultVersion),
});

/** The SOW a change request would produce from a version: patched, with ids for new items, and valid. */
function applyChanges(base: SowVersionRow, changes: Record<string, unknown>) {
  const patched = mergePatch(documentOf(base), changes);
  const parsed = SowDocument.safeParse(patched);
  if (!parsed.success)
    throw invalid(documentErrors(parsed.error, 'changes.'), 'The change would make the SOW invalid.');
  return withItemIds(parsed.data, newId);
}

/**
 * Change requests: the only way an approved SOW changes. Vendor users may raise and submit them
 * on their own engagements; internal managers decide. Approval applies the merge patch to the
 * baseline and creates the next version in one transaction, or nothing when the baseline moved.
 */
export function createChangeRequestService(deps: {
  db: Database['db'];
  audit: AuditRecorder;
  engagements: EngagementService;
  /** Publish a domain event inside the causing transaction (the event bus). */
  publish?: (tx: Executor, input: PublishInput) => Promise<unknown>;
}) {
  const { db, audit, engagements } = deps;
  const { load, now, activateOnApproval } = engagements.internals;

  /** `change_request.submitted`, in the submitting transaction. */
  const announce = (tx: Executor, actor: Actor, vendorId: string, row: ChangeRequestRow) =>
    deps.publish?.(tx, {
      type: 'change_request.submitted',
      engagementId: row.engagementId,
      vendorId,
      payload: {
        changeRequestId: row.id,
        title: row.title,
        baseVersion: Number(row.baseVersion),
        submittedByName: actor.name,
        actorId: actor.id,
      },
    });

  async function find(tx: Executor, actor: Actor, id: string, action: 'read' | 'submit' | 'decide') {
    const scope = authorize(actor, 'changeRequest', action);
    const row = await repo.findRequest(tx, scope, id);
    if (!row) throw notFound('change request');
    return row;
  }

  async function decide(actor: Actor, id: string, outcome: 'approved' | 'rejected', comment?: string) {
    return db.transaction().execute(async (tx) => {
      // Read again once the engagement is locked: a concurrent decision may have changed both.
      await repo.lockEngagement(tx, (await find(tx, actor, id, 'decide')).engagementId);
      const request = await find(tx, actor, id, 'decide');
      if (request.status !== 'submitted') {
        throw conflict(`Only a submitted change request can be ${outcome}; this one is ${request.status}.`);
      }
      const at = now();
      let resultVersion: number | null = null;
      if (outcome === 'approved') {
        const baseline = await repo.baseline(tx, request.engagementId);
        if (!baseline || Number(baseline.version) !== Number(request.baseVersion)) {
          throw new AppError(
            409,
            'baseline-moved',
            `The SOW changed since this request was written: it was written against version ${request.baseVersion}, the approved version is now ${baseline?.version ?? 'none'}. Raise a new change request against the current version.`,
          );
        }
        const doc = applyChanges(baseline, JSON.parse(request.changes));
        const latest = (await repo.latestVersion(tx, request.engagementId))!;
        resultVersion = Number(latest.version) + 1;
        await repo.updateVersion(tx, baseline.id, { status: 'superseded', updatedAt: at });
        const row: SowVersionRow = {
          id: newId('sow'),
          engagementId: request.engagementId,
          version: resultVersion,
          status: 'approved',
          document: JSON.stringify(doc),
          createdBy: request.createdBy,
          createdAt: at,
          updatedAt: at,
          approvedAt: at,
          approvedBy: actor.id,
        };
        await repo.insertVersion(tx, row);
        await activateOnApproval(tx, actor, request.engagementId, at);
      }
      await repo.updateRequest(tx, id, {
        status: outcome,
        decidedBy: actor.id,
        decidedAt: at,
        decisionComment: comment ?? null,
        resultVersion,
        updatedAt: at,
      });
      await audit.record(tx, actor, {
        action: `change_request.${outcome === 'approved' ? 'approve' : 'reject'}`,
        entityType: 'change_request',
        entityId: id,
        changes: {
          status: { before: 'submitted', after: outcome },
          ...(resultVersion
            ? { sowVersion: { before: Number(request.baseVersion), after: resultVersion } }
            : {}),
        },
      });
      return toDto((await repo.findRequest(tx, { vendorId: null }, id))!);
    });
  }

  return {
    async create(actor: Actor, engagementId: string, body: z.infer<typeof CreateChangeRequestBody>) {
      return db.transaction().execute(async (tx) => {
        const engagement = await load(tx, actor, engagementId);
        authorize(actor, 'changeRequest', 'create');
        const baseline = await repo.baseline(tx, engagementId);
        if (!baseline)
          throw conflict(
            'This engagement has no approved SOW yet; edit and approve the draft instead of raising a change request.',
          );
        const baseVersion = body.baseVersion ?? Number(baseline.version);
        const base = await repo.version(tx, engagementId, baseVersion);
        if (!base || base.status === 'draft')
          throw invalid([{ field: 'baseVersion', message: 'must be an approved or superseded SOW version' }]);
        applyChanges(base, body.changes);
        const at = now();
        const row: ChangeRequestRow = {
          id: newId('chr'),
          engagementId,
          title: body.title,
          reason: body.reason,
          baseVersion,
          changes: JSON.stringify(body.changes),
          costImpact: body.costImpact,
          scheduleImpactDays: body.scheduleImpactDays,
          status: body.submit ? 'submitted' : 'draft',
          createdBy: actor.id,
          createdAt: at,
          updatedAt: at,
          submittedAt: body.submit ? at : null,
          decidedBy: null,
          decidedAt: null,
          decisionComment: null,
          resultVersion: null,
        };
        await repo.insertRequest(tx, row);
        const { id: _id, changes: _c, ...fields } = row;
        await audit.record(tx, actor, {
          action: 'change_request.create',
          entityType: 'change_request',
          entityId: row.id,
          changes: {
            ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { after: v }])),
            changes: { after: body.changes },
          },
        });
        if (body.submit) await announce(tx, actor, engagement.vendorId, row);
        return toDto(row);
      });
    },

    async list(actor: Actor, engagementId: string, query: z.infer<typeof ChangeRequestListQuery>) {
      await load(db, actor, engagementId);
      const scope = authorize(actor, 'changeRequest', 'read');
      const rows = await repo.listRequests(db, scope, engagementId, query.status, query.limit, query.cursor);
      return toPage(rows, query.limit, (r) => [r.createdAt, r.id], toDto);
    },

    async get(actor: Actor, id: string) {
      return toDto(await find(db, actor, id, 'read'));
    },

    async submit(actor: Actor, id: string) {
      return db.transaction().execute(async (tx) => {
        await repo.lockRequest(tx, id);
        const request = await find(tx, actor, id, 'submit');
        if (!isInternal(actor) && request.createdBy !== actor.id) {
          throw new AppError(
            403,
            'forbidden',
            'Only the person who drafted this change request may submit it.',
          );
        }
        if (request.status !== 'draft')
          throw conflict(`Only a draft change request can be submitted; this one is ${request.status}.`);
        const at = now();
        await repo.updateRequest(tx, id, { status: 'submitted', submittedAt: at, updatedAt: at });
        await audit.record(tx, actor, {
          action: 'change_request.submit',
          entityType: 'change_request',
          entityId: id,
          changes: { status: { before: 'draft', after: 'submitted' } },
        });
        const submitted = (await repo.findRequest(tx, { vendorId: null }, id))!;
        const engagement = await load(tx, actor, request.engagementId);
        await announce(tx, actor, engagement.vendorId, submitted);
        return toDto(submitted);
      });
    },

    approve: (actor: Actor, id: string, comment?: string) => decide(actor, id, 'approved', comment),
    reject: (actor: Actor, id: string, comment?: string) => decide(actor, id, 'rejected', comment),
  };
}

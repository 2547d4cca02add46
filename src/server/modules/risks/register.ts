/** The register: risks entered by hand, changes along the life cycle, the list and the heat map. */
import type {
  Control,
  Heatmap,
  Risk,
  RiskBody,
  RiskFilters,
  RiskKind,
  RiskListQuery,
  RiskPatch,
  RiskStatus,
} from '../../../contracts/risks';
import type { Executor } from '../../db/database';
import { toJson } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { RiskRow } from '../../db/schema';
import { AppError, type FieldError, invalid, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { RiskContext } from './context';
import * as repo from './repository';
import { acceptanceProblem, allowedTransitions, canTransition, heatmap, score } from './rules';

/** Fields of a signal that belong to its source. */
const SIGNAL_OWNED = ['title', 'category', 'likelihood', 'impact', 'engagementId'] as const;

export function createRegister(ctx: RiskContext) {
  const { deps, db } = ctx;
  const { audit } = deps;

  /** Owners (of the risk and its controls) must be active internal users. */
  async function checkPeople(
    tx: Executor,
    ownerId: string | null | undefined,
    controls: Control[] | undefined,
  ) {
    const users = await ctx.users(tx);
    const errors: FieldError[] = [];
    if (ownerId && !users.has(ownerId))
      errors.push({ field: 'ownerId', message: 'must be the id of an active internal user' });
    controls?.forEach((c, i) => {
      if (c.ownerId && !users.has(c.ownerId))
        errors.push({ field: `controls.${i}.ownerId`, message: 'must be the id of an active internal user' });
    });
    if (errors.length) throw invalid(errors);
  }

  async function checkEngagement(
    tx: Executor,
    vendorId: string | null,
    engagementId: string | null | undefined,
  ) {
    if (!engagementId) return;
    const e = await deps.engagement(tx, engagementId);
    if (!e) throw invalid([{ field: 'engagementId', message: 'must be the id of an existing engagement' }]);
    if (e.vendorId !== vendorId)
      throw invalid([{ field: 'engagementId', message: 'must be an engagement of the risk’s vendor' }]);
  }

  const controlsOf = (cs: Control[]) =>
    cs.map((c) => ({
      description: c.description,
      ownerId: c.ownerId ?? null,
      dueOn: c.dueOn ?? null,
      done: c.done,
    }));

  async function load(id: string) {
    const row = await repo.findRisk(db, id);
    if (!row) throw notFound('risk');
    return row;
  }

  return {
    async list(actor: Actor, query: RiskListQuery): Promise<{ items: Risk[]; nextCursor: string | null }> {
      authorize(actor, 'risk', 'read');
      const rows = await repo.listRisks(db, query);
      const column =
        query.sort === '-inherentScore'
          ? 'inherentScore'
          : query.sort === '-residualScore'
            ? 'residualScore'
            : 'createdAt';
      const page = toPage(
        rows,
        query.limit,
        (r) => [column === 'createdAt' ? r.createdAt : Number(r[column]), r.id],
        (r) => r,
      );
      return { items: await ctx.dtos(page.items), nextCursor: page.nextCursor };
    },

    async heatmap(actor: Actor, filters: RiskFilters): Promise<Heatmap> {
      authorize(actor, 'risk', 'read');
      const [inherent, residual] = await Promise.all([
        repo.cellCounts(db, filters, false),
        repo.cellCounts(db, filters, true),
      ]);
      return {
        inherent: heatmap(inherent),
        residual: heatmap(residual),
        total: inherent.reduce((s, c) => s + c.count, 0),
      };
    },

    async get(actor: Actor, id: string): Promise<Risk> {
      authorize(actor, 'risk', 'read');
      return (await ctx.dtos([await load(id)]))[0]!;
    },

    async create(actor: Actor, body: RiskBody): Promise<Risk> {
      authorize(actor, 'risk', 'create');
      const row = await db.transaction().execute(async (tx) => {
        if (!(await deps.vendor(tx, body.vendorId)))
          throw invalid([{ field: 'vendorId', message: 'must be the id of an existing vendor' }]);
        await checkEngagement(tx, body.vendorId, body.engagementId);
        await checkPeople(tx, body.ownerId, body.controls);
        const at = ctx.now();
        const rl = body.residualLikelihood ?? body.likelihood;
        const ri = body.residualImpact ?? body.impact;
        const row: RiskRow = {
          id: newId('rsk'),
          kind: 'manual',
          signalKey: null,
          signalSource: null,
          openSignalKey: null,
          vendorId: body.vendorId,
          engagementId: body.engagementId ?? null,
          title: body.title,
          description: body.description ?? null,
          category: body.category,
          likelihood: body.likelihood,
          impact: body.impact,
          inherentScore: score(body.likelihood, body.impact),
          residualLikelihood: rl,
          residualImpact: ri,
          residualScore: score(rl, ri),
          ownerId: body.ownerId ?? null,
          controls: toJson(controlsOf(body.controls)),
          status: 'open',
          acceptedBy: null,
          acceptedAt: null,
          acceptanceExpiresOn: null,
          acceptanceReason: null,
          reviewOn: body.reviewOn ?? null,
          signalData: null,
          lastSeenAt: null,
          closedAt: null,
          createdBy: actor.id,
          createdAt: at,
          updatedAt: at,
        };
        await repo.insertRisk(tx, row);
        await audit.record(tx, actor, {
          action: 'risk.create',
          entityType: 'risk',
          entityId: row.id,
          changes: diff(
            {},
            {
              title: row.title,
              vendorId: row.vendorId,
              category: row.category,
              likelihood: row.likelihood,
              impact: row.impact,
            },
          ),
        });
        return row;
      });
      return (await ctx.dtos([row]))[0]!;
    },

    async update(actor: Actor, id: string, patch: RiskPatch): Promise<Risk> {
      authorize(actor, 'risk', 'update');
      const today = await ctx.today();
      const row = await db.transaction().execute(async (tx) => {
        await repo.lockRisk(tx, id);
        const before = await repo.findRisk(tx, id);
        if (!before) throw notFound('risk');
        const kind = before.kind as RiskKind;
        const from = before.status as RiskStatus;
        if (kind === 'signal') {
          const owned = SIGNAL_OWNED.filter((f) => patch[f] !== undefined);
          if (owned.length)
            throw invalid(
              owned.map((f) => ({
                field: f,
                message: 'belongs to the signal’s source and changes with its condition',
              })),
            );
        }
        const to = patch.status ?? from;
        if (!canTransition(kind, from, to)) {
          const allowed = allowedTransitions(kind, from);
          const why =
            kind === 'signal' && (to === 'closed' || to === 'open')
              ? ' (a signal closes by itself when its condition clears)'
              : '';
          throw new AppError(
            409,
            'invalid-transition',
            `A ${from} risk cannot become ${to}${why}; allowed: ${allowed.join(', ') || 'none'}.`,
            [{ field: 'status', message: `must be one of ${allowed.join(', ') || 'none'}` }],
            { allowed },
          );
        }
        if (to === 'accepted' && from !== 'accepted') {
          // Only an owner or administrator accepts a risk, and always for a limited time.
          authorize(actor, 'risk', 'approve');
          if (!patch.acceptance)
            throw invalid([{ field: 'acceptance.expiresOn', message: 'is required to accept a risk' }]);
        }
        if (patch.acceptance) {
          if (to !== 'accepted')
            throw invalid([{ field: 'acceptance', message: 'is given only with status accepted' }]);
          authorize(actor, 'risk', 'approve');
          const problem = acceptanceProblem(patch.acceptance.expiresOn, today);
          if (problem) throw invalid([{ field: 'acceptance.expiresOn', message: problem }]);
        }
        if (patch.engagementId !== undefined) await checkEngagement(tx, before.vendorId, patch.engagementId);
        await checkPeople(tx, patch.ownerId, patch.controls);
        const at = ctx.now();
        const likelihood = patch.likelihood ?? Number(before.likelihood);
        const impact = patch.impact ?? Number(before.impact);
        const rl = patch.residualLikelihood ?? Number(before.residualLikelihood);
        const ri = patch.residualImpact ?? Number(before.residualImpact);
        const next: RiskRow = {
          ...before,
          engagementId: patch.engagementId === undefined ? before.engagementId : patch.engagementId,
          title: patch.title ?? before.title,
          description: patch.description === undefined ? before.description : patch.description,
          category: patch.category ?? before.category,
          likelihood,
          impact,
          inherentScore: score(likelihood, impact),
          residualLikelihood: rl,
          residualImpact: ri,
          residualScore: score(rl, ri),
          ownerId: patch.ownerId === undefined ? before.ownerId : patch.ownerId,
          controls: patch.controls ? toJson(controlsOf(patch.controls)) : before.controls,
          reviewOn: patch.reviewOn === undefined ? before.reviewOn : patch.reviewOn,
          status: to,
          closedAt: to === 'closed' ? (from === 'closed' ? before.closedAt : at) : null,
          updatedAt: at,
        };
        if (to !== 'accepted') {
          next.acceptedBy = null;
          next.acceptedAt = null;
          next.acceptanceExpiresOn = null;
          next.acceptanceReason = null;
        } else if (patch.acceptance) {
          next.acceptedBy = actor.id;
          next.acceptedAt = at;
          next.acceptanceExpiresOn = patch.acceptance.expiresOn;
          next.acceptanceReason = patch.acceptance.reason ?? null;
        }
        await repo.updateRisk(tx, id, next);
        await audit.record(tx, actor, {
          action:
            from !== to
              ? `risk.${to === 'open' && from === 'closed' ? 'reopen' : to === 'accepted' ? 'accept' : to === 'closed' ? 'close' : 'update'}`
              : 'risk.update',
          entityType: 'risk',
          entityId: id,
          changes: diff(before, next),
        });
        return next;
      });
      return (await ctx.dtos([row]))[0]!;
    },
  };
}

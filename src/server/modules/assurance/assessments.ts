/**
 * Security assessments, scheduled from the vendor's risk tier: the next is due `reassessmentMonths`
 * after the last completed one; scheduled → in_progress → completed with a result and summary.
 */
import type {
  AssessmentBody,
  AssessmentListQuery,
  AssessmentPatch,
  AssessmentResult,
  AssessmentSchedule,
  AssessmentStatus,
  AssessmentType,
  CompleteAssessmentBody,
  ScheduleBody,
  SecurityAssessment,
} from '../../../contracts/assurance';
import type { Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { SecurityAssessmentRow } from '../../db/schema';
import { conflict, invalid, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AssuranceContext } from './context';
import * as repo from './repository';
import { assessmentOverdue, assessmentTypesFor, laterOf, nextAssessmentDue, tierBasis } from './rules';

const audited = (r: SecurityAssessmentRow) => ({
  type: r.type,
  ownerId: r.ownerId,
  dueOn: r.dueOn,
  status: r.status,
  result: r.result,
  summary: r.summary,
  completedOn: r.completedOn,
  engagementId: r.engagementId,
});

export function createAssessmentService(ctx: AssuranceContext) {
  const { db, audit } = ctx.deps;

  async function dtos(rows: SecurityAssessmentRow[]): Promise<SecurityAssessment[]> {
    const [today, names, open] = await Promise.all([
      ctx.today(),
      ctx.userNames(),
      repo.openFindingsPer(
        db,
        rows.map((r) => r.id),
      ),
    ]);
    return rows.map((r) => ({
      id: r.id,
      vendorId: r.vendorId,
      engagementId: r.engagementId,
      type: r.type as AssessmentType,
      ownerId: r.ownerId,
      ownerName: names.get(r.ownerId) ?? null,
      dueOn: r.dueOn,
      status: r.status as AssessmentStatus,
      overdue: assessmentOverdue(r, today),
      result: r.result as AssessmentResult | null,
      summary: r.summary,
      startedAt: r.startedAt,
      completedOn: r.completedOn,
      openFindings: open.get(r.id) ?? 0,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }
  const dto = async (row: SecurityAssessmentRow) => (await dtos([row]))[0]!;

  /** Where the vendor stands (read outside any transaction, or inside with `tx`). */
  async function schedule(vendorId: string, tx: Executor = db): Promise<AssessmentSchedule> {
    const [today, settings, tier, last] = await Promise.all([
      ctx.today(),
      ctx.settings(tx),
      ctx.deps.tierOf(tx, vendorId),
      repo.lastCompletedOn(tx, vendorId),
    ]);
    const nextDueOn = nextAssessmentDue(last, tier.reassessmentMonths, today);
    return {
      vendorId,
      tier: tier.tier,
      reassessmentMonths: tier.reassessmentMonths,
      basis: tierBasis(tier),
      types: assessmentTypesFor(tier.tier, settings),
      lastCompletedOn: last,
      nextDueOn,
      overdue: nextDueOn < today,
    };
  }

  async function insertIn(
    tx: Executor,
    actor: Actor,
    input: {
      vendorId: string;
      engagementId: string | null;
      type: AssessmentType;
      ownerId: string;
      dueOn: string;
    },
  ) {
    const at = ctx.now();
    const row: SecurityAssessmentRow = {
      id: newId('sas'),
      ...input,
      status: 'scheduled',
      result: null,
      summary: null,
      startedAt: null,
      completedOn: null,
      createdBy: actor.id,
      createdAt: at,
      updatedAt: at,
    };
    await repo.insertAssessment(tx, row);
    await audit.record(tx, actor, {
      action: 'security_assessment.create',
      entityType: 'security_assessment',
      entityId: row.id,
      changes: diff(null, audited(row)),
    });
    return row;
  }

  /** Change one assessment in a transaction: load, check, write, audit. */
  async function change(
    actor: Actor,
    id: string,
    action: string,
    apply: (
      row: SecurityAssessmentRow,
      tx: Executor,
    ) => Promise<Partial<SecurityAssessmentRow>> | Partial<SecurityAssessmentRow>,
  ) {
    authorize(actor, 'securityAssessment', 'update');
    const row = await db.transaction().execute(async (tx) => {
      await repo.lockAssessment(tx, id);
      const row = await repo.findAssessment(tx, id);
      if (!row) throw notFound('security assessment');
      const next: SecurityAssessmentRow = { ...row, ...(await apply(row, tx)), updatedAt: ctx.now() };
      await repo.updateAssessment(tx, id, next);
      await audit.record(tx, actor, {
        action,
        entityType: 'security_assessment',
        entityId: id,
        changes: diff(audited(row), audited(next)),
      });
      return next;
    });
    return dto(row);
  }

  return {
    schedule,
    dto,

    async list(actor: Actor, query: AssessmentListQuery) {
      authorize(actor, 'securityAssessment', 'read');
      if (query.vendorId) await ctx.vendor(actor, query.vendorId);
      const rows = await repo.listAssessments(db, query);
      const page = toPage(
        rows,
        query.limit,
        (r) => [r.dueOn, r.id],
        (r) => r,
      );
      return {
        items: await dtos(page.items),
        nextCursor: page.nextCursor,
        schedule: query.vendorId ? await schedule(query.vendorId) : null,
      };
    },

    async get(actor: Actor, id: string) {
      authorize(actor, 'securityAssessment', 'read');
      const row = await repo.findAssessment(db, id);
      if (!row) throw notFound('security assessment');
      return dto(row);
    },

    async create(actor: Actor, body: AssessmentBody) {
      authorize(actor, 'securityAssessment', 'create');
      await ctx.vendor(actor, body.vendorId).catch(() => {
        throw invalid([{ field: 'vendorId', message: 'must be the id of an existing vendor' }]);
      });
      const plan = await schedule(body.vendorId);
      const today = await ctx.today();
      const row = await db.transaction().execute(async (tx) => {
        await ctx.checkWriter(tx, body.ownerId, 'ownerId');
        if (body.engagementId) {
          const e = await ctx.deps.engagement(tx, actor, body.engagementId).catch(() => undefined);
          if (!e || e.vendorId !== body.vendorId)
            throw invalid([{ field: 'engagementId', message: 'must be an engagement of the vendor' }]);
        }
        const dueOn = body.dueOn ?? laterOf(plan.nextDueOn, today);
        return insertIn(tx, actor, {
          vendorId: body.vendorId,
          engagementId: body.engagementId ?? null,
          type: body.type,
          ownerId: body.ownerId,
          dueOn,
        });
      });
      return dto(row);
    },

    /** Every type the tier calls for that is not already pending, due on the next due date. */
    async scheduleFromTier(actor: Actor, body: ScheduleBody) {
      authorize(actor, 'securityAssessment', 'create');
      await ctx.vendor(actor, body.vendorId).catch(() => {
        throw invalid([{ field: 'vendorId', message: 'must be the id of an existing vendor' }]);
      });
      const plan = await schedule(body.vendorId);
      const today = await ctx.today();
      const rows = await db.transaction().execute(async (tx) => {
        await ctx.checkWriter(tx, body.ownerId, 'ownerId');
        const pending = new Set(await repo.pendingTypesOf(tx, body.vendorId));
        const out: SecurityAssessmentRow[] = [];
        for (const type of plan.types) {
          if (pending.has(type)) continue;
          out.push(
            await insertIn(tx, actor, {
              vendorId: body.vendorId,
              engagementId: null,
              type,
              ownerId: body.ownerId,
              dueOn: laterOf(plan.nextDueOn, today),
            }),
          );
        }
        return out;
      });
      return { items: await dtos(rows), schedule: plan };
    },

    update: (actor: Actor, id: string, body: AssessmentPatch) =>
      change(actor, id, 'security_assessment.update', async (row, tx) => {
        if (row.status === 'completed' && (body.dueOn || body.ownerId))
          throw conflict('A completed assessment keeps its owner and due date.');
        if (body.ownerId) await ctx.checkWriter(tx, body.ownerId, 'ownerId');
        return {
          ...(body.ownerId ? { ownerId: body.ownerId } : {}),
          ...(body.dueOn ? { dueOn: body.dueOn } : {}),
          ...(body.summary !== undefined ? { summary: body.summary } : {}),
        };
      }),

    start: (actor: Actor, id: string) =>
      change(actor, id, 'security_assessment.start', (row) => {
        if (row.status !== 'scheduled')
          throw conflict(`The assessment is ${row.status.replace('_', ' ')}, not scheduled.`);
        return { status: 'in_progress', startedAt: ctx.now() };
      }),

    async complete(actor: Actor, id: string, body: CompleteAssessmentBody) {
      const today = await ctx.today();
      if (body.completedOn && body.completedOn > today)
        throw invalid([{ field: 'completedOn', message: 'must not be in the future' }]);
      return change(actor, id, 'security_assessment.complete', (row) => {
        if (row.status === 'completed') throw conflict('The assessment is already completed.');
        return {
          status: 'completed',
          result: body.result,
          summary: body.summary,
          completedOn: body.completedOn ?? today,
          startedAt: row.startedAt ?? ctx.now(),
        };
      });
    },
  };
}

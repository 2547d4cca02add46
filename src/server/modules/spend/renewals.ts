/** Renewals (calendar, decisions, the renewal.due notice) and exit plans with their readiness. */
import {
  type ExitPlan,
  ExitPlanBody,
  type Renewal,
  type RenewalDecisionBody,
  type RenewalDecisionKind,
  type RenewalListQuery,
} from '../../../contracts/spend';
import { type Executor, fromJson, toJson } from '../../db/database';
import { type FieldError, invalid } from '../../errors';
import { addDays, daysBetween, todayIn } from '../../lib/dates';
import { newId } from '../../lib/ids';
import { type Actor, authorize, systemActor } from '../../policy';
import { diff } from '../audit/rules';
import type { EngagementFacts, SpendContext } from './context';
import * as repo from './repository';
import { inNotice, noticeDeadlineOf, readiness, termEnd } from './rules';

/** Engagements whose renewal is tracked: those in force. */
const IN_FORCE = new Set(['active', 'on_hold']);

export function createRenewalService(ctx: SpendContext) {
  const { deps, db } = ctx;
  const { audit, clock } = deps;

  function toRenewal(
    e: EngagementFacts,
    row: repo.RenewalRow | undefined,
    names: Map<string, string>,
  ): Renewal | null {
    const end = termEnd(e);
    const deadline = noticeDeadlineOf(e);
    if (!end || !deadline) return null;
    const today = todayIn(clock.now(), e.timezone);
    const decided = row?.decision && row.decisionFor === end;
    return {
      engagementId: e.id,
      title: e.title,
      vendorId: e.vendorId,
      vendorName: e.vendorName,
      status: e.status,
      endDate: e.endDate,
      renewalDate: e.renewalDate,
      termEnd: end,
      noticePeriodDays: e.noticePeriodDays,
      noticeDeadline: deadline,
      inNoticePeriod: inNotice(e, today),
      daysToDeadline: daysBetween(today, deadline),
      autoRenew: Number(row?.autoRenew ?? 0) === 1,
      decision: decided
        ? {
            decision: row.decision as RenewalDecisionKind,
            note: row.note,
            decidedBy: row.decidedBy ?? '',
            decidedByName: names.get(row.decidedBy ?? '') ?? null,
            decidedAt: row.decidedAt!,
            termEnd: end,
          }
        : null,
    };
  }

  async function one(tx: Executor, e: EngagementFacts) {
    const [row, names] = await Promise.all([repo.findRenewal(tx, e.id), deps.userNames(tx)]);
    return { row, renewal: toRenewal(e, row, names) };
  }

  return {
    /** The calendar: terms not yet ended whose notice deadline comes within the window (default: a year), by deadline. */
    async list(actor: Actor, query: RenewalListQuery): Promise<{ items: Renewal[] }> {
      authorize(actor, 'renewal', 'read');
      const { date } = await ctx.today();
      const from = query.from ?? date;
      const to = query.to ?? addDays(date, 365);
      if (from > to) throw invalid([{ field: 'from', message: 'must not be after to' }]);
      const engagements = (await deps.portfolio()).filter((e) => IN_FORCE.has(e.status));
      const [rows, names] = await Promise.all([
        repo.renewalsOf(
          db,
          engagements.map((e) => e.id),
        ),
        deps.userNames(db),
      ]);
      const byId = new Map(rows.map((r) => [r.engagementId, r]));
      const items = engagements
        .map((e) => toRenewal(e, byId.get(e.id), names))
        .filter((r): r is Renewal => r !== null && r.termEnd >= from && r.noticeDeadline <= to)
        .filter(
          (r) => query.undecided === undefined || (query.undecided === 'true') === (r.decision === null),
        )
        .sort((a, b) => a.noticeDeadline.localeCompare(b.noticeDeadline) || a.title.localeCompare(b.title));
      return { items };
    },

    async get(actor: Actor, engagementId: string) {
      authorize(actor, 'renewal', 'read');
      const e = await deps.loadEngagement(db, actor, engagementId);
      const { renewal } = await one(db, e);
      if (!renewal)
        throw invalid([
          { field: 'endDate', message: 'the engagement has neither an end date nor a renewal date' },
        ]);
      return renewal;
    },

    /** Decide the current term's renewal (a later decision replaces an earlier one for the same term). */
    async decide(actor: Actor, engagementId: string, body: RenewalDecisionBody) {
      authorize(actor, 'renewal', 'decide');
      return db.transaction().execute(async (tx) => {
        const e = await deps.loadEngagement(tx, actor, engagementId);
        const end = termEnd(e);
        if (!end)
          throw invalid([
            {
              field: 'decision',
              message: 'needs a term to decide on: give the engagement an end or renewal date',
            },
          ]);
        const at = ctx.now();
        const before = await repo.lockRenewal(tx, engagementId, at);
        const next: repo.RenewalRow = {
          ...before,
          decision: body.decision,
          decisionFor: end,
          note: body.note ?? null,
          decidedBy: actor.id,
          decidedAt: at,
          updatedAt: at,
        };
        await repo.upsertRenewal(tx, next);
        await audit.record(tx, actor, {
          action: 'renewal.decide',
          entityType: 'engagement',
          entityId: engagementId,
          changes: diff(
            { decision: before.decision, decisionFor: before.decisionFor, note: before.note },
            { decision: next.decision, decisionFor: next.decisionFor, note: next.note },
          ),
        });
        return (await one(tx, e)).renewal!;
      });
    },

    /** Record whether the contract renews by itself unless notice is given. */
    async setTerms(actor: Actor, engagementId: string, body: { autoRenew: boolean }) {
      authorize(actor, 'renewal', 'update');
      return db.transaction().execute(async (tx) => {
        const e = await deps.loadEngagement(tx, actor, engagementId);
        if (!termEnd(e))
          throw invalid([
            { field: 'autoRenew', message: 'needs a term: give the engagement an end or renewal date first' },
          ]);
        const at = ctx.now();
        const before = await repo.lockRenewal(tx, engagementId, at);
        const next = { ...before, autoRenew: body.autoRenew ? 1 : 0, updatedAt: at };
        await repo.upsertRenewal(tx, next);
        await audit.record(tx, actor, {
          action: 'renewal.update',
          entityType: 'engagement',
          entityId: engagementId,
          changes: diff({ autoRenew: before.autoRenew === 1 }, { autoRenew: body.autoRenew }),
        });
        return (await one(tx, e)).renewal!;
      });
    },

    /** True when the engagement's current term has a renewal decision (for the risk signals). */
    async hasRenewalDecision(executor: Executor, engagementId: string) {
      const e = await deps.loadEngagement(executor, systemActor('spend'), engagementId);
      const row = await repo.findRenewal(executor, engagementId);
      const end = termEnd(e);
      return !!end && !!row?.decision && row.decisionFor === end;
    },

    /** Scheduler: publish renewal.due once per term, when it enters its notice period. */
    async runNotices() {
      const actor = systemActor('scheduler');
      let published = 0;
      for (const e of await deps.portfolio()) {
        if (!IN_FORCE.has(e.status)) continue;
        const end = termEnd(e);
        if (!end || !inNotice(e, todayIn(clock.now(), e.timezone))) continue;
        await db.transaction().execute(async (tx) => {
          const at = ctx.now();
          if (!(await repo.claimNotice(tx, e.id, end, at))) return;
          const row = await repo.findRenewal(tx, e.id);
          const payload = {
            engagementId: e.id,
            title: e.title,
            vendorName: e.vendorName,
            termEnd: end,
            noticeDeadline: noticeDeadlineOf(e),
            autoRenew: Number(row?.autoRenew ?? 0) === 1,
            decided: !!row?.decision && row.decisionFor === end,
          };
          await deps.publish(tx, { type: 'renewal.due', engagementId: e.id, vendorId: e.vendorId, payload });
          await audit.record(tx, actor, {
            action: 'renewal.due',
            entityType: 'engagement',
            entityId: e.id,
            changes: diff(null, { termEnd: end }),
          });
          published++;
        });
      }
      return { published };
    },
  };
}

export function createExitPlanService(ctx: SpendContext) {
  const { deps, db } = ctx;
  const { audit } = deps;

  /** `today` is read before any transaction (the organisation lives in another module). */
  async function toDto(
    tx: Executor,
    engagement: EngagementFacts,
    row: repo.ExitPlanRow | undefined,
    today: string,
  ): Promise<ExitPlan> {
    const engagementId = engagement.id;
    const doc = ExitPlanBody.parse(fromJson(row?.document, {}));
    const withIds = <T extends { id?: string }>(items: T[]) => items.map((i) => ({ ...i, id: i.id ?? '' }));
    const all = [...doc.steps, ...doc.dataItems, ...doc.knowledgeItems, ...doc.accessItems];
    const [flows, grants] = await Promise.all([
      deps.dataFlows?.(tx, engagement) ?? [],
      deps.accessGrants?.(tx, engagement) ?? [],
    ]);
    const listedFlows = new Set(doc.dataItems.map((d) => d.dataFlowId));
    const listedGrants = new Set(doc.accessItems.map((a) => a.accessGrantId));
    return {
      engagementId,
      exists: row !== undefined,
      steps: withIds(doc.steps),
      dataItems: withIds(doc.dataItems),
      knowledgeItems: withIds(doc.knowledgeItems),
      accessItems: withIds(doc.accessItems),
      substitutability: doc.substitutability,
      reintegration: doc.reintegration,
      ...readiness(all, today),
      suggestions: [
        ...flows
          .filter((f) => !listedFlows.has(f.id))
          .map((f) => ({ kind: 'data' as const, sourceId: f.id, label: f.label })),
        ...grants
          .filter((g) => !listedGrants.has(g.id))
          .map((g) => ({ kind: 'access' as const, sourceId: g.id, label: g.label })),
      ],
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  }

  return {
    async get(actor: Actor, engagementId: string) {
      authorize(actor, 'exitPlan', 'read');
      const engagement = await deps.loadEngagement(db, actor, engagementId);
      const { date } = await ctx.today();
      return toDto(db, engagement, await repo.findExitPlan(db, engagementId), date);
    },

    /** Replace the plan; items keep the ids they are sent with, new ones get fresh ids. */
    async put(actor: Actor, engagementId: string, body: ExitPlanBody) {
      authorize(actor, 'exitPlan', 'update');
      const { date } = await ctx.today();
      return db.transaction().execute(async (tx) => {
        const engagement = await deps.loadEngagement(tx, actor, engagementId);
        const errors: FieldError[] = [];
        if (deps.dataFlows) {
          const known = new Set((await deps.dataFlows(tx, engagement)).map((f) => f.id));
          body.dataItems.forEach((d, i) => {
            if (d.dataFlowId && !known.has(d.dataFlowId))
              errors.push({
                field: `dataItems.${i}.dataFlowId`,
                message: 'is not a register entry of this engagement',
              });
          });
        }
        if (deps.accessGrants) {
          const known = new Set((await deps.accessGrants(tx, engagement)).map((g) => g.id));
          body.accessItems.forEach((a, i) => {
            if (a.accessGrantId && !known.has(a.accessGrantId))
              errors.push({
                field: `accessItems.${i}.accessGrantId`,
                message: 'is not an access grant of this engagement',
              });
          });
        }
        if (errors.length) throw invalid(errors);
        const ids = <T extends { id?: string }>(items: T[]) =>
          items.map((i) => ({ ...i, id: i.id || newId('exi') }));
        const doc = {
          steps: ids(body.steps),
          dataItems: ids(body.dataItems),
          knowledgeItems: ids(body.knowledgeItems),
          accessItems: ids(body.accessItems),
          substitutability: body.substitutability,
          reintegration: body.reintegration,
        };
        const before = await repo.findExitPlan(tx, engagementId);
        const at = ctx.now();
        const row: repo.ExitPlanRow = {
          engagementId,
          document: toJson(doc),
          updatedBy: actor.id,
          createdAt: before?.createdAt ?? at,
          updatedAt: at,
        };
        await repo.upsertExitPlan(tx, row);
        await audit.record(tx, actor, {
          action: before ? 'exitPlan.update' : 'exitPlan.create',
          entityType: 'exitPlan',
          entityId: engagementId,
          changes: diff(before ? fromJson(before.document, {}) : null, doc),
        });
        return toDto(tx, engagement, row, date);
      });
    },

    /**
     * Every exit plan as its audit events name its fields (the DORA register reads
     * substitutability and reintegration as they stood on a date). No permission check.
     */
    async registerRecords(executor: Executor) {
      const rows = await repo.allExitPlans(executor);
      return rows.map((r) => ({ id: r.engagementId, ...ExitPlanBody.parse(fromJson(r.document, {})) }));
    },

    /** The plan's readiness, or null when the engagement has none (for the risk signals). */
    async readinessOf(executor: Executor, engagementId: string) {
      const row = await repo.findExitPlan(executor, engagementId);
      if (!row) return null;
      const doc = ExitPlanBody.parse(fromJson(row.document, {}));
      const all = [...doc.steps, ...doc.dataItems, ...doc.knowledgeItems, ...doc.accessItems];
      return readiness(all, deps.clock.now().toISOString().slice(0, 10));
    },
  };
}

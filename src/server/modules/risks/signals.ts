/**
 * Automatic signals: every registered source says which conditions hold now; each condition is
 * one risk of kind `signal` under its stable key, opened once (a unique key among open signals,
 * inserted with ON CONFLICT DO NOTHING so two processes cannot both open it), updated while the
 * condition lasts and closed when its source no longer reports it. Expired acceptances reopen here.
 */
import type { SignalRefreshResult } from '../../../contracts/risks';
import { toJson } from '../../db/database';
import type { RiskRow } from '../../db/schema';
import { newId } from '../../lib/ids';
import { type Actor, authorize, systemActor } from '../../policy';
import { diff } from '../audit/rules';
import type { RiskContext, SignalSource } from './context';
import * as repo from './repository';
import { type OpenSignal, planSignals, type SignalCondition, score } from './rules';

export function createSignals(ctx: RiskContext) {
  const { deps, db } = ctx;
  const { audit } = deps;
  const sources: SignalSource[] = [];
  const system = systemActor('risk-signals');

  function newSignalRow(source: string, c: SignalCondition, at: string): RiskRow {
    const s = score(c.likelihood, c.impact);
    return {
      id: newId('rsk'),
      kind: 'signal',
      signalKey: c.key,
      signalSource: source,
      openSignalKey: c.key,
      vendorId: c.vendorId,
      engagementId: c.engagementId ?? null,
      title: c.title,
      description: null,
      category: c.category,
      likelihood: c.likelihood,
      impact: c.impact,
      inherentScore: s,
      residualLikelihood: c.likelihood,
      residualImpact: c.impact,
      residualScore: s,
      ownerId: null,
      controls: '[]',
      status: 'open',
      acceptedBy: null,
      acceptedAt: null,
      acceptanceExpiresOn: null,
      acceptanceReason: null,
      reviewOn: null,
      signalData: toJson(c.data),
      lastSeenAt: at,
      closedAt: null,
      createdBy: system.id,
      createdAt: at,
      updatedAt: at,
    };
  }

  const eventPayload = (
    r: Pick<RiskRow, 'id' | 'signalKey' | 'signalSource' | 'title' | 'category'>,
    data: unknown,
  ) => ({
    riskId: r.id,
    signalKey: r.signalKey,
    source: r.signalSource,
    title: r.title,
    category: r.category,
    data,
  });

  async function reopenExpiredAcceptances(actor: Actor): Promise<number> {
    const today = await ctx.today();
    let reopened = 0;
    for (const { id } of await repo.expiredAcceptances(db, today)) {
      await db.transaction().execute(async (tx) => {
        await repo.lockRisk(tx, id);
        const before = await repo.findRisk(tx, id);
        // Still accepted, and its acceptance has run out (another run may have reopened it already).
        const expiresOn = before?.status === 'accepted' ? before.acceptanceExpiresOn : null;
        if (!before || !expiresOn || expiresOn >= today) return;
        const next = {
          ...before,
          status: 'open',
          acceptedBy: null,
          acceptedAt: null,
          acceptanceExpiresOn: null,
          acceptanceReason: null,
          updatedAt: ctx.now(),
        };
        await repo.updateRisk(tx, id, next);
        await audit.record(tx, actor, {
          action: 'risk.acceptance_expired',
          entityType: 'risk',
          entityId: id,
          changes: diff(before, next),
        });
        reopened++;
      });
    }
    return reopened;
  }

  /** Evaluate every source and reconcile the open signals with what they see. */
  async function run(actor: Actor = system): Promise<SignalRefreshResult> {
    const reopened = await reopenExpiredAcceptances(actor);
    const now = deps.clock.now();
    const results: Array<{
      source: string;
      ok: boolean;
      conditions: SignalCondition[];
      error: string | null;
    }> = [];
    for (const s of sources) {
      try {
        results.push({ source: s.name, ok: true, conditions: await s.evaluate(db, now), error: null });
      } catch (err) {
        // A failing source keeps its signals as they were: absence of an answer is not a cleared condition.
        results.push({
          source: s.name,
          ok: false,
          conditions: [],
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    const open: OpenSignal[] = (await repo.openSignals(db)).map((r) => ({
      id: r.id,
      key: r.openSignalKey!,
      source: r.signalSource ?? '',
      title: r.title,
      likelihood: Number(r.likelihood),
      impact: Number(r.impact),
      signalData: r.signalData,
      vendorId: r.vendorId,
      engagementId: r.engagementId,
    }));
    const plan = planSignals(results, open);
    let opened = 0;
    let updated = 0;
    let closed = 0;

    for (const { source, condition } of plan.open) {
      await db.transaction().execute(async (tx) => {
        const at = ctx.now();
        const row = newSignalRow(source, condition, at);
        // Another process may have opened it since we looked: then there is nothing to do here.
        if (!(await repo.insertSignal(tx, row))) return;
        await deps.publish(tx, {
          type: 'risk.signal_opened',
          vendorId: row.vendorId,
          engagementId: row.engagementId,
          payload: eventPayload(row, condition.data),
        });
        await audit.record(tx, actor, {
          action: 'risk.signal_opened',
          entityType: 'risk',
          entityId: row.id,
          changes: diff(
            {},
            { signalKey: row.signalKey, title: row.title, likelihood: row.likelihood, impact: row.impact },
          ),
        });
        opened++;
      });
    }

    for (const { id, condition } of plan.update) {
      await db.transaction().execute(async (tx) => {
        await repo.lockRisk(tx, id);
        const before = await repo.findRisk(tx, id);
        if (!before || before.openSignalKey !== condition.key) return;
        const at = ctx.now();
        const next = {
          ...before,
          title: condition.title,
          category: condition.category,
          likelihood: condition.likelihood,
          impact: condition.impact,
          inherentScore: score(condition.likelihood, condition.impact),
          vendorId: condition.vendorId,
          engagementId: condition.engagementId ?? null,
          signalData: toJson(condition.data),
          lastSeenAt: at,
          updatedAt: at,
        };
        await repo.updateRisk(tx, id, next);
        await audit.record(tx, actor, {
          action: 'risk.signal_updated',
          entityType: 'risk',
          entityId: id,
          changes: diff(before, next),
        });
        updated++;
      });
    }

    if (plan.seen.length) {
      const at = ctx.now();
      for (const id of plan.seen) await repo.updateRisk(db, id, { lastSeenAt: at });
    }

    for (const s of plan.close) {
      await db.transaction().execute(async (tx) => {
        await repo.lockRisk(tx, s.id);
        const before = await repo.findRisk(tx, s.id);
        if (!before || before.openSignalKey !== s.key) return;
        const at = ctx.now();
        const next = { ...before, status: 'closed', openSignalKey: null, closedAt: at, updatedAt: at };
        await repo.updateRisk(tx, s.id, next);
        await deps.publish(tx, {
          type: 'risk.signal_closed',
          vendorId: before.vendorId,
          engagementId: before.engagementId,
          payload: eventPayload(before, JSON.parse(before.signalData ?? '{}')),
        });
        await audit.record(tx, actor, {
          action: 'risk.signal_closed',
          entityType: 'risk',
          entityId: s.id,
          changes: diff({ status: before.status }, { status: 'closed' }),
        });
        closed++;
      });
    }

    return {
      opened,
      updated,
      closed,
      reopened,
      sources: results.map((r) => ({ name: r.source, conditions: r.conditions.length, error: r.error })),
    };
  }

  return {
    /** Add a source (module.ts registers every source). A name is registered once. */
    register(source: SignalSource) {
      if (sources.some((s) => s.name === source.name))
        throw new Error(`signal source ${source.name} is registered twice`);
      sources.push(source);
    },
    sources: () => sources.map((s) => s.name),
    /** The scheduler's run. */
    run: () => run(system),
    /** POST /risks/signals/refresh: owners and administrators, at once. */
    async refresh(actor: Actor) {
      authorize(actor, 'riskSignal', 'decide');
      return run(actor);
    },
  };
}

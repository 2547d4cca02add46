import { DateTime } from 'luxon';
import type { z } from 'zod';
import {
  type AnswerBody,
  CRITERION_LABELS,
  type RespondBody,
  SCORECARD_CRITERIA,
  type Scorecard,
  type ScorecardCadence,
  type ScorecardLine,
  type ScorecardResponse,
  type ScorecardSettingsBody,
  type UpdateScorecardBody,
  type Weights,
} from '../../../contracts/quality-reviews';
import type { Database, Executor } from '../../db/database';
import type { ScorecardResponseRow, ScorecardRow } from '../../db/schema';
import { conflict, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize, isInternal } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { PublishInput } from '../events/service';
import type { DeliverableService, EngagementAccess, EngagementRef } from './deliverables';
import {
  DEFAULT_WEIGHTS,
  type PeriodEvidence,
  periodMonths,
  periodProblem,
  suggestScores,
  trend,
  weightedTotal,
} from './review-rules';
import * as repo from './scorecards-repository';

/** One month's SLA result as the SLA engine reports it (client-measured). */
interface SlaMonth {
  kpis: Array<{ met: boolean | 'no_data' }>;
  credit: { amount: number; currency: string };
}

/** Narrow view of the SLA engine: a month's result for an engagement, as the actor may see it. */
interface SlaSource {
  month(actor: Actor, engagementId: string, month: string): Promise<SlaMonth>;
}

export interface ScorecardDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  engagements: EngagementAccess;
  deliverables: Pick<DeliverableService, 'statsForMonths'>;
  /** The SLA engine's client months; absent, suggestions say there is no SLA result. */
  sla?: SlaSource;
  /** Publish a domain event inside the causing transaction (the event bus). */
  publish?: (tx: Executor, input: PublishInput) => Promise<unknown>;
}

const linesOf = (row: ScorecardRow): ScorecardLine[] => JSON.parse(row.lines);

function toResponse(r: ScorecardResponseRow): ScorecardResponse {
  return {
    id: r.id,
    kind: r.kind as ScorecardResponse['kind'],
    criterion: r.criterion as ScorecardResponse['criterion'],
    comment: r.comment,
    authorId: r.authorId,
    authorName: r.authorName,
    createdAt: r.createdAt,
    answer: r.answer,
    answeredBy: r.answeredBy,
    answeredByName: r.answeredByName,
    answeredAt: r.answeredAt,
  };
}

/**
 * A scorecard as the caller may read it. The suggestions and their explanations are the client's
 * working notes (credits, late deliverables as the client counts them): a vendor user reads the
 * scores and comments only (decision 110).
 */
function toScorecard(row: ScorecardRow, responses: ScorecardResponseRow[], vendor = false): Scorecard {
  const stored = linesOf(row);
  const lines = vendor ? stored.map((l) => ({ ...l, suggested: null, explanation: '' })) : stored;
  const mine = responses.filter((r) => r.scorecardId === row.id).map(toResponse);
  return {
    id: row.id,
    engagementId: row.engagementId,
    period: row.period,
    cadence: row.cadence as ScorecardCadence,
    status: row.status as Scorecard['status'],
    lines,
    total: weightedTotal(stored),
    summary: row.summary,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
    responses: mine,
    openDisputes: mine.filter((r) => r.kind === 'dispute' && r.answer === null).length,
  };
}

/**
 * Periodic scorecards: a draft pre-filled with scores the data suggests, scored and published by
 * the reviewer; the vendor then responds or disputes, and the reviewer answers. Nothing is
 * deleted, so the history of every exchange stays.
 */
export function createScorecardService(deps: ScorecardDeps) {
  const { db, audit, clock, engagements, deliverables, sla } = deps;
  const now = () => clock.now().toISOString();

  async function settingsOf(tx: Executor, engagementId: string) {
    const row = await repo.settings(tx, engagementId);
    return row
      ? { cadence: row.cadence as ScorecardCadence, weights: JSON.parse(row.weights) as Weights }
      : { cadence: 'monthly' as ScorecardCadence, weights: DEFAULT_WEIGHTS };
  }

  async function load(tx: Executor, actor: Actor, id: string, action: 'read' | 'update') {
    const scope = authorize(actor, 'scorecard', action);
    const row = await repo.find(tx, id, scope, !isInternal(actor));
    if (!row) throw notFound('scorecard');
    return row;
  }

  async function full(tx: Executor, row: ScorecardRow, actor?: Actor) {
    return toScorecard(row, await repo.responses(tx, [row.id]), !!actor && !isInternal(actor));
  }

  /** What SLA results and deliverables say about the months of a period. */
  async function evidence(
    actor: Actor,
    engagement: EngagementRef,
    months: string[],
  ): Promise<PeriodEvidence> {
    const stats = await deliverables.statsForMonths(engagement, months);
    const base = {
      onTimeRate: stats.onTimeRate,
      onTimeCounted: stats.onTimeCounted,
      firstPassRate: stats.firstPassRate,
      firstPassCounted: stats.firstPassCounted,
    };
    const source = sla;
    if (!source)
      return {
        ...base,
        slaAttainment: null,
        slaResults: 0,
        slaNote: 'the SLA engine is not available',
        credits: null,
      };
    const results = await Promise.all(months.map((m) => source.month(actor, engagement.id, m)));
    const judged = results.flatMap((r) => r.kpis).filter((k) => k.met !== 'no_data');
    const met = judged.filter((k) => k.met === true).length;
    const amount = results.reduce((n, r) => n + r.credit.amount, 0);
    const fees = Number(engagement.monthlyFee) * months.length;
    return {
      ...base,
      slaAttainment: judged.length ? Math.round((met / judged.length) * 1000) / 10 : null,
      slaResults: judged.length,
      slaNote: judged.length ? null : `no KPI has measurements in ${months.join(', ')}`,
      // Without any KPI result a zero credit means "no data", not "no breach": no cost suggestion then.
      credits: judged.length
        ? {
            amount,
            currency: results[0]?.credit.currency ?? engagement.currency,
            feePct: fees > 0 ? Math.round((amount / fees) * 1000) / 10 : 0,
          }
        : null,
    };
  }

  return {
    async settings(actor: Actor, engagementId: string) {
      await engagements.load(db, actor, engagementId);
      authorize(actor, 'scorecard', 'read');
      return { engagementId, ...(await settingsOf(db, engagementId)) };
    },

    async saveSettings(actor: Actor, engagementId: string, body: z.infer<typeof ScorecardSettingsBody>) {
      return db.transaction().execute(async (tx) => {
        await engagements.load(tx, actor, engagementId);
        authorize(actor, 'scorecard', 'update');
        const before = await settingsOf(tx, engagementId);
        await repo.saveSettings(tx, {
          engagementId,
          cadence: body.cadence,
          weights: JSON.stringify(body.weights),
          updatedAt: now(),
        });
        await audit.record(tx, actor, {
          action: 'scorecard.settings',
          entityType: 'engagement',
          entityId: engagementId,
          changes: {
            cadence: { before: before.cadence, after: body.cadence },
            weights: { before: before.weights, after: body.weights },
          },
        });
        return { engagementId, cadence: body.cadence, weights: body.weights };
      });
    },

    async list(actor: Actor, engagementId: string) {
      await engagements.load(db, actor, engagementId);
      authorize(actor, 'scorecard', 'read');
      const rows = await repo.list(db, engagementId, !isInternal(actor));
      const responses = await repo.responses(
        db,
        rows.map((r) => r.id),
      );
      const items = rows.map((r) => toScorecard(r, responses, !isInternal(actor)));
      const points = items
        .filter((s) => s.status === 'published' && s.total !== null)
        .map((s) => ({ period: s.period, total: s.total! }));
      return { items, trend: trend(points) };
    },

    async get(actor: Actor, id: string) {
      return full(db, await load(db, actor, id, 'read'), actor);
    },

    async create(actor: Actor, engagementId: string, period: string) {
      authorize(actor, 'scorecard', 'create');
      // Everything read from other services happens before the transaction (one SQLite connection).
      const engagement = await engagements.load(db, actor, engagementId);
      const { cadence, weights } = await settingsOf(db, engagementId);
      const months = periodMonths(period, cadence);
      if (!months)
        throw invalid([
          {
            field: 'period',
            message: cadence === 'monthly' ? 'must be a month, YYYY-MM' : 'must be a quarter, YYYY-Qn',
          },
        ]);
      const thisMonth = DateTime.fromJSDate(clock.now(), { zone: engagement.timezone }).toFormat('yyyy-MM');
      const problem = periodProblem(months, engagement, thisMonth);
      if (problem) throw invalid([{ field: 'period', message: problem }], problem);
      const suggestions = suggestScores(await evidence(actor, engagement, months), period);
      return db.transaction().execute(async (tx) => {
        if (await repo.findByPeriod(tx, engagementId, period))
          throw conflict(`This engagement already has a scorecard for ${period}.`);
        const lines: ScorecardLine[] = SCORECARD_CRITERIA.map((criterion) => ({
          criterion,
          label: CRITERION_LABELS[criterion],
          weight: weights[criterion],
          suggested: suggestions[criterion].suggested,
          explanation: suggestions[criterion].explanation,
          score: suggestions[criterion].suggested,
          comment: '',
        }));
        const at = now();
        const row: ScorecardRow = {
          id: newId('scd'),
          engagementId,
          period,
          cadence,
          status: 'draft',
          lines: JSON.stringify(lines),
          summary: '',
          createdBy: actor.id,
          createdAt: at,
          updatedAt: at,
          publishedAt: null,
          publishedBy: null,
        };
        await repo.insert(tx, row);
        await audit.record(tx, actor, {
          action: 'scorecard.create',
          entityType: 'scorecard',
          entityId: row.id,
          changes: {
            engagementId: { after: engagementId },
            period: { after: period },
            suggested: { after: Object.fromEntries(lines.map((l) => [l.criterion, l.suggested])) },
          },
        });
        return toScorecard(row, []);
      });
    },

    async update(actor: Actor, id: string, body: UpdateScorecardBody) {
      return db.transaction().execute(async (tx) => {
        await repo.lock(tx, id);
        const row = await load(tx, actor, id, 'update');
        if (row.status !== 'draft')
          throw conflict('A published scorecard is final; answer the vendor instead.');
        const before = linesOf(row);
        const lines = before.map((line) => {
          const change = body.lines?.find((l) => l.criterion === line.criterion);
          if (!change) return line;
          return {
            ...line,
            ...(change.score !== undefined ? { score: change.score } : {}),
            ...(change.comment !== undefined ? { comment: change.comment } : {}),
            ...(change.weight !== undefined ? { weight: change.weight } : {}),
          };
        });
        if (!lines.some((l) => l.weight > 0))
          throw invalid([{ field: 'lines', message: 'must give some criterion a weight' }]);
        const patch = {
          lines: JSON.stringify(lines),
          summary: body.summary ?? row.summary,
          updatedAt: now(),
        };
        await repo.update(tx, id, patch);
        const changes: Record<string, { before: unknown; after: unknown }> = {};
        lines.forEach((l, i) => {
          const b = before[i]!;
          if (l.score !== b.score || l.comment !== b.comment || l.weight !== b.weight)
            changes[l.criterion] = {
              before: { score: b.score, weight: b.weight, comment: b.comment },
              after: { score: l.score, weight: l.weight, comment: l.comment },
            };
        });
        if (patch.summary !== row.summary) changes.summary = { before: row.summary, after: patch.summary };
        await audit.record(tx, actor, {
          action: 'scorecard.update',
          entityType: 'scorecard',
          entityId: id,
          changes,
        });
        return full(tx, { ...row, ...patch });
      });
    },

    async publish(actor: Actor, id: string) {
      return db.transaction().execute(async (tx) => {
        await repo.lock(tx, id);
        const row = await load(tx, actor, id, 'update');
        if (row.status !== 'draft') throw conflict('This scorecard is already published.');
        const missing = linesOf(row).filter((l) => l.weight > 0 && l.score === null);
        if (missing.length)
          throw invalid(
            missing.map((l) => ({
              field: `lines.${l.criterion}.score`,
              message: 'must be set before publishing',
            })),
          );
        const at = now();
        const patch = { status: 'published', publishedAt: at, publishedBy: actor.id, updatedAt: at };
        await repo.update(tx, id, patch);
        const total = weightedTotal(linesOf(row));
        await audit.record(tx, actor, {
          action: 'scorecard.publish',
          entityType: 'scorecard',
          entityId: id,
          changes: { status: { before: 'draft', after: 'published' }, total: { after: total } },
        });
        // The vendor may respond or dispute now: their users are told (decision 109).
        const engagement = await engagements.load(tx, actor, row.engagementId);
        await deps.publish?.(tx, {
          type: 'scorecard.published',
          engagementId: row.engagementId,
          vendorId: engagement.vendorId,
          payload: { scorecardId: id, period: row.period, total, actorId: actor.id },
        });
        return full(tx, { ...row, ...patch });
      });
    },

    async respond(actor: Actor, id: string, body: z.infer<typeof RespondBody>) {
      return db.transaction().execute(async (tx) => {
        const row = await load(tx, actor, id, 'read');
        authorize(actor, 'scorecardResponse', 'create');
        if (row.status !== 'published') throw notFound('scorecard');
        if (body.kind === 'dispute' && !body.criterion)
          throw invalid([{ field: 'criterion', message: 'is required: say which score you dispute' }]);
        const response: ScorecardResponseRow = {
          id: newId('scr'),
          scorecardId: id,
          kind: body.kind,
          criterion: body.criterion,
          comment: body.comment,
          authorId: actor.id,
          authorName: actor.name,
          createdAt: now(),
          answer: null,
          answeredBy: null,
          answeredByName: null,
          answeredAt: null,
        };
        await repo.insertResponse(tx, response);
        await audit.record(tx, actor, {
          action: body.kind === 'dispute' ? 'scorecard.dispute' : 'scorecard.respond',
          entityType: 'scorecard',
          entityId: id,
          changes: { criterion: { after: body.criterion }, comment: { after: body.comment } },
        });
        // A dispute waits for an answer from whoever published the scorecard (and its owner).
        if (body.kind === 'dispute')
          await deps.publish?.(tx, {
            type: 'scorecard.disputed',
            engagementId: row.engagementId,
            payload: {
              scorecardId: id,
              period: row.period,
              criterion: body.criterion,
              authorName: actor.name,
              reviewerId: row.publishedBy,
              actorId: actor.id,
            },
          });
        return full(tx, row, actor);
      });
    },

    async answer(actor: Actor, id: string, responseId: string, body: z.infer<typeof AnswerBody>) {
      return db.transaction().execute(async (tx) => {
        await repo.lock(tx, id);
        const row = await load(tx, actor, id, 'read');
        authorize(actor, 'scorecardResponse', 'decide');
        const response = (await repo.responses(tx, [id])).find((r) => r.id === responseId);
        if (!response) throw notFound('response');
        if (response.answer !== null) throw conflict('This response has been answered already.');
        await repo.updateResponse(tx, responseId, {
          answer: body.comment,
          answeredBy: actor.id,
          answeredByName: actor.name,
          answeredAt: now(),
        });
        await audit.record(tx, actor, {
          action: 'scorecard.answer',
          entityType: 'scorecard',
          entityId: id,
          changes: { responseId: { after: responseId }, answer: { after: body.comment } },
        });
        return full(tx, row);
      });
    },
  };
}

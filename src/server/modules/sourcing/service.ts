/**
 * Sourcing events: a bid comparison between candidate vendors on weighted criteria, scored by
 * named evaluators, ranked with the spread between them and the sensitivity to each weight, with
 * suggestions from Outpost's own data (certificates, a business case's costs), and awarded by
 * opening a draft engagement for the winner in the same transaction.
 */
import type { CreateEngagementBody, Engagement } from '../../../contracts/engagements';
import { formatMoney } from '../../../contracts/money';
import type {
  AwardBody,
  CriterionSource,
  Ranking,
  Score,
  ScoreBody,
  SourcingEvent,
  SourcingEventBody,
  SourcingEventPatch,
  SourcingListQuery,
} from '../../../contracts/sourcing';
import type { Database, Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { SourcingCriterionRow, SourcingEventRow } from '../../db/schema';
import { AppError, conflict, type FieldError, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import * as repo from './repository';
import { costScores, normaliseWeights, rankCandidates, sensitivity } from './rules';

/** A business case option's cost, for the cost criterion's suggestion. */
interface OptionCost {
  vendorId: string | null;
  name: string;
  totalCost: number;
  currency: string;
  years: number;
}

export interface SourcingDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  /**
   * Answers a function that opens a draft engagement inside the award's transaction (what it
   * reads of the organisation is read before, outside the transaction).
   */
  engagementOpener(): Promise<
    (tx: Executor, actor: Actor, body: CreateEngagementBody) => Promise<Engagement>
  >;
  /** A vendor's certificates with their status today. */
  certifications(actor: Actor, vendorId: string): Promise<Array<{ standard: string; status: string }>>;
  /** The vendor's latest completed questionnaire assessment: its score and flags; null when none. */
  questionnaire(vendorId: string): Promise<{ score: number | null; openFlags: number } | null>;
  /** A business case's options with their total cost; null when there is no such case. */
  optionCosts(actor: Actor, businessCaseId: string): Promise<{ name: string; options: OptionCost[] } | null>;
  /** Which of these ids are vendors'. */
  vendorsAmong(tx: Executor, ids: string[]): Promise<string[]>;
  /** Enabled users among these ids with one of these roles. */
  activeUsers(tx: Executor, filter: { roles: string[]; ids: string[] }): Promise<Array<{ id: string }>>;
}

/** Who may score, so who may be an evaluator. */
const SCORER_ROLES = ['owner', 'admin', 'manager'];

const SECURITY_STANDARDS = new Set(['iso27001', 'soc2_type2']);
const STANDARD_NAMES: Record<string, string> = { iso27001: 'ISO/IEC 27001', soc2_type2: 'SOC 2 Type II' };

export function createSourcingService(deps: SourcingDeps) {
  const { db, audit, clock } = deps;
  const now = () => clock.now().toISOString();

  /** The event for a change (update, score, award): locked, so its status is checked against the latest. */
  async function load(tx: Executor, actor: Actor, id: string, action: 'read' | 'update' = 'read') {
    authorize(actor, 'sourcingEvent', action);
    const row = await repo.findForUpdate(tx, id);
    if (!row) throw notFound('sourcing event');
    return row;
  }

  async function toDto(tx: Executor, row: SourcingEventRow): Promise<SourcingEvent> {
    const [candidates, criteria, evaluators] = await Promise.all([
      repo.candidates(tx, row.id),
      repo.criteria(tx, row.id),
      repo.evaluators(tx, row.id),
    ]);
    const weights = normaliseWeights(criteria.map((c) => ({ id: c.id, weight: Number(c.weight) })));
    return {
      id: row.id,
      title: row.title,
      function: row.function as SourcingEvent['function'],
      scopeSummary: row.scopeSummary,
      status: row.status as SourcingEvent['status'],
      candidates: candidates.map((c) => ({ vendorId: c.vendorId, vendorName: c.vendorName })),
      criteria: criteria.map((c) => ({
        id: c.id,
        name: c.name,
        weight: Number(c.weight),
        normalisedWeight: Math.round(weights.get(c.id)! * 100) / 100,
        source: c.source as CriterionSource | null,
      })),
      evaluators: evaluators.map((e) => ({ userId: e.userId, name: e.name })),
      businessCaseId: row.businessCaseId,
      awardedVendorId: row.awardedVendorId,
      awardedEngagementId: row.awardedEngagementId,
      awardedAt: row.awardedAt,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  /** Candidates must be vendors, evaluators internal users who may score, the case a real one. */
  async function check(
    tx: Executor,
    actor: Actor,
    body: { candidates?: string[]; evaluators?: string[]; businessCaseId?: string | null },
  ) {
    const errors: FieldError[] = [];
    if (body.candidates) {
      const found = new Set(await deps.vendorsAmong(tx, body.candidates));
      body.candidates.forEach((id, i) => {
        if (!found.has(id))
          errors.push({ field: `candidates.${i}`, message: 'must be the id of an existing vendor' });
      });
    }
    if (body.evaluators) {
      const found = new Set(
        (await deps.activeUsers(tx, { roles: SCORER_ROLES, ids: body.evaluators })).map((u) => u.id),
      );
      body.evaluators.forEach((id, i) => {
        if (!found.has(id))
          errors.push({
            field: `evaluators.${i}`,
            message: 'must be an enabled owner, administrator or manager (those who may score)',
          });
      });
    }
    if (errors.length) throw invalid(errors);
    void actor;
  }

  async function checkCase(actor: Actor, businessCaseId: string | null | undefined) {
    if (!businessCaseId) return;
    if (!(await deps.optionCosts(actor, businessCaseId)))
      throw invalid([{ field: 'businessCaseId', message: 'must be the id of an existing business case' }]);
  }

  function criterionRows(
    eventId: string,
    criteria: SourcingEventBody['criteria'],
    existing: SourcingCriterionRow[] = [],
  ): SourcingCriterionRow[] {
    const known = new Set(existing.map((c) => c.id));
    const errors: FieldError[] = [];
    const rows = criteria.map((c, position) => {
      if (c.id && !known.has(c.id))
        errors.push({ field: `criteria.${position}.id`, message: 'is not a criterion of this event' });
      return {
        id: c.id ?? newId('crt'),
        eventId,
        name: c.name,
        weight: c.weight,
        source: c.source,
        position,
      };
    });
    if (errors.length) throw invalid(errors);
    return rows;
  }

  const auditable = (e: SourcingEvent) => ({
    title: e.title,
    function: e.function,
    scopeSummary: e.scopeSummary,
    status: e.status,
    candidates: e.candidates.map((c) => c.vendorId),
    criteria: e.criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight, source: c.source })),
    evaluators: e.evaluators.map((x) => x.userId),
    businessCaseId: e.businessCaseId,
  });

  /** Suggestions per criterion and candidate from Outpost's data, with the basis in words. */
  async function suggestions(actor: Actor, event: SourcingEvent) {
    const out = new Map<string, { value: number | null; basis: string | null }>();
    const key = (criterionId: string, vendorId: string) => `${criterionId}|${vendorId}`;
    const sources = new Set(event.criteria.map((c) => c.source).filter(Boolean));
    const certs = new Map<string, { value: number; basis: string }>();
    if (sources.has('certification'))
      for (const c of event.candidates) {
        const list = await deps.certifications(actor, c.vendorId);
        const security = list.filter((x) => SECURITY_STANDARDS.has(x.standard));
        const valid = security.find((x) => x.status === 'valid');
        const expiring = security.find((x) => x.status === 'expiring');
        const other = list.filter((x) => !SECURITY_STANDARDS.has(x.standard) && x.status !== 'expired');
        certs.set(
          c.vendorId,
          valid
            ? { value: 5, basis: `${STANDARD_NAMES[valid.standard]} certificate valid` }
            : expiring
              ? { value: 4, basis: `${STANDARD_NAMES[expiring.standard]} certificate expiring soon` }
              : other.length
                ? { value: 2, basis: 'no valid ISO/IEC 27001 or SOC 2 Type II; other certificates valid' }
                : { value: 0, basis: 'no valid certificate on file' },
        );
      }
    // A completed questionnaire's score out of 100 becomes 0–5 (one decimal).
    const questionnaires = new Map<string, { value: number | null; basis: string }>();
    if (sources.has('questionnaire'))
      for (const c of event.candidates) {
        const q = await deps.questionnaire(c.vendorId);
        questionnaires.set(
          c.vendorId,
          !q
            ? { value: null, basis: 'no completed questionnaire assessment: send one from the vendor page' }
            : q.score === null
              ? { value: null, basis: 'the completed questionnaire has no scored questions' }
              : {
                  value: Math.round(q.score / 2) / 10,
                  basis: `questionnaire scored ${q.score} of 100${q.openFlags ? `, ${q.openFlags} flag${q.openFlags === 1 ? '' : 's'} raised` : ', no flags'}`,
                },
        );
      }
    let costs = new Map<string, number>();
    let costBasis = new Map<string, string>();
    let costMissing: string | null = null;
    if (sources.has('cost')) {
      const bc = event.businessCaseId ? await deps.optionCosts(actor, event.businessCaseId) : null;
      if (!bc) costMissing = 'link a business case with an option per candidate to suggest the cost score';
      else {
        const cheapest = new Map<string, OptionCost>();
        for (const o of bc.options)
          if (o.vendorId && (!cheapest.has(o.vendorId) || o.totalCost < cheapest.get(o.vendorId)!.totalCost))
            cheapest.set(o.vendorId, o);
        costs = costScores(new Map([...cheapest].map(([v, o]) => [v, o.totalCost])));
        costBasis = new Map(
          [...cheapest].map(([v, o]) => [
            v,
            `total cost ${formatMoney(o.totalCost, o.currency)} over ${o.years} years (option "${o.name}" of "${bc.name}"); the cheapest scores 5`,
          ]),
        );
        costMissing = `no option for this vendor in "${bc.name}"`;
      }
    }
    for (const criterion of event.criteria)
      for (const c of event.candidates) {
        let s: { value: number | null; basis: string | null } = { value: null, basis: null };
        if (criterion.source === 'certification') s = certs.get(c.vendorId) ?? s;
        else if (criterion.source === 'cost')
          s = costs.has(c.vendorId)
            ? { value: costs.get(c.vendorId)!, basis: costBasis.get(c.vendorId)! }
            : { value: null, basis: costMissing };
        else if (criterion.source === 'questionnaire') s = questionnaires.get(c.vendorId) ?? s;
        out.set(key(criterion.id, c.vendorId), s);
      }
    return (criterionId: string, vendorId: string) =>
      out.get(key(criterionId, vendorId)) ?? { value: null, basis: null };
  }

  return {
    countForVendor: (tx: Executor, vendorId: string) => repo.countForVendor(tx, vendorId),

    async list(actor: Actor, query: SourcingListQuery) {
      authorize(actor, 'sourcingEvent', 'read');
      const rows = await repo.list(db, {
        status: query.status,
        q: query.q,
        limit: query.limit,
        cursor: query.cursor,
      });
      const page = toPage(
        rows,
        query.limit,
        (r) => [r.createdAt, r.id],
        (r) => r,
      );
      return { items: await Promise.all(page.items.map((r) => toDto(db, r))), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, id: string) {
      return toDto(db, await load(db, actor, id));
    },

    async create(actor: Actor, body: SourcingEventBody) {
      authorize(actor, 'sourcingEvent', 'create');
      await checkCase(actor, body.businessCaseId);
      const evaluators =
        body.evaluators.includes(actor.id) || actor.id === 'system'
          ? body.evaluators
          : [actor.id, ...body.evaluators];
      return db.transaction().execute(async (tx) => {
        await check(tx, actor, { candidates: body.candidates, evaluators: body.evaluators });
        const at = now();
        const row: SourcingEventRow = {
          id: newId('src'),
          title: body.title,
          function: body.function,
          scopeSummary: body.scopeSummary,
          status: 'open',
          businessCaseId: body.businessCaseId,
          awardedVendorId: null,
          awardedEngagementId: null,
          awardedAt: null,
          createdBy: actor.id,
          createdAt: at,
          updatedAt: at,
        };
        await repo.insert(tx, row);
        await repo.replaceCandidates(tx, row.id, body.candidates);
        await repo.replaceCriteria(tx, row.id, criterionRows(row.id, body.criteria));
        await repo.replaceEvaluators(tx, row.id, evaluators);
        const dto = await toDto(tx, row);
        await audit.record(tx, actor, {
          action: 'sourcing.create',
          entityType: 'sourcingEvent',
          entityId: row.id,
          changes: Object.fromEntries(
            Object.entries(auditable(dto)).map(([k, v]) => [k, { before: null, after: v }]),
          ),
        });
        return dto;
      });
    },

    async update(actor: Actor, id: string, body: SourcingEventPatch) {
      authorize(actor, 'sourcingEvent', 'update');
      if (body.businessCaseId) await checkCase(actor, body.businessCaseId);
      return db.transaction().execute(async (tx) => {
        const row = await load(tx, actor, id, 'update');
        if (row.status !== 'open')
          throw conflict(`The sourcing event is ${row.status}: it can no longer change.`);
        await check(tx, actor, { candidates: body.candidates, evaluators: body.evaluators });
        const before = await toDto(tx, row);
        const patch: Partial<SourcingEventRow> = { updatedAt: now() };
        if (body.title !== undefined) patch.title = body.title;
        if (body.function !== undefined) patch.function = body.function;
        if (body.scopeSummary !== undefined) patch.scopeSummary = body.scopeSummary;
        if (body.businessCaseId !== undefined) patch.businessCaseId = body.businessCaseId;
        if (body.status === 'cancelled') patch.status = 'cancelled';
        await repo.update(tx, id, patch);
        if (body.candidates) await repo.replaceCandidates(tx, id, body.candidates);
        if (body.evaluators) await repo.replaceEvaluators(tx, id, body.evaluators);
        if (body.criteria)
          await repo.replaceCriteria(tx, id, criterionRows(id, body.criteria, await repo.criteria(tx, id)));
        const after = await toDto(tx, { ...row, ...patch });
        const a = auditable(after);
        const b = auditable(before);
        const changes = Object.fromEntries(
          Object.keys(a)
            .filter((k) => JSON.stringify(a[k as keyof typeof a]) !== JSON.stringify(b[k as keyof typeof b]))
            .map((k) => [k, { before: b[k as keyof typeof b], after: a[k as keyof typeof a] }]),
        );
        await audit.record(tx, actor, {
          action: body.status === 'cancelled' ? 'sourcing.cancel' : 'sourcing.update',
          entityType: 'sourcingEvent',
          entityId: id,
          changes,
        });
        return after;
      });
    },

    async scores(actor: Actor, id: string): Promise<Score[]> {
      await load(db, actor, id);
      return (await repo.scores(db, id)).map((s) => ({ ...s, score: Number(s.score) }));
    },

    /** The calling evaluator scores one candidate on one criterion (again: replaced). */
    async score(actor: Actor, id: string, body: ScoreBody): Promise<Score> {
      authorize(actor, 'sourcingScore', 'create');
      return db.transaction().execute(async (tx) => {
        const row = await load(tx, actor, id);
        if (row.status !== 'open') throw conflict(`The sourcing event is ${row.status}: scores are closed.`);
        const [candidates, criteria, evaluators] = await Promise.all([
          repo.candidates(tx, id),
          repo.criteria(tx, id),
          repo.evaluators(tx, id),
        ]);
        if (!evaluators.some((e) => e.userId === actor.id))
          throw new AppError(403, 'forbidden', 'Only the evaluators named on the sourcing event score it.');
        const errors: FieldError[] = [];
        if (!candidates.some((c) => c.vendorId === body.vendorId))
          errors.push({ field: 'vendorId', message: 'is not a candidate of this event' });
        if (!criteria.some((c) => c.id === body.criterionId))
          errors.push({ field: 'criterionId', message: 'is not a criterion of this event' });
        if (errors.length) throw invalid(errors);
        const key = {
          eventId: id,
          vendorId: body.vendorId,
          criterionId: body.criterionId,
          evaluatorId: actor.id,
        };
        const previous = await repo.findScore(tx, key);
        const at = now();
        await repo.upsertScore(tx, { ...key, score: body.score, comment: body.comment, updatedAt: at });
        await audit.record(tx, actor, {
          action: 'sourcing.score',
          entityType: 'sourcingEvent',
          entityId: id,
          changes: {
            [`${body.vendorId}/${body.criterionId}`]: {
              before: previous ? { score: Number(previous.score), comment: previous.comment } : null,
              after: { score: body.score, comment: body.comment },
            },
          },
        });
        return {
          ...key,
          evaluatorName: evaluators.find((e) => e.userId === actor.id)!.name,
          score: body.score,
          comment: body.comment,
          updatedAt: at,
        };
      });
    },

    async ranking(actor: Actor, id: string): Promise<Ranking> {
      const event = await toDto(db, await load(db, actor, id));
      const scores = await repo.scores(db, id);
      const input = {
        candidates: event.candidates.map((c) => c.vendorId),
        criteria: event.criteria.map((c) => ({ id: c.id, weight: c.weight })),
        evaluators: event.evaluators.map((e) => e.userId),
        scores: scores.map((s) => ({ ...s, score: Number(s.score) })),
      };
      const ranked = rankCandidates(input);
      const suggest = await suggestions(actor, event);
      const names = new Map(event.candidates.map((c) => [c.vendorId, c.vendorName]));
      return {
        candidates: ranked.map((r) => ({
          ...r,
          vendorName: names.get(r.vendorId)!,
          byCriterion: r.byCriterion.map((b) => {
            const s = suggest(b.criterionId, r.vendorId);
            return { ...b, suggested: s.value, suggestionBasis: s.basis };
          }),
        })),
        sensitivity: sensitivity(input, ranked),
      };
    },

    /** Award a candidate: the event closes and a draft engagement opens for it, together. */
    async award(actor: Actor, id: string, body: AwardBody) {
      authorize(actor, 'sourcingEvent', 'decide');
      const openEngagement = await deps.engagementOpener();
      return db.transaction().execute(async (tx) => {
        const row = await load(tx, actor, id);
        if (row.status !== 'open')
          throw conflict(`The sourcing event is ${row.status}: it cannot be awarded.`);
        const candidates = await repo.candidates(tx, id);
        if (!candidates.some((c) => c.vendorId === body.vendorId))
          throw invalid([{ field: 'vendorId', message: 'is not a candidate of this event' }]);
        const engagement = await openEngagement(tx, actor, {
          vendorId: body.vendorId,
          title: body.engagementTitle ?? row.title,
          function: row.function as Engagement['function'],
          startDate: body.startDate,
          endDate: body.endDate,
        });
        const at = now();
        const patch = {
          status: 'awarded',
          awardedVendorId: body.vendorId,
          awardedEngagementId: engagement.id,
          awardedAt: at,
          updatedAt: at,
        };
        await repo.update(tx, id, patch);
        await audit.record(tx, actor, {
          action: 'sourcing.award',
          entityType: 'sourcingEvent',
          entityId: id,
          changes: {
            status: { before: row.status, after: 'awarded' },
            awardedVendorId: { before: null, after: body.vendorId },
            awardedEngagementId: { before: null, after: engagement.id },
          },
        });
        return { event: await toDto(tx, { ...row, ...patch }), engagement };
      });
    },
  };
}

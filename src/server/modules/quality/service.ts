/**
 * Quality monitoring use cases: measurement batches (idempotent), the SLA of a period with its
 * credit and the other source beside it, period history, SLA settings and the portfolio view.
 * The CSV import lives in import.ts and the closing of periods in closing.ts.
 */
import { createHash } from 'node:crypto';
import type {
  HistoryQuery,
  MeasurementBatch,
  MeasurementSource,
  Portfolio,
  SlaHistory,
  SlaHistoryPeriod,
  SlaKpiResult,
  SlaResult,
  SlaSettings,
} from '../../../contracts/quality';
import { Portfolio as PortfolioAnswer } from '../../../contracts/quality';
import type { Database } from '../../db/database';
import { toFlag } from '../../db/database';
import { isUniqueViolation } from '../../db/locks';
import { conflict, type FieldError, invalid } from '../../errors';
import { canonicalJson } from '../../lib/canonical-json';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import {
  contextOf,
  evaluatePeriod,
  type QualityEngagements,
  reopenLate,
  type SlaContext,
} from './evaluation';
import * as repo from './repository';
import {
  creditFor,
  disagree,
  figureProblems,
  type Period,
  parsePeriod,
  periodAt,
  shiftPeriod,
  worsening,
} from './rules';

interface QualityDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  engagements: QualityEngagements;
  /** Audited writes this process has committed: the portfolio cache is dropped when it moves. */
  committedWrites: () => number;
}

type StoredResults = { kpis: SlaKpiResult[]; credit: SlaResult['credit'] };

const ZERO_CREDIT = (currency: string) => ({ amount: 0, currency, capped: false, waivedByEarnBack: 0 });

export function createQualityService(deps: QualityDeps) {
  const { db, audit, clock, engagements } = deps;
  const now = () => clock.now().toISOString();

  /** The month's credit, with earn-back judged on the following months that have ended. */
  async function creditOf(
    ctx: SlaContext,
    period: Period,
    results: SlaKpiResult[],
    source: MeasurementSource,
  ) {
    if (period.granularity !== 'month') return ZERO_CREDIT(ctx.terms.currency);
    const following: SlaKpiResult[][] = [];
    const breached = results.some((r) => r.met === false && r.creditPct > 0);
    if (ctx.settings.earnBack.enabled && breached) {
      let next = period;
      for (let i = 0; i < ctx.settings.earnBack.periods; i++) {
        next = shiftPeriod(next, 1, ctx.engagement.timezone);
        if (Date.parse(next.end) > clock.now().getTime()) break;
        following.push(await evaluatePeriod(db, ctx, next, source));
      }
    }
    return creditFor(results, ctx.terms, ctx.settings.earnBack, following);
  }

  function periodOrFail(key: string, zone: string): Period {
    const period = parsePeriod(key, zone);
    if (!period) throw invalid([{ field: 'period', message: 'is not a real month, ISO week or day' }]);
    return period;
  }

  const portfolioCache = new Map<string, { at: number; writes: number; json: string }>();
  const service = {
    /**
     * Write a batch of measurements, all or nothing. With an Idempotency-Key the first answer is
     * kept: a retry with the same body gets it again and writes nothing; another body is a 422.
     */
    async addMeasurements(
      actor: Actor,
      engagementId: string,
      body: MeasurementBatch,
      idempotencyKey?: string,
    ) {
      authorize(actor, 'measurement', 'create');
      const ctx = await contextOf(db, engagements, actor, engagementId);
      const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
      if (idempotencyKey) {
        const seen = await repo.findIdempotency(db, idempotencyKey, engagementId);
        if (seen) return replay(seen, requestHash);
      }
      const kpis = new Map(ctx.kpis.map((k) => [k.id, k]));
      const errors: FieldError[] = [];
      if (!ctx.approved)
        errors.push({
          field: 'items',
          message: 'the engagement has no approved SOW, so it has no KPIs to measure',
        });
      const batchId = newId('bat');
      const createdAt = now();
      const seenKeys = new Map<string, number>();
      const rows: repo.NewMeasurement[] = [];
      body.items.forEach((item, i) => {
        const kpi = kpis.get(item.kpiId);
        // A vendor user always reports as the vendor, whatever the body says.
        const source = actor.role === 'vendor' ? 'vendor' : (item.source ?? 'client');
        if (!kpi) {
          if (ctx.approved)
            errors.push({
              field: `items.${i}.kpiId`,
              message: 'is not a KPI of the engagement’s approved SOW',
            });
          return;
        }
        const figures = {
          value: item.value ?? null,
          numerator: item.numerator ?? null,
          denominator: item.denominator ?? null,
        };
        for (const p of figureProblems(kpi, figures))
          errors.push({ field: `items.${i}.${p.field}`, message: p.message });
        const externalId = item.externalId ?? null;
        if (externalId !== null) {
          const key = `${kpi.id}\u0000${source}\u0000${externalId}`;
          const first = seenKeys.get(key);
          if (first !== undefined)
            errors.push({
              field: `items.${i}.externalId`,
              message: `repeats items.${first} (same KPI, source and external id)`,
            });
          else seenKeys.set(key, i);
        }
        rows.push({
          engagementId,
          kpiId: kpi.id,
          at: new Date(item.at).toISOString(),
          ...figures,
          source,
          externalId,
          batchId,
          createdAt,
        });
      });
      if (seenKeys.size) {
        const keys = rows
          .filter((r) => r.externalId !== null)
          .map((r) => ({ kpiId: r.kpiId, source: r.source, externalId: r.externalId! }));
        const stored = await repo.existingExternalIds(db, keys);
        for (const [key, i] of seenKeys)
          if (stored.has(key))
            errors.push({
              field: `items.${i}.externalId`,
              message: 'is already stored for this KPI and source (not counted twice)',
            });
      }
      if (errors.length) throw invalid(errors.sort((a, b) => itemIndex(a) - itemIndex(b)));

      const response = { inserted: rows.length };
      try {
        await db.transaction().execute(async (tx) => {
          await repo.insertMeasurements(tx, rows);
          const sums = new repo.RollupSums();
          for (const r of rows) sums.addRow(r);
          await repo.upsertRollups(tx, sums.deltas());
          for (const source of ['client', 'vendor'] as const) {
            const instants = rows.filter((r) => r.source === source).map((r) => Date.parse(r.at));
            await reopenLate(tx, engagementId, source, instants, createdAt);
          }
          if (idempotencyKey)
            await repo.insertIdempotency(tx, {
              key: idempotencyKey,
              engagementId,
              requestHash,
              response: JSON.stringify(response),
              createdAt,
            });
          await audit.record(tx, actor, {
            action: 'measurements.add',
            entityType: 'engagement',
            entityId: engagementId,
            changes: { batch: { before: null, after: { id: batchId, inserted: rows.length } } },
          });
        });
      } catch (err) {
        // A concurrent request with the same key or external ids got there first.
        if (isUniqueViolation(err)) {
          if (idempotencyKey) {
            const seen = await repo.findIdempotency(db, idempotencyKey, engagementId);
            if (seen) return replay(seen, requestHash);
          }
          throw conflict(
            'Another request stored some of these measurements at the same time; retry the batch.',
          );
        }
        throw err;
      }
      return response;
    },

    /** The SLA of one period: each KPI against its target, the credit, and both sources side by side. */
    async sla(
      actor: Actor,
      engagementId: string,
      key: string,
      source: MeasurementSource,
    ): Promise<SlaResult> {
      authorize(actor, 'measurement', 'read');
      const ctx = await contextOf(db, engagements, actor, engagementId);
      const period = periodOrFail(key, ctx.engagement.timezone);
      const other: MeasurementSource = source === 'client' ? 'vendor' : 'client';
      const [mine, theirs] = [
        await evaluatePeriod(db, ctx, period, source),
        await evaluatePeriod(db, ctx, period, other),
      ];
      const byId = new Map(theirs.map((r) => [r.kpiId, r]));
      return {
        period: period.key,
        timezone: ctx.engagement.timezone,
        kpis: mine,
        credit: await creditOf(ctx, period, mine, source),
        reconciliation: mine.map((r) => {
          const o = byId.get(r.kpiId)!;
          const [client, vendor] = source === 'client' ? [r, o] : [o, r];
          const side = (x: SlaKpiResult) => ({ actual: x.actual, met: x.met, samples: x.samples });
          return {
            kpiId: r.kpiId,
            name: r.name,
            client: side(client),
            vendor: side(vendor),
            disagree: disagree(client.met, vendor.met),
          };
        }),
      };
    },

    /** The last N periods, oldest first: closed ones as stored, the others computed now. */
    async history(actor: Actor, engagementId: string, query: HistoryQuery): Promise<SlaHistory> {
      authorize(actor, 'measurement', 'read');
      const ctx = await contextOf(db, engagements, actor, engagementId);
      const zone = ctx.engagement.timezone;
      const stored = new Map(
        (await repo.periodsOf(db, engagementId, query.granularity, query.source)).map((p) => [p.period, p]),
      );
      const current = periodAt(clock.now(), query.granularity, zone);
      const periods: SlaHistoryPeriod[] = [];
      for (let i = query.periods - 1; i >= 0; i--) {
        const period = shiftPeriod(current, -i, zone);
        const row = stored.get(period.key);
        const base = {
          period: period.key,
          from: period.start,
          to: period.end,
          closedAt: row?.closedAt ?? null,
          note: row?.note ?? null,
        };
        if (row && row.status === 'closed') {
          const results = JSON.parse(row.results) as StoredResults;
          periods.push({ ...base, status: 'closed', kpis: results.kpis, credit: results.credit });
          continue;
        }
        const kpis = await evaluatePeriod(db, ctx, period, query.source);
        const status = row ? 'reopened' : Date.parse(period.end) > clock.now().getTime() ? 'open' : 'pending';
        periods.push({ ...base, status, kpis, credit: await creditOf(ctx, period, kpis, query.source) });
      }
      return { granularity: query.granularity, source: query.source, timezone: zone, periods };
    },

    async settings(actor: Actor, engagementId: string): Promise<SlaSettings> {
      authorize(actor, 'slaSettings', 'read');
      return (await contextOf(db, engagements, actor, engagementId)).settings;
    },

    async saveSettings(actor: Actor, engagementId: string, body: SlaSettings): Promise<SlaSettings> {
      authorize(actor, 'slaSettings', 'update');
      return db.transaction().execute(async (tx) => {
        const before = (await contextOf(tx, engagements, actor, engagementId)).settings;
        await repo.saveSettings(tx, {
          engagementId,
          earnBackEnabled: toFlag(body.earnBack.enabled),
          earnBackPeriods: body.earnBack.periods,
          graceHours: body.graceHours,
          updatedAt: now(),
        });
        await audit.record(tx, actor, {
          action: 'sla-settings.update',
          entityType: 'engagement',
          entityId: engagementId,
          changes: { slaSettings: { before, after: body } },
        });
        return body;
      });
    },

    /**
     * The portfolio as the JSON the API answers, kept per month until this process commits a
     * write (any audited mutation) or for PORTFOLIO_CACHE_MS (writes by other processes): it reads
     * every engagement's closed months, and a dashboard is opened far more often than months close.
     */
    async portfolioJson(actor: Actor, month?: string): Promise<string> {
      authorize(actor, 'qualityPortfolio', 'read');
      const period = month ?? previousMonth(clock.now());
      const hit = portfolioCache.get(period);
      // Read before the query: a write that commits while it runs moves the count past this.
      const writes = deps.committedWrites();
      if (hit && hit.writes === writes && performance.now() - hit.at < PORTFOLIO_CACHE_MS) return hit.json;
      const json = JSON.stringify(PortfolioAnswer.encode(await service.portfolio(actor, period)));
      if (portfolioCache.size >= 24) portfolioCache.clear();
      portfolioCache.set(period, { at: performance.now(), writes, json });
      return json;
    },

    /** Attainment by vendor and function for a month, credits to date and worst-trending engagements. */
    async portfolio(actor: Actor, month?: string): Promise<Portfolio> {
      authorize(actor, 'qualityPortfolio', 'read');
      const period = month ?? previousMonth(clock.now());
      if (!parsePeriod(period, 'UTC')) throw invalid([{ field: 'period', message: 'is not a real month' }]);
      const months = [3, 2, 1, 0].map((n) => shiftPeriod(parsePeriod(period, 'UTC')!, -n, 'UTC').key);
      const [rows, credits] = await Promise.all([
        repo.portfolioRows(db, months),
        repo.creditsUpTo(db, period),
      ]);
      const byVendor = new Map<
        string,
        { vendorId: string; vendorName: string; kpiPeriods: number; met: number }
      >();
      const byFunction = new Map<string, { function: string; kpiPeriods: number; met: number }>();
      const trend = new Map<string, { title: string; vendorName: string; points: Array<number | null> }>();
      for (const r of rows) {
        const evaluated = Number(r.kpisEvaluated);
        const met = Number(r.kpisMet);
        if (r.period === period) {
          const v = byVendor.get(r.vendorId) ?? {
            vendorId: r.vendorId,
            vendorName: r.vendorName,
            kpiPeriods: 0,
            met: 0,
          };
          v.kpiPeriods += evaluated;
          v.met += met;
          byVendor.set(r.vendorId, v);
          const f = byFunction.get(r.function) ?? { function: r.function, kpiPeriods: 0, met: 0 };
          f.kpiPeriods += evaluated;
          f.met += met;
          byFunction.set(r.function, f);
        }
        const t = trend.get(r.engagementId) ?? {
          title: r.title,
          vendorName: r.vendorName,
          points: [null, null, null, null],
        };
        t.points[months.indexOf(r.period)] = evaluated ? (met / evaluated) * 100 : null;
        trend.set(r.engagementId, t);
      }
      const share = <T extends { kpiPeriods: number; met: number }>(x: T) => ({
        ...x,
        attainment: x.kpiPeriods ? (x.met / x.kpiPeriods) * 100 : null,
      });
      const worst = [...trend.entries()]
        .filter(([, t]) => worsening(t.points))
        .sort((a, b) => b[1].points[0]! - b[1].points[3]! - (a[1].points[0]! - a[1].points[3]!))
        .slice(0, 20);
      return {
        period,
        byVendor: [...byVendor.values()].map(share).sort((a, b) => a.vendorName.localeCompare(b.vendorName)),
        byFunction: [...byFunction.values()].map(share).sort((a, b) => a.function.localeCompare(b.function)),
        creditsToDate: credits.map((c) => ({ currency: c.currency, amount: Number(c.amount) })),
        worstTrending: worst.map(([engagementId, t]) => ({
          engagementId,
          title: t.title,
          vendorName: t.vendorName,
          attainment: t.points,
        })),
      };
    },
  };
  return service;
}

function replay(seen: { requestHash: string; response: string }, requestHash: string) {
  if (seen.requestHash !== requestHash)
    throw invalid(
      [
        {
          field: 'Idempotency-Key',
          message: 'was already used for a different batch; use a new key for new data',
        },
      ],
      'The Idempotency-Key was already used with a different request body.',
    );
  return JSON.parse(seen.response) as { inserted: number };
}

const itemIndex = (e: FieldError) => Number(/^items\.(\d+)/.exec(e.field)?.[1] ?? -1);

/** How long a cached portfolio answer may miss writes made by other processes. */
const PORTFOLIO_CACHE_MS = 10_000;

function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

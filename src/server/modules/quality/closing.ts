/**
 * Closing SLA periods: once a period has ended in the engagement's time zone and the grace for
 * late data has passed, it is evaluated once and stored, an `sla.breached` event is raised per
 * breached KPI, and the run is audited. Months are always closed, with their proposed credit
 * (which the spend capability consumes); days and ISO weeks are closed too when a KPI of the SOW
 * is measured per day or per week, without a credit (credits are monthly), raising breaches for
 * those KPIs only. A re-opened period (late data) is evaluated again by the next run. Earn-back is
 * judged on stored months: a month's credit is waived once the KPI was met in each of the next N.
 */
import type { SlaBreachedPayload } from '../../../contracts/events';
import type { Granularity, MeasurementSource, SlaKpiResult, SlaResult } from '../../../contracts/quality';
import type { Database, Executor } from '../../db/database';
import { isUniqueViolation } from '../../db/locks';
import type { SlaPeriodRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize, systemActor } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { EventBus } from '../events/service';
import { contextOf, evaluatePeriod, type QualityEngagements, type SlaContext } from './evaluation';
import * as repo from './repository';
import { attainment, creditFor, isClosable, type Period, parsePeriod, periodAt, shiftPeriod } from './rules';

interface ClosingDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  engagements: QualityEngagements;
  /** The event bus's publish: breaches are `sla.breached` events, in the closing transaction. */
  publish: EventBus['publish'];
}

type Stored = { kpis: SlaKpiResult[]; credit: SlaResult['credit'] };
const SOURCES: MeasurementSource[] = ['client', 'vendor'];

export function createClosing({ db, audit, clock, engagements, publish }: ClosingDeps) {
  /** Periods of a granularity from the engagement's first to the last one that may be closed now. */
  function duePeriods(ctx: SlaContext, granularity: Granularity): Period[] {
    const zone = ctx.engagement.timezone;
    const periodOfDate = (date: string) =>
      granularity === 'month'
        ? parsePeriod(date.slice(0, 7), zone)
        : periodAt(parsePeriod(date, zone)!.start, granularity, zone);
    const first = periodOfDate(ctx.engagement.startDate);
    const last = ctx.engagement.endDate ? periodOfDate(ctx.engagement.endDate) : null;
    const out: Period[] = [];
    for (
      let p = first;
      p && isClosable(p, clock.now(), ctx.settings.graceHours);
      p = shiftPeriod(p, 1, zone)
    ) {
      if (last && p.start > last.start) break;
      out.push(p);
    }
    return out;
  }

  /** Re-judge earn-back on a source's stored months; answers the rows whose credit changed. */
  async function applyEarnBack(tx: Executor, ctx: SlaContext, rows: SlaPeriodRow[]) {
    const sorted = [...rows].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const byKey = new Map(sorted.map((r) => [r.period, r]));
    for (const row of sorted) {
      if (row.status !== 'closed') continue;
      const results = JSON.parse(row.results) as Stored;
      const following: SlaKpiResult[][] = [];
      let p = parsePeriod(row.period, ctx.engagement.timezone)!;
      for (let i = 0; i < ctx.settings.earnBack.periods; i++) {
        p = shiftPeriod(p, 1, ctx.engagement.timezone);
        const next = byKey.get(p.key);
        if (next?.status !== 'closed') break;
        following.push((JSON.parse(next!.results) as Stored).kpis);
      }
      const credit = creditFor(results.kpis, ctx.terms, ctx.settings.earnBack, following);
      if (credit.amount === Number(row.credit) && credit.waivedByEarnBack === results.credit.waivedByEarnBack)
        continue;
      const patch = { credit: credit.amount, results: JSON.stringify({ ...results, credit }) };
      await repo.updatePeriod(tx, row.id, patch);
      Object.assign(row, patch);
    }
  }

  async function closeEngagement(id: string): Promise<{ closed: number; breaches: number }> {
    const actor = systemActor('scheduler');
    // Read outside the transaction: on SQLite a query on `db` inside one would wait forever.
    const ctx = await contextOf(db, engagements, actor, id);
    if (!ctx.approved || !ctx.kpis.length) return { closed: 0, breaches: 0 };
    // Months always; days and weeks only for the KPIs the SOW measures over them.
    const granularities: Granularity[] = ['month'];
    for (const g of ['week', 'day'] as const) if (ctx.kpis.some((k) => k.period === g)) granularities.push(g);
    const dues = granularities
      .map((granularity) => ({ granularity, due: duePeriods(ctx, granularity) }))
      .filter((d) => d.due.length);
    if (!dues.length) return { closed: 0, breaches: 0 };
    return db.transaction().execute(async (tx) => {
      const at = clock.now().toISOString();
      let closed = 0;
      let breaches = 0;
      const names: string[] = [];
      for (const { granularity, due } of dues)
        for (const source of SOURCES) {
          const monthly = granularity === 'month';
          const rows = await repo.periodsOf(tx, id, granularity, source);
          const stored = new Map(rows.map((r) => [r.period, r]));
          let changed = false;
          for (const period of due) {
            const row = stored.get(period.key);
            if (row?.status === 'closed') continue;
            const kpis = await evaluatePeriod(tx, ctx, period, source);
            const credit = monthly
              ? creditFor(kpis, ctx.terms, ctx.settings.earnBack, [])
              : { amount: 0, currency: ctx.terms.currency, capped: false, waivedByEarnBack: 0 };
            const a = attainment(kpis);
            const fields = {
              status: 'closed',
              results: JSON.stringify({ kpis, credit } satisfies Stored),
              kpisEvaluated: a.evaluated,
              kpisMet: a.met,
              credit: credit.amount,
              currency: ctx.terms.currency,
              closedAt: at,
            };
            if (row) {
              const note =
                `${row.note ?? ''} Re-closed ${at.slice(0, 16).replace('T', ' ')} UTC with the late data.`.trim();
              await repo.updatePeriod(tx, row.id, { ...fields, note });
              rows[rows.indexOf(row)] = { ...row, ...fields, note };
            } else {
              const fresh: SlaPeriodRow = {
                id: newId('slp'),
                engagementId: id,
                period: period.key,
                granularity,
                source,
                startsAt: period.start,
                endsAt: period.end,
                reopenedAt: null,
                note: null,
                ...fields,
              };
              await repo.insertPeriod(tx, fresh);
              rows.push(fresh);
            }
            closed++;
            changed = true;
            names.push(`${source} ${period.key}`);
            // The client's own measurements are authoritative for breaches and credits.
            if (source !== 'client') continue;
            const before = row ? (JSON.parse(row.results) as Stored).kpis : [];
            // A month raises every KPI's breach (credits follow them); a day or week only its own KPIs'.
            const own = new Set(ctx.kpis.filter((k) => k.period === granularity).map((k) => k.id));
            for (const r of kpis) {
              if (!monthly && !own.has(r.kpiId)) continue;
              if (r.met !== false || before.find((b) => b.kpiId === r.kpiId)?.met === false) continue;
              await publish(tx, {
                type: 'sla.breached',
                engagementId: id,
                vendorId: ctx.engagement.vendorId,
                payload: {
                  period: period.key,
                  granularity,
                  source,
                  kpiId: r.kpiId,
                  name: r.name,
                  actual: r.actual,
                  target: r.target,
                  creditPct: r.creditPct,
                } satisfies SlaBreachedPayload,
              });
              breaches++;
            }
          }
          if (changed && monthly) await applyEarnBack(tx, ctx, rows);
        }
      if (closed)
        await audit.record(tx, actor, {
          action: 'sla.close',
          entityType: 'engagement',
          entityId: id,
          changes: { closedPeriods: { before: null, after: names } },
        });
      return { closed, breaches };
    });
  }

  return {
    /** Close every engagement's due months; the scheduler calls this, and owners through the API. */
    async run(actor: Actor = systemActor('scheduler'), engagementId?: string) {
      authorize(actor, 'slaPeriod', 'decide');
      let closed = 0;
      let breaches = 0;
      // One engagement: it must exist (404 otherwise).
      if (engagementId) await engagements.load(db, actor, engagementId);
      for (const id of engagementId ? [engagementId] : await engagements.ids()) {
        try {
          const r = await closeEngagement(id);
          closed += r.closed;
          breaches += r.breaches;
        } catch (err) {
          // Another process closed the same month at the same moment: its result stands.
          if (!isUniqueViolation(err)) throw err;
        }
      }
      return { closed, breaches };
    },
  };
}

export type Closing = ReturnType<typeof createClosing>;

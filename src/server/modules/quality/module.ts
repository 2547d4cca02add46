/**
 * The quality module's three parts, each made once by the composition root (services.ts):
 * measurements and SLAs (with the CSV import and the month closing), deliverable acceptance,
 * and scorecards, which read the other two.
 */
import type { Database, Executor } from '../../db/database';
import type { Clock } from '../../lib/clock';
import type { Actor } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { EventBus } from '../events/service';
import { createClosing } from './closing';
import { createDeliverableService, type DeliverableDeps } from './deliverables';
import type { QualityEngagements } from './evaluation';
import { createMeasurementImport } from './import';
import { closedMonthCredits, closedMonthsOf, closedMonthsSince, deleteIdempotencyBefore } from './repository';
import { createScorecardService, type ScorecardDeps } from './scorecards';
import { createQualityService } from './service';

/**
 * An Idempotency-Key is answered from its stored result for 7 days, then deleted (the prune job):
 * longer than any client retries a batch (a weekend's outage included), and a batch repeated after
 * that is still not counted twice when its measurements carry external ids.
 */
const IDEMPOTENCY_KEY_RETENTION_MS = 7 * 86_400_000;

/** The measurement/SLA half of the quality module: batches and SLA, CSV import, closing. */
export function createQualityModule(deps: {
  database: Database;
  audit: AuditRecorder;
  clock: Clock;
  engagements: QualityEngagements;
  /** SLA breaches are published on the event bus, in the closing transaction. */
  publish: EventBus['publish'];
  /** Audited writes this process has committed (the portfolio cache's version). */
  committedWrites: () => number;
  /** Bytes of a CSV import read before its parsing moves to a worker thread. */
  importThreadAfterBytes?: number;
}) {
  const { database, audit, clock, engagements, publish, importThreadAfterBytes } = deps;
  const db = database.db;
  const measurements = createQualityService({
    db,
    audit,
    clock,
    engagements,
    committedWrites: deps.committedWrites,
  });
  return {
    measurements,
    importer: createMeasurementImport({
      database,
      audit,
      clock,
      engagements,
      parserThreadAfterBytes: importThreadAfterBytes,
    }),
    closing: createClosing({ db, audit, clock, engagements, publish }),
    /** Credits of closed SLA months, for the spend module's invoices (no permission check: callers check). */
    credits: (tx: Executor, engagementIds: string[]) => closedMonthCredits(tx, engagementIds),
    /** Closed client months since a month, KPIs evaluated and met, for the risk signals (no permission check). */
    closedMonths: (executor: Executor, since: string) => closedMonthsSince(executor, since),
    /** Closed client months of some engagements, for a vendor's track record (no permission check). */
    closedMonthsOf: (executor: Executor, engagementIds: string[]) => closedMonthsOf(executor, engagementIds),
    /** For the prune job: delete up to `limit` idempotency keys older than their retention; answers how many. */
    pruneIdempotencyKeys: (limit: number) =>
      deleteIdempotencyBefore(
        db,
        new Date(clock.now().getTime() - IDEMPOTENCY_KEY_RETENTION_MS).toISOString(),
        limit,
      ),
    /** A client-measured SLA month as the actor may see it, for scorecard suggestions. */
    clientMonths: {
      month: (actor: Actor, engagementId: string, month: string) =>
        measurements.sla(actor, engagementId, month, 'client'),
    },
  };
}

/** Deliverable acceptance, seeing an engagement only through its load and SOW baseline. */
export const createDeliverablesModule = (deps: DeliverableDeps) => createDeliverableService(deps);

/** Scorecards, reading deliverable statistics and the client SLA months. */
export const createScorecardsModule = (deps: ScorecardDeps) => createScorecardService(deps);

import type { Database, Executor } from '../../db/database';
import type { Clock } from '../../lib/clock';
import type { AuditRecorder } from '../audit/service';
import type { EventBus } from '../events/service';
import { createClosing } from './closing';
import type { QualityEngagements } from './evaluation';
import { createMeasurementImport } from './import';
import { closedMonthCredits, closedMonthsSince } from './repository';
import { createQualityService } from './service';

/** The measurement/SLA half of the quality module, wired once: batches and SLA, CSV import, closing. */
export function createQuality(deps: {
  database: Database;
  audit: AuditRecorder;
  clock: Clock;
  engagements: QualityEngagements;
  /** SLA breaches are published on the event bus. */
  publish: EventBus['publish'];
  /** Bytes of a CSV import read before its parsing moves to a worker thread. */
  importThreadAfterBytes?: number;
}) {
  const { database, audit, clock, engagements, publish, importThreadAfterBytes } = deps;
  const db = database.db;
  return {
    measurements: createQualityService({ db, audit, clock, engagements }),
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
  };
}

export type Quality = ReturnType<typeof createQuality>;

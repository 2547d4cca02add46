import type { Database } from '../../db/database';
import type { Clock } from '../../lib/clock';
import type { AuditRecorder } from '../audit/service';
import { createClosing } from './closing';
import type { QualityEngagements } from './evaluation';
import { createMeasurementImport } from './import';
import { createQualityService } from './service';

/** The measurement/SLA half of the quality module, wired once: batches and SLA, CSV import, closing. */
export function createQuality(deps: {
  database: Database;
  audit: AuditRecorder;
  clock: Clock;
  engagements: QualityEngagements;
}) {
  const { database, audit, clock, engagements } = deps;
  const db = database.db;
  return {
    measurements: createQualityService({ db, audit, clock, engagements }),
    importer: createMeasurementImport({ database, audit, clock, engagements }),
    closing: createClosing({ db, audit, clock, engagements }),
  };
}

export type Quality = ReturnType<typeof createQuality>;

import type { Config } from './config';
import type { Database } from './db/database';
import type { Clock } from './lib/clock';
import { createAccountService } from './modules/accounts/service';
import { createAuditService } from './modules/audit/service';
import { createChangeRequestService } from './modules/engagements/change-requests';
import { createEngagementService } from './modules/engagements/service';
import { createSowService } from './modules/engagements/sow-service';
import { createFileService } from './modules/files/service';
import { createSettingsService } from './modules/settings/service';
import { createVendorService } from './modules/vendors/service';

export interface CoreDeps {
  database: Database;
  clock: Clock;
  config: Config;
}

/** Build every service once, in dependency order, each with only what it needs. */
export function createServices({ database, clock, config }: CoreDeps) {
  const { db } = database;
  const audit = createAuditService({ db, clock });
  const settings = createSettingsService({ db, audit, clock });
  const files = createFileService({ db, audit, clock, config });
  // accounts and vendors refer to each other through narrow functions, bound after both exist.
  let vendors: ReturnType<typeof createVendorService> | undefined;
  const accounts = createAccountService({
    db,
    audit,
    clock,
    config,
    settings,
    vendorExists: (tx, id) => vendors!.exists(tx, id),
  });
  vendors = createVendorService({
    db,
    audit,
    clock,
    users: accounts.directory,
    dependents: () => [
      { what: 'user account(s)', count: accounts.directory.countVendorUsers },
      { what: 'file(s)', count: files.countForVendor },
      { what: 'engagement(s)', count: engagements.countForVendor },
    ],
  });
  const engagements = createEngagementService({
    db,
    audit,
    clock,
    organisation: settings.organisation,
    vendors,
    users: accounts.directory,
  });
  const sows = createSowService({ db, audit, engagements });
  const changeRequests = createChangeRequestService({ db, audit, engagements });
  return { audit, settings, accounts, vendors, files, engagements, sows, changeRequests };
}

export type Services = ReturnType<typeof createServices>;

/**
 * The vendors module as the composition root (services.ts) makes it, in two steps: the read side
 * first (it needs only its tables, and accounts, engagements and most modules look vendors up),
 * the life cycle last (approval asks diligence, offboarding cuts users off, a criticality change
 * re-tiers in data sharing, and deleting counts what every module holds of the vendor).
 */
import type { Database, Executor } from '../../db/database';
import { createVendorDirectory, createVendorService, type VendorDeps } from './service';
import { createSiteService, type SiteDeps } from './sites';

export const createVendorDirectoryModule = (deps: { db: Database['db'] }) => createVendorDirectory(deps);

type Count = (tx: Executor, vendorId: string) => Promise<number>;

/** What refers to a vendor, in the order a refused deletion names it. */
const DEPENDENTS = {
  users: 'user account(s)',
  files: 'file(s)',
  engagements: 'engagement(s)',
  businessCases: 'business case(s)',
  diligence: 'diligence record(s)',
  threads: 'message thread(s)',
  dataSharing: 'data-sharing record(s)',
  assurance: 'access grant, assessment or finding record(s)',
  sourcing: 'sourcing event candidacy(ies)',
  risks: 'risk(s)',
  assessments: 'assessment(s)',
} as const;

interface VendorsModuleDeps extends Omit<VendorDeps, 'dependents'> {
  /** Each module's count of what it holds of a vendor: a vendor with any is offboarded, not deleted. */
  counts: Record<keyof typeof DEPENDENTS, Count>;
  /** Delivery sites check that a kept calendar is the vendor's (the calendars module). */
  sites: Pick<SiteDeps, 'calendarOwner'>;
}

export function createVendorsModule({ counts, sites, ...deps }: VendorsModuleDeps) {
  return {
    ...createVendorService({
      ...deps,
      dependents: (Object.keys(DEPENDENTS) as Array<keyof typeof DEPENDENTS>).map((key) => ({
        what: DEPENDENTS[key],
        count: counts[key],
      })),
    }),
    sites: createSiteService({ db: deps.db, audit: deps.audit, clock: deps.clock, ...sites }),
  };
}

/**
 * Read fragments of the data-sharing register for other modules' queries: the sub-processors
 * named in vendors' register entries (screening checks them against the sanctions lists).
 */
import type { Executor } from '../../db/database';

/** Each register entry's vendor and its sub-processors (a JSON array of `{ name, country, purpose }`). */
export const subProcessorsOfVendors = (db: Executor, vendorIds: string[]) =>
  vendorIds.length
    ? db
        .selectFrom('dataFlows')
        .select(['vendorId', 'subProcessors'])
        .where('vendorId', 'in', vendorIds)
        .execute()
    : Promise.resolve([]);

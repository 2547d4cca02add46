/** The one direct read of reports: a vendor's meeting action items (the meetings module lists them only per owner). */
import type { Executor } from '../../db/database';

export function openActionsOf(db: Executor, vendorId: string) {
  return db
    .selectFrom('actionItems')
    .select(['title', 'ownerName', 'dueDate', 'status'])
    .where('vendorId', '=', vendorId)
    .where('status', '=', 'open')
    .orderBy('dueDate')
    .orderBy('title')
    .execute();
}

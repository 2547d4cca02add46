/**
 * Meetings as the composition root (services.ts) makes them: the series and their occurrences,
 * the calendar feed, and the inbox of what concerns one user.
 */
import type { Executor } from '../../db/database';
import { type Actor, systemActor } from '../../policy';
import { type CalendarDeps, createCalendarService } from './calendar';
import { createInboxService } from './inbox';
import { createMeetingService, type MeetingDeps } from './service';

export function createMeetingsModule({
  listContacts,
  usersByIds,
  ...deps
}: Omit<MeetingDeps, 'vendorContacts' | 'userEmail'> & {
  /** A vendor's contacts as the actor may see them (vendors). */
  listContacts: (actor: Actor, vendorId: string) => ReturnType<MeetingDeps['vendorContacts']>;
  /** Users by id (accounts). */
  usersByIds: (tx: Executor, ids: string[]) => Promise<Array<{ id: string; email: string }>>;
}) {
  const system = systemActor('meetings');
  return createMeetingService({
    ...deps,
    vendorContacts: (vendorId) => listContacts(system, vendorId),
    userEmail: async (tx, id) => (await usersByIds(tx, [id]))[0]?.email,
  });
}

export function createCalendarModule({
  activeUsers,
  ...deps
}: Omit<CalendarDeps, 'activeUser'> & {
  /** Active users with these ids (accounts). */
  activeUsers: (
    tx: Executor,
    filter: { ids: string[] },
  ) => Promise<Array<{ id: string; name: string; role: string; vendorId: string | null }>>;
}) {
  return createCalendarService({
    ...deps,
    activeUser: async (tx, id) => (await activeUsers(tx, { ids: [id] }))[0],
  });
}

export const createInboxModule = (deps: Parameters<typeof createInboxService>[0]) => createInboxService(deps);

/**
 * Who hears of an event. Recipients are worked out when the event is consumed (roles, owners and
 * thread members as they are then), and nobody is told of something their role or vendor scope
 * cannot read: vendor users only of their own vendor's certificates and of shared threads of
 * their vendor; internal users of everything else through the rules below.
 */
import type { Role } from '../../../contracts/accounts';
import type { Executor } from '../../db/database';
import type { DomainEvent } from '../events/service';

export interface Recipient {
  id: string;
  name: string;
  email: string;
  role: Role;
  vendorId: string | null;
}

/** What the notifications module sees of other modules, each inside the consuming transaction. */
export interface AudienceDeps {
  /** Active (not disabled) users: the owners and admins, some ids, or a vendor's users. */
  users(tx: Executor, filter: { roles?: Role[]; ids?: string[]; vendorId?: string }): Promise<Recipient[]>;
  engagement(
    tx: Executor,
    id: string,
  ): Promise<{ id: string; title: string; ownerId: string | null; vendorId: string } | undefined>;
  vendor(tx: Executor, id: string): Promise<{ id: string; name: string; ownerId: string | null } | undefined>;
  /** A thread's visibility and who took part in it (its creator and every author). */
  thread(
    tx: Executor,
    id: string,
  ): Promise<
    { id: string; title: string; visibility: string; vendorId: string; participantIds: string[] } | undefined
  >;
}

/** Payload fields naming internal people an event is addressed to (reviewers, owners, assignees). */
const ADDRESSEE_FIELDS = ['reviewerId', 'ownerId', 'assigneeId'] as const;

const idsIn = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/**
 * The users to tell about `event`, each with whether they see it as an internal or a vendor user.
 * The user who caused the event (`payload.actorId`) is never told of their own action.
 */
export async function recipientsOf(
  tx: Executor,
  deps: AudienceDeps,
  event: DomainEvent,
): Promise<Recipient[]> {
  const p = event.payload;
  const actorId = typeof p.actorId === 'string' ? p.actorId : null;
  const out = new Map<string, Recipient>();
  const add = (users: Recipient[]) => {
    for (const u of users) if (u.id !== actorId) out.set(u.id, u);
  };
  const internalOnly = (users: Recipient[]) => users.filter((u) => u.role !== 'vendor');

  if (event.type === 'message.created') {
    const threadId = typeof p.threadId === 'string' ? p.threadId : null;
    const thread = threadId ? await deps.thread(tx, threadId) : undefined;
    if (!thread) return [];
    const ids = [...new Set([...thread.participantIds, ...idsIn(p.mentionIds)])];
    const users = await deps.users(tx, { ids });
    // Who may read the thread: every internal user; a vendor user only in a shared thread of their vendor.
    add(
      users.filter(
        (u) => u.role !== 'vendor' || (thread.visibility === 'shared' && u.vendorId === thread.vendorId),
      ),
    );
    return [...out.values()];
  }

  // Waiting for the vendor alone: a questionnaire to answer, a published scorecard to respond to.
  // Only that vendor's users, never another vendor's; the client's people who sent or published
  // it need no reminder of their own step.
  if (event.type === 'assessment.sent' || event.type === 'scorecard.published') {
    const vendorId =
      event.vendorId ??
      (event.engagementId ? (await deps.engagement(tx, event.engagementId))?.vendorId : undefined);
    if (!vendorId) return [];
    const own = await deps.users(tx, { vendorId });
    add(own.filter((u) => u.role === 'vendor' && u.vendorId === vendorId));
    return [...out.values()];
  }

  add(await deps.users(tx, { roles: ['owner', 'admin'] }));
  const named: string[] = [];
  if (event.engagementId) {
    const engagement = await deps.engagement(tx, event.engagementId);
    if (engagement?.ownerId) named.push(engagement.ownerId);
  } else if (event.vendorId) {
    const vendor = await deps.vendor(tx, event.vendorId);
    if (vendor?.ownerId) named.push(vendor.ownerId);
  }
  for (const field of ADDRESSEE_FIELDS) named.push(...idsIn(p[field]));
  if (named.length) add(internalOnly(await deps.users(tx, { ids: [...new Set(named)] })));

  // A vendor's own users hear of their certificates: they are the ones to renew them.
  // …and of their own holiday calendars, which they keep.
  if (
    event.vendorId &&
    (event.type === 'certification.expiring' ||
      event.type === 'certification.expired' ||
      event.type === 'holiday_calendar.next_year_missing')
  ) {
    const own = await deps.users(tx, { vendorId: event.vendorId });
    add(own.filter((u) => u.role === 'vendor' && u.vendorId === event.vendorId));
  }
  return [...out.values()];
}

/**
 * Notification delivery: the bus consumer 'notifications' turns each event into in-app
 * notifications, queued mails or digest items, per recipient and per their preference, in the
 * event's consumption transaction (so each event is delivered once); the sender job sends due
 * mails with exponential backoff, keeping each row until it has gone; the digest job gathers a
 * user's waiting items into one mail a day, in the organisation's time zone.
 */
import type { Role } from '../../../contracts/accounts';
import type { EventType } from '../../../contracts/events';
import type {
  NotificationPreferences,
  PutNotificationPreferencesBody,
} from '../../../contracts/notifications';
import type { Database, Executor } from '../../db/database';
import { invalid } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { DomainEvent, EventBus } from '../events/service';
import type { Mailer } from './mailer';
import { type AudienceDeps, type Recipient, recipientsOf } from './recipients';
import * as repo from './repository';
import {
  channelFor,
  DIGEST_HOUR,
  defaultChannel,
  describe,
  digestDue,
  digestMail,
  dropMailLinks,
  EVENT_LABELS,
  type EventContext,
  eventMail,
  eventTypesFor,
  nextEmailAttempt,
  openMailLinks,
} from './rules';
import type { NotifyInput } from './service';

/** The consumer's name in the event bus. */
const NOTIFICATION_CONSUMER = 'notifications';
/** How many mails one run of the sender job tries. */
const SEND_BATCH = 50;
/** A claimed mail is left alone by other runs this long (longer than the SMTP timeouts). */
const CLAIM_MS = 2 * 60_000;

export interface DeliveryDeps extends AudienceDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  events: Pick<EventBus, 'consume'>;
  notify: (tx: Executor, input: NotifyInput) => Promise<number>;
  /** Decrypt a link a direct mail holds sealed (the mail-links secret box). */
  openLink: (sealed: string) => string;
  organisation: () => Promise<{ timezone: string }>;
  /** Null without SMTP_URL: mails stay queued. */
  mailer: Mailer | null;
  /** OUTPOST_PUBLIC_URL, for absolute links in mails. */
  publicUrl: string | null;
}

interface ConsumeResult {
  handled: number;
  inApp: number;
  emails: number;
  digest: number;
  failed: { eventId: string; error: unknown }[];
}

export function createNotificationDelivery(deps: DeliveryDeps) {
  const { db, audit, clock, mailer } = deps;
  const now = () => clock.now().toISOString();

  async function contextOf(tx: Executor, event: DomainEvent): Promise<EventContext> {
    const engagement = event.engagementId ? await deps.engagement(tx, event.engagementId) : undefined;
    const vendorId = event.vendorId ?? engagement?.vendorId ?? null;
    const vendor = vendorId ? await deps.vendor(tx, vendorId) : undefined;
    return {
      engagement: engagement ? { id: engagement.id, title: engagement.title } : null,
      vendor: vendor ? { id: vendor.id, name: vendor.name } : null,
    };
  }

  const entityOf = (event: DomainEvent) =>
    event.type === 'message.created' && typeof event.payload.threadId === 'string'
      ? { type: 'thread', id: event.payload.threadId }
      : event.engagementId
        ? { type: 'engagement', id: event.engagementId }
        : event.vendorId
          ? { type: 'vendor', id: event.vendorId }
          : null;

  /** Deliver one event to each recipient on their channel; every write is keyed so it happens once. */
  async function deliver(tx: Executor, event: DomainEvent, counts: ConsumeResult) {
    const recipients = await recipientsOf(tx, deps, event);
    if (recipients.length === 0) return;
    const ctx = await contextOf(tx, event);
    const stored = await repo.channelsFor(
      tx,
      recipients.map((r) => r.id),
      event.type,
    );
    const at = now();
    const key = `event:${event.id}`;
    for (const user of recipients) {
      const channel = channelFor(event.type, user.role, stored.get(user.id));
      if (!channel || channel === 'none') continue;
      const r = describe(event, ctx, user.role === 'vendor' ? 'vendor' : 'internal');
      if (channel === 'in_app') {
        counts.inApp += await deps.notify(tx, {
          userIds: [user.id],
          type: event.type,
          title: r.title,
          body: r.body,
          link: r.link,
          entity: entityOf(event),
          dedupeKey: key,
        });
      } else if (channel === 'email') {
        const mail = eventMail(r, EVENT_LABELS[event.type], deps.publicUrl);
        if (await repo.queueEmail(tx, outboxRow(user, 'event', key, mail, at))) counts.emails++;
      } else if (channel === 'digest') {
        const added = await repo.addDigestItem(tx, {
          id: newId('dgi'),
          userId: user.id,
          eventId: event.id,
          eventType: event.type,
          title: r.title,
          body: r.body,
          link: r.link,
          context: r.context,
          createdAt: at,
          emailId: null,
        });
        if (added) counts.digest++;
      }
    }
  }

  const outboxRow = (
    user: Pick<Recipient, 'id'>,
    kind: 'event' | 'digest',
    dedupeKey: string,
    mail: { subject: string; text: string; html: string },
    at: string,
  ) =>
    repo.pendingEmail(
      {
        userId: user.id,
        toAddress: null,
        kind,
        dedupeKey,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      },
      at,
    );

  /** One attempt at one mail if this run can claim it; answers the outcome. */
  async function attempt(id: string): Promise<'sent' | 'failed' | 'cancelled' | null> {
    if (!mailer) return null;
    const start = clock.now();
    const startIso = start.toISOString();
    if (!(await repo.claimEmail(db, id, startIso, new Date(start.getTime() + CLAIM_MS).toISOString())))
      return null;
    const mail = (await repo.findEmail(db, id))!;
    // A mail to an address of its own (an invitation) goes there whoever caused it.
    const [user] = mail.toAddress
      ? [{ email: mail.toAddress }]
      : await deps.users(db, { ids: [mail.userId] });
    if (!user) {
      // A disabled or deleted account gets no more mail; the row stays as the record of why.
      await repo.updateEmail(db, id, {
        status: 'cancelled',
        lastError: 'the user is disabled',
        lockedUntil: null,
      });
      return 'cancelled';
    }
    const attempts = Number(mail.attempts) + 1;
    try {
      const attachments = await repo.attachmentsOf(db, id);
      await mailer.send({
        to: user.email,
        subject: mail.subject,
        ...openMailLinks(mail, deps.openLink),
        ...(attachments.length ? { attachments } : {}),
      });

      // A direct mail may carry a one-time link (an invitation): once sent, the stored copy loses it.
      await repo.updateEmail(db, id, {
        ...(mail.kind === 'direct' ? { text: dropMailLinks(mail.text), html: dropMailLinks(mail.html) } : {}),
        status: 'sent',
        attempts,
        lastAttemptAt: startIso,
        lastError: null,
        sentAt: clock.now().toISOString(),
        lockedUntil: null,
      });
      // Sent files are not kept: the outbox is no archive, and a report can be made again.
      if (attachments.length) await repo.deleteAttachments(db, id);
      return 'sent';
    } catch (error) {
      await repo.updateEmail(db, id, {
        attempts,
        lastAttemptAt: startIso,
        lastError: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
        nextAttemptAt: nextEmailAttempt(attempts, clock.now()).toISOString(),
        lockedUntil: null,
      });
      return 'failed';
    }
  }

  return {
    /** The bus consumer (scheduler job 'notifications'). */
    async consume(): Promise<ConsumeResult> {
      const counts: ConsumeResult = { handled: 0, inApp: 0, emails: 0, digest: 0, failed: [] };
      const res = await deps.events.consume(NOTIFICATION_CONSUMER, (tx, event) => deliver(tx, event, counts));
      counts.handled = res.handled;
      counts.failed = res.failed;
      return counts;
    },

    /** The sender job: every due mail once; without SMTP_URL nothing is sent and nothing is lost. */
    async sendDue(): Promise<{ attempted: number; sent: number; failed: number }> {
      const out = { attempted: 0, sent: 0, failed: 0 };
      if (!mailer) return out;
      for (const { id } of await repo.dueEmails(db, now(), SEND_BATCH)) {
        const result = await attempt(id);
        if (!result) continue;
        out.attempted++;
        if (result === 'sent') out.sent++;
        if (result === 'failed') out.failed++;
      }
      return out;
    },

    /**
     * The digest job: from the digest hour on, each user's items from before today (in the
     * organisation's zone) become one mail named after today; a second run the same day adds none.
     */
    async runDigest(): Promise<{ day: string | null; mails: number; items: number }> {
      const org = await deps.organisation();
      const due = digestDue(clock.now(), org.timezone);
      if (!due) return { day: null, mails: 0, items: 0 };
      let mails = 0;
      let items = 0;
      for (const userId of await repo.usersWithDigest(db, due.before)) {
        await db.transaction().execute(async (tx) => {
          const pending = await repo.pendingDigestItems(tx, userId, due.before);
          if (pending.length === 0) return;
          const mail = digestMail(due.day, pending, deps.publicUrl);
          const row = outboxRow({ id: userId }, 'digest', `digest:${due.day}`, mail, now());
          // Today's digest already went: what is left waits for tomorrow's.
          if (!(await repo.queueEmail(tx, row))) return;
          await repo.markDigested(
            tx,
            pending.map((i) => i.id),
            row.id,
          );
          mails++;
          items += pending.length;
        });
      }
      return { day: due.day, mails, items };
    },

    preferences: {
      async get(actor: Actor): Promise<NotificationPreferences> {
        authorize(actor, 'notification', 'read');
        const [rows, org] = await Promise.all([repo.preferencesOf(db, actor.id), deps.organisation()]);
        return view(actor.role as Role, new Map(rows.map((r) => [r.eventType, r.channel])), org.timezone);
      },

      async put(actor: Actor, body: PutNotificationPreferencesBody): Promise<NotificationPreferences> {
        authorize(actor, 'notification', 'update');
        const role = actor.role as Role;
        const allowed = eventTypesFor(role);
        const problems = body.items.flatMap((item, i) =>
          allowed.includes(item.eventType)
            ? []
            : [{ field: `items.${i}.eventType`, message: 'is not an event type you can be notified of' }],
        );
        if (problems.length) throw invalid(problems);
        const org = await deps.organisation();
        return db.transaction().execute(async (tx) => {
          const before = new Map(
            (await repo.preferencesOf(tx, actor.id)).map((r) => [r.eventType, r.channel]),
          );
          const at = now();
          const changes: Record<string, { before: string; after: string }> = {};
          for (const item of body.items) {
            await repo.setPreference(tx, actor.id, item.eventType, item.channel, at);
            const was = before.get(item.eventType) ?? defaultChannel(item.eventType, role);
            const is = item.channel ?? defaultChannel(item.eventType, role);
            if (was !== is) changes[item.eventType] = { before: was, after: is };
          }
          if (Object.keys(changes).length)
            await audit.record(tx, actor, {
              action: 'notification.preferences',
              entityType: 'user',
              entityId: actor.id,
              changes,
            });
          const rows = await repo.preferencesOf(tx, actor.id);
          return view(role, new Map(rows.map((r) => [r.eventType, r.channel])), org.timezone);
        });
      },
    },
  };

  function view(role: Role, stored: Map<string, string>, timezone: string): NotificationPreferences {
    return {
      items: eventTypesFor(role).map((eventType: EventType) => ({
        eventType,
        channel: channelFor(eventType, role, stored.get(eventType))!,
        defaultChannel: defaultChannel(eventType, role),
        isDefault: !stored.has(eventType),
      })),
      emailConfigured: mailer !== null,
      digestTimezone: timezone,
      digestHour: DIGEST_HOUR,
    };
  }
}

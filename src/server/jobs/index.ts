import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Clock } from '../lib/clock';
import { systemActor } from '../policy';
import type { Services } from '../services';
import { createScheduler, type Job, type SchedulerOptions } from './scheduler';

/** The closing of SLA periods runs every five minutes; it is idempotent. */
const SLA_CLOSE_EVERY_MS = 5 * 60_000;
/** Certificate-expiry reminders: hourly, so the day's reminder goes out soon after midnight in the organisation's zone; each is sent once. */
const CERTIFICATE_REMINDERS_EVERY_MS = 60 * 60_000;
/** Agreement review and expiry reminders (30, 7 and 0 days before): hourly; each is sent once. */
const AGREEMENT_REMINDERS_EVERY_MS = 60 * 60_000;
/** Assurance: expired risk acceptances reopen and overdue findings and reviews are announced (each once), hourly. */
const ASSURANCE_OVERDUE_EVERY_MS = 60 * 60_000;
/** Assurance: recurring access review campaigns per vendor, from its tier's interval; checked every six hours. */
const ASSURANCE_RECURRING_REVIEWS_EVERY_MS = 6 * 60 * 60_000;

/** Holiday calendars without next year's days are announced from 1 November, once each; checked every six hours. */
const HOLIDAY_CALENDAR_REMINDERS_EVERY_MS = 6 * 60 * 60_000;

/** Renewals entering their notice period publish renewal.due (once per term); hourly. */
const RENEWAL_NOTICES_EVERY_MS = 60 * 60_000;
/** Risk signals: every source is evaluated and the signals opened, updated or closed; hourly. */
const RISK_SIGNALS_EVERY_MS = 60 * 60_000;
/** Notifications: new events become in-app notices, mails or digest items, and due mails go out, every 15 seconds. */
const NOTIFICATIONS_EVERY_MS = 15_000;
/** The daily digest: hourly, so each user's digest goes out soon after the digest hour in the organisation's zone. */
const DIGEST_EVERY_MS = 60 * 60_000;

/** The quarterly portfolio mail: hourly, so it goes out soon after the quarter starts in the organisation's zone; once per quarter. */
const REPORT_MAIL_EVERY_MS = 60 * 60_000;

/** Sanctions lists with a schedule: checked every 15 minutes; each source is fetched when its own interval has passed. */
const SCREENING_FETCH_EVERY_MS = 15 * 60_000;

/** Webhooks: new events become deliveries, and due deliveries go out, every 10 seconds. */
const WEBHOOKS_EVERY_MS = 10_000;

/**
 * Expired rows are deleted hourly, each kind in batches (one short statement each, so SQLite's
 * writer and PostgreSQL's locks are never held long): sessions past their absolute or idle expiry,
 * sign-in failure records whose window or lock is over, invitations used or expired 30 days ago,
 * idempotency keys older than 7 days. Each owner deletes its own rows.
 */
const PRUNE_EVERY_MS = 60 * 60_000;
const PRUNE_BATCH = 1000;

/** Run each pruner until a batch comes back short; answers how many rows of each kind went. */
async function pruneAll(pruners: Record<string, (limit: number) => Promise<number>>) {
  const deleted: Record<string, number> = {};
  for (const [kind, prune] of Object.entries(pruners)) {
    let n: number;
    deleted[kind] = 0;
    do {
      n = await prune(PRUNE_BATCH);
      deleted[kind] += n;
    } while (n >= PRUNE_BATCH);
  }
  return deleted;
}

/** Every scheduled job of the application. */
export function jobsOf(services: Services): Job[] {
  return [
    { name: 'sla.close', everyMs: SLA_CLOSE_EVERY_MS, run: () => services.quality.closing.run() },
    {
      name: 'diligence.certificate-reminders',
      everyMs: CERTIFICATE_REMINDERS_EVERY_MS,
      run: () => services.diligence.reminders.run(),
    },
    {
      name: 'data-sharing.agreement-reminders',
      everyMs: AGREEMENT_REMINDERS_EVERY_MS,
      run: () => services.dataSharing.reminders.run(),
    },
    {
      name: 'assurance.overdue',
      everyMs: ASSURANCE_OVERDUE_EVERY_MS,
      run: () => services.assurance.jobs.overdue(),
    },
    {
      name: 'assurance.recurring-reviews',
      everyMs: ASSURANCE_RECURRING_REVIEWS_EVERY_MS,
      run: () => services.assurance.jobs.recurringReviews(),
    },
    {
      name: 'notifications',
      everyMs: NOTIFICATIONS_EVERY_MS,
      run: () => services.notificationDelivery.consume(),
    },
    {
      name: 'notifications.email',
      everyMs: NOTIFICATIONS_EVERY_MS,
      run: () => services.notificationDelivery.sendDue(),
    },
    {
      name: 'notifications.digest',
      everyMs: DIGEST_EVERY_MS,
      run: () => services.notificationDelivery.runDigest(),
    },
    { name: 'webhooks.dispatch', everyMs: WEBHOOKS_EVERY_MS, run: () => services.webhooks.consume() },
    { name: 'webhooks.deliver', everyMs: WEBHOOKS_EVERY_MS, run: () => services.webhooks.deliverDue() },
    {
      name: 'renewals.notices',
      everyMs: RENEWAL_NOTICES_EVERY_MS,
      run: () => services.spend.renewals.runNotices(),
    },
    {
      name: 'calendars.next-year-reminders',
      everyMs: HOLIDAY_CALENDAR_REMINDERS_EVERY_MS,
      run: () => services.calendars.runReminders(),
    },
    { name: 'risks.signals', everyMs: RISK_SIGNALS_EVERY_MS, run: () => services.risks.signals.run() },
    {
      name: 'screening.fetch-lists',
      everyMs: SCREENING_FETCH_EVERY_MS,
      run: () => services.screening.lists.fetchDue(systemActor('screening')),
    },
    { name: 'reports.quarterly-mail', everyMs: REPORT_MAIL_EVERY_MS, run: () => services.reportMail.run() },
    {
      // A signed checkpoint of the audit chain's head, outside the database (OUTPOST_AUDIT_CHECKPOINT_MINUTES).
      name: 'audit.checkpoint',
      everyMs: services.audit.checkpoints.everyMs,
      run: () => services.audit.checkpoints.write('scheduled'),
    },
    {
      name: 'prune.expired',
      everyMs: PRUNE_EVERY_MS,
      run: () =>
        pruneAll({
          sessions: services.accounts.prune.sessions,
          signInFailures: services.accounts.prune.signInFailures,
          invitations: services.portal.prune,
          idempotencyKeys: services.quality.pruneIdempotencyKeys,
        }),
    },
  ];
}

/** The scheduler with every job, as buildApp starts it when the configuration says so. */
export function createAppScheduler(
  db: Kysely<DB>,
  clock: Clock,
  services: Services,
  onError: (job: string, err: unknown) => void,
  /** Tick and lease lengths from the configuration, and the metrics hook. */
  extra: Partial<Pick<SchedulerOptions, 'tickMs' | 'leaseMs' | 'onRun'>> = {},
) {
  return createScheduler({ db, clock, jobs: jobsOf(services), onError, ...extra });
}

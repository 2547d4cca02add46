/**
 * The quarterly portfolio mail: in the first days of each quarter (organisation time zone) every
 * active owner and administrator is mailed the portfolio summary, PDF and CSV attached, with links
 * to the live report, through the notifications outbox, once per quarter (one outbox row per
 * person and quarter, deduplicated). The files are made once per run, before the transaction, and
 * only when someone still lacks this quarter's mail.
 */
import { DateTime } from 'luxon';
import type { Database, Executor } from '../../db/database';
import type { Clock } from '../../lib/clock';
import { systemActor } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { DirectMail, MailAttachment } from '../notifications/service';

/** The mail goes out on the first day of the quarter, or on the following days if the server was down. */
const QUARTERLY_MAIL_DAYS = 7;

export interface QuarterlyMailDeps {
  db: Database['db'];
  clock: Clock;
  audit: AuditRecorder;
  organisation: () => Promise<{ name?: string; timezone: string }>;
  /** Whether SMTP is set up, and the outbox (inside the caller's transaction). */
  mail: {
    configured: boolean;
    queue(tx: Executor, input: DirectMail): Promise<boolean>;
    /** Of these users, those who already have a mail under this key. */
    mailedAlready(executor: Executor, userIds: string[], dedupeKey: string): Promise<Set<string>>;
  };
  /** The portfolio summary as the organisation sees it now, PDF then CSV. */
  files: () => Promise<MailAttachment[]>;
  recipients: (tx: Executor) => Promise<Array<{ id: string; name: string; email: string }>>;
  /** OUTPOST_PUBLIC_URL, for absolute links; null gives the path only. */
  publicUrl: string | null;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function createQuarterlyMail(deps: QuarterlyMailDeps) {
  return {
    /** Queue this quarter's mails if due; answers the quarter and how many were newly queued. */
    async run(): Promise<{ quarter: string | null; queued: number }> {
      if (!deps.mail.configured) return { quarter: null, queued: 0 };
      const org = await deps.organisation();
      const today = DateTime.fromJSDate(deps.clock.now(), { zone: org.timezone });
      const start = today.startOf('quarter');
      if (today.diff(start, 'days').days >= QUARTERLY_MAIL_DAYS) return { quarter: null, queued: 0 };
      const quarter = `${start.year}-Q${start.quarter}`;
      const base = deps.publicUrl ?? '';
      const pdf = `${base}/api/v1/reports/portfolio?format=pdf`;
      const csv = `${base}/api/v1/reports/portfolio?format=csv`;
      const dashboard = `${base}/dashboard`;
      const orgName = org.name ?? 'Outpost';
      const subject = `[${orgName}] Portfolio summary for ${quarter}`;
      const text =
        `The portfolio summary for the start of ${quarter} is attached (PDF, and CSV with one row per vendor).\n\n` +
        `The same report as it stands when you open it (sign in): PDF ${pdf}\nCSV ${csv}\n\n` +
        `The dashboard: ${dashboard}\n`;
      const html =
        `<p>The portfolio summary for the start of ${escapeHtml(quarter)} is attached (PDF, and CSV with one row per vendor).</p>` +
        `<p>The same report as it stands when you open it (sign in):</p>` +
        `<ul><li><a href="${escapeHtml(pdf)}">Portfolio summary (PDF)</a></li>` +
        `<li><a href="${escapeHtml(csv)}">Portfolio summary (CSV, one row per vendor)</a></li></ul>` +
        `<p><a href="${escapeHtml(dashboard)}">The dashboard</a>.</p>`;
      const dedupeKey = `report.portfolio:${quarter}`;
      // Making the report reads every module: only when someone still lacks the mail, and never
      // inside the transaction (on SQLite its one connection would wait for itself).
      const everyone = await deps.recipients(deps.db);
      const done = await deps.mail.mailedAlready(
        deps.db,
        everyone.map((u) => u.id),
        dedupeKey,
      );
      if (everyone.every((u) => done.has(u.id))) return { quarter, queued: 0 };
      const attachments = await deps.files();
      return deps.db.transaction().execute(async (tx) => {
        let queued = 0;
        const to: string[] = [];
        for (const user of await deps.recipients(tx)) {
          const fresh = await deps.mail.queue(tx, {
            causedBy: user.id,
            to: user.email,
            dedupeKey,
            subject,
            text,
            html,
            attachments,
          });
          if (fresh) {
            queued++;
            to.push(user.id);
          }
        }
        if (queued)
          await deps.audit.record(tx, systemActor('scheduler'), {
            action: 'report.portfolio.mail',
            entityType: 'report',
            entityId: `portfolio:${quarter}`,
            changes: { recipients: { before: null, after: to } },
          });
        return { quarter, queued };
      });
    },
  };
}

/**
 * The quarterly portfolio mail: in the first days of each quarter (organisation time zone) every
 * active owner and administrator is mailed a link to the portfolio summary (PDF and CSV) through
 * the notifications outbox, once per quarter (one outbox row per person and quarter, deduplicated).
 * The outbox carries text and HTML only, no attachments: the mail links to the report route, which
 * generates the summary when opened (signed in).
 */
import { DateTime } from 'luxon';
import type { Database, Executor } from '../../db/database';
import type { Clock } from '../../lib/clock';
import { systemActor } from '../../policy';
import type { AuditRecorder } from '../audit/service';

/** The mail goes out on the first day of the quarter, or on the following days if the server was down. */
export const QUARTERLY_MAIL_DAYS = 7;

export interface QuarterlyMailDeps {
  db: Database['db'];
  clock: Clock;
  audit: AuditRecorder;
  organisation: () => Promise<{ name?: string; timezone: string }>;
  /** Whether SMTP is set up, and the outbox (inside the caller's transaction). */
  mail: {
    configured: boolean;
    queue(
      tx: Executor,
      input: { causedBy: string; to: string; dedupeKey: string; subject: string; text: string; html: string },
    ): Promise<boolean>;
  };
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
        `The portfolio summary for the start of ${quarter} is ready.\n\n` +
        `PDF: ${pdf}\nCSV (one row per vendor): ${csv}\n\n` +
        `Sign in to open them; each is generated when opened. The dashboard: ${dashboard}\n`;
      const html =
        `<p>The portfolio summary for the start of ${escapeHtml(quarter)} is ready.</p>` +
        `<ul><li><a href="${escapeHtml(pdf)}">Portfolio summary (PDF)</a></li>` +
        `<li><a href="${escapeHtml(csv)}">Portfolio summary (CSV, one row per vendor)</a></li></ul>` +
        `<p>Sign in to open them; each is generated when opened. <a href="${escapeHtml(dashboard)}">The dashboard</a>.</p>`;
      return deps.db.transaction().execute(async (tx) => {
        let queued = 0;
        const to: string[] = [];
        for (const user of await deps.recipients(tx)) {
          const fresh = await deps.mail.queue(tx, {
            causedBy: user.id,
            to: user.email,
            dedupeKey: `report.portfolio:${quarter}`,
            subject,
            text,
            html,
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

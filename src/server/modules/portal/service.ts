import type { z } from 'zod';
import type { User } from '../../../contracts/accounts';
import { type CreateInvitationBody, INVITATION_DAYS } from '../../../contracts/portal';
import type { Database, Executor } from '../../db/database';
import { lockName } from '../../db/locks';
import { conflict, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import type { RequestMeta } from '../accounts/service';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import * as repo from './repository';
import { hashToken, invitationState, newToken, SPENT_INVITATION_RETENTION_DAYS } from './rules';

export interface PortalDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  vendor: (tx: Executor, id: string) => Promise<{ name: string; status: string } | undefined>;
  emailTaken: (email: string) => Promise<boolean>;
  /** OUTPOST_PUBLIC_URL: the only origin absolute links are built from; null: the mail carries no link. */
  publicUrl: string | null;
  /** Queue the invitation mail in the invitation's transaction; `configured` says whether mail goes out. */
  mail: {
    configured: boolean;
    queue(
      tx: Executor,
      input: {
        causedBy: string;
        to: string;
        dedupeKey: string;
        subject: string;
        text: string;
        html: string;
        /** The one-time link, put where text and HTML say `{{link}}`; the outbox keeps it encrypted. */
        link?: string;
      },
    ): Promise<boolean>;
  };
  /** Create the vendor user and a session inside the caller's transaction (accounts). */
  join: (
    tx: Executor,
    actor: Actor,
    input: { name: string; email: string; password: string; vendorId: string },
    meta: RequestMeta,
  ) => Promise<{ user: User; sessionId: string; csrfToken: string }>;
}

const escapeHtml = (t: string) =>
  t.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Where the outbox puts the link, opened only when the mail is sent (notifications). */
const LINK = '{{link}}';

/**
 * The invitation mail: who invites whom to which vendor's portal, the link and until when. Without
 * OUTPOST_PUBLIC_URL (`linked` false) there is no trustworthy address to link to, so the mail says that
 * the inviter hands the link over instead of echoing whatever Host the request named.
 */
function invitationMail(i: {
  name: string;
  inviter: string;
  vendor: string;
  /** The mail carries the link (placed by the outbox) only with OUTPOST_PUBLIC_URL. */
  linked: boolean;
  expiresAt: string;
}) {
  const until = i.expiresAt.slice(0, 10);
  const subject = `[${i.vendor}] ${i.inviter} invites you to Outpost`;
  const noLink = `This Outpost has no public address configured, so this mail carries no link: ask ${i.inviter} for your invitation link (it works once, until ${until}).`;
  const text = [
    `Hello ${i.name},`,
    '',
    `${i.inviter} invites you to the Outpost portal of ${i.vendor}, where you share the work of your engagements.`,
    '',
    ...(i.linked ? [`Set your password here (the link works once, until ${until}):`, LINK] : [noLink]),
    '',
    'If you did not expect this, ignore this mail.',
  ].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(i.name)},</p>`,
    `<p>${escapeHtml(i.inviter)} invites you to the Outpost portal of <strong>${escapeHtml(i.vendor)}</strong>, where you share the work of your engagements.</p>`,
    i.linked
      ? `<p><a href="${LINK}">Set your password</a> (the link works once, until ${until}).</p>`
      : `<p>${escapeHtml(noLink)}</p>`,
    '<p style="color:#666;font-size:12px">If you did not expect this, ignore this mail.</p>',
  ].join('\n');
  return { subject, text, html };
}

/** Vendor portal access: invitations by link, accepted by setting a password. */
export function createPortalService({
  db,
  audit,
  clock,
  vendor,
  emailTaken,
  join,
  mail,
  publicUrl,
}: PortalDeps) {
  const emailInUse = () => invalid([{ field: 'email', message: 'already belongs to a user' }]);

  return {
    async invite(actor: Actor, vendorId: string, body: z.infer<typeof CreateInvitationBody>) {
      authorize(actor, 'invitation', 'create');
      const v = await vendor(db, vendorId);
      if (!v) throw notFound('vendor');
      if (v.status === 'offboarded')
        throw conflict('This vendor is offboarded; bring it back before inviting.');
      if (await emailTaken(body.email)) throw emailInUse();
      const token = newToken();
      const at = clock.now();
      const row = {
        id: newId('inv'),
        vendorId,
        email: body.email,
        name: body.name,
        tokenHash: hashToken(token),
        invitedBy: actor.id,
        invitedByName: actor.name,
        createdAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
        acceptedAt: null,
        userId: null,
      };
      // The answer's link is absolute only with OUTPOST_PUBLIC_URL, else the path (the web app
      // prefixes the address bar's origin); never the request's Host, which the client writes.
      const path = `/invitations/${token}`;
      const url = publicUrl ? `${publicUrl}${path}` : path;
      await db.transaction().execute(async (tx) => {
        // A new invitation to the same address ends the older ones: only the newest link works. A
        // concurrent invitation to the address waits here and then revokes this one, so exactly one
        // stays valid (there may be no older row to lock: the lock is on the address).
        await lockName(tx, `invitation:${row.email.toLowerCase()}`);
        const revoked = await repo.revokePendingTo(tx, row.email.toLowerCase(), row.createdAt);
        await repo.insertInvitation(tx, row);
        // The link goes by mail too (queued with the invitation; sent with retries once SMTP is set up).
        const m = invitationMail({
          name: row.name,
          inviter: actor.name,
          vendor: v.name,
          linked: publicUrl !== null,
          expiresAt: row.expiresAt,
        });
        await mail.queue(tx, {
          causedBy: actor.id,
          to: row.email,
          dedupeKey: `invitation:${row.id}`,
          ...m,
          ...(publicUrl ? { link: url } : {}),
        });
        await audit.record(tx, actor, {
          action: 'vendor.invite',
          entityType: 'vendor',
          entityId: vendorId,
          changes: diff(null, {
            invitationId: row.id,
            email: row.email,
            name: row.name,
            expiresAt: row.expiresAt,
            ...(revoked.length ? { revokedInvitationIds: revoked } : {}),
          }),
        });
      });
      return {
        id: row.id,
        expiresAt: row.expiresAt,
        url,
        email: mail.configured ? ('queued' as const) : ('not_configured' as const),
      };
    },

    /** For the prune job: delete up to `limit` invitations used or expired over the retention ago; answers how many. */
    prune(limit: number) {
      const before = new Date(clock.now().getTime() - SPENT_INVITATION_RETENTION_DAYS * 86_400_000);
      return repo.deleteSpentInvitations(db, before.toISOString(), limit);
    },

    /** The invitation behind a link; unknown, used and expired ones are all simply not found. */
    async view(token: string) {
      const row = await repo.findByHash(db, hashToken(token));
      if (!row || invitationState(row, clock.now())) throw notFound('invitation');
      const v = await vendor(db, row.vendorId);
      if (!v) throw notFound('invitation');
      return {
        vendorName: v.name,
        email: row.email,
        name: row.name,
        invitedBy: row.invitedByName,
        expiresAt: row.expiresAt,
      };
    },

    /**
     * Set a password: creates the vendor user and signs them in. A used or expired link answers
     * 422 naming `token` (the link exists but cannot be used again); an unknown one 404.
     */
    async accept(token: string, password: string, meta: RequestMeta) {
      const row = await repo.findByHash(db, hashToken(token));
      if (!row) throw notFound('invitation');
      const state = invitationState(row, clock.now());
      if (state === 'used')
        throw invalid([{ field: 'token', message: 'has been used already; sign in instead' }]);
      if (state === 'expired')
        throw invalid([{ field: 'token', message: 'has expired; ask for a new invitation' }]);
      const v = await vendor(db, row.vendorId);
      if (!v || v.status === 'offboarded')
        throw conflict('This vendor is offboarded; the invitation no longer applies.');
      if (await emailTaken(row.email)) throw emailInUse();
      return db.transaction().execute(async (tx) => {
        const at = clock.now().toISOString();
        if (!(await repo.markAccepted(tx, row.id, at)))
          throw invalid([{ field: 'token', message: 'has been used already; sign in instead' }]);
        const actor: Actor = {
          id: 'system',
          name: `invitation ${row.id}`,
          role: 'owner',
          vendorId: null,
          requestId: meta.requestId,
          ip: meta.ip,
        };
        const joined = await join(
          tx,
          actor,
          { name: row.name, email: row.email, password, vendorId: row.vendorId },
          meta,
        );
        await repo.setUser(tx, row.id, joined.user.id);
        await audit.record(tx, actor, {
          action: 'vendor.invitation_accepted',
          entityType: 'vendor',
          entityId: row.vendorId,
          changes: diff(null, { invitationId: row.id, userId: joined.user.id }),
        });
        return joined;
      });
    },
  };
}

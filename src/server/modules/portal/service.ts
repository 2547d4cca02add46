import type { z } from 'zod';
import type { User } from '../../../contracts/accounts';
import { type CreateInvitationBody, INVITATION_DAYS } from '../../../contracts/portal';
import type { Database, Executor } from '../../db/database';
import { conflict, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import type { RequestMeta } from '../accounts/service';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import * as repo from './repository';
import { hashToken, invitationState, newToken } from './rules';

export interface PortalDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  vendor: (tx: Executor, id: string) => Promise<{ name: string; status: string } | undefined>;
  emailTaken: (email: string) => Promise<boolean>;
  /** Create the vendor user and a session inside the caller's transaction (accounts). */
  join: (
    tx: Executor,
    actor: Actor,
    input: { name: string; email: string; password: string; vendorId: string },
    meta: RequestMeta,
  ) => Promise<{ user: User; sessionId: string; csrfToken: string }>;
}

/** Vendor portal access: invitations by link, accepted by setting a password. */
export function createPortalService({ db, audit, clock, vendor, emailTaken, join }: PortalDeps) {
  const emailInUse = () => invalid([{ field: 'email', message: 'already belongs to a user' }]);

  return {
    async invite(actor: Actor, vendorId: string, body: z.infer<typeof CreateInvitationBody>, origin: string) {
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
      await db.transaction().execute(async (tx) => {
        await repo.insertInvitation(tx, row);
        await audit.record(tx, actor, {
          action: 'vendor.invite',
          entityType: 'vendor',
          entityId: vendorId,
          changes: diff(null, {
            invitationId: row.id,
            email: row.email,
            name: row.name,
            expiresAt: row.expiresAt,
          }),
        });
      });
      return { id: row.id, expiresAt: row.expiresAt, url: `${origin}/invitations/${token}` };
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

export type PortalService = ReturnType<typeof createPortalService>;

/** Vendor portal access: invitations that let a vendor contact set a password and sign in. */
import { z } from 'zod';
import { Password, User } from './accounts';
import { Email, Instant, idOf, Name } from './common';

/** Invite a vendor contact; the answer holds the link once (it is not stored). */
export const CreateInvitationBody = z.strictObject({ email: Email, name: Name });

export const CreatedInvitation = z
  .object({
    id: idOf('inv'),
    expiresAt: Instant,
    /** The one-time link to hand to the contact (valid 7 days, single use). */
    url: z.string(),
    /** `queued`: the link is mailed to the contact as well; `not_configured`: no SMTP_URL, hand it over yourself. */
    email: z.enum(['queued', 'not_configured']),
  })
  .meta({ id: 'CreatedInvitation' });

export const TokenParams = z.object({ token: z.string().min(1).max(100) });

/** What the invitation page shows before a password is set. */
export const InvitationView = z
  .object({
    vendorName: z.string(),
    email: z.string(),
    name: z.string(),
    invitedBy: z.string(),
    expiresAt: Instant,
  })
  .meta({ id: 'InvitationView' });

export const AcceptInvitationBody = z.strictObject({ password: Password });
export const AcceptInvitationResponse = z.object({ user: User, csrfToken: z.string() });

/** How long an invitation link stays valid. */
export const INVITATION_DAYS = 7;

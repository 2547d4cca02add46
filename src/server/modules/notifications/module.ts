/**
 * Notifications as the composition root (services.ts) makes them: the in-app list and the
 * outbox, and the delivery that hears the event bus and tells people in the app and by mail.
 */
import type { Role } from '../../../contracts/accounts';
import type { Executor } from '../../db/database';
import { createSecretBox } from '../../lib/secret-box';
import { createNotificationDelivery, type DeliveryDeps } from './delivery';
import { createMailer } from './mailer';
import { createNotificationService } from './service';

// The links of queued mails (invitations) are stored encrypted, opened only to send them.
export const createNotificationsModule = ({
  instanceSecret,
  ...deps
}: Omit<Parameters<typeof createNotificationService>[0], 'sealLink'> & { instanceSecret: string }) =>
  createNotificationService({ ...deps, sealLink: createSecretBox(instanceSecret, 'mail-links').seal });

export function createNotificationDeliveryModule({
  activeUsers,
  smtp,
  instanceSecret,
  ...deps
}: Omit<DeliveryDeps, 'users' | 'mailer' | 'openLink'> & {
  /** OUTPOST_SECRET: the key of the mail-links secret box. */
  instanceSecret: string;
  /** Active users by role, by id, or a vendor's (accounts). */
  activeUsers: (
    tx: Executor,
    filter: { roles?: string[]; ids?: string[]; vendorId?: string },
  ) => Promise<Array<{ id: string; name: string; email: string; role: string; vendorId: string | null }>>;
  /** SMTP_URL and the sender; without a URL mails stay queued. */
  smtp: { url: string | null; from: string };
}) {
  return createNotificationDelivery({
    ...deps,
    mailer: smtp.url ? createMailer(smtp.url, smtp.from) : null,
    openLink: createSecretBox(instanceSecret, 'mail-links').open,
    users: async (tx, filter) => (await activeUsers(tx, filter)).map((u) => ({ ...u, role: u.role as Role })),
  });
}

/**
 * Personal data in notifications: a user's notifications, exported and deleted with the vendor
 * user account they belong to (see accounts/privacy.ts).
 */
import type { UserDataHolder } from '../privacy/registry';
import * as repo from './repository';

export const notificationsUserData: UserDataHolder = {
  async export(tx, userId) {
    return (await repo.notificationsOfUser(tx, userId)).map((r) => ({ kind: 'notification', userId, ...r }));
  },
  erase: (tx, userId) => repo.deleteUserNotifications(tx, userId),
};

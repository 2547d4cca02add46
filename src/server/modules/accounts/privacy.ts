/**
 * Personal data in accounts: the vendor user accounts that are the person (same vendor, same
 * email), with their sessions and API tokens, and what other modules keep about those users (their
 * user-data holders, given at wiring). An erasure keeps the account row (records point at its id)
 * but anonymises it so it can never sign in again, and deletes its sessions and tokens.
 */
import type { Executor } from '../../db/database';
import type { PersonalDataHolder, PersonalRecord, Subject, UserDataHolder } from '../privacy/registry';
import { ERASED_NAME, erasedEmail } from '../privacy/rules';
import * as repo from './repository';

export function createAccountsHolder(userData: readonly UserDataHolder[]): PersonalDataHolder {
  const usersOf = (tx: Executor, s: Subject) =>
    s.email ? repo.vendorUsersWithEmail(tx, s.vendorId, s.email) : Promise.resolve([]);
  return {
    name: 'accounts',
    description:
      'Vendor user accounts with the person’s email, with their sessions, API tokens, notifications, ' +
      'the messages they wrote and the deliverables and scorecard answers they submitted.',
    async export(tx, s) {
      const out: PersonalRecord[] = [];
      for (const u of await usersOf(tx, s)) {
        out.push({ kind: 'user', ...u, disabled: Number(u.disabled) === 1 });
        const [sessions, tokens, ...held] = await Promise.all([
          repo.sessionsOfUser(tx, u.id),
          repo.tokensOfUser(tx, u.id),
          ...userData.map((h) => h.export(tx, u.id)),
        ]);
        for (const r of sessions) out.push({ kind: 'session', userId: u.id, ...r });
        for (const r of tokens) out.push({ kind: 'apiToken', userId: u.id, ...r });
        for (const records of held) out.push(...records);
      }
      return out;
    },
    async erase(tx, s, erasedAt) {
      let n = 0;
      for (const u of await usersOf(tx, s)) {
        await repo.updateUser(tx, u.id, {
          name: ERASED_NAME,
          email: erasedEmail(u.id),
          passwordHash: '!erased',
          disabled: 1,
          updatedAt: erasedAt,
        });
        n += 1 + (await repo.deleteUserSessions(tx, u.id)) + (await repo.deleteUserTokens(tx, u.id));
        for (const h of userData) n += await h.erase(tx, u.id);
      }
      return n;
    },
  };
}

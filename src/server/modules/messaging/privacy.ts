/**
 * Personal data in messaging: the messages a user wrote and the earlier versions they replaced,
 * exported with the vendor user account (see accounts/privacy.ts). An erasure renames the author
 * on their messages and in other people's mentions of them; the texts stay in their threads.
 */
import type { UserDataHolder } from '../privacy/registry';
import { ERASED_NAME, parseOr } from '../privacy/rules';
import * as repo from './repository';

export const messagesUserData: UserDataHolder = {
  async export(tx, userId) {
    const [messages, edits] = await Promise.all([
      repo.messagesByAuthor(tx, userId),
      repo.editsByUser(tx, userId),
    ]);
    return [
      ...messages.map((r) => ({ kind: 'message', userId, ...r })),
      ...edits.map((r) => ({ kind: 'messageEdit', userId, ...r })),
    ];
  },
  async erase(tx, userId) {
    let n = await repo.renameAuthor(tx, userId, ERASED_NAME);
    // Mentions of the person in other people's messages carry their name.
    for (const m of await repo.messagesMentioning(tx, userId)) {
      const mentions = parseOr<Array<{ userId: string; name: string }>>(m.mentions, []).map((x) =>
        x.userId === userId ? { ...x, name: ERASED_NAME } : x,
      );
      await repo.updateMessage(tx, m.id, { mentions: JSON.stringify(mentions) });
      n++;
    }
    return n;
  },
};

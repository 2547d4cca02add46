/** The accounts module as the composition root (services.ts) makes it. */
import { allPages } from '../../lib/pages';
import { systemActor } from '../../policy';
import { type AccountDeps, createAccountService } from './service';

export function createAccountsModule(deps: AccountDeps) {
  const service = createAccountService(deps);
  const system = systemActor('accounts');
  return {
    ...service,
    /** The ids of the active owners, then the active administrators (each by email): who is told about the whole organisation. */
    async admins(): Promise<string[]> {
      const ids: string[] = [];
      for (const role of ['owner', 'admin'] as const) {
        const users = await allPages((cursor) => service.listUsers(system, { role, limit: 200, cursor }));
        ids.push(...users.filter((u) => !u.disabled).map((u) => u.id));
      }
      return ids;
    },
  };
}

import type { Command } from 'commander';
import { z } from 'zod';
import { Password } from '../../contracts/accounts';
import { Email } from '../../contracts/common';
import { systemActor } from '../../server/policy';
import { CliError, fieldLines, issuesToFields, withContext } from '../context';
import { obtainPassword } from '../password';

const ResetInput = z.object({ email: Email, password: Password });

/** `outpost user reset-password`: for a user locked out, or the owner who forgot theirs. */
export function registerUserResetPassword(user: Command) {
  user
    .command('reset-password')
    .description('set a new password for a user and end all their sessions')
    .requiredOption('--email <email>', 'the user’s email')
    .option('--password <password>', 'the new password (else OUTPOST_PASSWORD, else standard input)')
    .option('--json', 'print the user as JSON')
    .action(async (opts: { email: string; password?: string; json?: boolean }) => {
      const password = await obtainPassword(opts.password, opts.email);
      const parsed = ResetInput.safeParse({ email: opts.email, password });
      if (!parsed.success) {
        const errors = issuesToFields(parsed.error.issues);
        throw new CliError('The password was not changed.', 1, fieldLines(errors));
      }
      await withContext(async ({ services }) => {
        if (!(await services.accounts.findUserByEmail(parsed.data.email))) {
          throw new CliError(`There is no user with the email ${parsed.data.email}.`);
        }
        const user = await services.accounts.resetPassword(
          systemActor('cli'),
          parsed.data.email,
          parsed.data.password,
        );
        if (opts.json) console.log(JSON.stringify(user));
        else console.log(`The password of ${user.name} <${user.email}> is reset; their sessions have ended.`);
      });
    });
}

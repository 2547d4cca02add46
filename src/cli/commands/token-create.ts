import type { Command } from 'commander';
import { CreateTokenBody } from '../../contracts/accounts';
import { Email } from '../../contracts/common';
import { CliError, fieldLines, issuesToFields, withContext } from '../context';

/** A bare date means the start of that day in UTC; anything else must be an ISO 8601 instant. */
const expiryOf = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);

/** `outpost token create`: an API token that belongs to a user and acts with their role. */
export function registerTokenCreate(token: Command) {
  token
    .command('create')
    .description('create an API token for a user; it is printed once and only its hash is kept')
    .requiredOption('--email <email>', 'the user the token belongs to')
    .requiredOption('--name <name>', 'what the token is for, such as "nightly export"')
    .requiredOption(
      '--scope <scope>',
      'read (GET only: read and export) or write (also change things); neither manages tokens or passwords',
    )
    .option(
      '--expires <iso>',
      'when it stops working: an ISO 8601 date or instant, at most 366 days ahead (default: in 90 days)',
    )
    .option('--json', 'print {id, token, name, scope, expiresAt} as JSON')
    .addHelpText(
      'after',
      '\nThe token alone goes to standard output, so that TOKEN=$(outpost token create …) works.\n' +
        'Send it as "Authorization: Bearer <token>".',
    )
    .action(
      async (opts: { email: string; name: string; scope: string; expires?: string; json?: boolean }) => {
        const email = Email.safeParse(opts.email);
        const body = CreateTokenBody.safeParse({
          name: opts.name,
          scope: opts.scope,
          expiresAt: expiryOf(opts.expires),
        });
        const errors = [
          ...(email.success ? [] : issuesToFields(email.error.issues, { input: 'email' })),
          ...(body.success ? [] : issuesToFields(body.error.issues, { expiresAt: 'expires' })),
        ];
        if (!email.success || !body.success || errors.length) {
          throw new CliError('The token was not created.', 1, fieldLines(errors));
        }
        await withContext(async ({ services }) => {
          const { actorOf, toUserDto } = await import('../../server/modules/accounts/service');
          const user = await services.accounts.findUserByEmail(email.data);
          if (!user) throw new CliError(`There is no user with the email ${email.data}.`);
          if (toUserDto(user).disabled) {
            throw new CliError(`${user.email} is disabled; a token of theirs would not work.`);
          }
          // The token is the user's own, audited as theirs, exactly as if they had made it themselves.
          const created = await services.accounts.createToken(
            actorOf(user, { requestId: null, ip: null }),
            body.data,
          );
          if (opts.json) {
            console.log(JSON.stringify(created));
            return;
          }
          console.error(
            `Created ${created.scope} token ${created.id} "${created.name}" for ${user.email} (${user.role})` +
              `, valid until ${created.expiresAt}. ` +
              'It is shown only this once:',
          );
          console.log(created.token);
        });
      },
    );
}

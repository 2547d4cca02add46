import type { Command } from 'commander';
import { CreateUserBody, ROLES } from '../../contracts/accounts';
import { systemActor } from '../../server/policy';
import { CliError, fieldLines, issuesToFields, withContext } from '../context';
import { obtainPassword } from '../password';

interface Options {
  name: string;
  email: string;
  role: string;
  vendor?: string;
  password?: string;
  json?: boolean;
}

/** `outpost user create`: an account of any role, made by the system (no sign-in needed). */
export function registerUserCreate(user: Command) {
  user
    .command('create')
    .description('create a user account')
    .requiredOption('--name <name>', 'the person’s name')
    .requiredOption('--email <email>', 'their email, which they sign in with')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--vendor <vnd_id>', 'the vendor a vendor user belongs to (required for the vendor role)')
    .option('--password <password>', 'the password (else OUTPOST_PASSWORD, else standard input)')
    .option('--json', 'print the new user as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  echo "a long passphrase" | outpost user create --name "Ana Diaz" --email ana@example.com --role manager',
    )
    .action(async (opts: Options) => {
      const password = await obtainPassword(opts.password, opts.email);
      const parsed = CreateUserBody.safeParse({
        name: opts.name,
        email: opts.email,
        password,
        role: opts.role,
        ...(opts.vendor !== undefined ? { vendorId: opts.vendor } : {}),
      });
      if (!parsed.success) {
        const errors = issuesToFields(parsed.error.issues, { vendorId: 'vendor' });
        throw new CliError('The user is not valid; nothing was created.', 1, fieldLines(errors));
      }
      await withContext(async ({ services }) => {
        const created = await services.accounts.createUserAsSystem(systemActor('cli'), parsed.data);
        if (opts.json) console.log(JSON.stringify(created));
        else
          console.log(
            `Created ${created.role} ${created.name} <${created.email}> (${created.id})` +
              (created.vendorId ? ` for vendor ${created.vendorId}` : '') +
              '.',
          );
      });
    });
}

import type { Command } from 'commander';
import { demoIsLoaded, demoLogins, loadDemo } from '../../server/demo/load';
import { systemClock } from '../../server/lib/clock';
import { CliError, describeDatabase, progress, withContext } from '../context';
import { loginsTable, summary } from '../demo-output';

/** `outpost demo [--force]`: load the demo data set into the configured database. */
export function registerDemo(program: Command) {
  program
    .command('demo')
    .description('load the demo data set (Northwind Retail, 12 vendors, a login for every role)')
    .option('--force', 'add the demo data even though the database already has users (nothing is duplicated)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nThe data is the same on every run. Running it again adds only what is missing: users are\n' +
        'matched by email, vendors by name. All demo logins share one password, printed at the end.',
    )
    .action(async (opts: { force?: boolean; json?: boolean }) => {
      await withContext(async ({ config, database, services }) => {
        if (!opts.force && !(await services.accounts.needsSetup())) {
          if (await demoIsLoaded(services)) {
            const logins = demoLogins();
            if (opts.json) console.log(JSON.stringify({ loaded: false, alreadyLoaded: true, logins }));
            else console.log(`The demo data set is already loaded.\n\n${loginsTable(logins)}`);
            return;
          }
          throw new CliError(
            `The database (${describeDatabase(config)}) already has users, so the demo data set was not loaded.`,
            1,
            ['Use an empty database, or add --force to add the demo data beside what is there.'],
          );
        }
        const bar = progress(!opts.json);
        const result = await loadDemo({ database, config, clock: systemClock }, { onProgress: bar.update });
        bar.stop();
        if (opts.json) {
          console.log(JSON.stringify({ loaded: true, ...result }));
          return;
        }
        console.log(`${summary(result)}\n\n${loginsTable(result.logins)}`);
      });
    });
}

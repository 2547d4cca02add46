import type { Command } from 'commander';
import { type DemoLogin, demoIsLoaded, demoLogins, loadDemo } from '../../server/demo/load';
import { systemClock } from '../../server/lib/clock';
import { CliError, describeDatabase, progress, readConfig, withContext } from '../context';
import { loginsTable, summary } from '../demo-output';

/** `outpost serve [--demo]`: the API, the web app and the scheduler in one process. */
export function registerServe(program: Command) {
  program
    .command('serve')
    .description('serve the web app and the API (what `npm start` runs)')
    .option('--demo', 'first load the demo data set, if the database has no users yet, and print its logins')
    .addHelpText('after', '\nListens on HOST:PORT (default 127.0.0.1:3000). Stop with Ctrl-C.')
    .action(async (opts: { demo?: boolean }) => {
      const config = readConfig();
      let demo: { logins?: DemoLogin[]; message: string } | undefined;
      if (opts.demo) {
        demo = await withContext(
          async ({ database, services }) => {
            if (await services.accounts.needsSetup()) {
              const bar = progress(true);
              const result = await loadDemo(
                { database, config, clock: systemClock },
                { onProgress: bar.update },
              );
              bar.stop();
              return { logins: result.logins, message: summary(result) };
            }
            if (await demoIsLoaded(services)) {
              // Loaded on an earlier start: show the logins again, and leave the data as it is now.
              return { logins: demoLogins(), message: 'The demo data set was loaded on an earlier start.' };
            }
            return {
              message:
                'The demo data set was not loaded because the database is not empty (it has users). ' +
                'Use an empty OUTPOST_DATA_DIR or database, or add it with `outpost demo --force`.',
            };
          },
          { config },
        );
      }
      // Loaded here, not at the top, so that the other commands and --help start without Fastify.
      const { serve } = await import('../../server/main');
      const listening = serve(config, {
        onListening: (url) => {
          console.log(`Outpost is listening on ${url} (database: ${describeDatabase(config)})`);
          if (!demo) return;
          console.log(demo.message);
          if (demo.logins) console.log(`\nDemo logins:\n${loginsTable(demo.logins)}\n`);
        },
      });
      await listening.catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') {
          throw new CliError(
            `${config.host}:${config.port} is already in use; set PORT (or HOST) to another.`,
          );
        }
        throw err;
      });
    });
}

import type { Command } from 'commander';
import { describeDatabase, withContext } from '../context';

/** `outpost migrate`: bring the schema up to date (start-up does the same). */
export function registerMigrate(program: Command) {
  program
    .command('migrate')
    .description('bring the database schema up to date and print the migrations that ran')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withContext(
        async ({ config, database }) => {
          const { migrateToLatest } = await import('../../server/db/migrate');
          const result = await migrateToLatest(database.db);
          const ran = (result.results ?? [])
            .filter((r) => r.status === 'Success')
            .map((r) => r.migrationName);
          if (opts.json) {
            console.log(JSON.stringify({ database: database.dialect, ran }));
            return;
          }
          console.log(`Database: ${describeDatabase(config)}`);
          if (ran.length === 0) console.log('The schema is up to date; no migration had to run.');
          else
            console.log(
              `Ran ${ran.length} migration${ran.length === 1 ? '' : 's'}:\n${ran.map((n) => `  ${n}`).join('\n')}`,
            );
        },
        { migrate: false },
      );
    });
}

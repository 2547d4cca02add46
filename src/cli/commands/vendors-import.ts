import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../server/errors';
import { systemActor } from '../../server/policy';
import { CliError, fieldLines, withContext } from '../context';

async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT' ? `There is no file ${file}.` : `Cannot read ${file}: ${(err as Error).message}`,
    );
  }
}

/** `outpost vendors import FILE`: the same CSV and the same all-or-nothing rule as the API. */
export function registerVendorsImport(vendors: Command) {
  vendors
    .command('import')
    .description('import vendors from a CSV file: every row is checked first, then all are written or none')
    .argument('<file>', 'the CSV file, or - for standard input')
    .option('--json', 'print {created, updated} as JSON')
    .addHelpText(
      'after',
      '\nColumns (first line): id, name, legal_name, country, timezone, languages, services, website,\n' +
        'status, criticality, owner_email, notes; only name and country are required. Lists are\n' +
        '";"-separated. A row with an id updates that vendor. An export can be edited and imported back.',
    )
    .action(async (file: string, opts: { json?: boolean }) => {
      const text = await readInput(file);
      await withContext(async ({ services }) => {
        try {
          const result = await services.vendors.importCsv(systemActor('cli'), text);
          if (opts.json) console.log(JSON.stringify(result));
          else
            console.log(
              `Imported ${file === '-' ? 'standard input' : file}: ${result.created} created, ${result.updated} updated.`,
            );
        } catch (err) {
          if (err instanceof AppError && err.status === 422 && err.errors?.length && !opts.json) {
            const n = err.errors.length;
            throw new CliError(
              `The CSV has ${n} problem${n === 1 ? '' : 's'}; nothing was imported.`,
              1,
              fieldLines(err.errors),
            );
          }
          throw err;
        }
      });
    });
}

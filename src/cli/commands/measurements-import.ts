import { createReadStream, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../../server/errors';
import { systemActor } from '../../server/policy';
import { CliError, fieldLines, withContext } from '../context';

/** Counts the bytes that pass, so the bar can say how far through the file the import is. */
function byteCounter(onBytes: (n: number) => void) {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
}

/** `outpost measurements import FILE.csv`: the API's import, in-process, with a progress bar. */
export function registerMeasurementsImport(measurements: Command) {
  measurements
    .command('import')
    .description(
      'import KPI measurements from a CSV file: every row is checked, then all are written or none',
    )
    .argument('<file>', 'the CSV file')
    .option('--json', 'print {inserted} as JSON')
    .addHelpText(
      'after',
      '\nColumns (first line): engagement, kpi, at, value, numerator, denominator, source, external_id.\n' +
        'kpi is the KPI id or its exact name in the engagement’s approved SOW; at is an ISO 8601\n' +
        'instant with an offset; ratio KPIs take numerator and denominator, the others a value;\n' +
        'source is client (default) or vendor. See docs/quality.md.',
    )
    .action(async (file: string, opts: { json?: boolean }) => {
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new CliError(`There is no file ${file}.`);
      }
      const show = !opts.json && process.stderr.isTTY === true;
      const bar = show
        ? new SingleBar({
            format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 50,
          })
        : null;
      const started = Date.now();
      let bytes = 0;
      bar?.start(Math.max(size, 1), 0, { rows: 0, rate: 0 });
      await withContext(async ({ services }) => {
        const input = createReadStream(file).pipe(
          byteCounter((n) => {
            bytes = n;
          }),
        );
        try {
          const result = await services.quality.importer.importCsv(systemActor('cli'), input, (rows) => {
            const seconds = Math.max((Date.now() - started) / 1000, 0.001);
            bar?.update(bytes, { rows, rate: Math.round(rows / seconds) });
          });
          bar?.stop();
          const seconds = (Date.now() - started) / 1000;
          if (opts.json) console.log(JSON.stringify(result));
          else
            console.log(
              `Imported ${file}: ${result.inserted} measurements in ${seconds.toFixed(1)} s ` +
                `(${Math.round(result.inserted / Math.max(seconds, 0.001))} rows/s).`,
            );
        } catch (err) {
          bar?.stop();
          if (err instanceof AppError && err.status === 422 && err.errors?.length && !opts.json)
            throw new CliError(err.message, 1, fieldLines(err.errors));
          throw err;
        }
      });
    });
}

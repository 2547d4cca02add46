import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { systemActor } from '../../server/policy';
import { CliError, withContext } from '../context';

async function writeAll(chunks: AsyncIterable<string>, out: Writable): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  return bytes;
}

/** `outpost vendors export`: every vendor as CSV, in the columns import reads back. */
export function registerVendorsExport(vendors: Command) {
  vendors
    .command('export')
    .description('export every vendor as CSV (to standard output unless --output is given)')
    .option('-o, --output <file>', 'write to this file instead (replaced only once the export is complete)')
    .action(async (opts: { output?: string }) => {
      await withContext(async ({ services }) => {
        const chunks = services.vendors.exportCsv(systemActor('cli'));
        if (!opts.output) {
          await writeAll(chunks, process.stdout);
          return;
        }
        // Write beside the target and rename, so a failed export never leaves half a file behind.
        const partial = `${opts.output}.partial-${process.pid}`;
        const out = createWriteStream(partial, { flags: 'wx' });
        try {
          await once(out, 'open');
          const bytes = await writeAll(chunks, out);
          out.end();
          await once(out, 'finish');
          await rename(partial, opts.output);
          console.error(`Exported vendors to ${opts.output} (${bytes} bytes).`);
        } catch (err) {
          out.destroy();
          await rm(partial, { force: true });
          const code = (err as NodeJS.ErrnoException).code;
          if (code) throw new CliError(`Cannot write ${opts.output}: ${(err as Error).message}`);
          throw err;
        }
      });
    });
}

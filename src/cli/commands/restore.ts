import path from 'node:path';
import type { Command } from 'commander';
import { CliError, describeDatabase, progress, withContext } from '../context';

/**
 * `outpost restore FILE`: restore a backup into an empty database of either engine (so it also
 * moves an installation from SQLite to PostgreSQL), after checking every checksum.
 */
export function registerRestore(program: Command) {
  program
    .command('restore')
    .description('restore a backup written by `outpost backup` into an EMPTY database and data directory')
    .argument('<file>', 'the archive to read')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nThe target is DATABASE_URL (PostgreSQL) or OUTPOST_DATA_DIR (SQLite), as for `outpost serve`;\n' +
        'it must have no users, vendors or audit events. Stop the application before restoring.\n' +
        'Every checksum is checked before anything is written; the rows go in one transaction.',
    )
    .action(async (file: string, opts: { json?: boolean }) => {
      const source = path.resolve(file);
      const { existsSync } = await import('node:fs');
      if (!existsSync(source)) throw new CliError(`${source} does not exist.`, 2);
      await withContext(
        async ({ config, database, services }) => {
          const { restoreBackup, BackupError } = await import('../../server/db/backup');
          const bar = progress(!opts.json);
          try {
            const result = await restoreBackup({
              database,
              dataDir: config.dataDir,
              source,
              onProgress: (step, done, total) => bar.update(done, total, step),
            });
            bar.stop();
            // The checkpoints the archive's database records become this data directory's file. The
            // restore itself has succeeded by now: a file that cannot be written is a warning.
            const file = services.audit.checkpoints.file;
            const checkpoints = await services.audit.checkpoints.rebuildFile().catch((err: unknown) => {
              console.error(
                `Warning: the audit checkpoints could not be written to ${file}: ${err instanceof Error ? err.message : String(err)}; ` +
                  'run `outpost audit checkpoint --rebuild-file` once it can be, or audit verify will report "no checkpoint".',
              );
              return null;
            });
            const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
            if (opts.json) {
              console.log(
                JSON.stringify({
                  database: database.dialect,
                  from: result.manifest.source.dialect,
                  createdAt: result.manifest.createdAt,
                  rows,
                  tables: Object.keys(result.rows).length,
                  files: result.files,
                  keysWritten: result.keysWritten,
                  keysSetAside: result.keysSetAside,
                  auditCheckpoints: checkpoints,
                }),
              );
              return;
            }
            console.log(
              `Restored ${source} (taken ${result.manifest.createdAt} on ${result.manifest.source.dialect}) into ${describeDatabase(config)}`,
            );
            console.log(`  ${Object.keys(result.rows).length} tables, ${rows} rows, ${result.files} files`);
            if (result.keysWritten.length) console.log(`  keys written: ${result.keysWritten.join(', ')}`);
            if (result.keysSetAside.length)
              console.log(
                `  the data directory's own keys were set aside as ${result.keysSetAside.join(', ')}`,
              );
            if (checkpoints) for (const line of checkpointLines(checkpoints, file)) console.log(line);
            if (!result.manifest.keys.length)
              console.log(
                '  The archive has no keys: the files need the same OUTPOST_SECRET / file keys as the source.',
              );
          } catch (err) {
            bar.stop();
            if (err instanceof BackupError) throw new CliError(err.message);
            throw err;
          }
        },
        { migrate: false },
      );
    });
}

/** What a restore did to the audit checkpoint file, and how `verify` will judge the restored chain. */
function checkpointLines(
  c: {
    count: number;
    furthest: { seq: number } | null;
    unverified: number;
    setAside: string | null;
    setAsideFurthest: { seq: number } | null;
  },
  file: string,
): string[] {
  const lines = [
    c.count
      ? `  audit checkpoints: ${c.count} written to ${file} (the furthest vouches for event ${c.furthest?.seq})`
      : '  audit checkpoints: the archive records none (a backup of an older version); verify checks the chain alone until the next checkpoint',
  ];
  if (c.setAside)
    lines.push(
      `  the data directory's checkpoint file was set aside as ${c.setAside}` +
        (c.setAsideFurthest && c.furthest && c.setAsideFurthest.seq > c.furthest.seq
          ? ` (it vouched for events up to ${c.setAsideFurthest.seq}: those after the backup are not in this restore)`
          : ''),
    );
  if (c.unverified)
    lines.push(
      `  Warning: ${c.unverified} checkpoint(s) do not verify with this installation's secret: audit verify will report them until OUTPOST_SECRET / secret.key is the source's`,
    );
  return lines;
}

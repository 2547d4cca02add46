import path from 'node:path';
import type { Command } from 'commander';
import { CliError, describeDatabase, progress, withContext } from '../context';

interface BackupOptions {
  includeKeys?: boolean;
  force?: boolean;
  json?: boolean;
}

/**
 * `outpost backup FILE`: a consistent archive of the database (SQLite through its online backup
 * API, PostgreSQL in one read-only snapshot) and the encrypted files, with a manifest of checksums.
 * The application may keep running meanwhile. A signed checkpoint of the audit chain is written
 * first (docs/security.md), so the archive's chain is vouched for outside the database.
 */
export function registerBackup(program: Command) {
  program
    .command('backup')
    .description('write a consistent backup of the database and the encrypted files to FILE (.tar.gz)')
    .argument('<file>', 'the archive to write, e.g. outpost-2026-11-30.tar.gz')
    .option(
      '--include-keys',
      'also put the file keys and secret.key into the archive (keep it as safe as the keys)',
    )
    .option('--force', 'overwrite FILE if it exists')
    .option('--json', 'print the manifest summary as JSON')
    .addHelpText(
      'after',
      '\nThe archive holds the files encrypted, as they are on disk. Without --include-keys, keep\n' +
        'OUTPOST_SECRET, OUTPOST_FILE_KEYS or <data dir>/file-keys.json safe separately: a restore\n' +
        'needs the same keys to read the files. Restore with `outpost restore FILE`.',
    )
    .action(async (file: string, opts: BackupOptions) => {
      const target = path.resolve(file);
      const { existsSync } = await import('node:fs');
      if (existsSync(target) && !opts.force)
        throw new CliError(`${target} exists; choose another name or pass --force to overwrite it.`, 2);
      if (!existsSync(path.dirname(target)))
        throw new CliError(`The folder ${path.dirname(target)} does not exist.`, 2);
      await withContext(
        async ({ config, database, services }) => {
          const { createBackup, BackupError } = await import('../../server/db/backup');
          const bar = progress(!opts.json);
          let checkpointProblem: string | null = null;
          try {
            const manifest = await createBackup({
              database,
              dataDir: config.dataDir,
              target,
              includeKeys: opts.includeKeys,
              // A backup matters more than its checkpoint: one that cannot be written is warned about, not fatal.
              checkpoint: () =>
                services.audit.checkpoints.write('backup').catch((err: unknown) => {
                  checkpointProblem = err instanceof Error ? err.message : String(err);
                  return null;
                }),
              onProgress: (step, done, total) => bar.update(done, total, step),
            });
            bar.stop();
            const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
            const summary = {
              file: target,
              database: database.dialect,
              tables: manifest.tables.length,
              rows,
              files: manifest.files.length,
              keys: manifest.keys.map((k) => k.name),
              migrations: manifest.migrations.length,
              missingFiles: manifest.missingFiles,
              auditCheckpoint: manifest.auditCheckpoint ?? null,
            };
            if (checkpointProblem)
              console.error(
                `Warning: no audit checkpoint was written to ${services.audit.checkpoints.file}: ${checkpointProblem}`,
              );
            if (opts.json) {
              console.log(JSON.stringify(summary));
              return;
            }
            console.log(`Backed up ${describeDatabase(config)} to ${target}`);
            console.log(
              `  ${summary.tables} tables, ${rows} rows, ${summary.files} files, schema at ${manifest.migrations.at(-1)}`,
            );
            if (manifest.auditCheckpoint)
              console.log(
                `  audit checkpoint of event ${manifest.auditCheckpoint.seq} written to ${services.audit.checkpoints.file}`,
              );
            if (summary.keys.length)
              console.log(`  with the keys: ${summary.keys.join(', ')} — keep this archive safe`);
            else console.log('  without the file keys: keep OUTPOST_SECRET / file-keys.json safe separately');
            if (manifest.missingFiles.length)
              console.error(
                `Warning: ${manifest.missingFiles.length} file(s) named in the database were already missing from ${path.join(config.dataDir, 'files')}: ${manifest.missingFiles.join(', ')}`,
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

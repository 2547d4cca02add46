import type { Command } from 'commander';
import { withContext } from '../context';

interface CheckpointOptions {
  json?: boolean;
  rebuildFile?: boolean;
}

/**
 * `outpost audit checkpoint`: sign the audit chain's head now and append it to the checkpoint
 * file (as the scheduled job and every backup do), then print it. `--rebuild-file` instead writes
 * the checkpoints the database records into the file, after the database was restored by other
 * means than `outpost restore` (a point-in-time recovery).
 */
export function registerAuditCheckpoint(audit: Command) {
  audit
    .command('checkpoint')
    .description(
      "write a signed checkpoint of the audit chain's head to the checkpoint file now, and print it",
    )
    .option('--json', 'print the checkpoint as JSON')
    .option(
      '--rebuild-file',
      'instead, replace the checkpoint file by the checkpoints the database records (after restoring the database by other means); the old file is set aside',
    )
    .addHelpText(
      'after',
      '\nThe file is OUTPOST_AUDIT_CHECKPOINT_FILE (default <data dir>/audit-checkpoints.jsonl); each line is\n' +
        'HMAC-signed with a key derived from OUTPOST_SECRET / secret.key. `outpost audit verify` and\n' +
        'GET /api/v1/audit-events/verify report a chain that ends before a checkpoint or differs from one.',
    )
    .action(async (opts: CheckpointOptions) => {
      await withContext(async ({ services }) => {
        const { checkpoints } = services.audit;
        if (opts.rebuildFile) {
          const rebuilt = await checkpoints.rebuildFile();
          if (opts.json) {
            console.log(JSON.stringify({ file: checkpoints.file, ...rebuilt }));
            return;
          }
          console.log(
            `Wrote the ${rebuilt.count} checkpoint(s) the database records to ${checkpoints.file}` +
              (rebuilt.furthest ? ` (the furthest vouches for event ${rebuilt.furthest.seq})` : ''),
          );
          if (rebuilt.setAside) console.log(`  the previous file was set aside as ${rebuilt.setAside}`);
          if (rebuilt.unverified)
            console.error(
              `Warning: ${rebuilt.unverified} checkpoint(s) do not verify with this installation's secret.`,
            );
          return;
        }
        const c = await checkpoints.write('command');
        if (opts.json) {
          console.log(JSON.stringify({ file: checkpoints.file, ...c }));
          return;
        }
        console.log(`Checkpoint of audit event ${c.seq} written to ${checkpoints.file}`);
        console.log(`  hash ${c.hash}`);
        console.log(`  at   ${c.at}`);
        console.log(`  mac  ${c.mac}`);
      });
    });
}

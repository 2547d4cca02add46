import type { Command } from 'commander';
import { systemActor } from '../../server/policy';
import { CliError, withContext } from '../context';

/**
 * `outpost audit verify`: what GET /api/v1/audit-events/verify answers — the hash chain recomputed
 * and compared with the signed checkpoints outside the database. Exit code 1 when it does not verify.
 */
export function registerAuditVerify(audit: Command) {
  audit
    .command('verify')
    .description(
      'recompute the audit hash chain and compare it with the signed checkpoints (exit 1 if tampered)',
    )
    .option('--json', 'print the result as JSON (also when it does not verify)')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async ({ services }) => {
        const result = await services.audit.verify(systemActor('outpost audit verify'));
        const far = result.checkpoints.furthest;
        if (opts.json) console.log(JSON.stringify(result));
        else if (result.ok)
          console.log(
            `The audit trail verifies: ${result.checked} events, ${result.checkpoints.checked} checkpoint(s)` +
              (far ? `, the furthest of event ${far.seq} at ${far.at}` : ' (none written yet)'),
          );
        if (!result.ok)
          throw new CliError(
            `The audit trail does not verify: ${result.reason}`,
            1,
            result.firstBrokenId ? [`first broken event: ${result.firstBrokenId}`] : [],
          );
      });
    });
}

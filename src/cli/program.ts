/** The `outpost` command: one file per command under commands/, wired here. */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../server/version';
import { registerAuditCheckpoint } from './commands/audit-checkpoint';
import { registerAuditVerify } from './commands/audit-verify';
import { registerBackup } from './commands/backup';
import { registerDemo } from './commands/demo';
import { registerMeasurementsImport } from './commands/measurements-import';
import { registerMigrate } from './commands/migrate';
import { registerRestore } from './commands/restore';
import { registerSecret } from './commands/secret';
import { registerServe } from './commands/serve';
import { registerTokenCreate } from './commands/token-create';
import { registerUserCreate } from './commands/user-create';
import { registerUserResetPassword } from './commands/user-reset-password';
import { registerVendorsExport } from './commands/vendors-export';
import { registerVendorsImport } from './commands/vendors-import';
import { report } from './context';

function buildProgram(): Command {
  const program = new Command('outpost')
    .description('Outpost: run the whole life of outsourcing a business function.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(run the command with --help to see its usage)')
    // Throw instead of exiting, so that usage errors can answer exit code 2.
    .exitOverride();
  program.addHelpText(
    'after',
    '\nExit codes: 0 ok, 1 failure, 2 bad usage. The database comes from DATABASE_URL or OUTPOST_DATA_DIR.',
  );

  registerServe(program);
  registerMigrate(program);
  registerBackup(program);
  registerRestore(program);
  registerSecret(program);
  const audit = program.command('audit').description('the audit trail: signed checkpoints and verification');
  registerAuditCheckpoint(audit);
  registerAuditVerify(audit);
  const user = program.command('user').description('manage user accounts');
  registerUserCreate(user);
  registerUserResetPassword(user);
  const token = program.command('token').description('manage API tokens');
  registerTokenCreate(token);
  registerDemo(program);
  const vendors = program.command('vendors').description('import and export the vendor directory');
  registerVendorsImport(vendors);
  registerVendorsExport(vendors);
  const measurements = program.command('measurements').description('KPI measurements for the SLA engine');
  registerMeasurementsImport(measurements);
  return program;
}

/** Run the command line and answer the exit code; a long-running `serve` answers once listening. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version answer 0; anything else commander complains about is bad usage.
      return err.exitCode === 0 ? 0 : 2;
    }
    return report(err, argv.includes('--json'));
  }
}

import type { Command } from 'commander';
import { CliError, withContext } from '../context';

interface RotateOptions {
  batchSize: string;
  newKey: boolean;
  retire?: boolean;
  json?: boolean;
}

const batchSizeOf = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new CliError('--batch-size must be a whole number from 1 to 10000.', 2);
  return n;
};

/**
 * `outpost secret`: the keys that encrypt files at rest. `rotate` adds a new key (new uploads use
 * it at once, in every running process), re-encrypts every file under it in batches while the
 * application keeps serving, and with --retire drops the keys no file uses any more.
 */
export function registerSecret(program: Command) {
  const secret = program.command('secret').description('the keys that encrypt uploaded files at rest');

  secret
    .command('status')
    .description('print where the file keys come from, the active key and how many files each key encrypts')
    .option('--json', 'print the status as JSON')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async ({ config, services }) => {
        const { createKeyring } = await import('../../server/modules/files/keys');
        const keyring = createKeyring({
          dataDir: config.dataDir,
          secret: config.secret,
          envKeys: config.fileKeys,
        });
        const usage = await services.files.rotation.usage();
        const status = {
          source: keyring.source(),
          active: keyring.activeId(),
          keys: keyring.ids(),
          files: usage,
        };
        if (opts.json) {
          console.log(JSON.stringify(status));
          return;
        }
        console.log(`Keys from: ${status.source}; active key: ${status.active}`);
        for (const id of new Set([...status.keys, ...Object.keys(usage)])) {
          const known = status.keys.includes(id) ? '' : ' (UNKNOWN OR RETIRED: these files cannot be read)';
          console.log(`  ${id}: ${usage[id] ?? 0} file(s)${known}`);
        }
      });
    });

  secret
    .command('rotate')
    .description('re-encrypt every uploaded file under a new key, without stopping the application')
    .option('--batch-size <n>', 'files re-encrypted per batch', '100')
    .option('--no-new-key', 'do not add a key: finish an interrupted rotation to the active key')
    .option('--retire', 'afterwards retire every key that no file uses any more')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nKeys live in <data dir>/file-keys.json (mode 0600), or in OUTPOST_FILE_KEYS when that is set:\n' +
        'then put the new key first in OUTPOST_FILE_KEYS, restart, and run `outpost secret rotate --no-new-key`.\n' +
        'Running processes pick up a changed key file by themselves. Back up the key file with the data.',
    )
    .action(async (opts: RotateOptions) => {
      const batchSize = batchSizeOf(opts.batchSize);
      await withContext(async ({ config, services }) => {
        const keys = await import('../../server/modules/files/keys');
        const { systemActor } = await import('../../server/policy');
        const keyring = keys.createKeyring({
          dataDir: config.dataDir,
          secret: config.secret,
          envKeys: config.fileKeys,
        });
        const log = (line: string) => {
          if (!opts.json) console.error(line);
        };
        let added: string | null = null;
        if (opts.newKey) {
          if (keyring.source() === 'environment')
            throw new CliError(
              'The file keys come from OUTPOST_FILE_KEYS: put a new key first there, restart, and run ' +
                '`outpost secret rotate --no-new-key`.',
              2,
            );
          const { randomBytes } = await import('node:crypto');
          const current = keys.readKeyFile(config.dataDir) ?? {
            active: keys.LEGACY_KEY_ID,
            keys: {},
            retired: [],
          };
          added = keys.newKeyId(new Date());
          keys.writeKeyFile(config.dataDir, {
            ...current,
            active: added,
            keys: { ...current.keys, [added]: randomBytes(32).toString('base64') },
          });
          log(`Added the key ${added}; new uploads use it from now on.`);
        }
        const rotation = services.files.rotation;
        const active = rotation.activeKeyId();
        const actor = systemActor('outpost secret rotate');
        const before = await rotation.usage();
        const total = Object.entries(before).reduce((n, [id, c]) => (id === active ? n : n + c), 0);
        const { SingleBar, Presets } = await import('cli-progress');
        const bar = !opts.json && process.stderr.isTTY ? new SingleBar({}, Presets.shades_classic) : null;
        bar?.start(total, 0);

        let rotated = 0;
        const failures = new Map<string, string>();
        // Walk twice at most: the second pass catches uploads that began under the old key.
        for (let pass = 0; pass < 2; pass++) {
          let cursor: string | null = null;
          do {
            const batch = await rotation.rotateBatch(actor, batchSize, cursor);
            rotated += batch.rotated;
            for (const f of batch.failed) failures.set(f.id, f.error);
            cursor = batch.cursor;
            bar?.update(rotated);
          } while (cursor);
        }
        bar?.stop();
        const failed = [...failures].map(([id, error]) => ({ id, error }));

        const usage = await rotation.usage();
        const retired: string[] = [];
        if (opts.retire) {
          if (failed.length)
            throw new CliError(
              'Some files could not be re-encrypted; no key was retired.',
              1,
              failed.map((f) => `${f.id}: ${f.error}`),
            );
          const unused = keyring.ids().filter((id) => id !== active && !usage[id]);
          if (keyring.source() === 'environment') {
            if (unused.length)
              log(`No file uses ${unused.join(', ')} any more: remove them from OUTPOST_FILE_KEYS.`);
          } else {
            const current = keys.readKeyFile(config.dataDir)!;
            const keep = Object.fromEntries(
              Object.entries(current.keys).filter(([id]) => !unused.includes(id)),
            );
            keys.writeKeyFile(config.dataDir, {
              active: current.active,
              keys: keep,
              retired: [...new Set([...current.retired, ...unused])],
            });
            retired.push(...unused);
          }
        }
        const result = { active, added, rotated, failed, retired, files: usage };
        if (opts.json) console.log(JSON.stringify(result));
        else {
          console.log(`Re-encrypted ${rotated} file(s) under ${active}.`);
          if (retired.length) console.log(`Retired ${retired.join(', ')}.`);
          for (const f of failed) console.log(`  could not re-encrypt ${f.id}: ${f.error}`);
        }
        if (failed.length)
          throw new CliError(`${failed.length} file(s) could not be re-encrypted and keep their old key.`, 1);
      });
    });
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir, withServices } from '../cli/run-cli';

describe('outpost backup and outpost restore (SQLite, as child processes)', () => {
  const source = tempDataDir('outpost-backup-src-');
  const target = tempDataDir('outpost-backup-dst-');
  const work = tempDataDir('outpost-backup-out-');
  afterAll(() => {
    source.remove();
    target.remove();
    work.remove();
  });
  const archive = path.join(work.dir, 'outpost.tar.gz');

  it('backs up, refuses to overwrite, restores into an empty data directory, and refuses a non-empty one', async () => {
    expect((await runCli(['demo'], { dataDir: source.dir })).code).toBe(0);

    const backup = await runCli(['backup', archive], { dataDir: source.dir });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/Backed up sqlite at .+ to .+outpost\.tar\.gz/);
    expect(backup.stdout).toMatch(/\d+ tables, \d+ rows, 0 files, schema at \d{4}-\d\d-\d\dT\d{4}-/);
    expect(existsSync(archive)).toBe(true);

    const again = await runCli(['backup', archive], { dataDir: source.dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists; choose another name or pass --force');

    // The instance secret comes along with --include-keys (the demo data directory made one).
    const withKeys = path.join(work.dir, 'with-keys.tar.gz');
    const keyed = await runCli(['backup', withKeys, '--include-keys', '--json'], { dataDir: source.dir });
    expect(keyed.code).toBe(0);
    expect(JSON.parse(keyed.stdout)).toMatchObject({
      database: 'sqlite',
      keys: ['keys/secret.key'],
      files: 0,
    });

    const restore = await runCli(['restore', withKeys, '--json'], { dataDir: target.dir });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const restored = JSON.parse(restore.stdout);
    expect(restored).toMatchObject({ database: 'sqlite', from: 'sqlite', keysWritten: ['secret.key'] });
    // The empty target had made a secret of its own at start-up: set aside, the archive's in its place.
    expect(restored.keysSetAside).toEqual([expect.stringMatching(/^secret\.key\.before-restore-\d+$/)]);
    expect(readFileSync(path.join(target.dir, 'secret.key'), 'utf8')).toBe(
      readFileSync(path.join(source.dir, 'secret.key'), 'utf8'),
    );
    const users = await withServices(target.dir, (s) =>
      s.accounts.findUserByEmail('owner@demo.outpost.local'),
    );
    expect(users?.role).toBe('owner');

    const refused = await runCli(['restore', archive], { dataDir: target.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^Error: The target database is not empty \(it has \d+ users, 12 vendors, \d+ audit events\); nothing was restored/,
    );

    const missing = await runCli(['restore', path.join(work.dir, 'nope.tar.gz')], { dataDir: target.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    // The demo's eighteen months of history take a while to load in a child process.
  }, 180_000);
});

/**
 * `outpost audit checkpoint` and `outpost audit verify` as child processes, the checkpoint written
 * by `outpost backup` and carried by `outpost restore`, and several processes writing checkpoints
 * into one file at once (SQLite, and PostgreSQL when configured).
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { pgUrl } from '../helpers/databases';
import { createPgDatabase } from '../ops/server-process';
import { runCli, tempDataDir } from './run-cli';

interface Line {
  v: number;
  seq: number;
  hash: string;
  at: string;
  reason: string;
  mac: string;
}

const macWith = (secret: string, c: Line) =>
  createHmac('sha256', Buffer.from(hkdfSync('sha256', secret, 'outpost', 'audit-checkpoints', 32)))
    .update(`outpost-audit-checkpoint/v1\n${c.seq}\n${c.hash}\n${c.at}\n${c.reason}`)
    .digest('hex');

const linesOf = (file: string): Line[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

const PASSWORD = 'Quiet-Harbour-Lantern-47';
/** Each test starts several `outpost` processes one after another (seconds each on a busy machine). */
const SLOW = 240_000;

describe('outpost audit checkpoint / verify (SQLite, as child processes)', () => {
  const source = tempDataDir('outpost-audit-src-');
  const target = tempDataDir('outpost-audit-dst-');
  const work = tempDataDir('outpost-audit-out-');
  afterAll(() => {
    source.remove();
    target.remove();
    work.remove();
  });
  const file = path.join(source.dir, 'audit-checkpoints.jsonl');
  const cli = (args: string[], dir = source.dir) =>
    runCli(args, { dataDir: dir, env: { OUTPOST_PASSWORD: PASSWORD } });

  it(
    'writes a signed checkpoint and prints it; verify says ok',
    async () => {
      for (const [name, email] of [
        ['Ana Diaz', 'ana@example.com'],
        ['Ben Ode', 'ben@example.com'],
      ]) {
        const made = await cli(['user', 'create', '--name', name!, '--email', email!, '--role', 'manager']);
        expect(made.code, made.stderr).toBe(0);
      }
      const json = await cli(['audit', 'checkpoint', '--json']);
      expect(json.code, json.stderr).toBe(0);
      const printed = JSON.parse(json.stdout);
      const secret = readFileSync(path.join(source.dir, 'secret.key'), 'utf8').trim();
      expect(printed).toMatchObject({ file, seq: 2, reason: 'command' });
      expect(printed.mac).toBe(macWith(secret, printed));
      expect(linesOf(file)).toEqual([
        { v: 1, seq: 2, hash: printed.hash, at: printed.at, reason: 'command', mac: printed.mac },
      ]);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const text = await cli(['audit', 'checkpoint']);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain(`Checkpoint of audit event 2 written to ${file}`);

      const verified = await cli(['audit', 'verify']);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(
        /^The audit trail verifies: 2 events, 2 checkpoint\(s\), the furthest of event 2 at /,
      );
    },
    SLOW,
  );

  it(
    'writes a checkpoint at each backup, and restore carries the checkpoints to the new data directory',
    async () => {
      const archive = path.join(work.dir, 'outpost.tar.gz');
      const backup = await cli(['backup', archive]);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain(`audit checkpoint of event 2 written to ${file}`);
      expect(linesOf(file).at(-1)).toMatchObject({ seq: 2, reason: 'backup' });

      // A checkpoint file that cannot be written does not stop the backup: it is warned about.
      const unanchored = await runCli(['backup', path.join(work.dir, 'unanchored.tar.gz'), '--json'], {
        dataDir: source.dir,
        env: { OUTPOST_AUDIT_CHECKPOINT_FILE: '/dev/null/audit-checkpoints.jsonl' },
      });
      expect(unanchored.code, unanchored.stderr).toBe(0);
      expect(unanchored.stderr).toMatch(
        /^Warning: no audit checkpoint was written to \/dev\/null\/audit-checkpoints\.jsonl: /,
      );
      expect(JSON.parse(unanchored.stdout)).toMatchObject({ auditCheckpoint: null });

      // Restored without the keys: the target's own secret cannot verify the source's checkpoints, and restore says so.
      const restored = await cli(['restore', archive], target.dir);
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toContain(
        `audit checkpoints: 3 written to ${path.join(target.dir, 'audit-checkpoints.jsonl')} (the furthest vouches for event 2)`,
      );
      expect(restored.stdout).toContain(
        "Warning: 3 checkpoint(s) do not verify with this installation's secret",
      );
      const mismatch = await cli(['audit', 'verify'], target.dir);
      expect(mismatch.code).toBe(1);
      expect(mismatch.stderr).toContain('line 1 of the checkpoint file has a signature that does not verify');
      // With the source's secret (as a backup with --include-keys would bring), the restored chain verifies.
      const same = await runCli(['audit', 'verify'], {
        dataDir: target.dir,
        env: { OUTPOST_SECRET: readFileSync(path.join(source.dir, 'secret.key'), 'utf8').trim() },
      });
      expect(same.code, same.stderr).toBe(0);
    },
    SLOW,
  );

  it(
    'exits 1 naming the cut when the newest events are deleted and the head rewound',
    async () => {
      const db = new SQLite(path.join(source.dir, 'outpost.sqlite'));
      const first = db.prepare('select hash from audit_events where seq = 1').get() as { hash: string };
      db.prepare('delete from audit_events where seq = 2').run();
      db.prepare('update audit_head set last_seq = 1, last_hash = ?').run(first.hash);
      db.close();
      const cut = await cli(['audit', 'verify']);
      expect(cut.code).toBe(1);
      expect(cut.stderr).toMatch(
        /^Error: The audit trail does not verify: the chain ends at event 1, but the checkpoint of \S+ signed event 2: the newest 1 event\(s\) were deleted and the head rewound/,
      );
      const json = await cli(['audit', 'verify', '--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, checkpoints: { furthest: { seq: 2 } } });
    },
    SLOW,
  );

  it(
    'keeps the file whole when several processes write checkpoints at once',
    async () => {
      const before = linesOf(file).length;
      const runs = await Promise.all(Array.from({ length: 4 }, () => cli(['audit', 'checkpoint', '--json'])));
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const after = linesOf(file);
      expect(after).toHaveLength(before + 4);
      const secret = readFileSync(path.join(source.dir, 'secret.key'), 'utf8').trim();
      for (const line of after) expect(line.mac).toBe(macWith(secret, line));
      expect(new Set(runs.map((r) => JSON.parse(r.stdout).mac))).toEqual(
        new Set(after.slice(before).map((l) => l.mac)),
      );
    },
    SLOW,
  );
});

describe.skipIf(!pgUrl)('outpost audit checkpoint from several processes on one PostgreSQL', () => {
  const data = tempDataDir('outpost-audit-pg-');
  let database: { url: string; drop(): Promise<void> };
  afterAll(async () => {
    await database?.drop();
    data.remove();
  });

  it(
    'appends one whole, signed line per process, and verify says ok',
    async () => {
      database = await createPgDatabase(pgUrl!);
      const env = {
        DATABASE_URL: database.url,
        OUTPOST_SECRET: 'pg-audit-secret-pg-audit-secret-0123456789',
        OUTPOST_PASSWORD: PASSWORD,
      };
      const made = await runCli(
        ['user', 'create', '--name', 'Ana Diaz', '--email', 'ana@example.com', '--role', 'manager'],
        {
          dataDir: data.dir,
          env,
        },
      );
      expect(made.code, made.stderr).toBe(0);
      const runs = await Promise.all(
        Array.from({ length: 4 }, () =>
          runCli(['audit', 'checkpoint', '--json'], { dataDir: data.dir, env }),
        ),
      );
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const lines = linesOf(path.join(data.dir, 'audit-checkpoints.jsonl'));
      expect(lines).toHaveLength(4);
      for (const line of lines) expect(line.mac).toBe(macWith(env.OUTPOST_SECRET, line));
      const verified = await runCli(['audit', 'verify', '--json'], { dataDir: data.dir, env });
      expect(verified.code, verified.stderr).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({
        ok: true,
        checkpoints: { checked: 4, recorded: 4 },
      });
    },
    SLOW,
  );
});

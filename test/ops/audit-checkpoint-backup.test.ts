/**
 * Audit checkpoints and backups: every backup writes a signed checkpoint before its snapshot, the
 * archive carries the checkpoints the database records, and a restore writes them into the new
 * data directory's checkpoint file (setting aside a file that vouched for events the backup lacks),
 * so the restored chain verifies against them.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, type Manifest, openBackup, restoreBackup } from '../../src/server/db/backup';
import type { Dialect } from '../../src/server/db/database';
import { systemActor } from '../../src/server/policy';
import { createTestApp, type TestApp } from '../helpers/app';
import { pgUrl } from '../helpers/databases';

const SECRET = 'test-secret-test-secret-test-secret-1234';

const independentMac = (c: { seq: number; hash: string; at: string; reason: string }) =>
  createHmac('sha256', Buffer.from(hkdfSync('sha256', SECRET, 'outpost', 'audit-checkpoints', 32)))
    .update(`outpost-audit-checkpoint/v1\n${c.seq}\n${c.hash}\n${c.at}\n${c.reason}`)
    .digest('hex');

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { seq: number; hash: string; at: string; reason: string; mac: string });

const pairs: Array<[Dialect, Dialect]> = pgUrl
  ? [
      ['sqlite', 'sqlite'],
      ['postgres', 'postgres'],
      ['sqlite', 'postgres'],
    ]
  : [['sqlite', 'sqlite']];

describe.each(pairs)('audit checkpoints through a backup on %s restored on %s', (from, to) => {
  let source: TestApp;
  let work: string;
  let archive: string;
  let manifest: Manifest;
  const sourceFile = () => path.join(source.db.dataDir, 'audit-checkpoints.jsonl');

  beforeAll(async () => {
    source = await createTestApp(from);
    await source.owner();
    for (let i = 0; i < 3; i++) await source.vendor();
    await source.app.services.audit.checkpoints.write('command');
    for (let i = 0; i < 2; i++) await source.vendor();
    work = mkdtempSync(path.join(tmpdir(), 'outpost-checkpoint-backup-'));
    archive = path.join(work, 'backup.tar.gz');
    manifest = await createBackup({
      database: source.db.database,
      dataDir: source.db.dataDir,
      target: archive,
      checkpoint: () => source.app.services.audit.checkpoints.write('backup'),
    });
  });
  afterAll(async () => {
    await source?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes a signed checkpoint of the head at each backup and names it in the manifest', async () => {
    const head = await source.db.database.db.selectFrom('auditHead').selectAll().executeTakeFirstOrThrow();
    const last = linesOf(sourceFile()).at(-1)!;
    expect(last).toMatchObject({ seq: Number(head.lastSeq), hash: head.lastHash, reason: 'backup' });
    expect(last.mac).toBe(independentMac(last));
    expect(manifest.auditCheckpoint).toEqual({ seq: last.seq, hash: last.hash, at: last.at });
    // The snapshot was taken after the checkpoint: its database records it too.
    const dir = mkdtempSync(path.join(work, 'open-'));
    await openBackup(archive, dir);
    const archived = readFileSync(path.join(dir, 'data/audit_checkpoints.jsonl'), 'utf8').trim().split('\n');
    expect(archived.map((l) => JSON.parse(l).mac)).toEqual(linesOf(sourceFile()).map((l) => l.mac));
  });

  it('restores the checkpoints into the new data directory, setting aside a file that vouched for lost events', async () => {
    // The source goes on after the backup; its checkpoint file then vouches for events the archive lacks.
    await source.vendor();
    await source.app.services.audit.checkpoints.write('command');
    const target = await createTestApp(to);
    try {
      const targetFile = path.join(target.db.dataDir, 'audit-checkpoints.jsonl');
      // The data directory already has the source's checkpoint file (a database restored onto the same data directory).
      copyFileSync(sourceFile(), targetFile);
      await restoreBackup({ database: target.db.database, dataDir: target.db.dataDir, source: archive });
      const rebuilt = await target.app.services.audit.checkpoints.rebuildFile();
      expect(rebuilt).toMatchObject({
        count: 2,
        furthest: manifest.auditCheckpoint,
        unverified: 0,
        setAside: expect.stringMatching(/audit-checkpoints\.jsonl\.before-restore-\d+$/),
        setAsideFurthest: { seq: linesOf(sourceFile()).at(-1)!.seq },
      });
      expect(existsSync(rebuilt.setAside!)).toBe(true);
      expect(linesOf(targetFile).map((l) => l.reason)).toEqual(['command', 'backup']);
      const verified = await target.app.services.audit.verify(systemActor());
      expect(verified).toMatchObject({
        ok: true,
        checkpoints: { checked: 2, furthest: manifest.auditCheckpoint, recorded: 2 },
      });
      // The file set aside is the anchor that shows what was lost: with it, the restored chain is short.
      copyFileSync(rebuilt.setAside!, targetFile);
      const short = await target.app.services.audit.verify(systemActor());
      expect(short.ok).toBe(false);
      expect(short.reason).toMatch(/^the chain ends at event \d+, but the checkpoint of .+ signed event \d+/);
    } finally {
      await target.close();
    }
  });
});

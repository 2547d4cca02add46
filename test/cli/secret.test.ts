import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../src/server/modules/accounts/service';
import { keyFilePath, LEGACY_KEY_ID } from '../../src/server/modules/files/keys';
import type { Actor } from '../../src/server/policy';
import { runCli, tempDataDir, withServices } from './run-cli';

describe('outpost secret (SQLite, as a child process)', () => {
  const data = tempDataDir();
  afterAll(data.remove);
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { dataDir: data.dir, env });
  const contents = Array.from({ length: 5 }, (_, i) =>
    `Confidential memo ${i} ${randomBytes(8).toString('hex')}\n`.repeat(20),
  );
  const ids: string[] = [];
  let owner: Actor;

  const readAll = () =>
    withServices(data.dir, async (s) => {
      const out: string[] = [];
      for (const id of ids) out.push(await text((await s.files.download(owner, id)).content));
      return out;
    });

  it('rotates every file to a new key in batches, downloads still match, and retires the old key', async () => {
    const made = await cli(
      ['user', 'create', '--name', 'Olga Owner', '--email', 'owner@example.com', '--role', 'owner'],
      {
        OUTPOST_PASSWORD: 'a long enough passphrase',
      },
    );
    expect(made.code, made.stderr).toBe(0);
    await withServices(data.dir, async (s) => {
      owner = actorOf((await s.accounts.findUserByEmail('owner@example.com'))!, {
        requestId: null,
        ip: null,
      });
      for (const [i, content] of contents.entries()) {
        const stored = await s.files.upload(owner, {
          name: `memo-${i}.txt`,
          content: Readable.from([Buffer.from(content)]),
          truncated: () => false,
        });
        ids.push(stored.id);
      }
    });
    const before = await cli(['secret', 'status', '--json']);
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({
      source: 'secret',
      active: LEGACY_KEY_ID,
      files: { secret: 5 },
    });

    const rotated = await cli(['secret', 'rotate', '--batch-size', '2', '--retire', '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const result = JSON.parse(rotated.stdout);
    expect(result).toMatchObject({ rotated: 5, failed: [], retired: [LEGACY_KEY_ID] });
    expect(result.active).toMatch(/^fk_/);
    expect(result.files).toEqual({ [result.active]: 5 });

    // The key file is the owner's alone and names the retired key; files on disk hold no plaintext.
    const keyFile = JSON.parse(readFileSync(keyFilePath(data.dir), 'utf8'));
    expect(keyFile).toMatchObject({ active: result.active, retired: [LEGACY_KEY_ID] });
    expect(statSync(keyFilePath(data.dir)).mode & 0o077).toBe(0);
    const dir = path.join(data.dir, 'files');
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(path.join(dir, name));
      for (const c of contents) expect(bytes.includes(Buffer.from(c.slice(0, 40)))).toBe(false);
    }
    expect(await readAll()).toEqual(contents);

    // A second rotation moves everything again; status reports it.
    const again = await cli(['secret', 'rotate', '--retire']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Re-encrypted 5 file(s)');
    const status = JSON.parse((await cli(['secret', 'status', '--json'])).stdout);
    expect(status.active).not.toBe(result.active);
    expect(status.keys).toEqual([status.active]);
    expect(await readAll()).toEqual(contents);
  });

  it('refuses bad usage with exit 2, and a new key when the keys come from the environment', async () => {
    const bad = await cli(['secret', 'rotate', '--batch-size', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--batch-size');
    const env = { OUTPOST_FILE_KEYS: `fk_env:${randomBytes(32).toString('base64')}` };
    const refused = await cli(['secret', 'rotate'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('OUTPOST_FILE_KEYS');
  });
});

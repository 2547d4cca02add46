import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStorage, deriveFileKey, type FileStorage, TamperedFileError } from './storage';

const SECRET = 'a-secret-of-at-least-32-characters-xx';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function store(storage: FileStorage, content: Buffer, chunk = 7000): Promise<string> {
  const pending = await storage.begin();
  for (let at = 0; at < content.length; at += chunk) await pending.write(content.subarray(at, at + chunk));
  await pending.finish();
  await pending.commit();
  return pending.storageName;
}

async function readAll(storage: FileStorage, name: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of await storage.read(name)) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('file storage', () => {
  let dir: string;
  let storage: FileStorage;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'outpost-storage-'));
    storage = createFileStorage({ dir: path.join(dir, 'files'), secret: SECRET });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips content of many chunks, and the bytes on disk are not the plaintext', async () => {
    const content = Buffer.concat([Buffer.from('Confidential rate card '.repeat(50)), randomBytes(300_000)]);
    const name = await store(storage, content);
    expect((await readAll(storage, name)).equals(content)).toBe(true);
    await storage.verify(name, sha256(content));

    const onDisk = readFileSync(storage.pathOf(name));
    expect(onDisk.length).toBe(16 + content.length + 16);
    expect(onDisk.subarray(0, 4)).toEqual(Buffer.from([0x4f, 0x50, 0x46, 0x01])); // "OPF", version 1
    expect(onDisk.includes(Buffer.from('Confidential rate card'))).toBe(false);
  });

  it('uses a fresh IV for each file, so equal content encrypts differently', async () => {
    const content = Buffer.from('same content');
    const a = readFileSync(storage.pathOf(await store(storage, content)));
    const b = readFileSync(storage.pathOf(await store(storage, content)));
    expect(a.subarray(4, 16)).not.toEqual(b.subarray(4, 16));
    expect(a.subarray(16)).not.toEqual(b.subarray(16));
  });

  it('derives a 256-bit key that depends on the secret', () => {
    expect(deriveFileKey(SECRET)).toHaveLength(32);
    expect(deriveFileKey(SECRET)).toEqual(deriveFileKey(SECRET));
    expect(deriveFileKey(SECRET)).not.toEqual(deriveFileKey(`${SECRET}!`));
  });

  describe('detects tampering', () => {
    const content = Buffer.from('Payment terms: 30 days net. '.repeat(100));
    let name: string;
    let file: string;
    beforeEach(async () => {
      name = await store(storage, content);
      file = storage.pathOf(name);
    });

    const flip = (at: (size: number) => number) => {
      const bytes = readFileSync(file);
      bytes[at(bytes.length)]! ^= 0x01;
      writeFileSync(file, bytes);
    };

    it.each([
      ['a ciphertext byte', (size: number) => Math.floor(size / 2)],
      ['the tag', (size: number) => size - 1],
      ['the IV', () => 5],
    ])('a flipped bit in %s fails verification and the read stream', async (_what, at) => {
      flip(at);
      await expect(storage.verify(name, sha256(content))).rejects.toBeInstanceOf(TamperedFileError);
      await expect(readAll(storage, name)).rejects.toThrow();
    });

    it('a changed version byte is refused as an unknown format', async () => {
      flip(() => 3);
      await expect(storage.read(name)).rejects.toThrow(/unknown format/);
    });

    it('a truncated file fails', async () => {
      writeFileSync(file, readFileSync(file).subarray(0, 40));
      await expect(storage.verify(name, sha256(content))).rejects.toBeInstanceOf(TamperedFileError);
      writeFileSync(file, Buffer.alloc(10));
      await expect(storage.verify(name, sha256(content))).rejects.toThrow(/truncated/);
    });

    it('a file swapped in under another name fails (the name is authenticated)', async () => {
      const other = await store(storage, content);
      writeFileSync(storage.pathOf(other), readFileSync(file));
      await expect(storage.verify(other, sha256(content))).rejects.toBeInstanceOf(TamperedFileError);
    });

    it('a different secret cannot read it', async () => {
      const stranger = createFileStorage({ dir: path.dirname(file), secret: `${SECRET}-other` });
      await expect(stranger.verify(name, sha256(content))).rejects.toBeInstanceOf(TamperedFileError);
    });

    it('content that decrypts but does not match the recorded hash fails', async () => {
      await expect(storage.verify(name, sha256(Buffer.from('other')))).rejects.toThrow(/SHA-256/);
    });

    it('a missing file fails as tampered, and odd names are refused', async () => {
      rmSync(file);
      await expect(storage.verify(name, sha256(content))).rejects.toBeInstanceOf(TamperedFileError);
      await expect(storage.read('../secret.key')).rejects.toBeInstanceOf(TamperedFileError);
    });
  });

  it('leaves nothing behind when an upload is discarded, before or after commit', async () => {
    const a = await storage.begin();
    await a.write(Buffer.from('half'));
    await a.discard();
    const b = await storage.begin();
    await b.write(Buffer.from('whole'));
    await b.finish();
    await b.commit();
    expect(existsSync(storage.pathOf(b.storageName))).toBe(true);
    await b.discard();
    expect(readdirSync(path.join(dir, 'files'))).toEqual([]);
  });

  it('keeps an unfinished upload out of place until commit', async () => {
    const pending = await storage.begin();
    await pending.write(Buffer.from('x'));
    await pending.finish();
    expect(existsSync(storage.pathOf(pending.storageName))).toBe(false);
    await pending.commit();
    expect(await text(await storage.read(pending.storageName))).toBe('x');
  });
});

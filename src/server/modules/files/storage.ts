/**
 * Encryption at rest for uploaded files. Each file is AES-256-GCM under a key derived with
 * HKDF-SHA256 from the instance secret, with a fresh 12-byte IV, in this layout:
 *
 *   "OPF" | version (1 byte) | IV (12 bytes) | ciphertext | GCM tag (16 bytes)
 *
 * The header and the file's random storage name are authenticated as associated data, so a
 * file edited, truncated, or swapped for another one under its name fails the tag check.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';

const MAGIC = Buffer.from('OPF', 'latin1');
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 1 + IV_BYTES;
const KEY_INFO = 'outpost-files-v1';

/** A stored file that cannot be trusted: missing, malformed, or failing its authentication tag. */
export class TamperedFileError extends Error {
  override name = 'TamperedFileError';
}

/** The 256-bit file key for an instance secret. */
export function deriveFileKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), KEY_INFO, 32));
}

const aad = (header: Buffer, storageName: string) =>
  Buffer.concat([header, Buffer.from(storageName, 'utf8')]);

/** An upload being written: a temp file until `commit` renames it into place. */
export interface PendingFile {
  /** The random name the file will have in the storage folder. */
  readonly storageName: string;
  write(chunk: Uint8Array): Promise<void>;
  /** Finish the ciphertext, append the tag and flush to disk. */
  finish(): Promise<void>;
  /** Move the finished file into place (the last step, after its database row is written). */
  commit(): Promise<void>;
  /** Remove whatever this upload left behind, whether committed or not. Never throws. */
  discard(): Promise<void>;
}

export interface FileStorage {
  begin(): Promise<PendingFile>;
  /** A stream of the plaintext; it errors at its end if the tag does not match. */
  read(storageName: string): Promise<Readable>;
  /** Decrypt the whole file once; throws TamperedFileError unless the tag and the SHA-256 match. */
  verify(storageName: string, sha256: string): Promise<void>;
  pathOf(storageName: string): string;
}

/** Files live in `dir` (`<dataDir>/files`) under random names, encrypted with a key from `secret`. */
export function createFileStorage({ dir, secret }: { dir: string; secret: string }): FileStorage {
  const key = deriveFileKey(secret);
  const pathOf = (storageName: string) => {
    if (!/^[0-9a-f]{32}$/.test(storageName)) throw new TamperedFileError('Invalid storage name.');
    return path.join(dir, storageName);
  };

  async function begin(): Promise<PendingFile> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const storageName = randomBytes(16).toString('hex');
    const finalPath = pathOf(storageName);
    const tempPath = path.join(dir, `.${storageName}.partial`);
    let handle: FileHandle | null = await open(tempPath, 'wx', 0o600);
    const iv = randomBytes(IV_BYTES);
    const header = Buffer.concat([MAGIC, Buffer.from([VERSION]), iv]);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(header, storageName));
    await handle.write(header);
    let committed = false;

    const output = (bytes: Buffer) => (bytes.length ? handle!.write(bytes) : undefined);
    return {
      storageName,
      async write(chunk) {
        await output(cipher.update(chunk));
      },
      async finish() {
        await output(cipher.final());
        await output(cipher.getAuthTag());
        await handle!.sync();
        await handle!.close();
        handle = null;
      },
      async commit() {
        await rename(tempPath, finalPath);
        committed = true;
      },
      async discard() {
        await handle?.close().catch(() => {});
        handle = null;
        await rm(tempPath, { force: true }).catch(() => {});
        if (committed) await rm(finalPath, { force: true }).catch(() => {});
      },
    };
  }

  async function read(storageName: string): Promise<Readable> {
    const file = pathOf(storageName);
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      throw new TamperedFileError(`Stored file ${storageName} cannot be opened: ${(err as Error).message}`);
    }
    let header: Buffer;
    let tag: Buffer;
    let size: number;
    try {
      size = (await handle.stat()).size;
      if (size < HEADER_BYTES + TAG_BYTES)
        throw new TamperedFileError(`Stored file ${storageName} is truncated.`);
      header = Buffer.alloc(HEADER_BYTES);
      tag = Buffer.alloc(TAG_BYTES);
      await handle.read(header, 0, HEADER_BYTES, 0);
      await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
    } finally {
      await handle.close();
    }
    if (!header.subarray(0, MAGIC.length).equals(MAGIC) || header[MAGIC.length] !== VERSION)
      throw new TamperedFileError(`Stored file ${storageName} has an unknown format.`);
    const decipher = createDecipheriv('aes-256-gcm', key, header.subarray(MAGIC.length + 1));
    decipher.setAAD(aad(header, storageName));
    decipher.setAuthTag(tag);
    const cipherBytes = size - HEADER_BYTES - TAG_BYTES;
    const source =
      cipherBytes > 0
        ? createReadStream(file, { start: HEADER_BYTES, end: HEADER_BYTES + cipherBytes - 1 })
        : Readable.from([]);
    // pipeline destroys the decipher with the error when reading fails; a bad tag errors it at the end.
    pipeline(source, decipher, () => {});
    return decipher;
  }

  async function verify(storageName: string, sha256: string): Promise<void> {
    const hash = createHash('sha256');
    try {
      for await (const chunk of await read(storageName)) hash.update(chunk as Buffer);
    } catch (err) {
      if (err instanceof TamperedFileError) throw err;
      throw new TamperedFileError(
        `Stored file ${storageName} failed its integrity check: ${(err as Error).message}`,
      );
    }
    if (hash.digest('hex') !== sha256)
      throw new TamperedFileError(`Stored file ${storageName} does not match its recorded SHA-256.`);
  }

  return { begin, read, verify, pathOf };
}

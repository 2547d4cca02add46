/**
 * Encryption at rest for uploaded files. Each file is AES-256-GCM under one of the instance's
 * file keys (see keys.ts), with a fresh 12-byte IV, in one of two layouts:
 *
 *   v1 (the key derived from OUTPOST_SECRET):  "OPF" | 1 | IV (12) | ciphertext | GCM tag (16)
 *   v2 (any named key):  "OPF" | 2 | id length (1) | key id (ASCII) | IV (12) | ciphertext | tag (16)
 *
 * The header and the file's random storage name are authenticated as associated data, so a
 * file edited, truncated, or swapped for another one under its name fails the tag check. The
 * key id travels in the header, so a reader never depends on the database row being in step
 * with a rotation that has just re-encrypted the file.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createKeyring, deriveFileKey, type FileKeyring, LEGACY_KEY_ID } from './keys';

export { deriveFileKey };

const MAGIC = Buffer.from('OPF', 'latin1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The longest header: magic, version, id length, a 255-byte id, IV. */
const MAX_HEADER_BYTES = MAGIC.length + 2 + 255 + IV_BYTES;

/** A stored file that cannot be trusted: missing, malformed, or failing its authentication tag. */
export class TamperedFileError extends Error {
  override name = 'TamperedFileError';
}

const aad = (header: Buffer, storageName: string) =>
  Buffer.concat([header, Buffer.from(storageName, 'utf8')]);

/** An upload being written: a temp file until `commit` renames it into place. */
export interface PendingFile {
  /** The random name the file will have in the storage folder. */
  readonly storageName: string;
  /** The key it is encrypted with. */
  readonly keyId: string;
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
  /** The id of the key a stored file is encrypted with (read from its header). */
  keyOf(storageName: string): Promise<string>;
  /**
   * Re-encrypt a stored file under the active key: the new ciphertext goes to a temp file, is
   * checked against the old file's tag, flushed, and renamed over the old one (readers holding
   * the old file keep reading it). Answers the key id now used.
   */
  reencrypt(storageName: string): Promise<string>;
  /** The key new files are written with. */
  activeKeyId(): string;
  pathOf(storageName: string): string;
}

interface Header {
  bytes: Buffer;
  keyId: string;
  iv: Buffer;
}

function makeHeader(keyId: string): Header {
  const iv = randomBytes(IV_BYTES);
  const bytes =
    keyId === LEGACY_KEY_ID
      ? Buffer.concat([MAGIC, Buffer.from([1]), iv])
      : Buffer.concat([MAGIC, Buffer.from([2, keyId.length]), Buffer.from(keyId, 'latin1'), iv]);
  return { bytes, keyId, iv };
}

function parseHeader(head: Buffer, storageName: string): Header {
  const unknown = () => new TamperedFileError(`Stored file ${storageName} has an unknown format.`);
  if (head.length < MAGIC.length + 1 || !head.subarray(0, MAGIC.length).equals(MAGIC)) throw unknown();
  const version = head[MAGIC.length];
  if (version === 1) {
    const end = MAGIC.length + 1 + IV_BYTES;
    return { bytes: head.subarray(0, end), keyId: LEGACY_KEY_ID, iv: head.subarray(MAGIC.length + 1, end) };
  }
  if (version === 2) {
    const idLength = head[MAGIC.length + 1] ?? 0;
    const idStart = MAGIC.length + 2;
    const end = idStart + idLength + IV_BYTES;
    if (idLength === 0 || head.length < end) throw unknown();
    return {
      bytes: head.subarray(0, end),
      keyId: head.subarray(idStart, idStart + idLength).toString('latin1'),
      iv: head.subarray(idStart + idLength, end),
    };
  }
  throw unknown();
}

/**
 * Files live in `dir` (`<dataDir>/files`) under random names, encrypted with the keyring's
 * active key (or, without a keyring, the key derived from `secret`).
 */
export function createFileStorage({
  dir,
  secret,
  keyring: given,
}: {
  dir: string;
  secret: string;
  keyring?: FileKeyring;
}): FileStorage {
  // Without a keyring: the secret's key alone (no key file is read; tests and old callers).
  const keyring = given ?? createKeyring({ dataDir: '/nonexistent', secret });
  const pathOf = (storageName: string) => {
    if (!/^[0-9a-f]{32}$/.test(storageName)) throw new TamperedFileError('Invalid storage name.');
    return path.join(dir, storageName);
  };
  const keyFor = (keyId: string, storageName: string) => {
    const key = keyring.get(keyId);
    if (!key)
      throw new TamperedFileError(
        `Stored file ${storageName} uses the key "${keyId}", which is unknown or retired.`,
      );
    return key;
  };

  /** A temp file in `dir` receiving ciphertext under the active key. */
  async function encryptInto(tempPath: string, storageName: string) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const keyId = keyring.activeId();
    const header = makeHeader(keyId);
    let handle: FileHandle | null = await open(tempPath, 'wx', 0o600);
    const cipher = createCipheriv('aes-256-gcm', keyFor(keyId, storageName), header.iv);
    cipher.setAAD(aad(header.bytes, storageName));
    await handle.write(header.bytes);
    const output = (bytes: Buffer) => (bytes.length ? handle!.write(bytes) : undefined);
    return {
      keyId,
      async write(chunk: Uint8Array) {
        await output(cipher.update(chunk));
      },
      async finish() {
        await output(cipher.final());
        await output(cipher.getAuthTag());
        await handle!.sync();
        await handle!.close();
        handle = null;
      },
      async close() {
        await handle?.close().catch(() => {});
        handle = null;
      },
    };
  }

  async function begin(): Promise<PendingFile> {
    const storageName = randomBytes(16).toString('hex');
    const finalPath = pathOf(storageName);
    const tempPath = path.join(dir, `.${storageName}.partial`);
    const out = await encryptInto(tempPath, storageName);
    let committed = false;
    return {
      storageName,
      keyId: out.keyId,
      write: out.write,
      finish: out.finish,
      async commit() {
        await rename(tempPath, finalPath);
        committed = true;
      },
      async discard() {
        await out.close();
        await rm(tempPath, { force: true }).catch(() => {});
        if (committed) await rm(finalPath, { force: true }).catch(() => {});
      },
    };
  }

  /** Open a stored file once; everything after reads through this handle (a rename cannot swap it). */
  async function openStored(storageName: string) {
    const file = pathOf(storageName);
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      throw new TamperedFileError(`Stored file ${storageName} cannot be opened: ${(err as Error).message}`);
    }
    try {
      const size = (await handle.stat()).size;
      if (size < MAGIC.length + 1 + IV_BYTES + TAG_BYTES)
        throw new TamperedFileError(`Stored file ${storageName} is truncated.`);
      const head = Buffer.alloc(Math.min(size, MAX_HEADER_BYTES));
      await handle.read(head, 0, head.length, 0);
      const header = parseHeader(head, storageName);
      if (size < header.bytes.length + TAG_BYTES)
        throw new TamperedFileError(`Stored file ${storageName} is truncated.`);
      const tag = Buffer.alloc(TAG_BYTES);
      await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', keyFor(header.keyId, storageName), header.iv);
      decipher.setAAD(aad(header.bytes, storageName));
      decipher.setAuthTag(tag);
      const cipherBytes = size - header.bytes.length - TAG_BYTES;
      const source =
        cipherBytes > 0
          ? handle.createReadStream({
              start: header.bytes.length,
              end: header.bytes.length + cipherBytes - 1,
              autoClose: true,
            })
          : Readable.from([]);
      if (cipherBytes <= 0) await handle.close();
      // pipeline destroys the decipher with the error when reading fails; a bad tag errors it at the end.
      pipeline(source, decipher, () => {});
      return { header, plaintext: decipher as Readable };
    } catch (err) {
      await handle.close().catch(() => {});
      throw err;
    }
  }

  async function read(storageName: string): Promise<Readable> {
    return (await openStored(storageName)).plaintext;
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

  async function keyOf(storageName: string): Promise<string> {
    const handle = await open(pathOf(storageName), 'r').catch((err) => {
      throw new TamperedFileError(`Stored file ${storageName} cannot be opened: ${(err as Error).message}`);
    });
    try {
      const head = Buffer.alloc(MAX_HEADER_BYTES);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return parseHeader(head.subarray(0, bytesRead), storageName).keyId;
    } finally {
      await handle.close();
    }
  }

  async function reencrypt(storageName: string): Promise<string> {
    const finalPath = pathOf(storageName);
    const tempPath = path.join(dir, `.${storageName}.rotating`);
    await rm(tempPath, { force: true }); // left by an interrupted rotation
    const { plaintext } = await openStored(storageName);
    const out = await encryptInto(tempPath, storageName);
    try {
      // The old tag is checked at the end of the stream: a tampered file is never re-encrypted.
      for await (const chunk of plaintext) await out.write(chunk as Buffer);
      await out.finish();
      await rename(tempPath, finalPath);
      // Make the rename itself durable.
      const folder = await open(dir, 'r');
      await folder.sync().catch(() => {});
      await folder.close();
      return out.keyId;
    } catch (err) {
      plaintext.destroy();
      await out.close();
      await rm(tempPath, { force: true }).catch(() => {});
      if (err instanceof TamperedFileError) throw err;
      throw new TamperedFileError(
        `Stored file ${storageName} failed its integrity check: ${(err as Error).message}`,
      );
    }
  }

  return { begin, read, verify, keyOf, reencrypt, activeKeyId: () => keyring.activeId(), pathOf };
}

/**
 * The backup archive: a gzip-compressed POSIX tar (ustar) of regular files, written and read
 * with Node's built-ins so that `tar -tzf backup.tar.gz` shows what is inside. Entries are
 * streamed from and to files on disk, so a large table never sits in memory.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

const BLOCK = 512;

function header(name: string, size: number, mtime: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`Archive entry name too long: ${name}`);
  const h = Buffer.alloc(BLOCK, 0);
  const put = (value: string, offset: number, length: number) => h.write(value, offset, length, 'utf8');
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0');
  put(name, 0, 100);
  put(octal(0o600, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(mtime / 1000), 12), 136, 12);
  put('        ', 148, 8); // the checksum field counts as spaces while summing
  put('0', 156, 1);
  put('ustar\u000000', 257, 8);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8);
  return h;
}

/** Write `entries` (archive name → file on disk) into a .tar.gz at `target`. */
export async function writeArchive(
  target: string,
  entries: Array<{ name: string; file: string }>,
): Promise<void> {
  async function* chunks() {
    const now = Date.now();
    for (const entry of entries) {
      const { size } = await stat(entry.file);
      yield header(entry.name, size, now);
      let written = 0;
      for await (const chunk of createReadStream(entry.file)) {
        written += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (written !== size) throw new Error(`${entry.file} changed while it was archived.`);
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      if (pad) yield Buffer.alloc(pad, 0);
    }
    yield Buffer.alloc(BLOCK * 2, 0);
  }
  await pipeline(Readable.from(chunks()), createGzip(), createWriteStream(target, { mode: 0o600 }));
}

/** Unpack a .tar.gz written by writeArchive into `dir`; answers the entry names. */
export async function readArchive(source: string, dir: string): Promise<string[]> {
  const tarFile = path.join(dir, '.archive.tar');
  try {
    await pipeline(createReadStream(source), createGunzip(), createWriteStream(tarFile));
  } catch (err) {
    throw new Error(
      `${source} is not an Outpost backup (not a gzip-compressed archive): ${(err as Error).message}`,
    );
  }
  const fh = await open(tarFile, 'r');
  const names: string[] = [];
  try {
    const { size: total } = await fh.stat();
    let offset = 0;
    const h = Buffer.alloc(BLOCK);
    while (offset + BLOCK <= total) {
      await fh.read(h, 0, BLOCK, offset);
      if (h.every((b) => b === 0)) break;
      const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const size = Number.parseInt(h.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim(), 8);
      if (!name || !Number.isFinite(size) || h.toString('ascii', 257, 262) !== 'ustar')
        throw new Error(`${source} is not an Outpost backup (bad archive header at byte ${offset}).`);
      // Names are ours (data/…, files/…, manifest.json); anything climbing out of `dir` is refused.
      const out = path.resolve(dir, name);
      if (!out.startsWith(`${path.resolve(dir)}${path.sep}`) || name.includes('..'))
        throw new Error(`${source} holds an entry outside the archive: ${name}`);
      await mkdir(path.dirname(out), { recursive: true });
      if (size > 0)
        await pipeline(
          createReadStream(tarFile, { start: offset + BLOCK, end: offset + BLOCK + size - 1 }),
          createWriteStream(out),
        );
      else await (await open(out, 'w')).close();
      names.push(name);
      offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await fh.close();
  }
  await rm(tarFile, { force: true });
  return names;
}

/**
 * The checkpoint file: one JSON line per signed checkpoint of the audit chain, outside the
 * database. Lines are only appended, each in one write on a descriptor opened O_APPEND and then
 * fsynced; the writers of all processes are serialised by the audit head's lock (checkpoints.ts),
 * so lines never interleave. Only a restore (or `outpost audit checkpoint --rebuild-file`)
 * replaces the file whole: a temporary file beside it, fsynced, renamed over it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** Append one line (mode 0600 when the file is new; its folder 0700 when that is new). */
export async function appendLine(file: string, line: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, 'a+', 0o600);
  try {
    const { size } = await handle.stat();
    let text = `${line}\n`;
    if (size > 0) {
      // A line torn by a crash stays on a line of its own (verify names it) instead of swallowing this one.
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) text = `\n${text}`;
    }
    await handle.write(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Every line with its number (1-based), blank lines left out; null when the file does not exist. */
export async function readLines(file: string): Promise<Array<{ line: number; text: string }> | null> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  return content
    .split('\n')
    .map((text, i) => ({ line: i + 1, text }))
    .filter((l) => l.text.trim() !== '');
}

/** The last lines of the file, newest first, from its last `bytes` only (for the metrics scrape). */
export async function lastLines(file: string, bytes = 16 * 1024): Promise<string[]> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - bytes);
    const buf = Buffer.alloc(size - start);
    await handle.read(buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split('\n');
    if (start > 0) lines.shift(); // the first line may be cut
    return lines.filter((l) => l.trim() !== '').reverse();
  } finally {
    await handle.close();
  }
}

/**
 * Replace the file by `lines` atomically. An existing file with other content is first renamed to
 * `<file>.before-restore-<ms>`; answers that name, or null when nothing was set aside.
 */
export async function replaceFile(file: string, lines: string[], now: number): Promise<string | null> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const content = lines.map((l) => `${l}\n`).join('');
  let aside: string | null = null;
  try {
    if ((await readFile(file, 'utf8')) === content) return null;
    aside = `${file}.before-restore-${now}`;
    await rename(file, aside);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.write(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return aside;
}

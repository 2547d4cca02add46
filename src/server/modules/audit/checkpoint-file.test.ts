import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLine, lastLines, readLines, replaceFile } from './checkpoint-file';

describe('the checkpoint file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'outpost-checkpoint-file-'));
    file = path.join(dir, 'nested', 'audit-checkpoints.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the file 0600 (its folder 0700) and appends whole lines', async () => {
    expect(await readLines(file)).toBeNull();
    expect(await lastLines(file)).toEqual([]);
    await appendLine(file, '{"a":1}');
    await appendLine(file, '{"a":2}');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    expect(await readLines(file)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"a":2}' },
    ]);
    expect(await lastLines(file)).toEqual(['{"a":2}', '{"a":1}']);
  });

  it('keeps a line torn by a crash on a line of its own', async () => {
    await appendLine(file, '{"a":1}');
    writeFileSync(file, '{"a":1}\n{"a":', { flag: 'w' });
    await appendLine(file, '{"a":3}');
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"a":\n{"a":3}\n');
  });

  it('reads only the tail for the newest lines, dropping a line cut at the start', async () => {
    for (let i = 0; i < 100; i++) await appendLine(file, JSON.stringify({ i, pad: 'x'.repeat(40) }));
    const tail = await lastLines(file, 200);
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.length).toBeLessThan(5);
    expect(JSON.parse(tail[0]!).i).toBe(99);
    for (const line of tail) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('replaces the file atomically, setting a different one aside', async () => {
    expect(await replaceFile(file, ['{"a":1}'], 1000)).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The same content: nothing to set aside.
    expect(await replaceFile(file, ['{"a":1}'], 2000)).toBeNull();
    const aside = await replaceFile(file, ['{"b":1}', '{"b":2}'], 3000);
    expect(aside).toBe(`${file}.before-restore-3000`);
    expect(readFileSync(aside!, 'utf8')).toBe('{"a":1}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"b":1}\n{"b":2}\n');
  });
});

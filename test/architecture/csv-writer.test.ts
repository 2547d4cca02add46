import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One CSV writer: src/server/lib/csv.ts neutralises formulas, ends lines CRLF and writes the
 * byte order mark (see docs/security.md). No other file of the product may write CSV itself —
 * import csv-stringify or name the CSV media type of an answer — so an export cannot skip it.
 * test/api/csv-exports.test.ts then checks every export the OpenAPI document declares.
 */
const ROOT = path.resolve(__dirname, '../..');
const WRITER = 'src/server/lib/csv.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('the CSV writer', () => {
  it('is the only file that writes CSV', () => {
    const offenders = sourceFiles(path.join(ROOT, 'src'))
      .map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
      .filter((rel) => rel !== WRITER)
      .filter((rel) => {
        const code = readFileSync(path.join(ROOT, rel), 'utf8');
        return /from\s+['"]csv-stringify/.test(code) || /['"`]text\/csv;/.test(code);
      });
    expect(offenders, `write CSV through ${WRITER} (csvText, CSV_TYPE)`).toEqual([]);
  });
});

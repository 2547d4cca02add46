/**
 * The first page a person opens needs at most 250 kB of script, gzipped (issue 17, part 7): the
 * web build (made by scripts/build-web.mjs when stale, as the browser suites make it) is split by
 * route, and bench/web-bundle.ts sums what the HTML and the page's chunk pull in. A size, not a
 * speed, so it belongs in the tests; `npm run bench` prints the same figures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_PAGE_LIMIT_BYTES, FIRST_PAGES, measureWebBundle } from '../../bench/web-bundle';
import { buildWebIfStale, webDir } from '../helpers/build';

describe('the web bundle', () => {
  let figures: ReturnType<typeof measureWebBundle>;
  beforeAll(() => {
    buildWebIfStale();
    figures = measureWebBundle(webDir);
  });

  it('gives every first page at most 250 kB of gzipped script', () => {
    expect(figures.pages.map((p) => p.page)).toEqual(Object.keys(FIRST_PAGES));
    const over = figures.pages
      .filter((p) => p.gzipBytes > FIRST_PAGE_LIMIT_BYTES)
      .map((p) => `${p.page}: ${(p.gzipBytes / 1000).toFixed(1)} kB gzip (${p.files.join(', ')})`);
    expect(over, 'first pages over the limit; see docs/performance.md, "Web bundle"').toEqual([]);
  });

  it('counts every script the HTML names, gzipped as zlib would send it', () => {
    const html = readFileSync(path.join(webDir, 'index.html'), 'utf8');
    const named = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const page of figures.pages) {
      for (const file of named) expect(page.files).toContain(file);
      // Recomputed here file by file, so a mistake in the sum shows.
      const total = page.files.reduce(
        (n, f) => n + gzipSync(readFileSync(path.join(webDir, f)), { level: 6 }).length,
        0,
      );
      expect(page.gzipBytes).toBe(total);
    }
  });

  it('is split: no first page loads most of the app', () => {
    for (const page of figures.pages) {
      expect(page.files.length).toBeGreaterThan(1);
      expect(page.gzipBytes).toBeLessThan(figures.allScripts.gzipBytes / 2);
    }
  });
});

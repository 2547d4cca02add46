/**
 * The script a browser downloads before the first page shows, per first page: the entry
 * script and modulepreloads that dist/web/index.html names, plus the page's own chunk and every
 * chunk it imports statically (from Vite's .vite/manifest.json), each gzipped with node:zlib at
 * its default level, as a server would send it. `npm run bench` prints it (OUTPOST_BENCH_ONLY=web
 * for this part alone, no database needed); test/web/bundle-size.test.ts fails above the limit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The most script, gzipped, that the first page may need (issue 17, "Fast, accessible, robust"). */
export const FIRST_PAGE_LIMIT_BYTES = 250 * 1000;

/** The pages a person lands on first: the login page, and each role's start page. */
export const FIRST_PAGES = {
  login: 'features/accounts/pages/LoginPage.tsx',
  dashboard: 'features/dashboard/DashboardPage.tsx',
  'vendor list': 'features/vendors/pages/VendorListPage.tsx',
  'vendor page (a vendor user’s start)': 'features/vendors/pages/VendorDetailPage.tsx',
} as const;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

interface PageFigure {
  page: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  /** gzipBytes ÷ the limit: at most 1 passes. */
  ratio: number;
}

interface BundleFigures {
  pages: PageFigure[];
  /** Every script of the app, gzipped: what one bundle would have weighed. */
  allScripts: { files: number; rawBytes: number; gzipBytes: number };
  largestChunk: { file: string; gzipBytes: number };
  limitBytes: number;
}

/** Measure a built web app (dist/web after `npm run build`). */
export function measureWebBundle(webDir: string): BundleFigures {
  const manifest: Record<string, ManifestChunk> = JSON.parse(
    readFileSync(path.join(webDir, '.vite/manifest.json'), 'utf8'),
  );
  const html = readFileSync(path.join(webDir, 'index.html'), 'utf8');
  // What the HTML itself makes the browser fetch before any route runs.
  const fromHtml = [
    ...html.matchAll(/<script[^>]*\bsrc="\/([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  if (fromHtml.length === 0) throw new Error(`${webDir}/index.html names no script`);

  const sizes = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (file: string) => {
    let s = sizes.get(file);
    if (!s) {
      const bytes = readFileSync(path.join(webDir, file));
      s = { raw: bytes.length, gzip: gzipSync(bytes).length };
      sizes.set(file, s);
    }
    return s;
  };
  const staticClosure = (key: string, into: Set<string>) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the web build's manifest (was it renamed?)`);
    if (into.has(chunk.file)) return;
    into.add(chunk.file);
    for (const imported of chunk.imports ?? []) staticClosure(imported, into);
  };
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry)?.[0];
  if (!entry) throw new Error('the web build has no entry chunk');

  const pages = Object.entries(FIRST_PAGES).map(([page, source]): PageFigure => {
    const files = new Set<string>(fromHtml);
    staticClosure(entry, files);
    staticClosure(source, files);
    const list = [...files].filter((f) => f.endsWith('.js'));
    const rawBytes = list.reduce((n, f) => n + sizeOf(f).raw, 0);
    const gzipBytes = list.reduce((n, f) => n + sizeOf(f).gzip, 0);
    return { page, files: list, rawBytes, gzipBytes, ratio: gzipBytes / FIRST_PAGE_LIMIT_BYTES };
  });

  const all = [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith('.js'));
  const largest = all.reduce(
    (best, f) => (sizeOf(f).gzip > best.gzipBytes ? { file: f, gzipBytes: sizeOf(f).gzip } : best),
    { file: '', gzipBytes: 0 },
  );
  return {
    pages,
    allScripts: {
      files: all.length,
      rawBytes: all.reduce((n, f) => n + sizeOf(f).raw, 0),
      gzipBytes: all.reduce((n, f) => n + sizeOf(f).gzip, 0),
    },
    largestChunk: largest,
    limitBytes: FIRST_PAGE_LIMIT_BYTES,
  };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** The figures as the Markdown table `npm run bench` prints. */
export function printWebBundle(f: BundleFigures): void {
  console.log('\nWeb app: script needed before the first page shows (gzip)');
  console.log('| first page | chunks | raw | gzip | limit | ratio to limit |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const p of f.pages)
    console.log(
      `| ${p.page} | ${p.files.length} | ${kB(p.rawBytes)} | ${kB(p.gzipBytes)}${p.ratio > 1 ? ' ✗' : ''} | ` +
        `${kB(f.limitBytes)} | ${p.ratio.toFixed(2)}× |`,
    );
  console.log(
    `| (all ${f.allScripts.files} chunks together) | ${f.allScripts.files} | ${kB(f.allScripts.rawBytes)} | ` +
      `${kB(f.allScripts.gzipBytes)} | — | — |`,
  );
  console.log(`Largest chunk: ${f.largestChunk.file}, ${kB(f.largestChunk.gzipBytes)} gzip`);
}

/**
 * The import rules of docs/architecture.md, checked over every import statement in src/: a
 * crossing that the architecture forbids fails here, so a boundary cannot erode one file at a time.
 *
 * What counts as an import: `import … from '…'`, `export … from '…'`, a bare `import '…'` and a
 * dynamic `import('…')`. Type-only imports (`import type`, `export type`) are erased by the
 * compiler and create no runtime edge: they are allowed across modules (a module names the
 * narrow function types it receives) but not across the layers (web ↛ server, contracts ↛ any).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.(ts|tsx|mts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const posix = (p: string) => p.split(sep).join('/');

/** Strip comments so that an import named in a comment does not count. */
function code(text: string) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function importsOf(file: string): Edge[] {
  const text = code(readFileSync(file, 'utf8'));
  const from = posix(relative(root, file));
  const out: Edge[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    if (!spec.startsWith('.')) return; // a package: not a project boundary
    const to = posix(normalize(join(dirname(from), spec))).replace(/\.(ts|tsx|js|mjs)$/, '');
    out.push({ from, to, typeOnly });
  };
  for (const m of text.matchAll(/\b(import|export)\s+(type\s+)?([^'";]*?)\s+from\s*['"]([^'"]+)['"]/g)) {
    // `import { type A, type B } from` is type-only too.
    const names = m[3] ?? '';
    const inlineTypesOnly =
      /^\{[\s\S]*\}$/.test(names.trim()) &&
      names
        .replace(/[{}]/g, '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith('type '));
    add(m[4] as string, Boolean(m[2]) || inlineTypesOnly);
  }
  for (const m of text.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)) add(m[1] as string, false);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) add(m[1] as string, false);
  return out;
}

const files = walk(join(root, 'src')).filter((f) => !/\.test\.tsx?$/.test(f));
const edges = files.flatMap(importsOf);

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
const featureOf = (path: string) => path.match(/^src\/web\/features\/([^/]+)\//)?.[1];
const moduleOf = (path: string) => path.match(/^src\/server\/modules\/([^/]+)(\/|$)/)?.[1];

/** A module's files that other modules may import values from: pure rules and read fragments. */
const PUBLIC_PARTS = /^src\/server\/modules\/[^/]+\/(rules|queries)$/;

function violations(rule: (e: Edge) => string | undefined) {
  return edges.flatMap((e) => {
    const why = rule(e);
    return why ? [`${e.from} → ${e.to}: ${why}`] : [];
  });
}

describe('import rules (docs/architecture.md)', () => {
  it('reads the tree (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(edges.some((e) => e.from === 'src/server/app.ts' && e.to === 'src/server/services')).toBe(true);
    expect(edges.some((e) => e.typeOnly)).toBe(true);
  });

  it('src/contracts imports nothing but src/contracts', () => {
    expect(
      violations((e) =>
        under(e.from, 'src/contracts') && !under(e.to, 'src/contracts')
          ? 'contracts are shared by server, web and CLI and depend on nothing of theirs'
          : undefined,
      ),
    ).toEqual([]);
  });

  it('src/web never imports the server or the CLI', () => {
    expect(
      violations((e) =>
        under(e.from, 'src/web') && (under(e.to, 'src/server') || under(e.to, 'src/cli'))
          ? 'the web gets shared rules from src/contracts'
          : undefined,
      ),
    ).toEqual([]);
  });

  it('a web feature never imports another feature; shared parts never import features', () => {
    expect(
      violations((e) => {
        const a = featureOf(e.from);
        const b = featureOf(`${e.to}/`) ?? featureOf(e.to);
        if (a && b && a !== b)
          return 'features compose in src/web/app; what two share lives in src/web/components';
        if (under(e.from, 'src/web/components') && b) return 'src/web/components is below the features';
        return undefined;
      }),
    ).toEqual([]);
  });

  it('the server never imports the web or the CLI', () => {
    expect(
      violations((e) =>
        under(e.from, 'src/server') && (under(e.to, 'src/web') || under(e.to, 'src/cli'))
          ? 'the server is below the CLI and serves the web as built files'
          : undefined,
      ),
    ).toEqual([]);
  });

  it('modules and plugins never import the app, the composition root or a plugin', () => {
    expect(
      violations((e) => {
        const inside = under(e.from, 'src/server/modules') || under(e.from, 'src/server/plugins');
        if (!inside) return undefined;
        if (e.to === 'src/server/app') return 'app.ts imports the routes; ModuleOptions lives in http.ts';
        if (e.to === 'src/server/services' && !e.typeOnly) return 'only app.ts builds the services';
        if (under(e.from, 'src/server/modules') && under(e.to, 'src/server/plugins'))
          return 'plugins depend on modules, never the other way';
        return undefined;
      }),
    ).toEqual([]);
  });

  it('a module takes values from another module only from its rules.ts or queries.ts', () => {
    expect(
      violations((e) => {
        const a = moduleOf(e.from);
        const b = moduleOf(e.to);
        if (!a || !b || a === b || e.typeOnly) return undefined;
        return PUBLIC_PARTS.test(e.to)
          ? undefined
          : `module ${a} reaches into module ${b}: pass a narrow function in from services.ts, or import its rules/queries`;
      }),
    ).toEqual([]);
  });

  it('rules files do no I/O', () => {
    const io = /^src\/server\/(db|jobs|plugins)(\/|$)|\/repository$|-repository$|\/service$|\/context$/;
    expect(
      violations((e) =>
        /\/(rules|[a-z-]+-rules)\.ts$/.test(e.from) && !e.typeOnly && io.test(e.to)
          ? 'rules.ts is pure: it takes data and returns data'
          : undefined,
      ),
    ).toEqual([]);
  });

  it('there is no import cycle among value imports', () => {
    const graph = new Map<string, string[]>();
    const known = new Set(files.map((f) => posix(relative(root, f)).replace(/\.(ts|tsx|mts|mjs)$/, '')));
    for (const e of edges) {
      if (e.typeOnly) continue;
      const from = e.from.replace(/\.(ts|tsx|mts|mjs)$/, '');
      const to = known.has(e.to) ? e.to : known.has(`${e.to}/index`) ? `${e.to}/index` : undefined;
      if (!to) continue;
      graph.set(from, [...(graph.get(from) ?? []), to]);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (n: string) => {
      state.set(n, 'open');
      stack.push(n);
      for (const m of graph.get(n) ?? []) {
        if (state.get(m) === 'open') cycles.push([...stack.slice(stack.indexOf(m)), m].join(' → '));
        else if (!state.has(m)) visit(m);
      }
      stack.pop();
      state.set(n, 'done');
    };
    for (const n of graph.keys()) if (!state.has(n)) visit(n);
    expect(cycles).toEqual([]);
  });
});

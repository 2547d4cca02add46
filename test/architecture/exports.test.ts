/**
 * Every export of the server, the CLI and the web app is named by some other file (an import, a
 * test, a benchmark): an export nobody uses is either dead code or a module-local name that
 * widens the module's surface for nothing. `src/contracts` is left out on purpose: it is the API
 * the server, the web and outside scripts share, and its named types document that API.
 *
 * "Named" is a whole-word match anywhere in another file, so the check errs on the side of
 * keeping an export (a name in a comment elsewhere counts), never of removing a used one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === 'node_modules' || e.name === 'dist'
      ? []
      : e.isDirectory()
        ? walk(join(dir, e.name))
        : /\.(ts|tsx|mts|mjs|js)$/.test(e.name)
          ? [join(dir, e.name)]
          : [],
  );
}

const files = ['src', 'test', 'bench', 'scripts', 'bin'].flatMap((d) => walk(join(root, d)));
const rel = (f: string) => relative(root, f).split(sep).join('/');
const texts = new Map(files.map((f) => [rel(f), readFileSync(f, 'utf8')]));

/** For each word, the files it appears in. */
const filesOfWord = new Map<string, Set<string>>();
for (const [file, text] of texts)
  for (const word of new Set(text.match(/[A-Za-z_$][\w$]*/g) ?? [])) {
    const set = filesOfWord.get(word) ?? new Set<string>();
    set.add(file);
    filesOfWord.set(word, set);
  }

const inScope = (file: string) => /^src\/(server|cli|web)\//.test(file) && !/\.test\.tsx?$/.test(file);

function exportsOf(text: string) {
  return [
    ...text.matchAll(/^export (?:async )?(?:const|function|interface|type|class|let|enum) ([\w$]+)/gm),
  ].map((m) => m[1] as string);
}

describe('exports', () => {
  it('finds the exports it checks (the scan works)', () => {
    expect(exportsOf('export const a = 1;\nexport async function b() {}\nexport type C = 1;\n')).toEqual([
      'a',
      'b',
      'C',
    ]);
    expect([...texts.keys()].filter(inScope).length).toBeGreaterThan(300);
  });

  it('of the server, CLI and web are each named by another file', () => {
    const unused: string[] = [];
    for (const [file, text] of texts) {
      if (!inScope(file)) continue;
      for (const name of exportsOf(text)) {
        const users = filesOfWord.get(name) ?? new Set();
        if (![...users].some((f) => f !== file)) unused.push(`${file}: ${name}`);
      }
    }
    expect(
      unused,
      'drop the `export` keyword (or the declaration, when the file does not use it either)',
    ).toEqual([]);
  });
});

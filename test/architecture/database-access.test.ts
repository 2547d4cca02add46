import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Only repositories touch the database. A module's SQL lives in its `repository.ts` or a
 * `<part>-repository.ts` beside it, or in its `queries.ts` (read fragments other modules may
 * compose); `src/server/db/` and `src/server/jobs/` are infrastructure (connections, migrations,
 * pagination, the job queue and leases, backup and restore, readiness). Services, routes, rules,
 * plugins and the rest reach the database only by calling those, and may open a transaction
 * (`db.transaction().execute(...)`) to hand to them.
 *
 * A file outside those places fails this test when its code (comments aside) shows one of the
 * markers below.
 */
const MARKERS: Array<{ name: string; pattern: RegExp }> = [
  // Kysely query builders: every query starts with one of these on a database or transaction
  // handle (or an expression builder, for a subquery).
  {
    name: 'a query builder (.selectFrom, .insertInto, .updateTable, .deleteFrom, …)',
    pattern: /\.(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)\s*\(/,
  },
  { name: 'a common table expression (.with / .withRecursive)', pattern: /\.with(Recursive)?\s*\(\s*['"`]/ },
  // Raw SQL: the `sql` template tag and its helpers.
  { name: 'raw SQL (the sql`…` tag)', pattern: /\bsql\s*(<[^`;]*?>)?\s*`/ },
  {
    name: 'raw SQL helpers (sql.raw, sql.ref, sql.table, …)',
    pattern: /\bsql\.(raw|ref|table|id|lit|join|val|value)\s*\(/,
  },
  // Running a query: a builder's .execute() (a transaction's .execute(callback) takes an argument),
  // its variants, and compiled queries.
  {
    name: 'running a built query (.execute(), .executeTakeFirst, .executeQuery)',
    pattern: /\.execute\(\s*\)|\.executeTakeFirst(OrThrow)?\s*\(|\.executeQuery\s*\(|\bCompiledQuery\./,
  },
  // better-sqlite3's own statements (the fast paths that bypass Kysely).
  { name: 'a prepared SQLite statement (.prepare)', pattern: /\.prepare\s*\(/ },
];
// And a value (not type-only) import from kysely: `sql`, expression helpers, raw query classes
// (see valueImportFromKysely).

const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'src/server');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** Where SQL may be written. */
function mayTouchDatabase(file: string): boolean {
  const rel = relative(file);
  if (rel.startsWith('src/server/db/') || rel.startsWith('src/server/jobs/')) return true;
  const base = path.basename(rel);
  return base === 'repository.ts' || base.endsWith('-repository.ts') || base === 'queries.ts';
}

/** The code without its comments (a doc comment may show a query). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** A non-type import from kysely, such as `import { sql }` or `import { type Kysely, sql }`. */
function valueImportFromKysely(code: string): string | undefined {
  for (const m of code.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]kysely['"]/g)) {
    const names = m[2]!
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    if (!m[1] && names.some((n) => !n.startsWith('type '))) return m[0].replace(/\s+/g, ' ');
  }
  return undefined;
}

/** Which markers a source text shows, each with the first line that shows it. */
function markersIn(text: string): string[] {
  const code = withoutComments(text);
  const lines = code.split('\n');
  const found: string[] = [];
  for (const { name, pattern } of MARKERS) {
    const match = pattern.exec(code);
    if (!match) continue;
    const line = code.slice(0, match.index).split('\n').length;
    found.push(`${name}: \`${lines[line - 1]!.trim()}\``);
  }
  const imported = valueImportFromKysely(code);
  if (imported) found.push(`a value import from kysely: \`${imported}\``);
  return found;
}

const violations = (file: string) => markersIn(readFileSync(file, 'utf8'));

describe('database access', () => {
  it('happens only in repositories and database infrastructure', () => {
    const offenders = sourceFiles(SERVER)
      .filter((file) => !mayTouchDatabase(file))
      .map((file) => ({ file: relative(file), markers: violations(file) }))
      .filter((o) => o.markers.length > 0);
    expect(
      offenders,
      'Move these queries into the module’s repository.ts (or a <part>-repository.ts) and call it:\n' +
        offenders.map((o) => `${o.file}\n  ${o.markers.join('\n  ')}`).join('\n'),
    ).toEqual([]);
  });

  it('recognises the ways code reaches the database, and not a transaction handed to a repository', () => {
    const flagged = [
      "const rows = await db.selectFrom('vendors').selectAll().execute();",
      "await tx\n  .updateTable('files')\n  .set({ keyId })",
      "await trx.deleteFrom('sessions').where('userId', '=', id).execute();",
      "db.insertInto('events').values(row)",
      'await sql`select 1`.execute(db);',
      'const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(db);',
      'q.orderBy(sql.ref(column))',
      "db.with('recent', (qb) => qb.selectFrom('events'))",
      'const row = await q.executeTakeFirstOrThrow();',
      'await query.execute();',
      'sqlite.prepare(text).run(params);',
      "import { sql } from 'kysely';",
      "import { type Kysely, sql } from 'kysely';",
    ];
    for (const text of flagged) expect(markersIn(text), text).not.toEqual([]);

    const clean = [
      'return db.transaction().execute(async (tx) => {\n  await repo.insert(tx, row);\n});',
      "import type { Kysely } from 'kysely';",
      "import { type Kysely, type Transaction } from 'kysely';",
      '/** Example: db.selectFrom(`users`) */\nconst users = await repo.listUsers(db, query);',
      '// await sql`select 1`.execute(db);',
      'const copy = list.with(0, value);',
      'const s = `a sql statement`;',
    ];
    for (const text of clean) expect(markersIn(text), text).toEqual([]);
  });

  it('allows SQL where the rule says', () => {
    const at = (rel: string) => path.join(ROOT, rel);
    expect(mayTouchDatabase(at('src/server/modules/vendors/repository.ts'))).toBe(true);
    expect(mayTouchDatabase(at('src/server/modules/quality/import-repository.ts'))).toBe(true);
    expect(mayTouchDatabase(at('src/server/modules/engagements/queries.ts'))).toBe(true);
    expect(mayTouchDatabase(at('src/server/db/backup.ts'))).toBe(true);
    expect(mayTouchDatabase(at('src/server/jobs/leases.ts'))).toBe(true);
    expect(mayTouchDatabase(at('src/server/modules/vendors/service.ts'))).toBe(false);
    expect(mayTouchDatabase(at('src/server/plugins/metrics.ts'))).toBe(false);
    expect(mayTouchDatabase(at('src/server/lib/repository-helpers.ts'))).toBe(false);
  });
});

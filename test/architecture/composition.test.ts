/**
 * The composition root (src/server/services.ts) only wires, in dependency order:
 * - inside createServices every module is a `const x = create…Module({...})`, and nothing else is
 *   declared there (no `let x … x!`, no helper functions);
 * - every reference to a module comes after that module's declaration, closures included, so a
 *   cycle cannot be written (a forward reference would only throw at run time, when called);
 * - the graph of modules and the modules each is given is the one drawn in docs/architecture.md
 *   between `<!-- modules:begin -->` and `<!-- modules:end -->`.
 * TypeScript 7 has no JavaScript parser API (only a scanner, and a parser behind its native
 * process), so this reads the file with the scanner and follows braces itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SyntaxKind } from 'typescript-native/unstable/ast';
import { createScanner } from 'typescript-native/unstable/ast/scanner';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const SERVICES = join(root, 'src', 'server', 'services.ts');
const ARCHITECTURE = join(root, 'docs', 'architecture.md');

interface Token {
  kind: SyntaxKind;
  text: string;
  /** 1-based line, for messages. */
  line: number;
}

/** Tokens after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set([
  SyntaxKind.OpenParenToken,
  SyntaxKind.OpenBracketToken,
  SyntaxKind.OpenBraceToken,
  SyntaxKind.CommaToken,
  SyntaxKind.EqualsToken,
  SyntaxKind.ColonToken,
  SyntaxKind.SemicolonToken,
  SyntaxKind.QuestionToken,
  SyntaxKind.ExclamationToken,
  SyntaxKind.AmpersandAmpersandToken,
  SyntaxKind.BarBarToken,
  SyntaxKind.QuestionQuestionToken,
  SyntaxKind.EqualsGreaterThanToken,
  SyntaxKind.ReturnKeyword,
]);

/** The file's tokens without trivia, template literals and regular expressions read whole. */
function tokenize(text: string): Token[] {
  const scanner = createScanner(true, 0, text);
  const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;
  const tokens: Token[] = [];
  // For each open brace: whether it opened a template substitution `${`.
  const braces: boolean[] = [];
  for (;;) {
    let kind = scanner.scan();
    if (kind === SyntaxKind.EndOfFile) break;
    if (kind === SyntaxKind.CloseBraceToken && braces.pop()) kind = scanner.reScanTemplateToken(false);
    else if (kind === SyntaxKind.OpenBraceToken) braces.push(false);
    if (kind === SyntaxKind.TemplateHead || kind === SyntaxKind.TemplateMiddle) braces.push(true);
    if (
      (kind === SyntaxKind.SlashToken || kind === SyntaxKind.SlashEqualsToken) &&
      (tokens.length === 0 || BEFORE_REGEX.has(tokens[tokens.length - 1]!.kind))
    )
      kind = scanner.reScanSlashToken();
    tokens.push({ kind, text: scanner.getTokenText(), line: lineOf(scanner.getTokenStart()) });
  }
  return tokens;
}

const OPENS: Partial<Record<SyntaxKind, SyntaxKind>> = {
  [SyntaxKind.OpenParenToken]: SyntaxKind.CloseParenToken,
  [SyntaxKind.OpenBraceToken]: SyntaxKind.CloseBraceToken,
  [SyntaxKind.OpenBracketToken]: SyntaxKind.CloseBracketToken,
};

/** The index of the token that closes the bracket opened at `open`. */
function closing(tokens: Token[], open: number): number {
  const stack: SyntaxKind[] = [];
  for (let i = open; i < tokens.length; i++) {
    const k = tokens[i]!.kind;
    const closer = OPENS[k];
    if (closer !== undefined) stack.push(closer);
    else if (
      k === SyntaxKind.CloseParenToken ||
      k === SyntaxKind.CloseBraceToken ||
      k === SyntaxKind.CloseBracketToken
    ) {
      if (stack.pop() !== k) throw new Error(`unbalanced ${tokens[i]!.text} on line ${tokens[i]!.line}`);
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`unclosed ${tokens[open]!.text} on line ${tokens[open]!.line}`);
}

interface Composition {
  /** Module constants in declaration order. */
  modules: string[];
  /** Each module and the modules its factory call refers to. */
  edges: Map<string, Set<string>>;
  /** What breaks the rules, one sentence each. */
  problems: string[];
}

/** Reads the body of `createServices` in a composition root's source. */
function analyse(source: string): Composition {
  const tokens = tokenize(source);
  const name = tokens.findIndex(
    (t, i) => t.text === 'createServices' && tokens[i - 1]?.kind === SyntaxKind.FunctionKeyword,
  );
  if (name < 0) throw new Error('no function createServices');
  const params = closing(tokens, name + 1);
  const bodyStart = tokens.findIndex((t, i) => i > params && t.kind === SyntaxKind.OpenBraceToken);
  const bodyEnd = closing(tokens, bodyStart);

  const problems: string[] = [];
  const declared = new Map<string, { at: number; end: number }>();
  const modules: string[] = [];
  // The top-level statements of the body: module declarations, `const { db } = database;`, the return.
  for (let i = bodyStart + 1; i < bodyEnd; i++) {
    const t = tokens[i]!;
    if (t.kind === SyntaxKind.ReturnKeyword) {
      i = bodyEnd;
      break;
    }
    if (t.kind !== SyntaxKind.ConstKeyword) {
      problems.push(`line ${t.line}: only const declarations of modules belong here, not "${t.text}"`);
      break;
    }
    const target = tokens[i + 1]!;
    if (target.kind === SyntaxKind.OpenBraceToken) {
      // Destructuring the core dependencies (`const { db } = database;`): no module call allowed.
      const end = tokens.findIndex((x, j) => j > i && x.kind === SyntaxKind.SemicolonToken);
      if (tokens.slice(i, end).some((x) => /^create\w*Module$/.test(x.text)))
        problems.push(`line ${t.line}: a module is made in a destructuring declaration`);
      i = end;
      continue;
    }
    const callee = tokens[i + 3];
    if (
      target.kind !== SyntaxKind.Identifier ||
      tokens[i + 2]?.kind !== SyntaxKind.EqualsToken ||
      !callee ||
      !/^create\w*Module$/.test(callee.text) ||
      tokens[i + 4]?.kind !== SyntaxKind.OpenParenToken
    ) {
      problems.push(`line ${t.line}: "const ${target.text}" is not made by a create…Module(…) call`);
      i = tokens.findIndex((x, j) => j > i && x.kind === SyntaxKind.SemicolonToken);
      continue;
    }
    const end = closing(tokens, i + 4);
    declared.set(target.text, { at: i + 1, end });
    modules.push(target.text);
    i = tokens[end + 1]?.kind === SyntaxKind.SemicolonToken ? end + 1 : end;
  }

  // Every use of a module name in the body, with the module declaration it sits in (if any).
  const edges = new Map(modules.map((m) => [m, new Set<string>()]));
  const owner = (i: number) => modules.find((m) => i > declared.get(m)!.at && i <= declared.get(m)!.end);
  for (let i = bodyStart + 1; i < bodyEnd; i++) {
    const t = tokens[i]!;
    const decl = declared.get(t.text);
    if (t.kind !== SyntaxKind.Identifier || !decl || i === decl.at) continue;
    const before = tokens[i - 1]!.kind;
    if (before === SyntaxKind.DotToken || before === SyntaxKind.QuestionDotToken) continue; // a property
    const after = tokens[i + 1]?.kind;
    if (
      after === SyntaxKind.ColonToken &&
      (before === SyntaxKind.OpenBraceToken || before === SyntaxKind.CommaToken)
    )
      continue; // an object literal's key
    if (i <= decl.end)
      problems.push(`line ${t.line}: ${t.text} is used before it is made (a forward reference)`);
    const from = owner(i);
    if (from) edges.get(from)!.add(t.text);
  }
  return { modules, edges, problems };
}

/** Arrows left out of the picture: nearly every module records its changes in the audit trail. */
const UNDRAWN = new Set(['audit']);

/** The graph as the Mermaid lines of docs/architecture.md: each module, then what it is given. */
function mermaidLines(c: Composition): string[] {
  const lines: string[] = [];
  for (const m of c.modules) {
    const to = [...c.edges.get(m)!]
      .filter((d) => !UNDRAWN.has(d))
      .sort((a, b) => c.modules.indexOf(a) - c.modules.indexOf(b));
    if (to.length === 0) lines.push(`  ${m}`);
    for (const d of to) lines.push(`  ${m} --> ${d}`);
  }
  return lines;
}

/** The nodes and edges of the Mermaid graph between the markers. */
function drawn(markdown: string) {
  const block = /<!-- modules:begin -->([\s\S]*?)<!-- modules:end -->/.exec(markdown)?.[1];
  if (!block)
    throw new Error('docs/architecture.md has no <!-- modules:begin --> … <!-- modules:end --> block');
  const mermaid = /```mermaid\n([\s\S]*?)```/.exec(block)?.[1];
  if (!mermaid) throw new Error('the modules block of docs/architecture.md has no ```mermaid graph');
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const raw of mermaid.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('%%') || /^graph\b/.test(line)) continue;
    const edge = /^(\w+)\s*-->\s*(\w+)$/.exec(line);
    if (edge) {
      nodes.add(edge[1]!).add(edge[2]!);
      edges.add(`${edge[1]} --> ${edge[2]}`);
    } else if (/^\w+$/.test(line)) nodes.add(line);
    else throw new Error(`the modules graph has a line this test does not read: "${line}"`);
  }
  return { nodes, edges };
}

describe('the composition root', () => {
  const composition = analyse(readFileSync(SERVICES, 'utf8'));

  it('makes every module with a create…Module call and refers to a module only after making it', () => {
    expect(composition.problems).toEqual([]);
    expect(composition.modules.length).toBeGreaterThan(20);
  });

  it('is drawn in docs/architecture.md as it is wired', () => {
    const { nodes, edges } = drawn(readFileSync(ARCHITECTURE, 'utf8'));
    const wired = mermaidLines(composition).map((l) => l.trim());
    const message = `the graph in docs/architecture.md differs from services.ts; the wired one is:\n${mermaidLines(composition).join('\n')}\n`;
    expect([...nodes].sort(), message).toEqual([...composition.modules].sort());
    expect([...edges].sort(), message).toEqual(wired.filter((l) => l.includes('-->')).sort());
  });
});

describe('the composition check', () => {
  const source = (body: string) => `export function createServices({ database }: CoreDeps) {\n${body}\n}`;

  it('finds the graph, closures and shorthand properties included, but not keys or properties', () => {
    const c = analyse(
      source(`const { db } = database;
  const audit = createAuditModule({ db });
  const files = createFilesModule({ db, audit, note: \`\${1}\`, re: /}/ });
  const vendors = createVendorsModule({ files: (id) => files.get(id), audit: x.audit });
  return { audit, files, vendors };`),
    );
    expect(c.problems).toEqual([]);
    expect(c.modules).toEqual(['audit', 'files', 'vendors']);
    expect(c.edges.get('files')).toEqual(new Set(['audit']));
    expect(mermaidLines(c)).toEqual(['  audit', '  files', '  vendors --> files']);
  });

  it('reports a forward reference inside a closure, a self-reference and a let', () => {
    const c = analyse(
      source(`const accounts = createAccountsModule({ vendorExists: (id) => vendors.exists(id) });
  const vendors = createVendorsModule({ self: () => vendors, accounts });
  let x;`),
    );
    expect(c.problems).toEqual([
      'line 4: only const declarations of modules belong here, not "let"',
      'line 2: vendors is used before it is made (a forward reference)',
      'line 3: vendors is used before it is made (a forward reference)',
    ]);
  });

  it('reports a constant that is not a module', () => {
    const c = analyse(source('const admins = async () => [];\n  return {};'));
    expect(c.problems).toEqual(['line 2: "const admins" is not made by a create…Module(…) call']);
  });
});

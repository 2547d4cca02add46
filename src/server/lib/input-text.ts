/**
 * Text the databases cannot store alike, and nesting no handler should have to recurse through.
 * PostgreSQL refuses NUL (U+0000) in text and in JSON ("invalid byte sequence", "unsupported
 * Unicode escape sequence") while SQLite keeps it; a UTF-16 surrogate without its pair is not
 * Unicode at all (PostgreSQL's jsonb refuses its escape, the drivers silently turn it into U+FFFD).
 * Both are refused at the edge, on every database, with the field named.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Objects and arrays inside one another in a request part, at most; no contract comes close. */
export const MAX_NESTING = 32;

/** Why a text cannot be taken, or null when it can. */
export function textProblem(text: string): string | null {
  return firstUnstorable(text)?.message ?? null;
}

function firstUnstorable(text: string): { index: number; message: string } | null {
  const m = UNSTORABLE.exec(text);
  if (!m) return null;
  return {
    index: m.index,
    message:
      m[0] === '\u0000'
        ? 'contains a NUL character (U+0000), which cannot be stored'
        : 'contains a lone UTF-16 surrogate (\\ud800–\\udfff without its pair), which is not Unicode',
  };
}

interface InputProblem {
  /** Keys from the root to the value (or the key) at fault. */
  path: string[];
  message: string;
}

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  // Plain objects, and the null-prototype kind query-string parsers make (fast-querystring's
  // objects have a prototype that itself has none).
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
};

/**
 * The first problem of a parsed request part (body, query, params) in document order: text that
 * cannot be stored, in a value or a key, or more than MAX_NESTING levels of nesting. Streams,
 * buffers and other objects are not looked into. Iterative, so no depth overflows the stack here.
 */
export function inputProblem(root: unknown): InputProblem | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: root, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const message = textProblem(value);
      if (message) return { path, message };
      continue;
    }
    if (!isContainer(value)) continue;
    if (path.length >= MAX_NESTING)
      return { path: path.slice(0, 1), message: `is nested more than ${MAX_NESTING} levels deep` };
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const keyMessage = textProblem(key);
      if (keyMessage) return { path, message: `has a field name that ${keyMessage}` };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

/** The 1-based line of a text's first character that cannot be stored, with why; null when none. */
export function lineProblem(text: string): { line: number; message: string } | null {
  const found = firstUnstorable(text);
  if (!found) return null;
  const breaks = text.slice(0, found.index).match(/\r\n|\r|\n/g)?.length ?? 0;
  return { line: 1 + breaks, message: found.message };
}

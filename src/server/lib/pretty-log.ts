/**
 * Request logs a person can read in a terminal. pino writes JSON lines; when standard output is a
 * TTY this stream turns each into one line — time, level, message, the request (method, path,
 * status, duration) and its id, then any other fields as key=value — and keeps writing JSON
 * otherwise (files, pipes, containers, log collectors). The JSON is formatted after pino has
 * serialised and redacted it, so nothing secret reaches the terminal that the JSON would not hold.
 * No dependency: pino-pretty is not installed (decision in the report of issue 17).
 */

const LEVELS: Record<number, { name: string; colour: string }> = {
  10: { name: 'TRACE', colour: '90' },
  20: { name: 'DEBUG', colour: '36' },
  30: { name: 'INFO ', colour: '32' },
  40: { name: 'WARN ', colour: '33' },
  50: { name: 'ERROR', colour: '31' },
  60: { name: 'FATAL', colour: '35' },
};

/** Fields shown in their own place, or left out as noise on a terminal. */
const SHOWN = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'msg',
  'reqId',
  'req',
  'res',
  'responseTime',
  'err',
]);

function value(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

/** One pino JSON line as a readable line (with ANSI colours when `colour`); other text unchanged. */
export function prettyLogLine(line: string, colour: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (entry === null || typeof entry !== 'object' || typeof entry.level !== 'number') return line;
  const paint = (code: string, text: string) => (colour ? `\u001b[${code}m${text}\u001b[39m` : text);
  const level = LEVELS[entry.level] ?? { name: String(entry.level).padEnd(5), colour: '39' };
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const parts = [paint('90', time), paint(level.colour, level.name), String(entry.msg ?? '')];
  const req = entry.req as { method?: string; url?: string } | undefined;
  if (req?.method) parts.push(`${req.method} ${req.url ?? ''}`);
  const res = entry.res as { statusCode?: number } | undefined;
  if (res?.statusCode !== undefined) {
    const code = res.statusCode >= 500 ? '31' : res.statusCode >= 400 ? '33' : '32';
    parts.push(paint(code, String(res.statusCode)));
  }
  if (typeof entry.responseTime === 'number') parts.push(`${entry.responseTime.toFixed(1)} ms`);
  if (entry.reqId !== undefined) parts.push(paint('90', `[${String(entry.reqId)}]`));
  for (const [k, v] of Object.entries(entry)) if (!SHOWN.has(k)) parts.push(`${k}=${value(v)}`);
  let out = parts.filter(Boolean).join(' ');
  const err = entry.err as { stack?: string; message?: string } | undefined;
  if (err) out += `\n${paint('31', err.stack ?? err.message ?? JSON.stringify(err))}`;
  return `${out}\n`;
}

interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/**
 * The stream request logs go to: a pretty one on a terminal, none (pino's JSON on standard
 * output) otherwise. `out` is standard output unless a test gives another.
 */
export function logStreamFor(out: Output = process.stdout): { write(line: string): void } | undefined {
  if (!out.isTTY) return undefined;
  const colour = !process.env.NO_COLOR;
  return {
    write(chunk: string) {
      // pino writes one line per call; split anyway, in case a chunk carries several.
      for (const line of chunk.split('\n')) if (line) out.write(prettyLogLine(line, colour));
    },
  };
}

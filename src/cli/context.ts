/**
 * What every command shares: the configuration, a database with the services built on it, and
 * one way to report problems. Commands call services in-process (no HTTP), acting as the system.
 */
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { type Config, ConfigError, loadConfig } from '../server/config';
import type { Database } from '../server/db/database';
import { AppError, type FieldError } from '../server/errors';
import type { Services } from '../server/services';

/** A failure the CLI explains itself; `exitCode` 2 means bad usage, 1 anything else. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

interface Context {
  config: Config;
  database: Database;
  services: Services;
}

/** The configuration from the environment; a bad variable is a usage error (exit 2). */
export function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 2);
    throw err;
  }
}

/** Where the data lives, without a password: for messages. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `sqlite at ${path.join(config.dataDir, 'outpost.sqlite')}`;
  try {
    const url = new URL(config.databaseUrl);
    return `postgres at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'postgres';
  }
}

/** Open the database (migrated unless told not to), run `fn` with the services, always close. */
export async function withContext<T>(
  fn: (ctx: Context) => Promise<T>,
  options: { config?: Config; migrate?: boolean } = {},
): Promise<T> {
  const config = options.config ?? readConfig();
  // Loaded on use: the database layer takes a second or two to load through tsx, which --help
  // and usage errors should not wait for.
  const [{ createDatabase }, { migrateToLatest }, { createServices }, { systemClock }] = await Promise.all([
    import('../server/db/database'),
    import('../server/db/migrate'),
    import('../server/services'),
    import('../server/lib/clock'),
  ]);
  const database = createDatabase(config);
  try {
    if (options.migrate ?? true) await migrateToLatest(database.db);
    const services = createServices({ database, clock: systemClock, config });
    return await fn({ config, database, services });
  } finally {
    await database.destroy();
  }
}

/** Field errors as the lines a person reads: `line 3: country must be …` or `email: must be …`. */
export function fieldLines(errors: readonly FieldError[]): string[] {
  return errors.map((e) => `${e.line !== undefined ? `line ${e.line}: ` : ''}${e.field} ${e.message}`);
}

/** Turn zod issues into field errors keyed by the CLI's option names. */
export function issuesToFields(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
  names: Record<string, string> = {},
): FieldError[] {
  return issues.map((i) => {
    const key = i.path.map(String).join('.') || 'input';
    return { field: names[key] ?? key, message: i.message };
  });
}

/** Print what went wrong and answer the exit code. */
export function report(err: unknown, json: boolean): number {
  if (err instanceof CliError) {
    if (json) console.error(JSON.stringify({ error: err.message, details: err.details }));
    else console.error([`Error: ${err.message}`, ...err.details.map((d) => `  ${d}`)].join('\n'));
    return err.exitCode;
  }
  if (err instanceof AppError) {
    const detail = err.status >= 500 ? 'Internal error.' : err.message;
    if (json) {
      console.error(JSON.stringify({ status: err.status, type: err.code, detail, errors: err.errors ?? [] }));
    } else {
      // The detail of a validation problem already lists the fields; print them one per line instead.
      const lines = err.errors?.length ? fieldLines(err.errors) : [];
      const head = err.status === 422 ? 'The input is not valid:' : detail;
      console.error([`Error: ${head}`, ...lines.map((l) => `  ${l}`)].join('\n'));
    }
    return 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  console.error(json ? JSON.stringify({ error: message }) : `Error: ${message}`);
  if (process.env.OUTPOST_DEBUG && err instanceof Error) console.error(err.stack);
  return 1;
}

/** A progress bar on standard error, shown only to a person at a terminal. */
export function progress(enabled: boolean) {
  const show = enabled && process.stderr.isTTY === true;
  const bar = show
    ? new SingleBar({
        format: '{bar} {value}/{total} {label}',
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
      })
    : null;
  let started = false;
  return {
    update(done: number, total: number, label: string) {
      if (!bar) return;
      if (!started) {
        bar.start(total, 0, { label: '' });
        started = true;
      }
      bar.update(done, { label });
    },
    stop() {
      if (bar && started) bar.stop();
    },
  };
}

/** A plain text table with a header row, for people; scripts use --json. */
export function table(rows: ReadonlyArray<Record<string, string>>, columns: Record<string, string>): string {
  const keys = Object.keys(columns);
  const widths = keys.map((k) => Math.max(columns[k]!.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(keys.map((k) => columns[k]!)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(keys.map((k) => r[k] ?? ''))),
  ].join('\n');
}

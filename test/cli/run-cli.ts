import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/server/config';
import { createDatabase } from '../../src/server/db/database';
import { systemClock } from '../../src/server/lib/clock';
import { createServices, type Services } from '../../src/server/services';

const BIN = path.resolve('bin/outpost.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `outpost` as a child process, the way a person or a script would, against `dataDir` on SQLite. */
export function runCli(
  args: string[],
  options: { dataDir: string; input?: string; env?: Record<string, string> },
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, OUTPOST_DATA_DIR: options.dataDir, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  delete env.OUTPOST_PASSWORD;
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Open the same SQLite file the CLI wrote, run `fn` with the services, close again. */
export async function withServices<T>(dataDir: string, fn: (s: Services) => Promise<T>): Promise<T> {
  const config = loadConfig({ OUTPOST_DATA_DIR: dataDir } as NodeJS.ProcessEnv);
  const database = createDatabase(config);
  try {
    return await fn(createServices({ database, clock: systemClock, config }));
  } finally {
    await database.destroy();
  }
}

/** A fresh data directory for one test file; removed by the returned function. */
export function tempDataDir(prefix = 'outpost-cli-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

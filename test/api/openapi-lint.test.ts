/**
 * An independent lint of the live API document: the installed @redocly/cli (2.77.0) with its
 * recommended rules, run on what a running test server answers over HTTP, offline (telemetry and
 * the update check off, and every non-loopback connection refused by test/helpers/no-network.cjs).
 * It lints whatever the document holds, so routes added later are held to the same rules.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
const NO_NETWORK = fileURLToPath(new URL('../helpers/no-network.cjs', import.meta.url));

// The document does not depend on the database, so SQLite alone serves.
describe('redocly lint of the live OpenAPI document', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'outpost-lint-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports no error and no warning under the recommended rules', async () => {
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${base}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    writeFileSync(join(dir, 'openapi.json'), await res.text());
    // Our own configuration, so that no redocly.yaml of the machine is picked up.
    writeFileSync(join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
      CI: 'true',
    };
    const out = await run(
      process.execPath,
      ['--require', NO_NETWORK, CLI, 'lint', 'openapi.json', '--format=json', '--max-problems=100000'],
      { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 },
    ).catch((e: { stdout: string; stderr: string; code: number }) => e);
    expect(out.stderr).not.toContain('network blocked');
    const report = JSON.parse(out.stdout) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }>;
    };
    const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect((out as { code?: number }).code ?? 0).toBe(0);
  }, 240_000);
});

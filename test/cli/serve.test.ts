import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/demo/catalogue';
import { tempDataDir } from './run-cli';

describe('outpost serve --demo (SQLite, as a child process)', () => {
  const data = tempDataDir('outpost-serve-');
  afterAll(data.remove);

  it('loads the demo into an empty database, prints the logins, serves, and stops cleanly on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OUTPOST_DATA_DIR: data.dir,
      OUTPOST_WEB_DIR: path.join(data.dir, 'no-web'),
      PORT: '0',
      LOG_LEVEL: 'silent',
    };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [path.resolve('bin/outpost.js'), 'serve', '--demo'], { env });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          stdout += d;
          // The logins table follows the listening line; wait until it has been written.
          const m =
            /Outpost is listening on (http:\/\/\S+) \(database: sqlite at .+\)[\s\S]*vendor\.vistula/.exec(
              stdout,
            );
          if (m) resolve(m[1]!);
        });
        void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
      });
      expect(stdout).toContain('Demo data loaded: 8 users, 12 vendors');
      expect(stdout).toMatch(/auditor\s+auditor@demo\.outpost\.local\s+outpost-demo-2026/);

      const health = await fetch(`${url}/api/v1/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'sqlite' });
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'vendor.manila@demo.outpost.local', password: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(200);
      const session = (await login.json()) as { user: { role: string; vendorId: string } };
      expect(session.user).toMatchObject({ role: 'vendor', vendorId: expect.stringMatching(/^vnd_/) });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // The demo's eighteen months of history load before the server listens.
  }, 180_000);
});

import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir, withServices } from './run-cli';

describe('outpost migrate, user and token commands (SQLite, as a child process)', () => {
  const data = tempDataDir();
  afterAll(data.remove);
  const cli = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
    runCli(args, { dataDir: data.dir, ...options });

  it('migrates and says which migrations ran, then that none had to', async () => {
    const first = await cli(['migrate']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Ran \d+ migrations?:/);
    expect(first.stdout).toContain('foundation');
    const again = await cli(['migrate', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ database: 'sqlite', ran: [] });
  });

  it('creates a user with the password from stdin, resets it, and only the new one signs in', async () => {
    const created = await cli(
      ['user', 'create', '--name', 'Ana Diaz', '--email', 'Ana@Example.com', '--role', 'manager', '--json'],
      { input: 'first long passphrase\n' },
    );
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ email: 'ana@example.com', role: 'manager' });

    const [duplicate, reset] = [
      await cli(['user', 'create', '--name', 'Ana', '--email', 'ana@example.com', '--role', 'viewer'], {
        env: { OUTPOST_PASSWORD: 'another long passphrase' },
      }),
      await cli(['user', 'reset-password', '--email', 'ana@example.com'], {
        env: { OUTPOST_PASSWORD: 'second long passphrase' },
      }),
    ];
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('A user with this email already exists');
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('is reset');

    await withServices(data.dir, async (s) => {
      const meta = { requestId: null, ip: '10.0.0.1' };
      await expect(s.accounts.login('ana@example.com', 'first long passphrase', meta)).rejects.toMatchObject({
        status: 401,
      });
      const ok = await s.accounts.login('ana@example.com', 'second long passphrase', meta);
      expect(ok.user.email).toBe('ana@example.com');
    });
  });

  it('refuses an easy password and, on reset, the current one (NIST SP 800-63B), naming the field', async () => {
    const [weak, own, same] = await Promise.all([
      cli(['user', 'create', '--name', 'Bo', '--email', 'bo@example.com', '--role', 'viewer'], {
        env: { OUTPOST_PASSWORD: 'password1234' },
      }),
      cli(['user', 'reset-password', '--email', 'ana@example.com', '--password', 'ana@example.com']),
      cli(['user', 'reset-password', '--email', 'ana@example.com'], {
        env: { OUTPOST_PASSWORD: 'second long passphrase' },
      }),
    ]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain(
      'password is too easy to guess. This is similar to a commonly used password.',
    );
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('password is too easy to guess.');
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('password must differ from the current password');
    await withServices(data.dir, async (s) => {
      expect(await s.accounts.findUserByEmail('bo@example.com')).toBeUndefined();
      const ok = await s.accounts.login('ana@example.com', 'second long passphrase', {
        requestId: null,
        ip: null,
      });
      expect(ok.user.email).toBe('ana@example.com');
    });
  });

  it('reports every invalid field with exit 1 and changes nothing', async () => {
    const [fields, vendorless, unknown] = await Promise.all([
      cli([
        'user',
        'create',
        '--name',
        ' ',
        '--email',
        'not-an-email',
        '--role',
        'boss',
        '--password',
        'short',
      ]),
      cli([
        'user',
        'create',
        '--name',
        'V',
        '--email',
        'v@example.com',
        '--role',
        'vendor',
        '--password',
        'x'.repeat(12),
      ]),
      cli(['user', 'reset-password', '--email', 'nobody@example.com', '--password', 'x'.repeat(12)]),
    ]);
    expect(fields.code).toBe(1);
    expect(fields.stderr).toContain('name is required');
    expect(fields.stderr).toContain('email must be an email address');
    expect(fields.stderr).toContain('password must be at least 12 characters');
    expect(fields.stderr).toMatch(/role .*"manager"/);
    expect(vendorless.code).toBe(1);
    expect(vendorless.stderr).toContain('vendor is required for the vendor role');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no user with the email nobody@example.com');
    await withServices(data.dir, async (s) => {
      expect(await s.accounts.findUserByEmail('v@example.com')).toBeUndefined();
    });
  });

  it('creates an API token that belongs to the user and prints it once', async () => {
    const create = (...args: string[]) => cli(['token', 'create', '--email', 'ana@example.com', ...args]);
    const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const [plain, json, past, badScope, noScope, tooFar] = await Promise.all([
      create('--name', 'nightly export', '--scope', 'read', '--expires', day(30)),
      create('--name', 'ci', '--scope', 'write', '--json'),
      create('--name', 'old', '--scope', 'read', '--expires', '2001-01-01'),
      create('--name', 'admin', '--scope', 'admin'),
      create('--name', 'unscoped'),
      create('--name', 'forever', '--scope', 'read', '--expires', day(400)),
    ]);
    expect(plain.code, plain.stderr).toBe(0);
    const token = plain.stdout.trim();
    expect(token).toMatch(/^opt_\S+$/);
    expect(plain.stderr).toContain('shown only this once');
    expect(plain.stderr).toContain(`${day(30)}T00:00:00.000Z`);
    expect(plain.stderr).toContain('Created read token');
    expect(JSON.parse(json.stdout)).toMatchObject({
      id: expect.stringMatching(/^tok_/),
      name: 'ci',
      scope: 'write',
    });
    // No date given: 90 days from now (decision 89).
    const defaultExpiry = Date.parse(JSON.parse(json.stdout).expiresAt) - (Date.now() + 90 * 86_400_000);
    expect(Math.abs(defaultExpiry)).toBeLessThan(10 * 60_000);
    expect(tooFar.code).toBe(1);
    expect(tooFar.stderr).toContain('must be at most 366 days ahead');
    expect(past.code).toBe(1);
    expect(past.stderr).toContain('expires must be in the future');
    // The scope is chosen, never assumed: an unknown one is named, a missing one is bad usage.
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toContain('scope must be read or write');
    expect(noScope.code).not.toBe(0);
    expect(noScope.stderr).toContain('--scope');

    await withServices(data.dir, async (s) => {
      const found = await s.accounts.resolveToken(token);
      if (!found || !('user' in found)) throw new Error('the token does not resolve');
      expect(found.scope).toBe('read');
      const user = found.user;
      expect(user?.email).toBe('ana@example.com');
      const tokens = await s.accounts.listTokens({
        id: user!.id,
        name: user!.name,
        role: 'manager',
        vendorId: null,
        requestId: null,
        ip: null,
      });
      expect(tokens.map((t) => [t.name, t.scope]).sort()).toEqual([
        ['ci', 'write'],
        ['nightly export', 'read'],
      ]);
    });
  });
});

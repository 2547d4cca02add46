import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from './run-cli';

describe('outpost CLI usage', () => {
  const data = tempDataDir();
  afterAll(data.remove);
  const cli = (...args: string[]) => runCli(args, { dataDir: data.dir });

  it('answers --help with exit 0 on every level', async () => {
    const [top, group, sub] = await Promise.all([
      cli('--help'),
      cli('vendors', '--help'),
      cli('vendors', 'import', '--help'),
    ]);
    expect(top.code).toBe(0);
    for (const name of ['serve', 'migrate', 'user', 'token', 'demo', 'vendors'])
      expect(top.stdout).toContain(name);
    expect(top.stdout).toContain('Exit codes: 0 ok, 1 failure, 2 bad usage');
    expect(group.code).toBe(0);
    expect(group.stdout).toMatch(/import .*\n[\s\S]*export/);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('<file>');
  });

  it('answers bad usage with exit 2 and says what is wrong', async () => {
    const [unknownOption, unknownCommand, missing, bareGroup] = await Promise.all([
      cli('migrate', '--bogus'),
      cli('nonsense'),
      cli('user', 'create', '--name', 'X', '--email', 'x@example.com'),
      cli('user'),
    ]);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--bogus'");
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain("unknown command 'nonsense'");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--role <role>' not specified");
    expect(bareGroup.code).toBe(2);
    expect(bareGroup.stderr).toContain('reset-password');
  });

  it('answers a bad environment variable with exit 2 and names it', async () => {
    const res = await runCli(['migrate'], { dataDir: data.dir, env: { PORT: 'eighty' } });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Invalid configuration');
    expect(res.stderr).toContain('PORT');
  });
});

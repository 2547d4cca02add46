import { afterAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/policy';
import { runCli, tempDataDir, withServices } from './run-cli';

describe('outpost demo (SQLite, as a child process)', () => {
  const data = tempDataDir('outpost-demo-');
  const other = tempDataDir('outpost-demo-');
  afterAll(() => {
    data.remove();
    other.remove();
  });

  const vendorCount = () =>
    withServices(
      data.dir,
      async (s) => (await s.vendors.list(systemActor(), { limit: 200, sort: 'name' })).items.length,
    );

  it('loads the demo data and prints the logins; --force again duplicates nothing', async () => {
    const first = await runCli(['demo'], { dataDir: data.dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Demo data loaded');
    for (const role of ['owner', 'admin', 'manager', 'viewer', 'auditor', 'vendor']) {
      expect(first.stdout).toMatch(
        new RegExp(`^${role}\\s+\\S+@demo\\.outpost\\.local\\s+outpost-demo-2026`, 'm'),
      );
    }
    expect(await vendorCount()).toBe(12);

    const [again, forced] = [
      await runCli(['demo'], { dataDir: data.dir }),
      await runCli(['demo', '--force', '--json'], { dataDir: data.dir }),
    ];
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('already loaded');
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).created).toEqual({
      users: 0,
      vendors: 0,
      contacts: 0,
      statusChanges: 0,
      engagements: 0,
      measurements: 0,
      invoices: 0,
    });
    expect(await vendorCount()).toBe(12);
    // Three runs of a child process, the first loading eighteen months of history.
  }, 180_000);

  it('refuses to load into a database that has other users', async () => {
    const created = await runCli(
      ['user', 'create', '--name', 'Real Owner', '--email', 'real@example.com', '--role', 'owner'],
      { dataDir: other.dir, env: { OUTPOST_PASSWORD: 'a real long password' } },
    );
    expect(created.code, created.stderr).toBe(0);
    const refused = await runCli(['demo'], { dataDir: other.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already has users, so the demo data set was not loaded');
    expect(refused.stderr).toContain('--force');
  });
});

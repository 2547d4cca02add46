import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/policy';
import { runCli, tempDataDir, withServices } from './run-cli';

describe('outpost vendors import and export (SQLite, as a child process)', () => {
  const data = tempDataDir();
  const cli = (...args: string[]) => runCli(args, { dataDir: data.dir });
  afterAll(data.remove);
  beforeAll(async () => {
    const migrated = await cli('migrate');
    expect(migrated.code, migrated.stderr).toBe(0);
    await withServices(data.dir, (s) =>
      s.accounts.createUserAsSystem(systemActor('test'), {
        name: 'Ana Diaz',
        email: 'ana@example.com',
        password: 'a long passphrase',
        role: 'manager',
      }),
    );
  });

  it('imports a good CSV, refuses one with a bad row in the middle as a whole, and exports', async () => {
    const good = path.join(data.dir, 'good.csv');
    writeFileSync(
      good,
      'name,country,services,owner_email\nAlpha Care,PH,customer service,ana@example.com\nBeta Books,PT,accounting;payroll,\n',
    );
    const imported = await cli('vendors', 'import', good);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('2 created, 0 updated');

    const bad = path.join(data.dir, 'bad.csv');
    writeFileSync(
      bad,
      'name,country,languages\nGamma Payroll,PL,pl\nDelta,XX,en\nEpsilon IT,IN,en\nZeta,US,not a tag\n',
    );
    const [refused, refusedJson, missing] = await Promise.all([
      cli('vendors', 'import', bad),
      cli('vendors', 'import', bad, '--json'),
      cli('vendors', 'import', path.join(data.dir, 'none.csv')),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The CSV has 2 problems; nothing was imported.');
    expect(refused.stderr).toContain('line 3: country must be an ISO 3166-1 alpha-2 country code');
    expect(refused.stderr).toContain('line 5: languages must be a BCP 47 language tag');
    expect(refusedJson.code).toBe(1);
    expect(JSON.parse(refusedJson.stderr).errors.map((e: { line: number }) => e.line)).toEqual([3, 5]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no file');

    const exported = await cli('vendors', 'export');
    expect(exported.code, exported.stderr).toBe(0);
    const rows = parse(exported.stdout, { columns: true }) as Array<Record<string, string>>;
    // Gamma Payroll, on the good line before the bad one, was not written either.
    expect(rows.map((r) => r.name)).toEqual(['Alpha Care', 'Beta Books']);
    expect(rows[0]).toMatchObject({ country: 'PH', owner_email: 'ana@example.com', status: 'prospect' });
    expect(rows[1]).toMatchObject({ services: 'accounting;payroll', timezone: 'Europe/Lisbon' });

    const file = path.join(data.dir, 'out.csv');
    const toFile = await cli('vendors', 'export', '--output', file);
    expect(toFile.code, toFile.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(exported.stdout);

    // An export imports back as updates of the same vendors.
    const roundTrip = await cli('vendors', 'import', file, '--json');
    expect(roundTrip.code, roundTrip.stderr).toBe(0);
    expect(JSON.parse(roundTrip.stdout)).toEqual({ created: 0, updated: 2 });
  });
});

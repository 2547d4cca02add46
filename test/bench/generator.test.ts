import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/data';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createTestDatabase, dialects, type TestDatabase } from '../helpers/databases';

const SIZE = { vendors: 6, engagements: 9, months: 2, perKpiDay: 2, seed: 42, lastMonth: '2027-03' };

async function count(db: TestDatabase, table: string) {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
    db.database.db,
  );
  return Number(rows[0]!.n);
}

async function fingerprint(db: TestDatabase) {
  const d = db.database.db;
  const vendors = await d
    .selectFrom('vendors')
    .select(['id', 'name', 'country', 'timezone'])
    .orderBy('id')
    .execute();
  const engagements = await d
    .selectFrom('engagements')
    .select(['id', 'vendorId', 'title'])
    .orderBy('id')
    .execute();
  const measurements = await d
    .selectFrom('measurements')
    .select(['kpiId', 'at', 'value', 'numerator'])
    .orderBy('kpiId')
    .orderBy('at')
    .execute();
  return { vendors, engagements, measurements: measurements.map((m) => Object.values(m).join('|')) };
}

describe.each(dialects)('bench data generator on %s', (dialect) => {
  const open: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of open) await db.cleanup();
  });

  it('writes the rows it says, the same ones for the same seed, and the app reads them', async () => {
    const a = await createTestDatabase(dialect);
    const b = await createTestDatabase(dialect);
    const c = await createTestDatabase(dialect);
    open.push(a, b, c);
    const first = await generate(a.database, SIZE);
    const second = await generate(b.database, SIZE);
    const other = await generate(c.database, { ...SIZE, seed: 43 });

    // Row counts: what the summary says is in the tables.
    expect(first.rows.vendors).toBe(6);
    expect(first.rows.engagements).toBe(9);
    expect(first.rows.vendorContacts).toBe(12);
    expect(first.rows.sowVersions).toBe(9);
    expect(first.rows.slaPeriods).toBe(9); // one closed month each
    expect(first.rows.invoices).toBe(9);
    expect(first.rows.users).toBe(6 + 6); // every staff role, and a vendor user per vendor (up to 20)
    for (const [table, n] of Object.entries(first.rows)) {
      const name = table.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
      expect(await count(a, name), table).toBe(n);
    }
    // 2 months (Feb + Mar 2027 = 59 days) × 2 per KPI-day × 3 to 6 KPIs per engagement.
    expect(first.rows.measurements! % (59 * 2)).toBe(0);
    expect(first.rows.measurements).toBeGreaterThanOrEqual(9 * 3 * 59 * 2);
    expect(first.rows.measurements).toBeLessThanOrEqual(9 * 6 * 59 * 2);
    const roles = new Set(first.users.map((u) => u.role));
    expect([...roles].sort()).toEqual(['admin', 'auditor', 'manager', 'owner', 'vendor', 'viewer']);

    // Determinism: the same seed gives the same ids and rows; another seed does not.
    expect(second.token).toBe(first.token);
    expect(await fingerprint(b)).toEqual(await fingerprint(a));
    expect(other.token).not.toBe(first.token);
    expect((await fingerprint(c)).vendors.map((v) => v.id)).not.toEqual(
      (await fingerprint(a)).vendors.map((v) => v.id),
    );
    for (const v of (await fingerprint(a)).vendors) expect(v.id).toMatch(/^vnd_[0-9A-HJKMNP-TV-Z]{26}$/);

    // The data is the app's: the token signs in, the engagement and its live SLA month answer.
    const config = loadConfig(
      {
        LOG_LEVEL: 'silent',
        OUTPOST_DATA_DIR: a.dataDir,
        OUTPOST_WEB_DIR: '/nonexistent',
        OUTPOST_SCHEDULER: 'off',
      } as never,
      { secret: 'test-secret-test-secret-test-secret-1234' },
    );
    const app = await buildApp(config, { database: a.database, logger: false });
    try {
      const headers = { authorization: `Bearer ${first.token}` };
      const id = first.sample.engagementIds[0]!;
      const eng = await app.inject({ method: 'GET', url: `/api/v1/engagements/${id}`, headers });
      expect(eng.statusCode, eng.body).toBe(200);
      expect(eng.json().status).toBe('active');
      const sla = await app.inject({
        method: 'GET',
        url: `/api/v1/engagements/${id}/sla?period=2027-03`,
        headers,
      });
      expect(sla.statusCode, sla.body).toBe(200);
      expect(sla.json().kpis.length).toBeGreaterThanOrEqual(3);
      const country = first.sample.countries[0]!;
      const list = await app.inject({
        method: 'GET',
        url: `/api/v1/vendors?country=${country}&sort=name`,
        headers,
      });
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items.every((v: { country: string }) => v.country === country)).toBe(true);
      const portfolio = await app.inject({
        method: 'GET',
        url: '/api/v1/quality/portfolio?period=2027-02',
        headers,
      });
      expect(portfolio.statusCode, portfolio.body).toBe(200);
    } finally {
      await app.close();
    }
  });
});

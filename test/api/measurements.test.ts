import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { approvedEngagement, type QualityEngagement } from './quality-fixture';

const V1 = '/api/v1';

describe.each(dialects)('KPI measurements on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let vendorUserA: Session;
  let eA: QualityEngagement;
  let eB: QualityEngagement;

  const count = async (engagementId: string) => {
    const row = await t.db.database.db
      .selectFrom('measurements')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('engagementId', '=', engagementId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const post = (e: string, items: unknown[], as = manager, headers: Record<string, string> = {}) =>
    t.call('POST', `${V1}/engagements/${e}/measurements`, { as, body: { items }, headers });
  const csv = (text: string, as = manager) =>
    t.call('POST', `${V1}/measurements/import`, { as, raw: text, headers: { 'content-type': 'text/csv' } });

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: fakeClock('2027-03-20T12:00:00Z') });
    owner = await t.owner();
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    const vendorA = await t.vendor({ name: 'Manila Care', country: 'PH' });
    const vendorB = await t.vendor({ name: 'Krakow Desk', country: 'PL' });
    vendorUserA = await t.user('vendor', vendorA.id);
    eA = await approvedEngagement(t, owner, vendorA.id);
    eB = await approvedEngagement(t, owner, vendorB.id);
  });
  afterAll(() => t?.close());

  it('adds a batch and answers 201 { inserted }', async () => {
    const res = await post(eA.id, [
      { kpiId: eA.kpi.asa, at: '2027-03-02T10:00:00+01:00', value: 12 },
      { kpiId: eA.kpi.sl, at: '2027-03-02T10:00:00Z', numerator: 80, denominator: 100, externalId: 'iv-1' },
      {
        kpiId: eA.kpi.sl,
        at: '2027-03-02T11:00:00Z',
        numerator: 70,
        denominator: 100,
        source: 'vendor',
        externalId: 'iv-1',
      },
    ]);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({ inserted: 3 });
    const stored = await t.db.database.db
      .selectFrom('measurements')
      .selectAll()
      .where('engagementId', '=', eA.id)
      .orderBy('at')
      .execute();
    expect(stored.map((m) => [m.at, m.source])).toEqual([
      ['2027-03-02T09:00:00.000Z', 'client'],
      ['2027-03-02T10:00:00.000Z', 'client'],
      ['2027-03-02T11:00:00.000Z', 'vendor'],
    ]);
  });

  it('checks every item and names each bad one; nothing is written', async () => {
    const before = await count(eA.id);
    const res = await post(eA.id, [
      { kpiId: eA.kpi.asa, at: '2027-03-03T10:00:00Z', value: 10 },
      { kpiId: 'kpi_nope', at: '2027-03-03T10:00:00Z', value: 10 },
      { kpiId: eA.kpi.sl, at: '2027-03-03T10:00:00Z', value: 80 },
      { kpiId: eA.kpi.sl, at: '2027-03-03T10:00:00Z', numerator: 1, denominator: 0 },
      { kpiId: eA.kpi.asa, at: '2027-03-03T10:00:00Z' },
      { kpiId: eB.kpi.asa, at: '2027-03-03T10:00:00Z', value: 1 },
    ]);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'items.1.kpiId',
      'items.2.value',
      'items.2.numerator',
      'items.2.denominator',
      'items.3.denominator',
      'items.4.value',
      'items.5.kpiId',
    ]);
    const shape = await post(eA.id, [{ kpiId: eA.kpi.asa, at: 'yesterday', value: 'ten', extra: 1 }]);
    expect(shape.status).toBe(422);
    expect(shape.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['items.0.at', 'items.0.value', 'items.0.extra']),
    );
    const empty = await post(eA.id, []);
    expect(empty.status).toBe(422);
    expect(await count(eA.id)).toBe(before);
  });

  it('rejects duplicates by (kpi, source, external id), in the batch or stored, naming the item', async () => {
    const before = await count(eA.id);
    const inBatch = await post(eA.id, [
      { kpiId: eA.kpi.asa, at: '2027-03-04T10:00:00Z', value: 1, externalId: 'x-1' },
      { kpiId: eA.kpi.asa, at: '2027-03-04T11:00:00Z', value: 2, externalId: 'x-1' },
    ]);
    expect(inBatch.status).toBe(422);
    expect(inBatch.body.errors).toEqual([
      { field: 'items.1.externalId', message: expect.stringContaining('items.0') },
    ]);
    const stored = await post(eA.id, [
      { kpiId: eA.kpi.asa, at: '2027-03-04T10:00:00Z', value: 1, externalId: 'fresh' },
      { kpiId: eA.kpi.sl, at: '2027-03-04T10:00:00Z', numerator: 1, denominator: 2, externalId: 'iv-1' },
    ]);
    expect(stored.status).toBe(422);
    expect(stored.body.errors).toEqual([
      { field: 'items.1.externalId', message: expect.stringContaining('already stored') },
    ]);
    // The same external id under the other source, or without one, is a different measurement.
    const ok = await post(eA.id, [
      { kpiId: eA.kpi.asa, at: '2027-03-04T10:00:00Z', value: 1 },
      { kpiId: eA.kpi.asa, at: '2027-03-04T10:00:00Z', value: 1 },
    ]);
    expect(ok.status).toBe(201);
    expect(await count(eA.id)).toBe(before + 2);
  });

  it('counts a retried batch with the same Idempotency-Key once; another body with that key is 422', async () => {
    const before = await count(eA.id);
    const items = [{ kpiId: eA.kpi.asa, at: '2027-03-05T10:00:00Z', value: 5 }];
    const headers = { 'idempotency-key': 'batch-2027-03-05' };
    const first = await post(eA.id, items, manager, headers);
    const retry = await post(eA.id, items, manager, headers);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(await count(eA.id)).toBe(before + 1);
    const other = await post(eA.id, [{ ...items[0], value: 6 }], manager, headers);
    expect(other.status).toBe(422);
    expect(other.body.errors[0].field).toBe('Idempotency-Key');
    expect(await count(eA.id)).toBe(before + 1);
    // The key belongs to the engagement: the same key elsewhere is a new batch.
    const elsewhere = await post(
      eB.id,
      [{ kpiId: eB.kpi.asa, at: '2027-03-05T10:00:00Z', value: 5 }],
      manager,
      headers,
    );
    expect(elsewhere.status).toBe(201);
  });

  it('lets a vendor user report for their own engagement only, always as the vendor', async () => {
    const res = await post(
      eA.id,
      [{ kpiId: eA.kpi.asa, at: '2027-03-06T10:00:00Z', value: 9, source: 'client', externalId: 'v-1' }],
      vendorUserA,
    );
    expect(res.status, res.text).toBe(201);
    const row = await t.db.database.db
      .selectFrom('measurements')
      .select('source')
      .where('externalId', '=', 'v-1')
      .executeTakeFirstOrThrow();
    expect(row.source).toBe('vendor');
    const before = await count(eB.id);
    const other = await post(
      eB.id,
      [{ kpiId: eB.kpi.asa, at: '2027-03-06T10:00:00Z', value: 9 }],
      vendorUserA,
    );
    expect(other.status).toBe(404);
    expect(
      (await csv(`engagement,kpi,at,value\n${eB.id},${eB.kpi.asa},2027-03-06T10:00:00Z,1\n`, vendorUserA))
        .status,
    ).toBe(422);
    expect(await count(eB.id)).toBe(before);
    expect(
      (await post(eA.id, [{ kpiId: eA.kpi.asa, at: '2027-03-06T10:00:00Z', value: 9 }], viewer)).status,
    ).toBe(403);
    expect(
      (await t.call('POST', `${V1}/engagements/${eA.id}/measurements`, { body: { items: [] } })).status,
    ).toBe(401);
    expect(
      (await post('eng_01JD3ZQ8N0000000000000000', [{ kpiId: 'k', at: '2027-03-06T10:00:00Z', value: 1 }]))
        .status,
    ).toBe(404);
  });

  it('imports CSV by KPI id or exact name and reports bad rows with their line numbers', async () => {
    const before = await count(eA.id);
    const good = await csv(
      'engagement,kpi,at,value,numerator,denominator,source,external_id\n' +
        `${eA.id},Average speed of answer,2027-03-07T10:00:00Z,14,,,,c-1\n` +
        `${eA.id},${eA.kpi.sl},2027-03-07T10:00:00+01:00,,9,10,vendor,\n`,
    );
    expect(good.status, good.text).toBe(201);
    expect(good.body).toEqual({ inserted: 2 });
    expect(await count(eA.id)).toBe(before + 2);
    const bad = await csv(
      'engagement,kpi,at,value,numerator,denominator,source,external_id\n' +
        `${eA.id},Average speed of answer,2027-03-07T10:00:00Z,14,,,,c-2\n` +
        `${eA.id},average speed of answer,2027-03-07T10:00:00Z,14,,,,\n` +
        `${eA.id},${eA.kpi.asa},07/03/2027,14,,,,\n` +
        `${eA.id},${eA.kpi.asa},2027-03-07T10:00:00Z,fast,,,,\n` +
        `${eA.id},${eA.kpi.asa},2027-03-07T10:00:00Z,3,,,both,\n` +
        `${eA.id},${eA.kpi.asa},2027-03-07T10:00:00Z,3,,,,c-1\n` +
        `${eA.id},${eA.kpi.asa},2027-03-07T10:00:00Z,3,,,,c-2\n`,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { line: number; field: string }) => `${e.line} ${e.field}`)).toEqual([
      '3 kpi',
      '4 at',
      '5 value',
      '6 source',
      '7 external_id',
      '8 external_id',
    ]);
    expect(bad.body.detail).toContain('6 problems');
    expect(await count(eA.id)).toBe(before + 2);
    const header = await csv('engagement,kpi,when\nx,y,z\n');
    expect(header.status).toBe(422);
    expect(header.body.errors.map((e: { field: string }) => e.field)).toEqual(['when', 'at']);
    expect((await csv('')).status).toBe(422);
    const unclosed = await csv(
      `engagement,kpi,at,value\n${eA.id},${eA.kpi.asa},2027-03-06T10:00:00Z,1\n${eA.id},"open\n`,
    );
    expect(unclosed.status).toBe(422);
    expect(unclosed.body.errors).toEqual([
      { line: 3, field: 'file', message: 'a quoted field is never closed' },
    ]);
    const json = await t.call('POST', `${V1}/measurements/import`, { as: manager, body: { items: [] } });
    expect(json.status).toBe(415);
  });

  it('checks a CSV without writing it (dryRun): the same line-numbered errors, or the rows it would import', async () => {
    const dry = (text: string, as = manager) =>
      t.call('POST', `${V1}/measurements/import?dryRun=1`, {
        as,
        raw: text,
        headers: { 'content-type': 'text/csv' },
      });
    const before = await count(eA.id);
    const head = 'engagement,kpi,at,value,numerator,denominator,source,external_id\n';
    const good = `${head}${eA.id},Average speed of answer,2027-03-08T10:00:00Z,14,,,,d-1\n${eA.id},${eA.kpi.sl},2027-03-08T10:00:00Z,,9,10,,\n`;
    const checked = await dry(good);
    expect(checked.status, checked.text).toBe(200);
    expect(checked.body).toEqual({ inserted: 0, checked: 2 });
    expect(await count(eA.id)).toBe(before);
    // A duplicate of a stored external id is found by the dry run too (line 2 here).
    const dup = await dry(`${head}${eA.id},${eA.kpi.asa},2027-03-08T10:00:00Z,3,,,,c-1\n`);
    expect(dup.status).toBe(422);
    expect(dup.body.errors).toEqual([expect.objectContaining({ line: 2, field: 'external_id' })]);
    // A vendor user checks for their own engagement, never another vendor's.
    expect(
      (await dry(`${head}${eA.id},${eA.kpi.asa},2027-03-08T10:00:00Z,3,,,,\n`, vendorUserA)).status,
    ).toBe(200);
    const theirs = await dry(`${head}${eB.id},${eB.kpi.asa},2027-03-08T10:00:00Z,3,,,,\n`, vendorUserA);
    expect(theirs.status).toBe(422);
    expect(theirs.body.errors[0]).toMatchObject({ line: 2, field: 'engagement' });
    expect(await count(eA.id)).toBe(before);
    // The same file imported for real.
    const real = await csv(good);
    expect(real.status).toBe(201);
    expect(real.body).toEqual({ inserted: 2 });
    expect(await count(eA.id)).toBe(before + 2);
  });

  it('writes nothing when one row in the middle of a 50,000-row file is bad', async () => {
    const before = await count(eA.id);
    const lines = ['engagement,kpi,at,value,numerator,denominator,source,external_id'];
    const start = Date.parse('2027-03-08T00:00:00Z');
    for (let i = 0; i < 50_000; i++) {
      const at = new Date(start + i * 10_000).toISOString();
      lines.push(
        i === 25_000
          ? `${eA.id},${eA.kpi.asa},${at},not-a-number,,,,`
          : `${eA.id},${eA.kpi.asa},${at},${i % 30},,,,big-${i}`,
      );
    }
    const bad = await csv(`${lines.join('\n')}\n`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ line: 25_002, field: 'value', message: 'must be a number' }]);
    expect(await count(eA.id)).toBe(before);
    lines[25_001] = `${eA.id},${eA.kpi.asa},2027-03-09T00:00:00Z,1,,,,big-25000`;
    const good = await csv(`${lines.join('\n')}\n`);
    expect(good.status, good.text.slice(0, 300)).toBe(201);
    expect(good.body).toEqual({ inserted: 50_000 });
    expect(await count(eA.id)).toBe(before + 50_000);
    // The same file again: every row is a duplicate; the answer lists the first 1,000 and counts all.
    const again = await csv(`${lines.join('\n')}\n`);
    expect(again.status).toBe(422);
    expect(again.body.errors).toHaveLength(1000);
    expect(again.body.detail).toMatch(/problems/);
    expect(await count(eA.id)).toBe(before + 50_000);
    // Three imports of 50,000 rows: ~25 s alone, more than a minute on a loaded 2-core machine.
  }, 180_000);
});

// Large imports parse on a worker thread while the request's thread writes; 0 puts every import
// there, and the body arrives in pieces as an upload does.
describe.each(dialects)('CSV import with its parser on a worker thread on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let e: QualityEngagement;
  const upload = async (text: string) => {
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += 16_384) pieces.push(text.slice(i, i + 16_384));
    const res = await t.app.inject({
      method: 'POST',
      url: `${V1}/measurements/import`,
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf!, 'content-type': 'text/csv' },
      payload: Readable.from(pieces),
    });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      clock: fakeClock('2027-03-20T12:00:00Z'),
      env: { OUTPOST_IMPORT_THREAD_AFTER_KB: '0' },
    });
    owner = await t.owner();
    const vendor = await t.vendor({ name: 'Thread Care', country: 'PH' });
    e = await approvedEngagement(t, owner, vendor.id);
  });
  afterAll(() => t?.close());

  it('names bad rows by line and imports a good file whole, with its SLA sums', async () => {
    const head = 'engagement,kpi,at,value,numerator,denominator,source,external_id\n';
    const bad = await upload(
      head +
        `${e.id},Average speed of answer,2027-03-07T10:00:00Z,14,,,,c-2\n` +
        `${e.id},average speed of answer,2027-03-07T10:00:00Z,14,,,,\n` +
        `${e.id},${e.kpi.asa},07/03/2027,14,,,,\n` +
        `eng_nope,${e.kpi.asa},07/03/2027,fast,,,,\n` +
        `${e.id},${e.kpi.sl},2027-03-07T10:00:00Z,3,,,both,\n` +
        `${e.id},${e.kpi.sl},2027-03-07T10:00:00Z,,9,0,,\n` +
        `${e.id},${e.kpi.asa},2027-03-07T10:00:00Z,3,,,,c-2\n`,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((x: { line: number; field: string }) => `${x.line} ${x.field}`)).toEqual([
      '3 kpi',
      '4 at',
      '5 engagement',
      '6 source',
      '7 denominator',
      '8 external_id',
    ]);

    // 30,000 rows in 16 KiB pieces: mean handle times 0..29 each day, service level 80 of 100.
    const lines = [head.trim()];
    const start = Date.parse('2027-03-01T00:00:00Z');
    for (let i = 0; i < 30_000; i++) {
      const at = new Date(start + i * 60_000).toISOString();
      lines.push(
        i % 2
          ? `${e.id},${e.kpi.sl},${at},,80,100,,sl-${i}`
          : `${e.id},${e.kpi.asa},${at},${(i / 2) % 30},,,${i % 4 === 0 ? 'vendor' : ''},`,
      );
    }
    const good = await upload(`${lines.join('\n')}\n`);
    expect(good.status, JSON.stringify(good.body).slice(0, 300)).toBe(201);
    expect(good.body).toEqual({ inserted: 30_000 });
    const sla = await t.call('GET', `${V1}/engagements/${e.id}/sla?period=2027-03`, { as: owner });
    expect(sla.status).toBe(200);
    const byId = Object.fromEntries(sla.body.kpis.map((k: { kpiId: string }) => [k.kpiId, k]));
    expect(byId[e.kpi.sl]).toMatchObject({ actual: 80, samples: 15_000 });
    // Client rows are the even halves of i/2: values 1, 3, 5, … 29 in turn, mean 15.
    expect(byId[e.kpi.asa]).toMatchObject({ samples: 7_500 });
    expect(byId[e.kpi.asa].actual).toBeCloseTo(15, 6);
    const again = await upload(`${lines.join('\n')}\n`);
    expect(again.status).toBe(422);
    expect(again.body.detail).toContain('15000 problems');
  }, 60_000);
});

// The import runs in one transaction: a process killed half-way leaves nothing behind. (SQLite
// only: the CLI child shares the test's database file; PostgreSQL rolls back the same way.)
describe('a measurement import killed mid-way on sqlite', () => {
  it('leaves no partial data, and the database takes the next import', async () => {
    const t = await createTestApp('sqlite');
    try {
      const owner = await t.owner();
      const vendor = await t.vendor();
      const e = await approvedEngagement(t, owner, vendor.id);
      const file = path.join(t.db.dataDir, 'big.csv');
      const out = createWriteStream(file);
      out.write('engagement,kpi,at,value\n');
      const start = Date.parse('2027-03-01T00:00:00Z');
      for (let i = 0; i < 1_500_000; i++)
        out.write(`${e.id},${e.kpi.asa},${new Date(start + i * 1000).toISOString()},${i % 50}\n`);
      await new Promise((resolve) => out.end(resolve));
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'measurements', 'import', file],
        {
          env: { ...process.env, OUTPOST_DATA_DIR: t.db.dataDir, OUTPOST_SCHEDULER: 'off' },
          stdio: 'ignore',
        },
      );
      const exited = new Promise((resolve) => child.on('exit', resolve));
      // Kill once the uncommitted rows are spilling into the write-ahead log: well inside the import.
      const wal = path.join(t.db.dataDir, 'outpost.sqlite-wal');
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && (!existsSync(wal) || statSync(wal).size < 8 * 1024 * 1024))
        await new Promise((r) => setTimeout(r, 100));
      expect(statSync(wal).size).toBeGreaterThanOrEqual(8 * 1024 * 1024);
      child.kill('SIGKILL');
      await exited;
      const count = async () =>
        Number(
          (
            await t.db.database.db
              .selectFrom('measurements')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count()).toBe(0);
      const next = await t.call('POST', `/api/v1/engagements/${e.id}/measurements`, {
        as: owner,
        body: { items: [{ kpiId: e.kpi.asa, at: '2027-03-01T00:00:00Z', value: 1 }] },
      });
      expect(next.status, next.text).toBe(201);
      expect(await count()).toBe(1);
    } finally {
      await t.close();
    }
  }, 120_000);
});

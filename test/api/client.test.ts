/**
 * The generated TypeScript client, used as a script would: types generated from the live document
 * (openapi-typescript), calls made by openapi-fetch over real HTTP to a listening test server, with
 * an API token. The script creates a vendor and an engagement, approves its SOW, posts measurements
 * and reads the SLA; the expected SLA is computed here from the measurements sent.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutpostClient } from '../../src/client';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, fakeClock, type TestApp } from '../helpers/app';
import { GENERATED_TYPES, generateTypes } from '../helpers/client';
import { dialects } from '../helpers/databases';
import { QUALITY_SOW, SERVICE_DESK } from './quality-fixture';

describe('the committed client types', () => {
  it('are what openapi-typescript generates from the live document', async () => {
    const t = await createTestApp('sqlite');
    try {
      const doc = (await t.call('GET', '/api/v1/openapi.json')).body;
      const fresh = await generateTypes(doc);
      if (process.env.OUTPOST_UPDATE_CLIENT === '1') writeFileSync(GENERATED_TYPES, fresh);
      expect(
        fresh === readFileSync(GENERATED_TYPES, 'utf8'),
        'src/client/openapi.d.ts is stale: rerun this test with OUTPOST_UPDATE_CLIENT=1 and commit the file',
      ).toBe(true);
    } finally {
      await t.close();
    }
    // Generating 1 MB of types takes a while on a busy machine.
  }, 240_000);
});

describe.each(dialects)('a script using the generated client on %s', (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    const env = { OUTPOST_SESSION_IDLE_MINUTES: '1000000', OUTPOST_SESSION_ABSOLUTE_HOURS: '100000' };
    t = await createTestApp(dialect, { clock: fakeClock('2027-03-20T12:00:00Z'), env });
    const owner = await t.owner();
    const created = await t.call('POST', '/api/v1/tokens', {
      as: owner,
      body: { name: 'client script', scope: 'write' },
    });
    expect(created.status, created.text).toBe(201);
    token = created.body.token;
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => t?.close());

  it('creates a vendor and an engagement, posts measurements and reads the SLA', async () => {
    const outpost = createOutpostClient({ baseUrl, token });

    const vendor = await outpost.POST('/api/v1/vendors', {
      body: { name: 'Client Script Care', country: 'PH' },
    });
    expect(vendor.response.status, JSON.stringify(vendor.error)).toBe(201);
    const vendorId = vendor.data!.id;

    const engagement = await outpost.POST('/api/v1/engagements', {
      body: { ...SERVICE_DESK, vendorId, title: 'Service desk' },
    });
    expect(engagement.response.status, JSON.stringify(engagement.error)).toBe(201);
    const id = engagement.data!.id;
    const params = { path: { id } };

    const draft = await outpost.PUT('/api/v1/engagements/{id}/sow', {
      params,
      body: {
        ...GOOD_SOW,
        kpis: [
          { ...GOOD_SOW.kpis[0]!, aggregation: 'ratio', direction: 'at_least', period: 'month' },
          { ...QUALITY_SOW.kpis[1]!, aggregation: 'mean', direction: 'at_most', period: 'month' },
        ],
        reportingCadence: 'weekly',
        governanceForums: [{ ...GOOD_SOW.governanceForums[0]!, cadence: 'monthly' }],
      },
    });
    expect(draft.response.status, JSON.stringify(draft.error)).toBe(200);
    const approved = await outpost.POST('/api/v1/engagements/{id}/sow/approve', { params });
    expect(approved.response.status, JSON.stringify(approved.error)).toBe(200);
    const kpi = (name: string) => approved.data!.kpis.find((k) => k.name === name)!.id;
    const asa = kpi('Average speed of answer');
    const sl = kpi('Service level');

    const speeds = [12, 19, 31];
    const hours = [
      { numerator: 70, denominator: 100 },
      { numerator: 45, denominator: 50 },
    ];
    const posted = await outpost.POST('/api/v1/engagements/{id}/measurements', {
      params,
      body: {
        items: [
          ...speeds.map((value, i) => ({ kpiId: asa, at: `2027-03-0${i + 2}T09:00:00Z`, value })),
          ...hours.map((h, i) => ({ kpiId: sl, at: `2027-03-10T1${i}:00:00Z`, ...h })),
        ],
      },
    });
    expect(posted.response.status, JSON.stringify(posted.error)).toBe(201);

    const sla = await outpost.GET('/api/v1/engagements/{id}/sla', {
      params: { path: { id }, query: { period: '2027-03' } },
    });
    expect(sla.response.status, JSON.stringify(sla.error)).toBe(200);
    expect(sla.response.headers.get('content-type')).toMatch(/^application\/json/);
    const result = Object.fromEntries(sla.data!.kpis.map((k) => [k.kpiId, k]));
    // Computed here: the mean of the speeds sent, and the ratio of the summed counts.
    const mean = speeds.reduce((a, b) => a + b, 0) / speeds.length;
    const ratio = (100 * (70 + 45)) / (100 + 50);
    expect(result[asa]).toMatchObject({ samples: 3, met: mean <= 20 });
    expect(result[asa]!.actual).toBeCloseTo(mean, 6);
    expect(result[sl]).toMatchObject({ samples: 2 });
    expect(result[sl]!.actual).toBeCloseTo(ratio, 6);

    // A failed call answers the problem document, typed as such.
    const missing = await outpost.GET('/api/v1/vendors/{id}', {
      params: { path: { id: 'vnd_01JD3ZQ8N00000000000000000' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(missing.error?.status).toBe(404);
  });
});

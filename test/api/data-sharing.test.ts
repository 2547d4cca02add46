import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const ORG = {
  name: 'Northwind',
  country: 'DE',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '17:00' },
};

/** A register entry inside the EEA, with nothing to flag. */
const ENTRY = {
  categories: ['personal_basic'],
  classification: 'confidential',
  dataSubjects: ['customers'],
  recordVolume: 120_000,
  purpose: 'First-line customer support',
  processingCountries: ['PL'],
  storageCountries: ['IE'],
  subProcessors: [{ name: 'Zendesk', country: 'IE', purpose: 'Ticketing' }],
  transferMechanism: 'none',
  legalBasis: 'contract',
  retention: 'P2Y',
  exitHandling: { action: 'delete', certificate: true },
};

describe.each(dialects)('data-sharing register on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let admin: Session;
  let manager: Session;
  let viewer: Session;
  let vendorA: { id: string };
  let vendorB: { id: string };
  let vendorUserA: Session;
  let engagementA: string;
  let engagementB: string;

  const engagement = async (vendorId: string) => {
    const res = await t.call('POST', '/api/v1/engagements', {
      as: owner,
      body: {
        vendorId,
        title: `Support ${vendorId.slice(-4)}`,
        function: 'customer_service',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        budget: 1_000_000,
      },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  const add = async (engagementId: string, body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', `/api/v1/engagements/${engagementId}/data-flows`, {
      as: manager,
      body: { ...ENTRY, ...body },
    });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const tier = async (vendorId: string) => {
    const res = await t.call('GET', `/api/v1/vendors/${vendorId}/tier`, { as: viewer });
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    clock = fakeClock('2027-03-01T10:00:00Z');
    t = await createTestApp(dialect, { clock });
    owner = await t.owner();
    expect((await t.call('PUT', '/api/v1/settings/organisation', { as: owner, body: ORG })).status).toBe(200);
    admin = await t.user('admin');
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    vendorA = await t.vendor({
      name: 'Manila Care',
      country: 'PH',
      criticality: 'high',
      ownerId: manager.userId,
    });
    vendorB = await t.vendor({ name: 'Other Vendor', country: 'IN', criticality: 'low' });
    vendorUserA = await t.user('vendor', vendorA.id);
    engagementA = await engagement(vendorA.id);
    engagementB = await engagement(vendorB.id);
  });
  afterAll(() => t?.close());

  it('flags cross-border transfers without a mechanism, the EEA counted as one area', async () => {
    const eea = await add(engagementB);
    expect(eea.flags).toEqual([]);
    expect(eea.vendorId).toBe(vendorB.id);
    const india = await add(engagementB, { processingCountries: ['IN'], storageCountries: ['DE'] });
    expect(india.flags.map((f: { code: string }) => f.code)).toEqual(['cross_border_without_mechanism']);
    expect(india.flags[0].countries).toEqual(['IN']);
    // A sub-processor abroad is a transfer too.
    const sub = await add(engagementB, {
      subProcessors: [{ name: 'AWS', country: 'US', purpose: 'Hosting' }],
    });
    expect(sub.flags[0].countries).toEqual(['US']);
    // With standard contractual clauses: no flag.
    const fixed = await t.call('PATCH', `/api/v1/data-flows/${india.id}`, {
      as: manager,
      body: { transferMechanism: 'scc' },
    });
    expect(fixed.status, fixed.text).toBe(200);
    expect(fixed.body.flags).toEqual([]);
  });

  it('flags restricted data without the vendor’s encryption commitment', async () => {
    const r = await add(engagementB, { classification: 'restricted', encryptionInTransit: true });
    expect(r.flags).toEqual([
      expect.objectContaining({
        code: 'restricted_without_encryption',
        message: expect.stringMatching(/at rest/),
      }),
    ]);
    const ok = await t.call('PATCH', `/api/v1/data-flows/${r.id}`, {
      as: manager,
      body: { encryptionAtRest: true },
    });
    expect(ok.body.flags).toEqual([]);
    await t.call('DELETE', `/api/v1/data-flows/${r.id}`, { as: manager });
  });

  it('answers 422 naming the field for an unknown category, a bad duration or a bad country; nothing written', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await t.call('POST', `/api/v1/engagements/${engagementA}/data-flows`, {
        as: manager,
        body: { ...ENTRY, ...body },
      });
      expect(res.status, res.text).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).join(' ')).toContain(field);
    };
    await bad({ categories: ['dna'] }, 'categories');
    await bad({ retention: '7 years' }, 'retention');
    await bad({ retention: 'P' }, 'retention');
    await bad({ processingCountries: ['XX'] }, 'processingCountries');
    await bad({ subProcessors: [{ name: 'X', country: 'ZZ', purpose: 'p' }] }, 'subProcessors');
    await bad({ transferMechanism: 'handshake' }, 'transferMechanism');
    const patch = await t.call('PATCH', `/api/v1/engagements/${engagementA}/data-flows`, {
      as: manager,
      body: {},
    });
    expect(patch.status).toBe(404);
    const list = await t.call('GET', `/api/v1/engagements/${engagementA}/data-flows`, { as: viewer });
    expect(list.body.items).toEqual([]);
  });

  it('computes the tier from the matrix, keeps its history, and follows criticality and settings', async () => {
    // No register: none × high → tier 3 by default, every 24 months; nothing recorded yet.
    const before = await tier(vendorA.id);
    expect(before).toMatchObject({ tier: 3, reassessmentMonths: 24, highestClassification: 'none' });
    const entry = await add(engagementA, { classification: 'internal', categories: ['customer_content'] });
    expect(await tier(vendorA.id)).toMatchObject({ tier: 3, reassessmentMonths: 24 });
    // Reclassified as restricted: restricted × high → tier 1, every 12 months.
    await t.call('PATCH', `/api/v1/data-flows/${entry.id}`, {
      as: manager,
      body: { classification: 'restricted', encryptionAtRest: true, encryptionInTransit: true },
    });
    const t1 = await tier(vendorA.id);
    expect(t1).toMatchObject({ tier: 1, reassessmentMonths: 12, highestClassification: 'restricted' });
    expect(t1.reason).toMatch(/restricted data × high criticality/);
    expect(t1.history.map((h: { tier: number }) => h.tier)).toEqual([1, 3]);
    expect(t1.history[0]).toMatchObject({ previousTier: 3, changedBy: manager.userId });
    // Criticality down to low: restricted × low → tier 2.
    const crit = await t.call('PATCH', `/api/v1/vendors/${vendorA.id}`, {
      as: manager,
      body: { criticality: 'low' },
    });
    expect(crit.status, crit.text).toBe(200);
    const t2 = await tier(vendorA.id);
    expect(t2.tier).toBe(2);
    expect(t2.history[0].reason).toMatch(/criticality changed to low/);
    // The narrow function other services use.
    expect(await t.app.services.dataSharing.tierOf(t.db.database.db, vendorA.id)).toEqual({
      tier: 2,
      reassessmentMonths: 12,
    });
    // The tier asks for a stricter diligence checklist: a low vendor at tier 2 gets the high one.
    const checklist = await t.call('GET', `/api/v1/vendors/${vendorA.id}/checklist`, { as: manager });
    expect(checklist.body).toMatchObject({ criticality: 'low', tier: 2, appliedChecklist: 'high' });
    expect(checklist.body.items.map((i: { requirement: { kind: string } }) => i.requirement.kind)).toEqual([
      'certification',
      'references',
    ]);
    // An administrator changes the matrix and the interval; managers may not.
    const settings = (await t.call('GET', '/api/v1/data-sharing/settings', { as: viewer })).body;
    expect(settings.reassessmentMonths).toEqual({ 1: 12, 2: 12, 3: 24, 4: 36 });
    const next = {
      ...settings,
      matrix: { ...settings.matrix, restricted: { ...settings.matrix.restricted, low: 4 } },
      reassessmentMonths: { ...settings.reassessmentMonths, 4: 48 },
    };
    expect((await t.call('PUT', '/api/v1/data-sharing/settings', { as: manager, body: next })).status).toBe(
      403,
    );
    const bad = await t.call('PUT', '/api/v1/data-sharing/settings', {
      as: admin,
      body: { ...next, reassessmentMonths: { ...next.reassessmentMonths, 1: 0 } },
    });
    expect(bad.status).toBe(422);
    expect((await t.call('PUT', '/api/v1/data-sharing/settings', { as: admin, body: next })).status).toBe(
      200,
    );
    const t4 = await tier(vendorA.id);
    expect(t4).toMatchObject({ tier: 4, reassessmentMonths: 48 });
    expect(t4.history[0].reason).toMatch(/tier matrix changed/);
    await t.call('PUT', '/api/v1/data-sharing/settings', { as: admin, body: settings });
    await t.call('PATCH', `/api/v1/vendors/${vendorA.id}`, { as: manager, body: { criticality: 'high' } });
    expect((await tier(vendorA.id)).tier).toBe(1);
  });

  it('flags personal data without a current DPA until one is on file, and links agreements to entries', async () => {
    const flags = async () => (await tier(vendorA.id)).flags.map((f: { code: string }) => f.code);
    expect(await flags()).toEqual([]); // only restricted internal data so far
    const personal = await add(engagementA, {
      categories: ['personal_sensitive'],
      classification: 'confidential',
    });
    expect(await flags()).toEqual(['dpa_missing']);
    const overview = async () =>
      (await t.call('GET', '/api/v1/data-protection/overview', { as: viewer })).body;
    expect((await overview()).missingDpa.map((m: { vendorId: string }) => m.vendorId)).toContain(vendorA.id);
    // An NDA is not a DPA; an expired DPA is not current.
    const nda = await t.call('POST', `/api/v1/vendors/${vendorA.id}/agreements`, {
      as: manager,
      body: { type: 'nda', signedOn: '2026-01-01' },
    });
    expect(nda.status, nda.text).toBe(201);
    const old = await t.call('POST', `/api/v1/vendors/${vendorA.id}/agreements`, {
      as: manager,
      body: { type: 'dpa', signedOn: '2024-01-01', expiresOn: '2026-12-31' },
    });
    expect(old.body.status).toBe('expired');
    expect(await flags()).toEqual(['dpa_missing']);
    const dpa = await t.call('POST', `/api/v1/vendors/${vendorA.id}/agreements`, {
      as: manager,
      body: { type: 'dpa', signedOn: '2027-02-01', reviewOn: '2028-02-01', dataFlowIds: [personal.id] },
    });
    expect(dpa.status, dpa.text).toBe(201);
    expect(dpa.body).toMatchObject({ status: 'current', dataFlowIds: [personal.id] });
    expect(await flags()).toEqual([]);
    expect((await overview()).missingDpa.map((m: { vendorId: string }) => m.vendorId)).not.toContain(
      vendorA.id,
    );
    // Entries must be the vendor's own; dates in order.
    const otherEntry = (await t.call('GET', `/api/v1/engagements/${engagementB}/data-flows`, { as: viewer }))
      .body.items[0];
    const wrong = await t.call('POST', `/api/v1/vendors/${vendorA.id}/agreements`, {
      as: manager,
      body: { type: 'dpa', signedOn: '2027-02-01', dataFlowIds: [otherEntry.id] },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].field).toBe('dataFlowIds');
    const order = await t.call('POST', `/api/v1/vendors/${vendorA.id}/agreements`, {
      as: manager,
      body: { type: 'msa', signedOn: '2027-02-01', expiresOn: '2027-01-01' },
    });
    expect(order.status).toBe(422);
    expect(order.body.errors[0].field).toBe('expiresOn');
    const file = await t.call('POST', `/api/v1/vendors/${vendorA.id}/agreements`, {
      as: manager,
      body: { type: 'msa', signedOn: '2027-02-01', documentFileId: 'fil_01JD3ZQ8N0000000000000000' },
    });
    expect(file.status).toBe(422);
    expect(file.body.errors[0].field).toBe('documentFileId');
    const list = await t.call('GET', `/api/v1/vendors/${vendorA.id}/agreements`, { as: vendorUserA });
    expect(list.body.items).toHaveLength(3);
  });

  it('sends agreement reminders 30, 7 and 0 days before the review date, once each', async () => {
    const res = await t.call('POST', `/api/v1/vendors/${vendorB.id}/agreements`, {
      as: manager,
      body: { type: 'dpa', title: 'Bangalore DPA', signedOn: '2027-01-01', reviewOn: '2027-05-01' },
    });
    expect(res.status, res.text).toBe(201);
    const run = () => t.app.services.dataSharing.reminders.run();
    const titles = async () => {
      const inbox = await t.call('GET', '/api/v1/notifications', { as: await t.login('owner@example.com') });
      return inbox.body.items
        .map((n: { title: string }) => n.title)
        .filter((s: string) => s.includes('Bangalore'));
    };
    // 2027-03-01: 61 days out, nothing.
    await run();
    expect(await titles()).toEqual([]);
    for (const [at, expected] of [
      ['2027-04-01T08:00:00Z', 'is due for review in 30 days (2027-05-01)'],
      ['2027-04-24T08:00:00Z', 'is due for review in 7 days (2027-05-01)'],
      ['2027-05-01T08:00:00Z', 'is due for review today'],
    ] as const) {
      clock.set(at);
      const first = await run();
      expect(first.notified).toBeGreaterThanOrEqual(2); // owner and admin
      expect((await run()).notified).toBe(0);
      expect((await titles())[0]).toBe(`Other Vendor: Data processing agreement “Bangalore DPA” ${expected}`);
    }
    clock.set('2027-05-02T08:00:00Z');
    expect((await run()).notified).toBe(0);
    expect(await titles()).toHaveLength(3);
    clock.set('2027-03-01T10:00:00Z');
  });

  it('lets a vendor user read only its own register entries (404 otherwise) and never write', async () => {
    const own = (await t.call('GET', `/api/v1/engagements/${engagementA}/data-flows`, { as: vendorUserA }))
      .body;
    expect(own.items.length).toBeGreaterThan(0);
    const one = await t.call('GET', `/api/v1/data-flows/${own.items[0].id}`, { as: vendorUserA });
    expect(one.status).toBe(200);
    const otherEntry = (await t.call('GET', `/api/v1/engagements/${engagementB}/data-flows`, { as: viewer }))
      .body.items[0];
    for (const [method, url] of [
      ['GET', `/api/v1/engagements/${engagementB}/data-flows`],
      ['GET', `/api/v1/data-flows/${otherEntry.id}`],
      ['GET', `/api/v1/vendors/${vendorB.id}/data-flows`],
      ['GET', `/api/v1/vendors/${vendorB.id}/agreements`],
      ['GET', `/api/v1/vendors/${vendorA.id}/tier`],
      ['GET', '/api/v1/data-flows/export'],
      ['PATCH', `/api/v1/data-flows/${own.items[0].id}`],
      ['DELETE', `/api/v1/data-flows/${otherEntry.id}`],
    ] as const) {
      const res = await t.call(method, url, {
        as: vendorUserA,
        body: method === 'PATCH' ? { purpose: 'x' } : undefined,
      });
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    expect(
      (await t.call('POST', `/api/v1/engagements/${engagementA}/data-flows`, { as: viewer, body: ENTRY }))
        .status,
    ).toBe(403);
  });

  it('exports the record of processing as CSV and JSON, for the organisation or one vendor', async () => {
    const json = await t.call('GET', `/api/v1/data-flows/export?format=json&vendorId=${vendorB.id}`, {
      as: viewer,
    });
    expect(json.status, json.text).toBe(200);
    expect(json.headers['content-type']).toMatch(/application\/json/);
    expect(json.body.entries.length).toBe(3);
    expect(json.body.entries.every((e: { vendorId: string }) => e.vendorId === vendorB.id)).toBe(true);
    const csv = await t.call('GET', '/api/v1/data-flows/export?format=csv', { as: viewer });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/record-of-processing\.csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^id,vendorId,vendorName,engagementId/);
    const all = (await t.call('GET', '/api/v1/data-flows/export', { as: viewer })).body.entries;
    expect(lines.length - 1).toBe(all.length);
    expect(csv.text).toContain('cross_border_without_mechanism');
    expect((await t.call('GET', '/api/v1/data-flows/export?format=xml', { as: viewer })).status).toBe(422);
    const missing = await t.call('GET', '/api/v1/data-flows/export?vendorId=vnd_01JD3ZQ8N0000000000000000', {
      as: viewer,
    });
    expect(missing.status).toBe(404);
  });

  it('keeps tier history with the vendor: a vendor re-tiered by criticality alone may still be deleted', async () => {
    const c = await t.vendor({ name: 'Short-lived', country: 'FR', criticality: 'low' });
    expect(
      (await t.call('PATCH', `/api/v1/vendors/${c.id}`, { as: manager, body: { criticality: 'critical' } }))
        .status,
    ).toBe(200);
    expect((await tier(c.id)).history).toHaveLength(1);
    expect((await t.call('DELETE', `/api/v1/vendors/${c.id}`, { as: manager })).status).toBe(204);
    // A vendor with agreements is not deleted.
    const d = await t.vendor({ name: 'With NDA', country: 'FR' });
    await t.call('POST', `/api/v1/vendors/${d.id}/agreements`, {
      as: manager,
      body: { type: 'nda', signedOn: '2027-01-01' },
    });
    const refused = await t.call('DELETE', `/api/v1/vendors/${d.id}`, { as: manager });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/data-sharing record/);
  });

  it('shows the organisation-wide view: restricted data holders and a table by country with flags', async () => {
    const o = (await t.call('GET', '/api/v1/data-protection/overview', { as: viewer })).body;
    expect(o.restrictedVendors.map((v: { vendorId: string }) => v.vendorId)).toEqual([vendorA.id]);
    const us = o.countries.find((c: { country: string }) => c.country === 'US');
    expect(us.flags).toEqual([{ code: 'cross_border_without_mechanism', count: 1 }]);
    const pl = o.countries.find((c: { country: string }) => c.country === 'PL');
    expect(pl.flags).toEqual([]);
    expect((await t.call('GET', '/api/v1/data-protection/overview', { as: vendorUserA })).status).toBe(404);
  });
});

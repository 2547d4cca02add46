import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const ORG = {
  name: 'Northwind',
  country: 'NZ',
  // Far from UTC on purpose: "today" must be the organisation's day, not the server's.
  timezone: 'Pacific/Auckland',
  currency: 'NZD',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '17:00' },
};
// 2027-03-10 11:30 UTC is already 2027-03-11 00:30 in Auckland (NZDT, UTC+13).
const START = '2027-03-10T11:30:00Z';
const TODAY = '2027-03-11';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe.each(dialects)('due diligence on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let admin: Session;
  let manager: Session;
  let viewer: Session;
  let vendorA: { id: string };
  let vendorB: { id: string };
  let vendorUserA: Session;

  const certs = (vendorId: string) => `/api/v1/vendors/${vendorId}/certifications`;
  const addCert = async (vendorId: string, body: Record<string, unknown>, as = manager) => {
    const res = await t.call('POST', certs(vendorId), { as, body: { standard: 'iso27001', ...body } });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const addReference = async (vendorId: string, verdict = 'positive') => {
    const res = await t.call('POST', `/api/v1/vendors/${vendorId}/references`, {
      as: manager,
      body: { refereeOrganisation: `Referee ${verdict}`, verdict },
    });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    clock = fakeClock(START);
    t = await createTestApp(dialect, { clock });
    owner = await t.owner();
    expect((await t.call('PUT', '/api/v1/settings/organisation', { as: owner, body: ORG })).status).toBe(200);
    admin = await t.user('admin');
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    vendorA = await t.vendor({ name: 'Auckland Support', country: 'NZ', criticality: 'critical' });
    vendorB = await t.vendor({ name: 'Other Vendor', country: 'DE' });
    vendorUserA = await t.user('vendor', vendorA.id);
  });
  afterAll(() => t?.close());

  it('computes status across the window boundaries in the organisation’s time zone', async () => {
    const cases: Array<[number, string]> = [
      [91, 'valid'],
      [90, 'expiring'],
      [1, 'expiring'],
      [0, 'expiring'],
      [-1, 'expired'],
    ];
    for (const [days, status] of cases) {
      const c = await addCert(vendorB.id, { expiresOn: addDays(TODAY, days) });
      expect({ days: c.daysToExpiry, status: c.status }, `expiring in ${days} days`).toEqual({
        days,
        status,
      });
    }
    // A narrower window moves the boundary.
    const settings = (await t.call('GET', '/api/v1/diligence/settings', { as: viewer })).body;
    expect(settings.expiringWindowDays).toBe(90);
    const put = await t.call('PUT', '/api/v1/diligence/settings', {
      as: admin,
      body: { ...settings, expiringWindowDays: 30 },
    });
    expect(put.status, put.text).toBe(200);
    const list = (await t.call('GET', certs(vendorB.id), { as: viewer })).body.items;
    const at90 = list.find((c: { daysToExpiry: number }) => c.daysToExpiry === 90);
    expect(at90.status).toBe('valid');
    await t.call('PUT', '/api/v1/diligence/settings', { as: admin, body: settings });
    // Managers read the settings but do not change them.
    expect((await t.call('PUT', '/api/v1/diligence/settings', { as: manager, body: settings })).status).toBe(
      403,
    );
  });

  it('validates certificates: other needs a name, expiry not before issue, a known evidence file', async () => {
    const other = await t.call('POST', certs(vendorB.id), {
      as: manager,
      body: { standard: 'other', expiresOn: '2028-01-01' },
    });
    expect(other.status).toBe(422);
    expect(other.body.errors[0].field).toBe('standardName');
    const order = await t.call('POST', certs(vendorB.id), {
      as: manager,
      body: { standard: 'soc1', issuedOn: '2028-01-02', expiresOn: '2028-01-01' },
    });
    expect(order.status).toBe(422);
    expect(order.body.errors[0].field).toBe('expiresOn');
    const file = await t.call('POST', certs(vendorB.id), {
      as: manager,
      body: { standard: 'soc1', expiresOn: '2028-01-01', evidenceFileId: 'fil_01JD3ZQ8N0000000000000000' },
    });
    expect(file.status).toBe(422);
    expect(file.body.errors[0].field).toBe('evidenceFileId');
    // Nothing half-written.
    const list = (await t.call('GET', certs(vendorB.id), { as: viewer })).body.items;
    expect(list.filter((c: { standard: string }) => c.standard === 'soc1')).toEqual([]);
  });

  it('lets a vendor user keep their own certificates; editing a verified one clears verification', async () => {
    const own = await addCert(vendorA.id, { expiresOn: '2029-06-30', issuer: 'BSI' }, vendorUserA);
    expect(own.verifiedAt).toBeNull();
    const verified = await t.call('POST', `${certs(vendorA.id)}/${own.id}/verify`, { as: manager });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ verifiedBy: manager.userId, verifiedAt: expect.any(String) });
    // Vendor users do not verify; another vendor's certificates are not there for them.
    expect((await t.call('POST', `${certs(vendorA.id)}/${own.id}/verify`, { as: vendorUserA })).status).toBe(
      404,
    );
    expect((await t.call('GET', certs(vendorB.id), { as: vendorUserA })).status).toBe(404);
    expect(
      (
        await t.call('POST', certs(vendorB.id), {
          as: vendorUserA,
          body: { standard: 'soc1', expiresOn: '2029-01-01' },
        })
      ).status,
    ).toBe(404);
    const edited = await t.call('PATCH', `${certs(vendorA.id)}/${own.id}`, {
      as: vendorUserA,
      body: { scope: 'All offices' },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ scope: 'All offices', verifiedAt: null, verifiedBy: null });
    const events = await t.call('GET', '/api/v1/audit-events?entityType=certification', { as: owner });
    expect(events.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['certification.create', 'certification.verify', 'certification.update']),
    );
    await t.call('DELETE', `${certs(vendorA.id)}/${own.id}`, { as: manager });
  });

  it('attaches evidence uploaded by the vendor, and refuses another vendor’s upload', async () => {
    const upload = async (as: Session) => {
      const boundary = '----diligence';
      const raw = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="iso.txt"\r\n` +
          `Content-Type: text/plain\r\n\r\nISO 27001 certificate\r\n--${boundary}--\r\n`,
      );
      const res = await t.call('POST', '/api/v1/files', {
        as,
        raw,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    const fileId = await upload(vendorUserA);
    const c = await addCert(vendorA.id, { expiresOn: '2030-01-01', evidenceFileId: fileId }, vendorUserA);
    expect(c.evidenceFileId).toBe(fileId);
    expect((await t.call('GET', `/api/v1/files/${fileId}/meta`, { as: vendorUserA })).status).toBe(200);
    // An internal upload cannot be made readable to a vendor user by naming it.
    const internal = await upload(manager);
    const refused = await t.call('POST', certs(vendorA.id), {
      as: vendorUserA,
      body: { standard: 'soc1', expiresOn: '2030-01-01', evidenceFileId: internal },
    });
    expect(refused.status).toBe(422);
    expect((await t.call('GET', `/api/v1/files/${internal}/meta`, { as: vendorUserA })).status).toBe(404);
    await t.call('DELETE', `${certs(vendorA.id)}/${c.id}`, { as: manager });
  });

  it('records reference checks with the default questions, internal only', async () => {
    const res = await t.call('POST', `/api/v1/vendors/${vendorA.id}/references`, {
      as: manager,
      body: {
        refereeOrganisation: 'Contoso Bank',
        contact: { name: 'Ana Ruiz', email: 'Ana@Contoso.example', phone: '+34 600 000 000' },
        relationship: 'Client for payroll',
        period: { from: '2022-01-01', to: '2024-12-31' },
        verdict: 'positive',
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      checkedOn: TODAY,
      checkedBy: manager.userId,
      contact: { email: 'ana@contoso.example' },
      averageRating: null,
    });
    expect(res.body.questions).toHaveLength(6);
    const answered = res.body.questions.map((q: { question: string }, i: number) => ({
      question: q.question,
      answer: 'Yes',
      rating: i < 3 ? 5 : 4,
    }));
    const patched = await t.call('PATCH', `/api/v1/vendors/${vendorA.id}/references/${res.body.id}`, {
      as: manager,
      body: { questions: answered },
    });
    expect(patched.body.averageRating).toBe(4.5);
    const bad = await t.call('POST', `/api/v1/vendors/${vendorA.id}/references`, {
      as: manager,
      body: { refereeOrganisation: 'X', verdict: 'great', questions: [{ question: 'Q', rating: 6 }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['verdict', 'questions.0.rating']),
    );
    expect(
      (await t.call('GET', `/api/v1/vendors/${vendorA.id}/references`, { as: vendorUserA })).status,
    ).toBe(404);
    expect(
      (await t.call('GET', `/api/v1/vendors/${vendorA.id}/references/${res.body.id}`, { as: vendorUserA }))
        .status,
    ).toBe(404);
    expect(
      (
        await t.call('POST', `/api/v1/vendors/${vendorA.id}/references`, {
          as: viewer,
          body: { refereeOrganisation: 'V', verdict: 'neutral' },
        })
      ).status,
    ).toBe(403);
    await t.call('DELETE', `/api/v1/vendors/${vendorA.id}/references/${res.body.id}`, { as: manager });
  });

  it('blocks approval until the checklist is complete, with an audited admin override', async () => {
    const v = await t.vendor({
      name: 'Gate Vendor',
      country: 'PL',
      criticality: 'critical',
      status: 'under_review',
    });
    const checklist = await t.call('GET', `/api/v1/vendors/${v.id}/checklist`, { as: viewer });
    expect(checklist.body).toMatchObject({ criticality: 'critical', complete: false });
    expect(checklist.body.items.map((i: { met: boolean }) => i.met)).toEqual([false, false]);

    const blocked = await t.call('PATCH', `/api/v1/vendors/${v.id}`, {
      as: manager,
      body: { status: 'approved' },
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.type).toBe('urn:outpost:problem:diligence-incomplete');
    expect(blocked.body.detail).toMatch(/ISO\/IEC 27001 or SOC 2 Type II/);
    expect(blocked.body.detail).toMatch(/2 more positive references needed/);
    expect(blocked.body.errors.map((e: { field: string }) => e.field)).toEqual(['status', 'status']);

    const managerOverride = await t.call('PATCH', `/api/v1/vendors/${v.id}`, {
      as: manager,
      body: { status: 'approved', overrideReason: 'Board decision of 3 March' },
    });
    expect(managerOverride.status).toBe(403);
    const shortReason = await t.call('PATCH', `/api/v1/vendors/${v.id}`, {
      as: admin,
      body: { status: 'approved', overrideReason: 'because' },
    });
    expect(shortReason.status).toBe(422);
    expect(shortReason.body.errors[0].field).toBe('overrideReason');
    expect((await t.call('GET', `/api/v1/vendors/${v.id}`, { as: owner })).body.status).toBe('under_review');

    const overridden = await t.call('PATCH', `/api/v1/vendors/${v.id}`, {
      as: admin,
      body: { status: 'approved', overrideReason: 'Board decision of 3 March: interim approval' },
    });
    expect(overridden.status, overridden.text).toBe(200);
    expect(overridden.body.status).toBe('approved');
    const audit = await t.call('GET', `/api/v1/audit-events?entityId=${v.id}`, { as: owner });
    const event = audit.body.items.find((e: { action: string }) => e.action === 'vendor.gate_override');
    expect(event.changes.reason.after).toBe('Board decision of 3 March: interim approval');
    expect(event.changes.missing.after).toHaveLength(2);
  });

  it('lets a complete checklist pass without an override', async () => {
    const v = await t.vendor({
      name: 'Complete Vendor',
      country: 'PL',
      criticality: 'critical',
      status: 'under_review',
    });
    await addCert(v.id, { standard: 'soc2_type2', expiresOn: addDays(TODAY, 20) });
    await addReference(v.id, 'positive');
    await addReference(v.id, 'negative');
    let list = await t.call('GET', `/api/v1/vendors/${v.id}/checklist`, { as: manager });
    expect(list.body.complete).toBe(false);
    expect(list.body.items[1].detail).toBe('1 more positive reference needed (1 of 2)');
    await addReference(v.id, 'positive');
    list = await t.call('GET', `/api/v1/vendors/${v.id}/checklist`, { as: manager });
    expect(list.body.complete).toBe(true);
    const approved = await t.call('PATCH', `/api/v1/vendors/${v.id}`, {
      as: manager,
      body: { status: 'approved' },
    });
    expect(approved.status, approved.text).toBe(200);
    const audit = await t.call('GET', `/api/v1/audit-events?entityId=${v.id}`, { as: owner });
    expect(audit.body.items.map((e: { action: string }) => e.action)).not.toContain('vendor.gate_override');
  });

  it('refuses an approval in CSV and on creation, naming the line', async () => {
    const v = await t.vendor({
      name: 'Csv Vendor',
      country: 'PL',
      criticality: 'high',
      status: 'under_review',
    });
    const csv = `id,name,country,status\n${v.id},Csv Vendor,PL,approved\n`;
    const res = await t.call('POST', '/api/v1/vendors/import', {
      as: manager,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ line: 2, field: 'status' });
    expect(res.body.errors[0].message).toMatch(/diligence checklist is incomplete/);
    const created = await t.call('POST', '/api/v1/vendors', {
      as: manager,
      body: { name: 'Straight to approved', country: 'PL', criticality: 'medium', status: 'approved' },
    });
    expect(created.status).toBe(409);
    // Low criticality has no requirements by default.
    const low = await t.call('POST', '/api/v1/vendors', {
      as: manager,
      body: { name: 'Low risk', country: 'PL', criticality: 'low', status: 'approved' },
    });
    expect(low.status).toBe(201);
  });

  it('shows the track record: engagements, reference summary, every certificate, past clients', async () => {
    const v = await t.vendor({ name: 'Record Vendor', country: 'PL' });
    const vendorUser = await t.user('vendor', v.id);
    await addCert(v.id, { expiresOn: addDays(TODAY, -400) });
    await addCert(v.id, { expiresOn: addDays(TODAY, 300) });
    await addReference(v.id, 'positive');
    await addReference(v.id, 'neutral');
    const eng = await t.call('POST', '/api/v1/engagements', {
      as: manager,
      body: {
        vendorId: v.id,
        title: 'Payroll PL',
        function: 'payroll',
        startDate: '2027-01-01',
        monthlyFee: 100_000,
        budget: 1_200_000,
      },
    });
    expect(eng.status, eng.text).toBe(201);
    const client = await t.call('POST', `/api/v1/vendors/${v.id}/past-clients`, {
      as: vendorUser,
      body: { client: 'Fabrikam', country: 'DE', service: 'Payroll', from: '2020-01-01', to: '2023-06-30' },
    });
    expect(client.status, client.text).toBe(201);
    const badClient = await t.call('POST', `/api/v1/vendors/${v.id}/past-clients`, {
      as: vendorUser,
      body: { client: 'Backwards', from: '2023-01-01', to: '2020-01-01' },
    });
    expect(badClient.status).toBe(422);
    expect(
      (
        await t.call('POST', `/api/v1/vendors/${vendorA.id}/past-clients`, {
          as: vendorUser,
          body: { client: 'X' },
        })
      ).status,
    ).toBe(404);

    const record = await t.call('GET', `/api/v1/vendors/${v.id}/track-record`, { as: viewer });
    expect(record.status, record.text).toBe(200);
    expect(record.body.engagements).toEqual([
      expect.objectContaining({ title: 'Payroll PL', function: 'payroll', status: 'draft' }),
    ]);
    expect(record.body.references).toEqual({
      count: 2,
      byVerdict: { positive: 1, neutral: 1, negative: 0 },
      averageRating: null,
    });
    expect(record.body.certifications.map((c: { status: string }) => c.status)).toEqual(['valid', 'expired']);
    expect(record.body.pastClients).toEqual([
      expect.objectContaining({ client: 'Fabrikam', to: '2023-06-30' }),
    ]);
    expect((await t.call('GET', `/api/v1/vendors/${v.id}/track-record`, { as: vendorUser })).status).toBe(
      404,
    );
    // Diligence records keep a vendor from being deleted by mistake.
    const del = await t.call('DELETE', `/api/v1/vendors/${v.id}`, { as: manager });
    expect(del.status).toBe(409);
  });
});

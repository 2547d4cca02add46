/** Reports: the QBR pack of a vendor (PDF) and the portfolio summary (PDF and CSV). */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { extractPdfText } from '../helpers/pdf-text';
import { expectProblem } from '../helpers/problem';
import { startSmtp } from '../helpers/smtp';

const V1 = '/api/v1';

describe.each(dialects)('reports on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let vendorUser: Session;
  let vendor: { id: string };
  let other: { id: string };

  const raw = async (url: string, as: Session) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: as.cookie! } });
    return res;
  };

  beforeAll(async () => {
    clock = fakeClock('2026-10-01T08:00:00Z');
    const env = { OUTPOST_SESSION_IDLE_MINUTES: '1000000', OUTPOST_SESSION_ABSOLUTE_HOURS: '100000' };
    t = await createTestApp(dialect, { clock, env });
    owner = await t.owner();
    const org = {
      name: 'Northwind',
      country: 'DE',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
    };
    const current = await t.call('GET', `${V1}/settings/organisation`, { as: owner });
    const put = await t.call('PUT', `${V1}/settings/organisation`, {
      as: owner,
      body: { ...current.body, ...org },
    });
    expect(put.status, put.text).toBe(200);
    vendor = await t.vendor({ name: 'Acme Contact Centre', country: 'PH' });
    other = await t.vendor({ name: 'Beta Payroll', country: 'IN' });
    vendorUser = await t.user('vendor', vendor.id);
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId: vendor.id,
        title: 'Acme service desk',
        function: 'customer_service',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        startDate: '2026-10-01',
        endDate: '2027-09-30',
        noticePeriodDays: 60,
        monthlyFee: 500_000,
        budget: 6_000_000,
      },
    });
    expect(e.status, e.text).toBe(201);
    await t.call('PUT', `${V1}/engagements/${e.body.id}/sow`, { as: owner, body: GOOD_SOW });
    const approved = await t.call('POST', `${V1}/engagements/${e.body.id}/sow/approve`, { as: owner });
    expect(approved.status, approved.text).toBe(200);
    expect(
      (await t.call('PATCH', `${V1}/engagements/${e.body.id}`, { as: owner, body: { status: 'active' } }))
        .status,
    ).toBe(200);
    const kpiId = approved.body.kpis[0].id;
    const m = await t.call('POST', `${V1}/engagements/${e.body.id}/measurements`, {
      as: owner,
      body: {
        items: [
          { kpiId, at: '2026-10-15T10:00:00Z', numerator: 95, denominator: 100 },
          { kpiId, at: '2026-11-15T10:00:00Z', numerator: 50, denominator: 100 },
          { kpiId, at: '2026-12-15T10:00:00Z', numerator: 95, denominator: 100 },
        ],
      },
    });
    expect(m.status, m.text).toBe(201);
    clock.set('2027-01-05T10:00:00Z');
    expect(
      (await t.call('POST', `${V1}/sla/close`, { as: owner, body: { engagementId: e.body.id } })).status,
    ).toBe(200);
    const card = await t.call('POST', `${V1}/engagements/${e.body.id}/scorecards`, {
      as: owner,
      body: { period: '2026-12' },
    });
    expect(card.status, card.text).toBe(201);
    const lines = ['quality', 'timeliness', 'communication', 'cost', 'security'].map((criterion) => ({
      criterion,
      score: 4,
    }));
    expect(
      (await t.call('PATCH', `${V1}/scorecards/${card.body.id}`, { as: owner, body: { lines } })).status,
    ).toBe(200);
    expect((await t.call('POST', `${V1}/scorecards/${card.body.id}/publish`, { as: owner })).status).toBe(
      200,
    );
    const inv = await t.call('POST', `${V1}/invoices`, {
      as: owner,
      body: {
        engagementId: e.body.id,
        number: 'ACME-2026-11',
        periodStart: '2026-11-01',
        periodEnd: '2026-11-30',
        amount: 512_345,
        currency: 'EUR',
      },
    });
    expect(inv.status, inv.text).toBe(201);
    const risk = await t.call('POST', `${V1}/risks`, {
      as: owner,
      body: {
        vendorId: vendor.id,
        title: 'Attrition of senior agents',
        category: 'operational',
        likelihood: 4,
        impact: 4,
      },
    });
    expect(risk.status, risk.text).toBe(201);
    const finding = await t.call('POST', `${V1}/findings`, {
      as: owner,
      body: { vendorId: vendor.id, title: 'Shared admin password', severity: 'high', dueOn: '2027-02-05' },
    });
    expect(finding.status, finding.text).toBe(201);
  });
  afterAll(() => t?.close());

  it('renders the QBR pack with the scorecard, SLA, spend, risks and findings of the quarter', async () => {
    const url = `${V1}/reports/qbr?vendorId=${vendor.id}&quarter=2026-Q4`;
    const res = await raw(url, owner);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('qbr-Acme-Contact-Centre-2026-Q4.pdf');
    const text = await extractPdfText(res.rawPayload);
    expect(text).toContain('Acme Contact Centre');
    expect(text).toMatch(/Quarter 2026-\s?Q4/);
    expect(text).toContain('Acme service desk 2026-12 published 75.0');
    // October and December met, November missed (one KPI with data each month).
    expect(text).toMatch(/2026-11 1 0 \/ 1 0\.0%/);
    expect(text).toMatch(/2026-10 1 1 \/ 1 100\.0%/);
    expect(text).toContain('ACME-2026-11');
    expect(text).toContain('€5,123.45');
    expect(text).toContain('Attrition of senior agents');
    expect(text).toContain('Shared admin password');
  });

  it('refuses a bad quarter naming it, an unknown vendor with 404, and vendor users with 404', async () => {
    const bad = await t.call('GET', `${V1}/reports/qbr?vendorId=${vendor.id}&quarter=2026-Q5`, { as: owner });
    expectProblem(bad, 422);
    expect(bad.body.errors[0].field).toBe('quarter');
    const unknown = await t.call('GET', `${V1}/reports/qbr?vendorId=vnd_nope&quarter=2026-Q4`, { as: owner });
    expect(unknown.status).toBe(404);
    const own = await t.call('GET', `${V1}/reports/qbr?vendorId=${vendor.id}&quarter=2026-Q4`, {
      as: vendorUser,
    });
    expect(own.status).toBe(404);
    expect((await t.call('GET', `${V1}/reports/portfolio?format=csv`, { as: vendorUser })).status).toBe(404);
  });

  it('says a missing exchange rate in the QBR instead of hiding it', async () => {
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId: other.id,
        title: 'Beta payroll run',
        function: 'payroll',
        timezone: 'Asia/Kolkata',
        currency: 'INR',
        startDate: '2026-10-01',
        monthlyFee: 10_000_000,
        budget: 120_000_000,
      },
    });
    expect(e.status, e.text).toBe(201);
    const inv = await t.call('POST', `${V1}/invoices`, {
      as: owner,
      body: {
        engagementId: e.body.id,
        number: 'BETA-1',
        periodStart: '2026-12-01',
        periodEnd: '2026-12-31',
        amount: 9_000_000,
        currency: 'INR',
      },
    });
    expect(inv.status, inv.text).toBe(201);
    const res = await raw(`${V1}/reports/qbr?vendorId=${other.id}&quarter=2026-Q4`, owner);
    expect(res.statusCode).toBe(200);
    const text = await extractPdfText(res.rawPayload);
    expect(text).toContain('Spend could not be reported in the organisation currency');
    expect(text).toContain('INR');
    expect(text).toContain('BETA-1');
    const rate = await t.call('POST', `${V1}/exchange-rates`, {
      as: owner,
      body: { currency: 'INR', date: '2026-10-01', rate: 0.011 },
    });
    expect(rate.status, rate.text).toBe(201);
  });

  it('gives the portfolio as CSV, one row per vendor, and as PDF', async () => {
    const res = await t.call('GET', `${V1}/reports/portfolio?format=csv`, { as: owner });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows: string[][] = parse(res.text, { bom: true });
    expect(rows[0]).toEqual([
      'Vendor id',
      'Vendor',
      'Status',
      'Tier',
      'Country',
      'Budget 2027-01..2027-01 (EUR)',
      'Net spend 2027-01..2027-01 (EUR)',
      'KPIs evaluated',
      'KPIs met',
      'SLA attainment %',
      'Open risks',
      'High risks',
      'Next notice deadline',
    ]);
    const acme = rows.find((r) => r[1] === 'Acme Contact Centre')!;
    expect(acme[0]).toBe(vendor.id);
    expect(acme[4]).toBe('PH');
    expect(acme[5]).toBe('5000.00');
    expect(acme[10]).toBe('1');
    expect(acme[11]).toBe('1');
    expect(rows.filter((r) => r[0]?.startsWith('vnd_'))).toHaveLength(2);
    const pdf = await raw(`${V1}/reports/portfolio?format=pdf`, owner);
    expect(pdf.statusCode).toBe(200);
    const text = await extractPdfText(pdf.rawPayload);
    expect(text).toContain('Portfolio summary');
    expect(text).toContain('Acme Contact Centre');
    expect(text).toMatch(/operational high 1/);
  });
});

describe.each(dialects)('quarterly portfolio mail on %s', (dialect) => {
  it('mails owners and administrators the portfolio summary (PDF and CSV attached) once, on the first day of the quarter in the organisation zone', async () => {
    const smtp = await startSmtp();
    const clock = fakeClock('2027-03-31T21:00:00Z');
    const t = await createTestApp(dialect, {
      clock,
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Outpost <outpost@example.com>',
        OUTPOST_PUBLIC_URL: 'https://outpost.example.com',
      },
    });
    try {
      const owner = await t.owner();
      const current = await t.call('GET', `${V1}/settings/organisation`, { as: owner });
      const put = await t.call('PUT', `${V1}/settings/organisation`, {
        as: owner,
        body: { ...current.body, name: 'Northwind', timezone: 'Europe/Berlin' },
      });
      expect(put.status, put.text).toBe(200);
      await t.user('admin');
      await t.user('manager');
      const job = t.app.services.reportMail;
      // 23:00 on 31 March in Berlin: still the first quarter's last day.
      expect(await job.run()).toEqual({ quarter: null, queued: 0 });
      // 00:30 on 1 April in Berlin.
      clock.set('2027-03-31T22:30:00Z');
      expect(await job.run()).toEqual({ quarter: '2027-Q2', queued: 2 });
      expect(await job.run()).toEqual({ quarter: '2027-Q2', queued: 0 });
      clock.set('2027-04-01T12:00:00Z');
      expect(await job.run()).toEqual({ quarter: '2027-Q2', queued: 0 });
      expect(await t.app.services.notificationDelivery.sendDue()).toMatchObject({ sent: 2 });
      expect(smtp.mails).toHaveLength(2);
      const mail = smtp.mails[0]!;
      expect(mail.subject).toBe('[Northwind] Portfolio summary for 2027-Q2');
      expect(mail.text).toContain('https://outpost.example.com/api/v1/reports/portfolio?format=pdf');
      expect(mail.text).toContain('https://outpost.example.com/api/v1/reports/portfolio?format=csv');
      // Both files ride along, made at 00:30 on 1 April in Berlin.
      expect(mail.files.map((f) => [f.filename, f.contentType])).toEqual([
        ['portfolio-2027-04-01.pdf', 'application/pdf'],
        ['portfolio-2027-04-01.csv', 'text/csv'],
      ]);
      expect(mail.files[0]!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(mail.files[1]!.content.toString('utf8')).toMatch(/^\uFEFFVendor id,Vendor,Status/);
      // Sent files are not kept in the outbox.
      expect(await t.db.database.db.selectFrom('emailAttachments').select('emailId').execute()).toEqual([]);
      const admins = await t.db.database.db
        .selectFrom('users')
        .select('email')
        .where('role', 'in', ['owner', 'admin'])
        .execute();
      expect(admins).toHaveLength(2);
      expect(smtp.mails.flatMap((m) => m.to).sort()).toEqual(admins.map((u) => u.email).sort());
      // Later in the quarter nothing more is sent.
      clock.set('2027-04-20T12:00:00Z');
      expect(await job.run()).toEqual({ quarter: null, queued: 0 });
      expect(await t.app.services.notificationDelivery.sendDue()).toMatchObject({ sent: 0 });
      const audit = await t.db.database.db
        .selectFrom('auditEvents')
        .select(['action', 'entityId'])
        .where('action', '=', 'report.portfolio.mail')
        .execute();
      expect(audit).toEqual([{ action: 'report.portfolio.mail', entityId: 'portfolio:2027-Q2' }]);
    } finally {
      await t.close();
      await smtp.stop();
    }
  });
});

/**
 * Sanctions screening end to end: the four official formats load as versions with their own
 * publication dates, a bad file is refused whole with its line or element, vendors, aliases,
 * contacts and sub-processors are screened, a reviewer decides hits, and a true match holds the
 * vendor (approval and new engagements 422), opens a critical risk signal and tells owners and
 * administrators. Vendor users see none of it; a scheduled fetch reads a local HTTP server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EU_CSV, EU_XML, OFAC_ADD, OFAC_ALT, OFAC_SDN, UK_CSV, UN_XML } from '../fixtures/sanctions';
import { createTestApp, type FakeClock, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';
const ENTRY = {
  categories: ['personal_basic'],
  classification: 'confidential',
  dataSubjects: ['customers'],
  recordVolume: 1000,
  purpose: 'Support',
  processingCountries: ['PL'],
  storageCountries: ['IE'],
  subProcessors: [{ name: 'Blue Horizon Shipping', country: 'KP', purpose: 'Hosting' }],
  transferMechanism: 'none',
  legalBasis: 'contract',
  retention: 'P2Y',
  exitHandling: { action: 'delete', certificate: true },
};

describe.each(dialects)('sanctions screening on %s', (dialect) => {
  let t: TestApp;
  let clock: FakeClock;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let server: Server;
  let served = UN_XML;

  const load = (source: string, body: unknown, as = owner) =>
    t.call('POST', `${V1}/screening/lists/${source}/versions`, { as, body });
  const hitsOf = async (vendorId: string, status?: string) => {
    const res = await t.call(
      'GET',
      `${V1}/screening/hits?vendorId=${vendorId}${status ? `&status=${status}` : ''}&limit=200`,
      {
        as: viewer,
      },
    );
    expect(res.status, res.text).toBe(200);
    return res.body.items as any[];
  };
  const versions = async () =>
    (await t.call('GET', `${V1}/screening/lists/versions?limit=200`, { as: viewer })).body.items as any[];

  beforeAll(async () => {
    clock = fakeClock('2027-03-10T10:00:00Z');
    const env = { OUTPOST_SESSION_IDLE_MINUTES: '1000000', OUTPOST_SESSION_ABSOLUTE_HOURS: '100000' };
    t = await createTestApp(dialect, { clock, env });
    owner = await t.owner();
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    server = createServer((req, res) => {
      if (req.url === '/un.xml') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(served);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  it('refuses a bad file whole, naming the line or element, and writes nothing', async () => {
    const badCsv = load('ofac_sdn', {
      format: 'ofac_csv',
      files: { main: `${OFAC_SDN.split('\r\n')[0]}\r\n9009,"SHORT ROW",-0-\r\n` },
      publishedOn: '2027-03-01',
    });
    const res = await badCsv;
    expect(res.status, res.text).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors).toEqual([
      { field: 'sdn.csv', line: 2, message: 'has 3 columns; sdn.csv rows have 12' },
    ]);
    // An alt.csv row naming an entry that sdn.csv lacks.
    const orphan = await load('ofac_sdn', {
      format: 'ofac_csv',
      files: { main: OFAC_SDN, alt: `${OFAC_ALT}\r\n7777,1,"aka","NOBODY","-0-"` },
      publishedOn: '2027-03-01',
    });
    expect(orphan.status).toBe(422);
    expect(orphan.body.errors[0]).toMatchObject({ field: 'alt.csv ent_num', line: 3 });
    const xml = await load('eu', {
      format: 'eu_xml',
      files: {
        main: EU_XML.replace('<nameAlias wholeName="Hoshizora K.K." />', '').replace(
          '<nameAlias wholeName="ホシゾラ株式会社" />',
          '',
        ),
      },
    });
    expect(xml.status).toBe(422);
    expect(xml.body.errors).toEqual([
      { field: 'sanctionEntity[2]', line: 9, message: 'has no nameAlias with a wholeName' },
    ]);
    const broken = await load('un', {
      format: 'un_xml',
      files: { main: UN_XML.replace('</INDIVIDUALS>', '') },
    });
    expect(broken.status).toBe(422);
    expect(broken.body.errors[0].field).toBe('file');
    expect(broken.body.errors[0].line).toBeGreaterThan(1);
    const noDate = await load('ofac_sdn', { format: 'ofac_csv', files: { main: OFAC_SDN } });
    expect(noDate.status).toBe(422);
    expect(noDate.body.errors[0].field).toBe('publishedOn');
    const wrongFormat = await load('uk', { format: 'eu_csv', files: { main: EU_CSV } });
    expect(wrongFormat.status).toBe(422);
    expect(await versions()).toEqual([]);
  });

  it('screens a vendor created before any list once a list loads, and new vendors at creation', async () => {
    const early = await t.vendor({ name: 'Nordwind Petrotrade', country: 'DE' });
    const ofac = await load('ofac_sdn', {
      format: 'ofac_csv',
      files: { main: OFAC_SDN, alt: OFAC_ALT, add: OFAC_ADD },
      fileNames: ['sdn.csv', 'alt.csv', 'add.csv'],
      publishedOn: '2027-03-01',
    });
    expect(ofac.status, ofac.text).toBe(201);
    expect(ofac.body.version).toMatchObject({
      source: 'ofac_sdn',
      publishedAt: '2027-03-01',
      entryCount: 3,
      via: 'upload',
      current: true,
    });
    expect(ofac.body.screened.vendors).toBeGreaterThanOrEqual(1);
    const [hit] = await hitsOf(early.id);
    expect(hit).toMatchObject({
      subjectType: 'vendor',
      subjectName: 'Nordwind Petrotrade',
      matchedName: 'NORDWIND PETROTRADE GMBH',
      status: 'open',
    });
    expect(hit.entry).toMatchObject({
      source: 'ofac_sdn',
      ref: '9002',
      countries: ['DE'],
      programs: ['RUSSIA-EO14024', 'IRAN'],
    });
    expect(hit.score).toBe(1);

    for (const [source, format, main] of [
      ['eu', 'eu_xml', EU_XML],
      ['un', 'un_xml', UN_XML],
      ['uk', 'uk_csv', UK_CSV],
    ] as const) {
      const res = await load(source, { format, files: { main } });
      expect(res.status, res.text).toBe(201);
    }
    const overview = await t.call('GET', `${V1}/screening/lists`, { as: viewer });
    expect(overview.body.lists.map((l: any) => [l.source, l.current?.publishedAt])).toEqual([
      ['ofac_sdn', '2027-03-01'],
      ['eu', '2027-03-01T10:15:00.000+01:00'],
      ['un', '2027-02-28T12:00:00.000Z'],
      ['uk', '2027-03-05'],
    ]);
    // The EU CSV of the same publication is another file: a new version, the XML one superseded.
    const csv = await load('eu', { format: 'eu_csv', files: { main: EU_CSV } });
    expect(csv.status, csv.text).toBe(201);
    const eu = (await versions()).filter((v) => v.source === 'eu');
    expect(eu.map((v) => [v.format, v.current])).toEqual([
      ['eu_csv', true],
      ['eu_xml', false],
    ]);
    expect((await load('eu', { format: 'eu_csv', files: { main: EU_CSV } })).status).toBe(409);
    const older = await load('uk', {
      format: 'uk_csv',
      files: { main: UK_CSV.replace('05/03/2027', '01/01/2026').replace('16002', '16003') },
    });
    expect(older.status).toBe(409);

    // The real-world variants, each against its list.
    // Same normalised name twice (name and legal name) is one hit; the legal name alone matches too.
    const jp = await t.vendor({ name: 'Hoshizora KK', legalName: '株式会社ホシゾラ', country: 'JP' });
    expect((await hitsOf(jp.id)).map((h) => [h.subjectType, h.entry.ref])).toEqual([['vendor', '13002']]);
    const legal = await t.vendor({ name: 'Star Sky Trading', legalName: 'ホシゾラ株式会社', country: 'JP' });
    expect((await hitsOf(legal.id)).map((h) => [h.subjectType, h.entry.ref])).toEqual([
      ['legal_name', '13002'],
    ]);
    const people = await t.vendor({
      name: 'Clean Consulting',
      country: 'FR',
      contacts: [
        { name: 'Дмитрий Александрович Волков' },
        { name: 'Jose Alvarez Pena' },
        { name: 'Farroukh Karim Hassan' },
      ],
    });
    const byName = Object.fromEntries((await hitsOf(people.id)).map((h) => [h.subjectName, h.entry.ref]));
    expect(byName).toEqual({
      'Дмитрий Александрович Волков': '9001',
      'Jose Alvarez Pena': '13001',
      'Farroukh Karim Hassan': '6908001',
    });
    const clean = await t.vendor({ name: 'Acme Consulting GmbH', country: 'DE' });
    expect(await hitsOf(clean.id)).toEqual([]);
    const status = await t.call('GET', `${V1}/vendors/${clean.id}/screening`, { as: viewer });
    expect(status.body).toMatchObject({ status: 'clear', openHits: 0, trueMatches: 0 });

    // A contact renamed to a listed person with umlauts; an alias; a sub-processor.
    const contact =
      clean.contacts?.[0]?.id ??
      (
        await t.call('POST', `${V1}/vendors/${clean.id}/contacts`, {
          as: manager,
          body: { name: 'Anna Schmidt' },
        })
      ).body.id;
    expect((await hitsOf(clean.id)).length).toBe(0);
    const renamed = await t.call('PATCH', `${V1}/vendors/${clean.id}/contacts/${contact}`, {
      as: manager,
      body: { name: 'Juergen Mueller-Luedenscheidt' },
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect((await hitsOf(clean.id)).map((h) => [h.subjectType, h.entry.source, h.entry.ref])).toEqual([
      ['contact', 'uk', '16001'],
    ]);
    const aliases = await t.call('PUT', `${V1}/vendors/${clean.id}/screening/aliases`, {
      as: manager,
      body: { aliases: ['Taiga Logistika'] },
    });
    expect(aliases.status, aliases.text).toBe(200);
    expect(aliases.body).toMatchObject({ status: 'review', aliases: ['Taiga Logistika'], openHits: 2 });
    const e = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId: clean.id,
        title: 'Support',
        function: 'it',
        startDate: '2027-04-01',
        endDate: '2027-12-31',
      },
    });
    expect(e.status, e.text).toBe(201);
    const flow = await t.call('POST', `${V1}/engagements/${e.body.id}/data-flows`, {
      as: manager,
      body: ENTRY,
    });
    expect(flow.status, flow.text).toBe(201);
    expect((await hitsOf(clean.id)).map((h) => h.subjectType).sort()).toEqual([
      'alias',
      'contact',
      'sub_processor',
    ]);
    // Renaming the contact away clears its open hit.
    await t.call('PATCH', `${V1}/vendors/${clean.id}/contacts/${contact}`, {
      as: manager,
      body: { name: 'Anna Schmidt' },
    });
    expect((await hitsOf(clean.id, 'cleared')).map((h) => h.subjectType)).toEqual(['contact']);
  });

  it('does not raise a false positive again; a true match holds the vendor, signals a critical risk and tells owners and admins', async () => {
    const v = await t.vendor({ name: 'Nordwind Trading', country: 'DE' });
    const [hit] = await hitsOf(v.id);
    expect(hit.entry.ref).toBe('9002');
    const noReason = await t.call('POST', `${V1}/screening/hits/${hit.id}/decision`, {
      as: manager,
      body: { decision: 'false_positive' },
    });
    expect(noReason.status).toBe(422);
    const byViewer = await t.call('POST', `${V1}/screening/hits/${hit.id}/decision`, {
      as: viewer,
      body: { decision: 'false_positive', reason: 'x' },
    });
    expect(byViewer.status).toBe(403);
    const fp = await t.call('POST', `${V1}/screening/hits/${hit.id}/decision`, {
      as: manager,
      body: {
        decision: 'false_positive',
        reason: 'Different company: Hamburg register HRB 1234, founded 1998.',
      },
    });
    expect(fp.status, fp.text).toBe(200);
    expect(fp.body).toMatchObject({ status: 'false_positive', decidedBy: expect.any(String) });
    // Screened again, and again after a new list version: the same entry and name stay decided.
    await t.call('POST', `${V1}/vendors/${v.id}/screening`, { as: manager });
    clock.advance(60_000);
    const next = await load('ofac_sdn', {
      format: 'ofac_csv',
      files: { main: OFAC_SDN, alt: OFAC_ALT },
      publishedOn: '2027-03-08',
    });
    expect(next.status, next.text).toBe(201);
    expect((await hitsOf(v.id)).map((h) => h.status)).toEqual(['false_positive']);

    // A true match on another vendor.
    const bad = await t.vendor({ name: 'Nordwind Petrotrade Sp. z o.o.', country: 'PL', ownerId: undefined });
    const [h2] = await hitsOf(bad.id, 'open');
    const tm = await t.call('POST', `${V1}/screening/hits/${h2.id}/decision`, {
      as: manager,
      body: { decision: 'true_match', reason: 'Same registered address and director as OFAC entry 9002.' },
    });
    expect(tm.status, tm.text).toBe(200);
    const st = await t.call('GET', `${V1}/vendors/${bad.id}/screening`, { as: viewer });
    expect(st.body).toMatchObject({ status: 'blocked', trueMatches: 1 });
    // Approval is refused with a sentence, whatever the diligence checklist says.
    await t.call('PATCH', `${V1}/vendors/${bad.id}`, { as: owner, body: { status: 'under_review' } });
    const approve = await t.call('PATCH', `${V1}/vendors/${bad.id}`, {
      as: owner,
      body: { status: 'approved', overrideReason: 'Urgent: the checklist will follow next week.' },
    });
    expect(approve.status, approve.text).toBe(422);
    expect(approve.body.detail).toMatch(
      /^This vendor is on hold: a sanctions screening hit on the US OFAC SDN list \(entry 9002/,
    );
    const csv = await t.call('POST', `${V1}/vendors/import`, {
      as: owner,
      raw: `id,name,country,status\n${bad.id},${bad.name},PL,approved\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.status, csv.text).toBe(422);
    expect(csv.body.errors).toContainEqual({
      field: 'status',
      line: 2,
      message: 'cannot become approved: a confirmed sanctions match holds this vendor',
    });
    const eng = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId: bad.id,
        title: 'Blocked',
        function: 'it',
        startDate: '2027-04-01',
        endDate: '2027-12-31',
      },
    });
    expect(eng.status).toBe(422);
    expect(eng.body.errors).toEqual([
      { field: 'vendorId', message: 'is held by a confirmed sanctions match' },
    ]);
    // Owners and admins are told.
    const notes = await t.call('GET', `${V1}/notifications?limit=50`, { as: owner });
    expect(notes.body.items.map((n: any) => n.title)).toContain(`Sanctions match confirmed: ${bad.name}`);
    // The risk signal: critical (5 × 5), compliance and legal.
    const refresh = await t.call('POST', `${V1}/risks/signals/refresh`, { as: owner });
    expect(refresh.status, refresh.text).toBe(200);
    const risks = await t.call('GET', `${V1}/risks?kind=signal&limit=200`, { as: owner });
    const signal = risks.body.items.find((r: any) => r.signalSource === 'sanctions_match');
    expect(signal).toMatchObject({
      vendorId: bad.id,
      category: 'compliance_legal',
      inherentScore: 25,
      status: 'open',
    });
    // Everything is in the audit trail.
    const audit = await t.call('GET', `${V1}/audit-events?entityType=vendor&entityId=${bad.id}&limit=100`, {
      as: owner,
    });
    expect(audit.status, audit.text).toBe(200);
    expect(audit.body.items.map((a: any) => a.action)).toEqual(
      expect.arrayContaining(['screening.hit.open', 'screening.hit.decide']),
    );
    const loads = await t.call('GET', `${V1}/audit-events?action=screening.list.load&limit=100`, {
      as: owner,
    });
    expect(loads.body.items.length).toBeGreaterThanOrEqual(5);
  });

  it('answers a vendor user 404 on every screening route', async () => {
    const own = await t.vendor({ name: 'Own Vendor Ltd', country: 'GB' });
    const vendorUser = await t.user('vendor', own.id);
    const [anyHit] = (await t.call('GET', `${V1}/screening/hits?limit=1`, { as: owner })).body.items;
    for (const url of [
      `/screening/lists`,
      `/screening/hits`,
      `/screening/hits/${anyHit.id}`,
      `/vendors/${own.id}/screening`,
      `/screening/settings`,
    ])
      expect((await t.call('GET', `${V1}${url}`, { as: vendorUser })).status, url).toBe(404);
  });

  it('fetches a scheduled list from its URL when due, and records a failed fetch', async () => {
    const port = (server.address() as AddressInfo).port;
    const settings = (await t.call('GET', `${V1}/screening/settings`, { as: owner })).body;
    expect(settings.schedules.un.enabled).toBe(false);
    settings.schedules.un = {
      ...settings.schedules.un,
      enabled: true,
      url: `http://127.0.0.1:${port}/un.xml`,
      everyHours: 6,
    };
    settings.threshold = 0.88;
    const put = await t.call('PUT', `${V1}/screening/settings`, { as: manager, body: settings });
    expect(put.status).toBe(403);
    expect((await t.call('PUT', `${V1}/screening/settings`, { as: owner, body: settings })).status).toBe(200);
    served = UN_XML.replace('2027-02-28T12:00:00.000Z', '2027-03-09T12:00:00.000Z').replace(
      'Karim Farrukh',
      'Karim Farrukh Hassan',
    );
    const run = await t.app.services.screening.lists.fetchDue({
      id: 'system',
      name: 'scheduler',
      role: 'owner',
      vendorId: null,
      requestId: null,
      ip: null,
    });
    expect(run).toEqual({ un: expect.stringMatching(/^loaded 2 entries published 2027-03-09/) });
    // Not due again within six hours.
    expect(
      await t.app.services.screening.lists.fetchDue({
        id: 'system',
        name: 'scheduler',
        role: 'owner',
        vendorId: null,
        requestId: null,
        ip: null,
      }),
    ).toEqual({});
    const un = (await versions()).filter((v) => v.source === 'un');
    expect(un[0]).toMatchObject({ via: 'fetch', publishedAt: '2027-03-09T12:00:00.000Z', current: true });
    settings.schedules.un.url = `http://127.0.0.1:${port}/missing.xml`;
    await t.call('PUT', `${V1}/screening/settings`, { as: owner, body: settings });
    const failed = await t.call('POST', `${V1}/screening/lists/un/fetch`, { as: owner });
    expect(failed.status).toBe(422);
    const overview = await t.call('GET', `${V1}/screening/lists`, { as: owner });
    expect(overview.body.lists.find((l: any) => l.source === 'un').lastFetch.error).toMatch(/answered 404/);
  });
});

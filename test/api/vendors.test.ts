import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VENDOR_SORTS } from '../../src/contracts/vendor-values';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

const csvHeaders = { 'content-type': 'text/csv' };

describe.each(dialects)('vendors API on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;

  const count = async () =>
    Number(
      (
        await t.db.database.db
          .selectFrom('vendors')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const importCsv = (csv: string, as: Session = owner) =>
    t.call('POST', '/api/v1/vendors/import', { as, raw: csv, headers: csvHeaders });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    manager = await t.user('manager');
  });
  afterAll(() => t?.close());

  it('creates a vendor with a default time zone and finds it by name', async () => {
    const created = await t.call('POST', '/api/v1/vendors', {
      as: owner,
      body: {
        name: 'Manila Care BPO',
        country: 'PH',
        languages: ['en', 'fil'],
        services: ['customer service'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^vnd_/),
      timezone: 'Asia/Manila',
      status: 'prospect',
      criticality: 'medium',
      allowedTransitions: ['under_review', 'offboarded'],
    });
    const list = await t.call('GET', '/api/v1/vendors?q=manila', { as: owner });
    expect(list.status).toBe(200);
    expect(list.body.items.map((v: { id: string }) => v.id)).toEqual([created.body.id]);
  });

  it('creates a vendor with every field and its contacts', async () => {
    const body = {
      name: 'Kraków Ledger',
      legalName: 'Kraków Ledger sp. z o.o.',
      country: 'PL',
      timezone: 'Europe/Warsaw',
      languages: ['pl', 'en', 'de'],
      services: ['accounting', 'payroll'],
      website: 'https://ledger.example.pl',
      status: 'under_review',
      criticality: 'high',
      ownerId: manager.userId,
      notes: 'Shortlisted after the Q3 RFP.',
      contacts: [
        {
          name: 'Anna Nowak',
          email: 'anna@ledger.example.pl',
          phone: '+48 12 345 67 89',
          role: 'Account lead',
          timezone: 'Europe/Warsaw',
        },
        { name: 'Piotr Zieliński' },
      ],
    };
    const created = await t.call('POST', '/api/v1/vendors', { as: manager, body });
    expect(created.status).toBe(201);
    const { contacts, ...fields } = body;
    expect(created.body).toMatchObject(fields);
    expect(created.body.contacts).toHaveLength(2);
    const got = await t.call('GET', `/api/v1/vendors/${created.body.id}`, { as: owner });
    expect(got.body).toMatchObject(fields);
    expect(got.body.contacts).toEqual([
      expect.objectContaining({
        ...contacts[0],
        id: expect.stringMatching(/^vct_/),
        vendorId: created.body.id,
      }),
      expect.objectContaining({
        name: 'Piotr Zieliński',
        email: null,
        phone: null,
        role: null,
        timezone: null,
      }),
    ]);
  });

  it('refuses an owner who is not an internal user', async () => {
    const vendor = await t.vendor();
    const vendorUser = await t.user('vendor', vendor.id);
    for (const ownerId of [vendorUser.userId, 'usr_01JD3ZQ8N00000000000000000']) {
      const res = await t.call('POST', '/api/v1/vendors', {
        as: owner,
        body: { name: 'Owned', country: 'DE', ownerId },
      });
      expectProblem(res, 422);
      expect(res.body.errors).toEqual([{ field: 'ownerId', message: 'must be the id of an internal user' }]);
    }
  });

  it('adds, lists, changes and removes contacts', async () => {
    const vendor = await t.vendor();
    const other = await t.vendor();
    const base = `/api/v1/vendors/${vendor.id}/contacts`;
    const added = await t.call('POST', base, {
      as: manager,
      body: { name: 'Sam Lee', email: 'Sam@Example.com' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: 'Sam Lee', email: 'sam@example.com', vendorId: vendor.id });
    const badPhone = await t.call('POST', base, {
      as: manager,
      body: { name: 'X', phone: 'call me', timezone: 'Nowhere/Land' },
    });
    expectProblem(badPhone, 422);
    expect(badPhone.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['phone', 'timezone']);

    const patched = await t.call('PATCH', `${base}/${added.body.id}`, {
      as: manager,
      body: { role: 'Escalations', timezone: 'Asia/Singapore' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Sam Lee', role: 'Escalations', timezone: 'Asia/Singapore' });
    expect((await t.call('GET', base, { as: owner })).body.items).toEqual([patched.body]);

    // A contact is reached only through its own vendor.
    expectProblem(
      await t.call('PATCH', `/api/v1/vendors/${other.id}/contacts/${added.body.id}`, {
        as: owner,
        body: { name: 'Y' },
      }),
      404,
    );
    expectProblem(
      await t.call('DELETE', `/api/v1/vendors/${other.id}/contacts/${added.body.id}`, { as: owner }),
      404,
    );

    expect((await t.call('DELETE', `${base}/${added.body.id}`, { as: manager })).status).toBe(204);
    expect((await t.call('GET', base, { as: owner })).body.items).toEqual([]);
    expectProblem(await t.call('DELETE', `${base}/${added.body.id}`, { as: manager }), 404);
  });

  it('filters by name, country, status and criticality', async () => {
    const tag = `Flt${Date.now().toString(36)}`;
    const a = await t.vendor({ name: `${tag} Alpha`, country: 'IN', criticality: 'critical' });
    const b = await t.vendor({ name: `${tag} Beta`, country: 'IN', status: 'under_review' });
    const c = await t.vendor({
      name: `${tag} Gamma`,
      country: 'BR',
      criticality: 'critical',
      status: 'under_review',
    });
    const ids = async (query: string) =>
      (await t.call('GET', `/api/v1/vendors?q=${tag.toLowerCase()}&${query}`, { as: owner })).body.items.map(
        (v: { id: string }) => v.id,
      );
    expect(await ids('')).toEqual([a.id, b.id, c.id]);
    expect(await ids('country=IN')).toEqual([a.id, b.id]);
    expect(await ids('status=under_review')).toEqual([b.id, c.id]);
    expect(await ids('criticality=critical')).toEqual([a.id, c.id]);
    expect(await ids('country=BR&status=under_review&criticality=critical')).toEqual([c.id]);
    expect(await ids('country=DE')).toEqual([]);
  });

  it('pages through every sort without duplicates or gaps', async () => {
    const countries = ['DE', 'IN', 'PH', 'BR', 'PL'];
    for (let i = 0; i < 11; i++) {
      // Repeated names and countries make the id tie-breaker do its work.
      await t.vendor({
        name: `Paging ${String.fromCharCode(65 + (i % 4))}`,
        country: countries[i % 5],
        status: i % 3 ? 'prospect' : 'under_review',
      });
    }
    for (const sort of VENDOR_SORTS) {
      const full = await t.call('GET', `/api/v1/vendors?sort=${sort}&limit=200`, { as: owner });
      expect(full.body.nextCursor).toBeNull();
      const seen: Array<Record<string, string>> = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: any = await t.call(
          'GET',
          `/api/v1/vendors?sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
          { as: owner },
        );
        expect(page.status).toBe(200);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor);
      expect(
        seen.map((v) => v.id),
        sort,
      ).toEqual(full.body.items.map((v: { id: string }) => v.id));
      expect(new Set(seen.map((v) => v.id)).size).toBe(seen.length);
      expect(pages).toBe(Math.ceil(seen.length / 4));
      const key = sort.replace('-', '');
      if (key !== 'name') {
        const values = seen.map((v) => v[key]!);
        const sorted = [...values].sort();
        expect(values, sort).toEqual(sort.startsWith('-') ? sorted.reverse() : sorted);
      }
    }
  });

  it('refuses a status change outside the life cycle with 409 naming the allowed ones', async () => {
    const created = await t.vendor({ name: 'Lisbon Books', country: 'PT', criticality: 'low' });
    const res = await t.call('PATCH', `/api/v1/vendors/${created.id}`, {
      as: owner,
      body: { status: 'active' },
    });
    expectProblem(res, 409);
    expect(res.body.allowed).toEqual(['under_review', 'offboarded']);
    for (const status of [
      'under_review',
      'approved',
      'active',
      'suspended',
      'active',
      'offboarded',
      'prospect',
    ]) {
      const step = await t.call('PATCH', `/api/v1/vendors/${created.id}`, { as: manager, body: { status } });
      expect(step.status, status).toBe(200);
      expect(step.body.status).toBe(status);
    }
  });

  it('deletes a vendor, but not one that still has user accounts', async () => {
    const vendor = await t.vendor();
    expect((await t.call('DELETE', `/api/v1/vendors/${vendor.id}`, { as: manager })).status).toBe(204);
    expectProblem(await t.call('GET', `/api/v1/vendors/${vendor.id}`, { as: owner }), 404);
    expectProblem(await t.call('DELETE', `/api/v1/vendors/${vendor.id}`, { as: manager }), 404);
    const kept = await t.vendor();
    await t.user('vendor', kept.id);
    const refused = await t.call('DELETE', `/api/v1/vendors/${kept.id}`, { as: owner });
    expectProblem(refused, 409);
    expect(refused.body.detail).toMatch(/offboard/);
  });

  it('exports CSV and imports the edited file back as updates', async () => {
    const res = await t.call('GET', '/api/v1/vendors/export', { as: owner });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="vendors.csv"/);
    const [header, ...rows] = parse(res.text, { bom: true }) as string[][];
    expect(rows).toHaveLength(await count());
    const col = (name: string) => header!.indexOf(name);
    const ledger = rows.find((r) => r[col('name')] === 'Kraków Ledger')!;
    expect(ledger[col('owner_email')]).toBe(manager.email);
    expect(ledger[col('languages')]).toBe('pl;en;de');

    const before = await count();
    for (const r of rows) r[col('name')] = `${r[col('name')]} (edited)`;
    const back = await importCsv(stringify([header!, ...rows]));
    expect(back.status, back.text).toBe(200);
    expect(back.body).toEqual({ created: 0, updated: rows.length });
    expect(await count()).toBe(before);
    const got = await t.call('GET', `/api/v1/vendors/${ledger[col('id')]}`, { as: owner });
    expect(got.body).toMatchObject({
      name: 'Kraków Ledger (edited)',
      ownerId: manager.userId,
      languages: ['pl', 'en', 'de'],
    });
  });

  it('imports new rows and reports every bad row with its line and field, importing nothing', async () => {
    const good = await importCsv('name,country,services\nNew One,DE,payroll;it\nNew Two,fr,\n');
    expect(good.body).toEqual({ created: 2, updated: 0 });
    const list = await t.call('GET', '/api/v1/vendors?q=new t', { as: owner });
    expect(list.body.items[0]).toMatchObject({ name: 'New Two', country: 'FR', timezone: 'Europe/Paris' });

    const before = await count();
    const csv = [
      'name,country,website,notes',
      'Fine Ltd,DE,,',
      'Spans Lines,PL,,"first',
      'second"',
      'Bad Country,XX,,',
      'Bad Site,GB,not a url,',
      ',IE,,',
      'Also Fine,IN,,',
    ].join('\n');
    const res = await importCsv(csv);
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([
      { line: 5, field: 'country', message: expect.stringMatching(/ISO 3166/) },
      { line: 6, field: 'website', message: expect.stringMatching(/URL/) },
      { line: 7, field: 'name', message: expect.any(String) },
    ]);
    expect(res.body.detail).toMatch(/nothing was imported/);
    expect(await count()).toBe(before);
  });

  it('refuses unknown and missing columns, unknown ids and bad transitions', async () => {
    const columns = await importCsv('name,colour\nAcme,red\n');
    expectProblem(columns, 422);
    expect(columns.body.errors).toEqual(
      expect.arrayContaining([
        { line: 1, field: 'colour', message: 'is not a known column' },
        { line: 1, field: 'country', message: 'column is missing' },
      ]),
    );
    const prospect = await t.vendor();
    const rows = await importCsv(
      `id,name,country,status\nvnd_01JD3ZQ8N00000000000000000,Ghost,DE,\n${prospect.id},${prospect.name},DE,active\n`,
    );
    expectProblem(rows, 422);
    expect(rows.body.errors).toEqual([
      { line: 2, field: 'id', message: 'is not the id of an existing vendor' },
      { line: 3, field: 'status', message: 'cannot move from prospect to active' },
    ]);
    expectProblem(await importCsv(''), 422);
    expectProblem(await importCsv('name,country\n'), 422);
  });

  describe('as a vendor user', () => {
    let vendorId: string;
    let vendorUser: Session;

    beforeAll(async () => {
      vendorId = (await t.vendor({ name: 'Own Vendor Co', notes: 'internal: price sensitive' })).id;
      vendorUser = await t.user('vendor', vendorId);
    });

    it('sees their vendor without internal notes', async () => {
      const got = await t.call('GET', `/api/v1/vendors/${vendorId}`, { as: vendorUser });
      expect(got.status).toBe(200);
      expect(got.body).not.toHaveProperty('notes');
      expect(got.text).not.toContain('price sensitive');
      const list = await t.call('GET', '/api/v1/vendors', { as: vendorUser });
      expect(list.body.items.map((v: { id: string }) => v.id)).toEqual([vendorId]);
      expect(list.body.items[0]).not.toHaveProperty('notes');
      const patched = await t.call('PATCH', `/api/v1/vendors/${vendorId}`, {
        as: vendorUser,
        body: { website: 'https://own.example.com' },
      });
      expect(patched.body).not.toHaveProperty('notes');
    });

    it('may edit their own profile and contacts', async () => {
      const res = await t.call('PATCH', `/api/v1/vendors/${vendorId}`, {
        as: vendorUser,
        body: { services: ['customer service'], languages: ['en'], legalName: 'Own Vendor Co Ltd' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ services: ['customer service'], legalName: 'Own Vendor Co Ltd' });
      const contact = await t.call('POST', `/api/v1/vendors/${vendorId}/contacts`, {
        as: vendorUser,
        body: { name: 'Their Lead' },
      });
      expect(contact.status).toBe(201);
    });

    it('gets 403 for internal fields, and nothing changes', async () => {
      for (const body of [
        { status: 'under_review' },
        { criticality: 'low' },
        { notes: 'mine now' },
        { ownerId: null },
      ]) {
        const res = await t.call('PATCH', `/api/v1/vendors/${vendorId}`, { as: vendorUser, body });
        expectProblem(res, 403);
        expect(res.body.detail).toContain(Object.keys(body)[0]);
      }
      const got = await t.call('GET', `/api/v1/vendors/${vendorId}`, { as: owner });
      expect(got.body).toMatchObject({
        status: 'prospect',
        criticality: 'medium',
        notes: 'internal: price sensitive',
      });
    });

    it('sees none of the internal status, criticality, owner or workflow', async () => {
      for (const res of [
        await t.call('GET', `/api/v1/vendors/${vendorId}`, { as: vendorUser }),
        (await t.call('GET', '/api/v1/vendors', { as: vendorUser })).body.items[0],
      ]) {
        const body = 'body' in res ? res.body : res;
        for (const key of ['status', 'criticality', 'ownerId', 'notes', 'allowedTransitions'])
          expect(body).not.toHaveProperty(key);
      }
    });

    it('may not rename their vendor: 422 naming name, and nothing changes', async () => {
      const other = await t.vendor({ name: 'Rival Vendor GmbH' });
      for (const name of ['Rival Vendor GmbH', 'rival vendor gmbh', 'A Brand New Name']) {
        const res = await t.call('PATCH', `/api/v1/vendors/${vendorId}`, { as: vendorUser, body: { name } });
        expectProblem(res, 422);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
      }
      // Sending the name it already has is no rename.
      const same = await t.call('PATCH', `/api/v1/vendors/${vendorId}`, {
        as: vendorUser,
        body: { name: 'Own Vendor Co', website: 'https://own.example.org' },
      });
      expect(same.status).toBe(200);
      expect((await t.call('GET', `/api/v1/vendors/${vendorId}`, { as: owner })).body.name).toBe(
        'Own Vendor Co',
      );
      expect((await t.call('GET', `/api/v1/vendors/${other.id}`, { as: owner })).body.name).toBe(
        'Rival Vendor GmbH',
      );
    });

    it('may not filter or sort by an internal field (422 naming it)', async () => {
      for (const [query, field] of [
        ['status=prospect', 'status'],
        ['criticality=medium', 'criticality'],
        ['sort=-status', 'sort'],
      ]) {
        const res = await t.call('GET', `/api/v1/vendors?${query}`, { as: vendorUser });
        expectProblem(res, 422);
        expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
      }
    });
  });
});

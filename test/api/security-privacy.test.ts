import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const NAME = 'Rosa Reyes';
const EMAIL = 'rosa.reyes@manila-care.example';
const PHONE = '+63 2 8123 4567';

describe.each(dialects)('personal data of a contact on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let vendorId: string;
  let contactId: string;
  let otherContactId: string;

  const exportOf = (id: string, as = owner) => t.call('GET', `/api/v1/privacy/people/${id}/export`, { as });
  const erase = (id: string, as = owner) => t.call('POST', `/api/v1/privacy/people/${id}/erase`, { as });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    const vendor = await t.vendor({
      name: 'Manila Care BPO',
      contacts: [
        { name: NAME, email: 'Rosa.Reyes@manila-care.example', phone: PHONE, role: 'Account manager' },
        { name: 'Paolo Cruz', email: 'paolo.cruz@manila-care.example' },
      ],
    });
    vendorId = vendor.id;
    contactId = vendor.contacts.find((c: { name: string }) => c.name === NAME).id;
    otherContactId = vendor.contacts.find((c: { name: string }) => c.name !== NAME).id;
    // The person is invited to the portal, accepts (a vendor user with the same email), signs in.
    const invited = await t.call('POST', `/api/v1/vendors/${vendorId}/invitations`, {
      as: owner,
      body: { email: EMAIL, name: NAME },
    });
    expect(invited.status, invited.text).toBe(201);
    const token = invited.body.url.split('/invitations/')[1];
    const accepted = await t.call('POST', `/api/v1/invitations/${token}/accept`, {
      body: { password: 'a long enough passphrase' },
    });
    expect(accepted.status, accepted.text).toBe(200);
    // Another vendor's reference check names the person as the referee's contact.
    const other = await t.vendor({ name: 'Kraków Books' });
    const ref = await t.call('POST', `/api/v1/vendors/${other.id}/references`, {
      as: owner,
      body: {
        refereeOrganisation: 'Manila Care BPO',
        contact: { name: NAME, email: EMAIL, phone: PHONE },
        verdict: 'positive',
      },
    });
    expect(ref.status, ref.text).toBe(201);
    // The person can reach one of the organisation's systems.
    const grant = await t.call('POST', '/api/v1/access-grants', {
      as: owner,
      body: {
        vendorId,
        contactId,
        system: 'Zendesk',
        accessLevel: 'write',
        grantedOn: '2027-01-04',
        justification: 'Handles tier-1 tickets',
      },
    });
    expect(grant.status, grant.text).toBe(201);
  });
  afterAll(async () => t?.close());

  it('exports everything held about the person, holder by holder', async () => {
    const res = await exportOf(contactId);
    expect(res.status, res.text).toBe(200);
    const by = Object.fromEntries(
      res.body.holders.map((h: { holder: string; records: unknown[] }) => [h.holder, h.records]),
    );
    expect(res.body).toMatchObject({ contactId, vendorId, erased: false });
    expect(by.vendors).toEqual([expect.objectContaining({ id: contactId, name: NAME, phone: PHONE })]);
    expect(by.portal).toEqual([expect.objectContaining({ email: EMAIL, name: NAME })]);
    expect(by.accounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'user', email: EMAIL, role: 'vendor' }),
        expect.objectContaining({ kind: 'session' }),
      ]),
    );
    expect(by.diligence).toEqual([expect.objectContaining({ contactName: NAME, contactEmail: EMAIL })]);
    expect(by.audit.length).toBeGreaterThan(0);
    expect(by['access grants']).toEqual([
      expect.objectContaining({ kind: 'access_grant', system: 'Zendesk' }),
    ]);
    // Nothing of the other contact.
    expect(res.text).not.toContain('Paolo');
  });

  it('erases the person everywhere in one go; the audit trail says so without the values and still verifies', async () => {
    const res = await erase(contactId);
    expect(res.status, res.text).toBe(200);
    const counts = Object.fromEntries(
      res.body.holders.map((h: { holder: string; records: number }) => [h.holder, h.records]),
    );
    expect(counts).toMatchObject({ vendors: 1, portal: 1, diligence: 1 });
    expect(counts.accounts).toBeGreaterThanOrEqual(2); // the user and their session

    const after = await exportOf(contactId);
    expect(after.status).toBe(200);
    expect(after.body.erased).toBe(true);
    for (const value of [NAME, 'Rosa', EMAIL, 'rosa.reyes', PHONE]) expect(after.text).not.toContain(value);

    // The vendor user can no longer sign in; the other contact is untouched.
    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { email: EMAIL, password: 'a long enough passphrase' },
    });
    expect(login.status).toBe(401);
    const other = await exportOf(otherContactId);
    expect(other.text).toContain('Paolo Cruz');

    const events = await t.call('GET', `/api/v1/audit-events?action=privacy.erase`, { as: owner });
    expect(events.body.items).toEqual([
      expect.objectContaining({ entityType: 'contact', entityId: contactId }),
    ]);
    expect(JSON.stringify(events.body.items)).not.toContain(EMAIL);
    const verify = await t.call('GET', '/api/v1/audit-events/verify', { as: owner });
    expect(verify.body).toMatchObject({ ok: true });

    // Erasing again changes nothing more and stays consistent.
    expect((await erase(contactId)).status).toBe(200);
    expect((await t.call('GET', '/api/v1/audit-events/verify', { as: owner })).body.ok).toBe(true);
  });

  it('is for owners and admins only; a vendor user gets 404; an unknown contact 404', async () => {
    const manager = await t.user('manager');
    const auditor = await t.user('auditor');
    const admin = await t.user('admin');
    const vendorUser = await t.user('vendor', vendorId);
    expect((await exportOf(otherContactId, manager)).status).toBe(403);
    expect((await erase(otherContactId, auditor)).status).toBe(403);
    expect((await exportOf(otherContactId, vendorUser)).status).toBe(404);
    expect((await erase(otherContactId, vendorUser)).status).toBe(404);
    expect((await exportOf(otherContactId, admin)).status).toBe(200);
    expect((await exportOf('ctc_unknown')).status).toBe(404);
    expect((await erase('ctc_unknown')).status).toBe(404);
    expect((await exportOf(otherContactId)).body.erased).toBe(false);
  });
});

/**
 * The holders of personal data for the modules that predate the registry (accounts, portal,
 * diligence, escalations, audit). Each reads and writes only the person's rows; a module that
 * owns a holder of its own registers it through the privacy service instead of adding it here.
 */
import type { Executor } from '../../db/database';
import {
  ERASED_NAME,
  erasedEmail,
  type PersonalDataHolder,
  type PersonalRecord,
  type Subject,
} from './registry';

const parse = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** The vendor user accounts that are this person: same vendor, same email. */
async function usersOf(tx: Executor, s: Subject) {
  if (!s.email) return [];
  return tx
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'vendorId', 'disabled', 'createdAt', 'lastLoginAt'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', s.email))
    .where('vendorId', '=', s.vendorId)
    .execute();
}

/** Accounts: the person's vendor user accounts and everything keyed by those users. */
export const accountsHolder: PersonalDataHolder = {
  name: 'accounts',
  description:
    'Vendor user accounts with the person’s email, with their sessions, API tokens, notifications, ' +
    'the messages they wrote and the deliverables and scorecard answers they submitted.',
  async export(tx, s) {
    const out: PersonalRecord[] = [];
    for (const u of await usersOf(tx, s)) {
      out.push({ kind: 'user', ...u, disabled: Number(u.disabled) === 1 });
      const [sessions, tokens, notifications, messages, edits, submissions, responses] = await Promise.all([
        tx
          .selectFrom('sessions')
          .select(['createdAt', 'lastSeenAt', 'ip', 'userAgent'])
          .where('userId', '=', u.id)
          .execute(),
        tx
          .selectFrom('apiTokens')
          .select(['id', 'name', 'tokenPrefix', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'])
          .where('userId', '=', u.id)
          .execute(),
        tx
          .selectFrom('notifications')
          .select(['id', 'type', 'title', 'createdAt', 'readAt'])
          .where('userId', '=', u.id)
          .execute(),
        tx
          .selectFrom('messages')
          .select(['id', 'threadId', 'authorName', 'body', 'createdAt', 'editedAt', 'deletedAt'])
          .where('authorId', '=', u.id)
          .execute(),
        tx
          .selectFrom('messageEdits')
          .select(['id', 'messageId', 'body', 'replacedAt'])
          .where('replacedBy', '=', u.id)
          .execute(),
        tx
          .selectFrom('deliverableSubmissions')
          .select(['id', 'engagementId', 'deliverableId', 'submittedByName', 'submittedAt'])
          .where('submittedBy', '=', u.id)
          .execute(),
        tx
          .selectFrom('scorecardResponses')
          .select(['id', 'scorecardId', 'authorName', 'answeredByName'])
          .where((eb) => eb.or([eb('authorId', '=', u.id), eb('answeredBy', '=', u.id)]))
          .execute(),
      ]);
      for (const r of sessions) out.push({ kind: 'session', userId: u.id, ...r });
      for (const r of tokens) out.push({ kind: 'apiToken', userId: u.id, ...r });
      for (const r of notifications) out.push({ kind: 'notification', userId: u.id, ...r });
      for (const r of messages) out.push({ kind: 'message', userId: u.id, ...r });
      for (const r of edits) out.push({ kind: 'messageEdit', userId: u.id, ...r });
      for (const r of submissions) out.push({ kind: 'deliverableSubmission', userId: u.id, ...r });
      for (const r of responses) out.push({ kind: 'scorecardResponse', userId: u.id, ...r });
    }
    return out;
  },
  async erase(tx, s, erasedAt) {
    let n = 0;
    for (const u of await usersOf(tx, s)) {
      // The account stays (its id is referenced by records) but can never sign in again.
      await tx
        .updateTable('users')
        .set({
          name: ERASED_NAME,
          email: erasedEmail(u.id),
          passwordHash: '!erased',
          disabled: 1,
          updatedAt: erasedAt,
        })
        .where('id', '=', u.id)
        .execute();
      const counts = await Promise.all([
        tx.deleteFrom('sessions').where('userId', '=', u.id).executeTakeFirst(),
        tx.deleteFrom('apiTokens').where('userId', '=', u.id).executeTakeFirst(),
        tx.deleteFrom('notifications').where('userId', '=', u.id).executeTakeFirst(),
        tx
          .updateTable('messages')
          .set({ authorName: ERASED_NAME })
          .where('authorId', '=', u.id)
          .executeTakeFirst(),
        tx
          .updateTable('deliverableSubmissions')
          .set({ submittedByName: ERASED_NAME })
          .where('submittedBy', '=', u.id)
          .executeTakeFirst(),
        tx
          .updateTable('scorecardResponses')
          .set({ authorName: ERASED_NAME })
          .where('authorId', '=', u.id)
          .executeTakeFirst(),
        tx
          .updateTable('scorecardResponses')
          .set({ answeredByName: ERASED_NAME })
          .where('answeredBy', '=', u.id)
          .executeTakeFirst(),
      ]);
      n +=
        1 +
        counts.reduce(
          (sum, r) => sum + Number('numDeletedRows' in r ? r.numDeletedRows : r.numUpdatedRows),
          0,
        );
      // Mentions of the person in other people's messages carry their name.
      const mentioning = await tx
        .selectFrom('messages')
        .select(['id', 'mentions'])
        .where('mentions', 'like', `%${u.id}%`)
        .execute();
      for (const m of mentioning) {
        const mentions = parse<Array<{ userId: string; name: string }>>(m.mentions, []).map((x) =>
          x.userId === u.id ? { ...x, name: ERASED_NAME } : x,
        );
        await tx
          .updateTable('messages')
          .set({ mentions: JSON.stringify(mentions) })
          .where('id', '=', m.id)
          .execute();
        n++;
      }
    }
    return n;
  },
};

/** Portal: invitations sent to the person's email at their vendor. */
export const invitationsHolder: PersonalDataHolder = {
  name: 'portal',
  description: 'Invitations to the vendor portal sent to the person’s email.',
  async export(tx, s) {
    if (!s.email) return [];
    return tx
      .selectFrom('portalInvitations')
      .select([
        'id',
        'vendorId',
        'name',
        'email',
        'invitedByName',
        'createdAt',
        'expiresAt',
        'acceptedAt',
        'userId',
      ])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', s.email))
      .where('vendorId', '=', s.vendorId)
      .execute();
  },
  async erase(tx, s) {
    const rows = await this.export(tx, s);
    for (const r of rows)
      await tx
        .updateTable('portalInvitations')
        .set({ name: ERASED_NAME, email: erasedEmail(String(r.id)) })
        .where('id', '=', String(r.id))
        .execute();
    return rows.length;
  },
};

/** Diligence: reference checks where the person is the referee's contact. */
export const referencesHolder: PersonalDataHolder = {
  name: 'diligence',
  description: 'Reference checks that name the person (by email) as the contact.',
  async export(tx, s) {
    if (!s.email) return [];
    return tx
      .selectFrom('vendorReferences')
      .select([
        'id',
        'vendorId',
        'refereeOrganisation',
        'contactName',
        'contactEmail',
        'contactPhone',
        'checkedOn',
      ])
      .where((eb) => eb(eb.fn('lower', ['contactEmail']), '=', s.email))
      .execute();
  },
  async erase(tx, s) {
    const rows = await this.export(tx, s);
    for (const r of rows)
      await tx
        .updateTable('vendorReferences')
        .set({ contactName: null, contactEmail: null, contactPhone: null })
        .where('id', '=', String(r.id))
        .execute();
    return rows.length;
  },
};

type Named = { id: string; name?: string };

/** Escalations: the engagement escalation levels that list the person as a vendor contact. */
export const escalationsHolder: PersonalDataHolder = {
  name: 'escalations',
  description: 'Escalation levels of engagements that name the person as a vendor contact.',
  async export(tx, s) {
    const rows = await tx
      .selectFrom('escalationLevels')
      .select(['engagementId', 'level', 'title', 'vendorContacts'])
      .where('vendorContacts', 'like', `%${s.contactId}%`)
      .execute();
    return rows
      .map((r) => ({ ...r, level: Number(r.level), vendorContacts: parse<Named[]>(r.vendorContacts, []) }))
      .filter((r) => r.vendorContacts.some((p) => p.id === s.contactId))
      .map((r) => ({
        engagementId: r.engagementId,
        level: r.level,
        title: r.title,
        listedAs: r.vendorContacts.find((p) => p.id === s.contactId),
      }));
  },
  async erase(tx, s) {
    const rows = await tx
      .selectFrom('escalationLevels')
      .select(['engagementId', 'level', 'vendorContacts'])
      .where('vendorContacts', 'like', `%${s.contactId}%`)
      .execute();
    let n = 0;
    for (const r of rows) {
      const people = parse<Named[]>(r.vendorContacts, []);
      if (!people.some((p) => p.id === s.contactId)) continue;
      // The level keeps naming the contact by id (the row is anonymised), not by their name.
      const next = people.map((p) => (p.id === s.contactId ? { ...p, name: ERASED_NAME } : p));
      await tx
        .updateTable('escalationLevels')
        .set({ vendorContacts: JSON.stringify(next) })
        .where('engagementId', '=', r.engagementId)
        .where('level', '=', r.level)
        .execute();
      n++;
    }
    return n;
  },
};

/**
 * Audit: the events about the contact, listed by id only. Their recorded values cannot be
 * changed without breaking the hash chain; see docs/security.md ("Personal data").
 */
export const auditHolder: PersonalDataHolder = {
  name: 'audit',
  description:
    'Audit events about the contact (ids only). Values recorded in events before an erasure stay in the ' +
    'tamper-evident trail, readable by owners, admins and auditors only.',
  async export(tx, s) {
    return tx
      .selectFrom('auditEvents')
      .select(['id', 'seq', 'at', 'action'])
      .where((eb) =>
        eb.or([
          eb('entityId', '=', s.contactId),
          eb.and([eb('action', 'like', 'vendor.contact.%'), eb('changes', 'like', `%${s.contactId}%`)]),
        ]),
      )
      .orderBy('seq')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, seq: Number(r.seq) })));
  },
  async erase() {
    return 0;
  },
};

/** Vendors: the contact row itself; erased last, after the holders that look the person up by it. */
export const contactHolder: PersonalDataHolder = {
  name: 'vendors',
  description: 'The vendor contact: name, email, phone, role and time zone.',
  async export(tx, s) {
    return tx.selectFrom('vendorContacts').selectAll().where('id', '=', s.contactId).execute();
  },
  async erase(tx, s, erasedAt) {
    await tx
      .updateTable('vendorContacts')
      .set({ name: ERASED_NAME, email: null, phone: null, role: null, timezone: null, updatedAt: erasedAt })
      .where('id', '=', s.contactId)
      .execute();
    return 1;
  },
};

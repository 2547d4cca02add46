import type { ErasureResult, PersonalDataExport } from '../../../contracts/privacy';
import type { Database, Executor } from '../../db/database';
import { notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { type Actor, authorize } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import {
  accountsHolder,
  auditHolder,
  contactHolder,
  escalationsHolder,
  invitationsHolder,
  referencesHolder,
} from './holders';
import { createRegistry, ERASED_NAME, type PersonalDataHolder, type Subject } from './registry';

export function createPrivacyService({
  db,
  audit,
  clock,
}: {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
}) {
  const registry = createRegistry();
  for (const h of [accountsHolder, invitationsHolder, referencesHolder, escalationsHolder, auditHolder])
    registry.register(h);
  // The contact row goes last: the holders before it find the person by its email.
  const holders = () => [...registry.list(), contactHolder];

  async function subjectOf(tx: Executor, contactId: string): Promise<Subject & { erased: boolean }> {
    const c = await tx
      .selectFrom('vendorContacts')
      .select(['id', 'vendorId', 'name', 'email'])
      .where('id', '=', contactId)
      .executeTakeFirst();
    if (!c) throw notFound('contact');
    return {
      contactId: c.id,
      vendorId: c.vendorId,
      name: c.name,
      email: c.email ? c.email.trim().toLowerCase() : null,
      erased: c.name === ERASED_NAME && c.email === null,
    };
  }

  return {
    /** Add a module's holder: its records join every export and erasure from now on. */
    register: (holder: PersonalDataHolder) => registry.register(holder),

    /** Everything held about one contact, holder by holder (a subject-access request). */
    async exportPerson(actor: Actor, contactId: string): Promise<PersonalDataExport> {
      authorize(actor, 'personalData', 'export');
      return db.transaction().execute(async (tx) => {
        const subject = await subjectOf(tx, contactId);
        const out: PersonalDataExport['holders'] = [];
        for (const h of holders())
          out.push({ holder: h.name, description: h.description, records: await h.export(tx, subject) });
        // Exports are personal data leaving the system: audited, without their content.
        await audit.record(tx, actor, {
          action: 'privacy.export',
          entityType: 'contact',
          entityId: contactId,
        });
        return {
          contactId,
          vendorId: subject.vendorId,
          exportedAt: clock.now().toISOString(),
          erased: subject.erased,
          holders: out,
        };
      });
    },

    /**
     * Erase one contact's personal data everywhere, in one transaction. The audit trail records
     * that it happened and how many records each holder changed, never the erased values.
     */
    async erasePerson(actor: Actor, contactId: string): Promise<ErasureResult> {
      authorize(actor, 'personalData', 'delete');
      return db.transaction().execute(async (tx) => {
        const subject = await subjectOf(tx, contactId);
        const erasedAt = clock.now().toISOString();
        const counts: ErasureResult['holders'] = [];
        for (const h of holders())
          counts.push({ holder: h.name, records: await h.erase(tx, subject, erasedAt) });
        await audit.record(tx, actor, {
          action: 'privacy.erase',
          entityType: 'contact',
          entityId: contactId,
          changes: { records: { after: Object.fromEntries(counts.map((c) => [c.holder, c.records])) } },
        });
        return { contactId, erasedAt, holders: counts };
      });
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;

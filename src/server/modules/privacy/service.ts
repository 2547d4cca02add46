import type { ErasureResult, PersonalDataExport } from '../../../contracts/privacy';
import type { Database, Executor } from '../../db/database';
import { notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { type Actor, authorize } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import { createRegistry, type PersonalDataHolder, type Subject, type SubjectSource } from './registry';

/**
 * Export and erasure of one person's data: finds the person through `subjects` (the vendors
 * module), then runs every registered holder, and the contact's own holder last. It reads no
 * table itself; each module's holder reads and writes its own.
 */
export function createPrivacyService({
  db,
  audit,
  clock,
  subjects,
}: {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  subjects: SubjectSource;
}) {
  const registry = createRegistry();
  // The contact row goes last: the holders before it find the person by its email.
  const holders = () => [...registry.list(), subjects.holder];

  async function subjectOf(tx: Executor, contactId: string): Promise<Subject & { erased: boolean }> {
    const subject = await subjects.find(tx, contactId);
    if (!subject) throw notFound('contact');
    return subject;
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

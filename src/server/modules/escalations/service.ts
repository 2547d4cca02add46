/**
 * The escalation matrix of an engagement: levels 1..n, each naming contacts on both sides, the
 * channel and the response time target. Read by internal roles and the engagement's vendor.
 */
import type {
  Channel,
  EscalationCandidates,
  EscalationMatrix,
  EscalationPerson,
  PutEscalationMatrixBody,
  ResponseUnit,
} from '../../../contracts/escalations';
import type { Database, Executor } from '../../db/database';
import { fromJson, toJson } from '../../db/database';
import { lockName } from '../../db/locks';
import type { EscalationLevelRow } from '../../db/schema';
import { invalid } from '../../errors';
import type { Clock } from '../../lib/clock';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import * as repo from './repository';
import { checkMatrix, responseMinutes } from './rules';

interface Named {
  id: string;
  name: string;
}
type Person = EscalationPerson;

export interface EscalationDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  /** The engagement as the actor may see it (404 otherwise). */
  loadEngagement: (tx: Executor, actor: Actor, id: string) => Promise<{ id: string; vendorId: string }>;
  /** Active internal users. */
  internalUsers: (tx: Executor) => Promise<Array<{ id: string; name: string; email: string }>>;
  /** A vendor's contacts. */
  vendorContacts: (
    vendorId: string,
  ) => Promise<
    Array<{ id: string; name: string; email: string | null; phone: string | null; role: string | null }>
  >;
}

export function createEscalationService({
  db,
  audit,
  clock,
  loadEngagement,
  internalUsers,
  vendorContacts,
}: EscalationDeps) {
  async function directory(vendorId: string) {
    const [users, contacts] = await Promise.all([internalUsers(db), vendorContacts(vendorId)]);
    const userPeople = new Map<string, Person>(
      users.map((u) => [
        u.id,
        { id: u.id, name: u.name, email: u.email, phone: null, role: null, active: true },
      ]),
    );
    const contactPeople = new Map<string, Person>(
      contacts.map((c) => [
        c.id,
        { id: c.id, name: c.name, email: c.email, phone: c.phone, role: c.role, active: true },
      ]),
    );
    return { userPeople, contactPeople };
  }

  /** Named as saved, with today's details; someone gone since is kept by name, marked inactive. */
  const resolve = (saved: Named[], people: Map<string, Person>): Person[] =>
    saved.map(
      (s) =>
        people.get(s.id) ?? { id: s.id, name: s.name, email: null, phone: null, role: null, active: false },
    );

  function toMatrix(
    engagementId: string,
    rows: EscalationLevelRow[],
    dir: Awaited<ReturnType<typeof directory>>,
  ): EscalationMatrix {
    const latest = rows.reduce<EscalationLevelRow | undefined>(
      (a, r) => (!a || r.updatedAt > a.updatedAt ? r : a),
      undefined,
    );
    return {
      engagementId,
      levels: rows.map((r) => ({
        level: Number(r.level),
        title: r.title,
        channel: r.channel as Channel,
        responseTime: { value: Number(r.responseValue), unit: r.responseUnit as ResponseUnit },
        responseMinutes: responseMinutes(Number(r.responseValue), r.responseUnit as ResponseUnit),
        internalContacts: resolve(fromJson<Named[]>(r.internalContacts, []), dir.userPeople),
        vendorContacts: resolve(fromJson<Named[]>(r.vendorContacts, []), dir.contactPeople),
        notes: r.notes,
      })),
      updatedAt: latest?.updatedAt ?? null,
      updatedBy: latest?.updatedBy ?? null,
    };
  }

  /** What the audit trail keeps: the levels with the ids they name. */
  const summary = (rows: EscalationLevelRow[]) =>
    Object.fromEntries(
      rows.map((r) => [
        `level${r.level}`,
        {
          title: r.title,
          channel: r.channel,
          responseTime: `${r.responseValue} ${r.responseUnit}`,
          internalContacts: fromJson<Named[]>(r.internalContacts, []).map((p) => p.id),
          vendorContacts: fromJson<Named[]>(r.vendorContacts, []).map((p) => p.id),
          notes: r.notes,
        },
      ]),
    );

  return {
    async get(actor: Actor, engagementId: string): Promise<EscalationMatrix> {
      authorize(actor, 'escalationMatrix', 'read');
      const engagement = await loadEngagement(db, actor, engagementId);
      const [rows, dir] = await Promise.all([
        repo.levelsOf(db, engagement.id),
        directory(engagement.vendorId),
      ]);
      return toMatrix(engagement.id, rows, dir);
    },

    async candidates(actor: Actor, engagementId: string): Promise<EscalationCandidates> {
      authorize(actor, 'escalationMatrix', 'update');
      const engagement = await loadEngagement(db, actor, engagementId);
      const dir = await directory(engagement.vendorId);
      return { users: [...dir.userPeople.values()], vendorContacts: [...dir.contactPeople.values()] };
    },

    async put(actor: Actor, engagementId: string, body: PutEscalationMatrixBody): Promise<EscalationMatrix> {
      authorize(actor, 'escalationMatrix', 'update');
      const engagement = await loadEngagement(db, actor, engagementId);
      // The people are read before the transaction: they live in other modules.
      const dir = await directory(engagement.vendorId);
      const errors = checkMatrix(body, new Set(dir.userPeople.keys()), new Set(dir.contactPeople.keys()));
      if (errors.length) throw invalid(errors);
      const at = clock.now().toISOString();
      const named = (ids: string[], people: Map<string, Person>) =>
        toJson(ids.map((id) => ({ id, name: people.get(id)!.name })));
      const rows: EscalationLevelRow[] = body.levels.map((l) => ({
        engagementId: engagement.id,
        level: l.level,
        title: l.title,
        channel: l.channel,
        responseValue: l.responseTime.value,
        responseUnit: l.responseTime.unit,
        internalContacts: named(l.internalContacts, dir.userPeople),
        vendorContacts: named(l.vendorContacts, dir.contactPeople),
        notes: l.notes,
        updatedBy: actor.id,
        updatedAt: at,
      }));
      await db.transaction().execute(async (tx) => {
        // One matrix per engagement: a concurrent replacement waits here, then replaces this one
        // (not the matrix both read), and its audit entry starts from what this one wrote.
        await lockName(tx, `escalation-matrix:${engagement.id}`);
        await loadEngagement(tx, actor, engagement.id);
        const before = await repo.levelsOf(tx, engagement.id);
        await repo.replace(tx, engagement.id, rows);
        await audit.record(tx, actor, {
          action: 'engagement.escalation_matrix.update',
          entityType: 'engagement',
          entityId: engagement.id,
          changes: diff(summary(before), summary(rows)),
        });
      });
      return toMatrix(engagement.id, rows, dir);
    },
  };
}

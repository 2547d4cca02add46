/** Agreements on file with a vendor, the register entries they cover, and reminders before their dates. */
import {
  AGREEMENT_LABELS,
  type Agreement,
  type AgreementBody,
  type AgreementPatch,
  type AgreementType,
  agreementProblems,
} from '../../../contracts/data-sharing';
import type { Executor } from '../../db/database';
import type { AgreementRow } from '../../db/schema';
import { invalid, notFound } from '../../errors';
import { addDays, daysBetween } from '../../lib/dates';
import { newId } from '../../lib/ids';
import { type Actor, authorize, systemActor } from '../../policy';
import { diff } from '../audit/rules';
import type { DataSharingContext } from './context';
import * as repo from './repository';
import {
  AGREEMENT_CATCH_UP_DAYS,
  AGREEMENT_REMINDER_DAYS,
  agreementReminderKey,
  agreementStatus,
  dueAgreementReminder,
} from './rules';

const auditable = (r: AgreementRow, dataFlowIds: string[]) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = r;
  return { ...rest, dataFlowIds };
};

const toAgreementDto = (row: AgreementRow, dataFlowIds: string[], today: string): Agreement => ({
  id: row.id,
  vendorId: row.vendorId,
  type: row.type as AgreementType,
  title: row.title,
  documentFileId: row.documentFileId,
  signedOn: row.signedOn,
  expiresOn: row.expiresOn,
  reviewOn: row.reviewOn,
  dataFlowIds,
  status: agreementStatus(row, today),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export function createAgreementService(ctx: DataSharingContext) {
  const { deps } = ctx;
  const { db, audit } = deps;
  const system = systemActor('data-sharing');

  /** The entries must be the vendor's own register entries. */
  async function checkFlows(tx: Executor, vendorId: string, ids: string[]) {
    if (ids.length === 0) return;
    const own = new Set((await repo.vendorFlowFacts(tx, vendorId)).map((f) => f.id));
    const unknown = ids.filter((id) => !own.has(id));
    if (unknown.length)
      throw invalid([
        { field: 'dataFlowIds', message: `${unknown.join(', ')} is not a register entry of this vendor` },
      ]);
  }

  async function attachDocument(tx: Executor, fileId: string, agreementId: string, vendorId: string) {
    try {
      await deps.files.attach(tx, fileId, { entityType: 'agreement', entityId: agreementId, vendorId });
    } catch (err) {
      if ((err as { status?: number }).status === 422)
        throw invalid([{ field: 'documentFileId', message: 'is not a known file' }]);
      throw err;
    }
  }

  async function load(tx: Executor, vendorId: string, id: string) {
    const row = await repo.findAgreement(tx, vendorId, id);
    if (!row) throw notFound('agreement');
    return row;
  }

  /** Remind the vendor's owner and the administrators before review and expiry dates; each once. */
  async function runReminders(): Promise<{ notified: number; agreements: number }> {
    const today = await ctx.today();
    const admins = await deps.admins();
    const from = addDays(today, -AGREEMENT_CATCH_UP_DAYS);
    const to = addDays(today, AGREEMENT_REMINDER_DAYS[0]);
    let after: string | null = null;
    let notified = 0;
    let agreements = 0;
    for (;;) {
      const rows = await repo.agreementsDueBetween(db, from, to, after, 200);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      for (const a of rows) {
        const dates = [
          ...(a.reviewOn ? [{ kind: 'review' as const, date: a.reviewOn }] : []),
          ...(a.expiresOn ? [{ kind: 'expiry' as const, date: a.expiresOn }] : []),
        ];
        let counted = false;
        for (const { kind, date } of dates) {
          const days = daysBetween(today, date);
          const threshold = dueAgreementReminder(days);
          if (threshold === null) continue;
          const vendor = await deps.vendors.get(system, a.vendorId);
          const what = `${AGREEMENT_LABELS[a.type as AgreementType]}${a.title ? ` “${a.title}”` : ''}`;
          const verb = kind === 'review' ? 'is due for review' : 'expires';
          const when =
            days < 0
              ? `${kind === 'review' ? 'was due for review' : 'expired'} on ${date}`
              : days === 0
                ? `${verb} today`
                : `${verb} in ${days} days (${date})`;
          if (!counted) agreements++;
          counted = true;
          const userIds = [...new Set([...(vendor.ownerId ? [vendor.ownerId] : []), ...admins])];
          notified += await db.transaction().execute((tx) =>
            deps.notify(tx, {
              userIds,
              type: kind === 'review' ? 'agreement.review_due' : 'agreement.expiring',
              title: `${vendor.name}: ${what} ${when}`,
              body:
                kind === 'review'
                  ? `Review the agreement with ${vendor.name} and record the next review date.`
                  : `Renew the agreement with ${vendor.name} or record the new one before it lapses.`,
              link: `/vendors/${vendor.id}?tab=data`,
              entity: { type: 'agreement', id: a.id },
              dedupeKey: agreementReminderKey(a.id, kind, date, threshold),
            }),
          );
        }
      }
      if (rows.length < 200) break;
    }
    return { notified, agreements };
  }

  return {
    async list(actor: Actor, vendorId: string) {
      authorize(actor, 'agreement', 'read');
      await deps.vendors.get(actor, vendorId);
      const today = await ctx.today();
      const rows = await repo.agreementsOf(db, vendorId);
      const links = await repo.linksOf(
        db,
        rows.map((r) => r.id),
      );
      return rows.map((r) => toAgreementDto(r, links.get(r.id) ?? [], today));
    },

    async get(actor: Actor, vendorId: string, id: string) {
      authorize(actor, 'agreement', 'read');
      await deps.vendors.get(actor, vendorId);
      const today = await ctx.today();
      const row = await load(db, vendorId, id);
      return toAgreementDto(row, (await repo.linksOf(db, [id])).get(id) ?? [], today);
    },

    async create(actor: Actor, vendorId: string, body: AgreementBody) {
      authorize(actor, 'agreement', 'create');
      await deps.vendors.get(actor, vendorId);
      const today = await ctx.today();
      return db.transaction().execute(async (tx) => {
        const at = ctx.now();
        const row: AgreementRow = {
          id: newId('agr'),
          vendorId,
          type: body.type,
          title: body.title ?? null,
          documentFileId: body.documentFileId ?? null,
          signedOn: body.signedOn,
          expiresOn: body.expiresOn ?? null,
          reviewOn: body.reviewOn ?? null,
          createdAt: at,
          updatedAt: at,
        };
        const flows = body.dataFlowIds ?? [];
        await checkFlows(tx, vendorId, flows);
        await repo.insertAgreement(tx, row);
        await repo.setLinks(tx, row.id, flows);
        if (row.documentFileId) await attachDocument(tx, row.documentFileId, row.id, vendorId);
        await audit.record(tx, actor, {
          action: 'agreement.create',
          entityType: 'agreement',
          entityId: row.id,
          changes: diff(null, auditable(row, flows)),
        });
        return toAgreementDto(row, flows, today);
      });
    },

    async update(actor: Actor, vendorId: string, id: string, body: AgreementPatch) {
      authorize(actor, 'agreement', 'update');
      await deps.vendors.get(actor, vendorId);
      const today = await ctx.today();
      return db.transaction().execute(async (tx) => {
        const before = await load(tx, vendorId, id);
        const beforeFlows = (await repo.linksOf(tx, [id])).get(id) ?? [];
        const next: AgreementRow = { ...before, updatedAt: ctx.now() };
        if (body.type !== undefined) next.type = body.type;
        if (body.title !== undefined) next.title = body.title;
        if (body.documentFileId !== undefined) next.documentFileId = body.documentFileId;
        if (body.signedOn !== undefined) next.signedOn = body.signedOn;
        if (body.expiresOn !== undefined) next.expiresOn = body.expiresOn;
        if (body.reviewOn !== undefined) next.reviewOn = body.reviewOn;
        const problems = agreementProblems(next);
        if (problems.length) throw invalid(problems);
        const flows = body.dataFlowIds ?? beforeFlows;
        await checkFlows(tx, vendorId, flows);
        const { id: _i, createdAt: _c, ...patch } = next;
        await repo.updateAgreement(tx, id, patch);
        if (body.dataFlowIds !== undefined) await repo.setLinks(tx, id, flows);
        if (next.documentFileId && next.documentFileId !== before.documentFileId)
          await attachDocument(tx, next.documentFileId, id, vendorId);
        await audit.record(tx, actor, {
          action: 'agreement.update',
          entityType: 'agreement',
          entityId: id,
          changes: diff(auditable(before, beforeFlows), auditable(next, flows)),
        });
        return toAgreementDto(next, flows, today);
      });
    },

    async remove(actor: Actor, vendorId: string, id: string) {
      authorize(actor, 'agreement', 'delete');
      await deps.vendors.get(actor, vendorId);
      await db.transaction().execute(async (tx) => {
        const before = await load(tx, vendorId, id);
        const flows = (await repo.linksOf(tx, [id])).get(id) ?? [];
        await repo.removeAgreement(tx, id);
        await audit.record(tx, actor, {
          action: 'agreement.delete',
          entityType: 'agreement',
          entityId: id,
          changes: diff(auditable(before, flows), null),
        });
      });
    },

    reminders: { run: runReminders },
  };
}

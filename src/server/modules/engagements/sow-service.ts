import type { z } from 'zod';
import { type Sow, SowDocument, type SowDocumentInput } from '../../../contracts/engagements';
import type { Database, Executor } from '../../db/database';
import type { SowVersionRow } from '../../db/schema';
import { AppError, conflict, type FieldError, invalid, notFound } from '../../errors';
import { fileNamePart } from '../../lib/download';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import { renderMarkdown, renderPdf } from './export';
import * as repo from './repository';
import { diffSow, withItemIds } from './rules';
import { documentOf, type EngagementService, lintFor, toSow } from './service';

/** Turn zod issues of a SOW document into field errors with paths like `deliverables[2].title`. */
export function documentErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((i) => ({
    field:
      prefix +
      i.path
        .map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`))
        .join(''),
    message: i.message,
  }));
}

function parseDocument(input: unknown, prefix = ''): SowDocument {
  const parsed = SowDocument.safeParse(input);
  if (!parsed.success) throw invalid(documentErrors(parsed.error, prefix));
  return parsed.data;
}

/** The statement of work: draft versions, approval as the baseline, the linter, diffs and export. */
export function createSowService(deps: {
  db: Database['db'];
  audit: AuditRecorder;
  engagements: EngagementService;
}) {
  const { db, audit, engagements } = deps;
  const { load, now, activateOnApproval } = engagements.internals;

  async function versionOrLatest(
    tx: Executor,
    engagementId: string,
    version?: number,
  ): Promise<SowVersionRow> {
    const row = version
      ? await repo.version(tx, engagementId, version)
      : await repo.latestVersion(tx, engagementId);
    if (!row) throw notFound(version ? `SOW version ${version}` : 'SOW (none written yet)');
    return row;
  }

  return {
    async get(actor: Actor, engagementId: string, version?: number): Promise<Sow> {
      await load(db, actor, engagementId);
      authorize(actor, 'sow', 'read');
      return toSow(await versionOrLatest(db, engagementId, version));
    },

    async versions(actor: Actor, engagementId: string) {
      await load(db, actor, engagementId);
      return (await repo.versions(db, engagementId)).map((v) => ({
        version: Number(v.version),
        status: v.status as Sow['status'],
        approvedAt: v.approvedAt,
        createdAt: v.createdAt,
        updatedAt: v.updatedAt,
      }));
    },

    /** Save the draft: the latest version while it is a draft, or version 1. An approved SOW changes only by change request. */
    async saveDraft(actor: Actor, engagementId: string, input: SowDocumentInput): Promise<Sow> {
      return db.transaction().execute(async (tx) => {
        await repo.lockEngagement(tx, engagementId);
        await load(tx, actor, engagementId);
        authorize(actor, 'sow', 'update');
        const doc = withItemIds(parseDocument(input), newId);
        const latest = await repo.latestVersion(tx, engagementId);
        const at = now();
        if (latest && latest.status !== 'draft') {
          throw new AppError(
            409,
            'sow-approved',
            `Version ${latest.version} of this SOW is approved and frozen; change it through a change request (POST /api/v1/engagements/${engagementId}/change-requests).`,
          );
        }
        if (latest) {
          const before = documentOf(latest);
          await repo.updateVersion(tx, latest.id, { document: JSON.stringify(doc), updatedAt: at });
          await audit.record(tx, actor, {
            action: 'sow.update',
            entityType: 'engagement',
            entityId: engagementId,
            changes: { [`sow.v${latest.version}`]: { before, after: doc } },
          });
          return toSow((await repo.version(tx, engagementId, Number(latest.version)))!);
        }
        const row: SowVersionRow = {
          id: newId('sow'),
          engagementId,
          version: 1,
          status: 'draft',
          document: JSON.stringify(doc),
          createdBy: actor.id,
          createdAt: at,
          updatedAt: at,
          approvedAt: null,
          approvedBy: null,
        };
        await repo.insertVersion(tx, row);
        await audit.record(tx, actor, {
          action: 'sow.create',
          entityType: 'engagement',
          entityId: engagementId,
          changes: { 'sow.v1': { after: doc } },
        });
        return toSow(row);
      });
    },

    /** Freeze the draft as the baseline. Errors the linter finds must be fixed first. */
    async approve(actor: Actor, engagementId: string): Promise<Sow> {
      return db.transaction().execute(async (tx) => {
        await repo.lockEngagement(tx, engagementId);
        const engagement = await load(tx, actor, engagementId);
        authorize(actor, 'sow', 'approve');
        const latest = await repo.latestVersion(tx, engagementId);
        if (!latest) throw conflict('There is no SOW to approve yet: write a draft first.');
        if (latest.status !== 'draft')
          throw conflict(
            `Version ${latest.version} is already approved; change it through a change request.`,
          );
        const lint = lintFor(engagement, documentOf(latest));
        const errors = lint.findings.filter((f) => f.severity === 'error');
        if (errors.length) {
          throw invalid(
            errors.map((f) => ({ field: f.path, message: f.message })),
            `The SOW has ${errors.length} error${errors.length === 1 ? '' : 's'} to fix before it can be approved: ${errors.map((f) => f.message).join(' ')}`,
          );
        }
        const at = now();
        const previous = await repo.baseline(tx, engagementId);
        if (previous) await repo.updateVersion(tx, previous.id, { status: 'superseded', updatedAt: at });
        await repo.updateVersion(tx, latest.id, {
          status: 'approved',
          approvedAt: at,
          approvedBy: actor.id,
          updatedAt: at,
        });
        await audit.record(tx, actor, {
          action: 'sow.approve',
          entityType: 'engagement',
          entityId: engagementId,
          changes: {
            sowVersion: { before: previous ? Number(previous.version) : null, after: Number(latest.version) },
          },
        });
        await activateOnApproval(tx, actor, engagementId, at);
        return toSow((await repo.version(tx, engagementId, Number(latest.version)))!);
      });
    },

    async lint(actor: Actor, engagementId: string, version?: number) {
      const engagement = await load(db, actor, engagementId);
      return lintFor(engagement, documentOf(await versionOrLatest(db, engagementId, version)));
    },

    /** Lint a document that is not saved yet (the editor's live score). */
    async lintDocument(actor: Actor, engagementId: string, input: SowDocumentInput) {
      const engagement = await load(db, actor, engagementId);
      return lintFor(engagement, parseDocument(input));
    },

    async diff(actor: Actor, engagementId: string, from: number, to: number) {
      await load(db, actor, engagementId);
      const [a, b] = await Promise.all([
        versionOrLatest(db, engagementId, from),
        versionOrLatest(db, engagementId, to),
      ]);
      return { from, to, changes: diffSow(documentOf(a), documentOf(b)) };
    },

    async export(actor: Actor, engagementId: string, format: 'markdown' | 'pdf', version?: number) {
      const engagement = await load(db, actor, engagementId);
      const sow = toSow(await versionOrLatest(db, engagementId, version));
      const dto = await engagements.get(actor, engagementId);
      const fileBase = `${fileNamePart(engagement.title.toLowerCase(), 'sow')}-v${sow.version}`;
      if (format === 'markdown')
        return {
          body: renderMarkdown(dto, sow),
          contentType: 'text/markdown; charset=utf-8',
          filename: `${fileBase}.md`,
        };
      return { body: await renderPdf(dto, sow), contentType: 'application/pdf', filename: `${fileBase}.pdf` };
    },
  };
}

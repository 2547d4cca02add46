/** Certifications: vendor users keep their own (unverified); internal writers verify them. */
import {
  type CertificationBody,
  type CertificationPatch,
  type CertStandard,
  certificationProblems,
} from '../../../contracts/diligence';
import type { Executor } from '../../db/database';
import type { CertificationRow } from '../../db/schema';
import { conflict, invalid, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { type Actor, authorize, isInternal } from '../../policy';
import { diff } from '../audit/rules';
import { type DiligenceContext, toCertificationDto } from './context';
import * as repo from './repository';

/** The fields whose change makes an earlier verification meaningless. */
const CONTENT_FIELDS = [
  'standard',
  'standardName',
  'certificateNumber',
  'issuer',
  'scope',
  'issuedOn',
  'expiresOn',
  'evidenceFileId',
] as const;

const auditable = (r: CertificationRow) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = r;
  return rest;
};

export function createCertificationService(ctx: DiligenceContext) {
  const { deps } = ctx;
  const { db, audit } = deps;

  /**
   * Give the evidence file to the certificate. A vendor user may only use a file their own
   * vendor uploaded, so an internal file's id cannot be made readable to them by attaching it.
   */
  async function attachEvidence(
    tx: Executor,
    actor: Actor,
    fileId: string,
    certId: string,
    vendorId: string,
  ) {
    if (!isInternal(actor)) {
      const file = await deps.files.get(tx, fileId);
      if (!file || file.vendorId !== vendorId)
        throw invalid([{ field: 'evidenceFileId', message: 'is not a file your organisation uploaded' }]);
    }
    try {
      await deps.files.attach(tx, fileId, { entityType: 'certification', entityId: certId, vendorId });
    } catch (err) {
      // The files service names the field `fileId`; here it is `evidenceFileId`.
      if ((err as { status?: number }).status === 422)
        throw invalid([{ field: 'evidenceFileId', message: 'is not a known file' }]);
      throw err;
    }
  }

  async function load(tx: Executor, vendorId: string, certId: string) {
    const row = await repo.findCertification(tx, vendorId, certId);
    if (!row) throw notFound('certification');
    return row;
  }

  return {
    async list(actor: Actor, vendorId: string) {
      authorize(actor, 'certification', 'read');
      await ctx.vendor(actor, vendorId);
      const status = await ctx.statusContext();
      return (await repo.certificationsOf(db, vendorId)).map((r) => toCertificationDto(r, status));
    },

    async get(actor: Actor, vendorId: string, certId: string) {
      authorize(actor, 'certification', 'read');
      await ctx.vendor(actor, vendorId);
      const status = await ctx.statusContext();
      return toCertificationDto(await load(db, vendorId, certId), status);
    },

    async create(actor: Actor, vendorId: string, body: CertificationBody) {
      authorize(actor, 'certification', 'create');
      await ctx.vendor(actor, vendorId);
      const status = await ctx.statusContext();
      return db.transaction().execute(async (tx) => {
        const at = ctx.now();
        const row: CertificationRow = {
          id: newId('crt'),
          vendorId,
          standard: body.standard,
          standardName: body.standard === 'other' ? (body.standardName ?? null) : null,
          certificateNumber: body.certificateNumber ?? null,
          issuer: body.issuer ?? null,
          scope: body.scope ?? null,
          issuedOn: body.issuedOn ?? null,
          expiresOn: body.expiresOn,
          evidenceFileId: body.evidenceFileId ?? null,
          verifiedBy: null,
          verifiedAt: null,
          createdAt: at,
          updatedAt: at,
        };
        await repo.insertCertification(tx, row);
        if (row.evidenceFileId) await attachEvidence(tx, actor, row.evidenceFileId, row.id, vendorId);
        await audit.record(tx, actor, {
          action: 'certification.create',
          entityType: 'certification',
          entityId: row.id,
          changes: diff(null, auditable(row)),
        });
        return toCertificationDto(row, status);
      });
    },

    /** Change a certificate; changing what it says clears an earlier verification. */
    async update(actor: Actor, vendorId: string, certId: string, body: CertificationPatch) {
      authorize(actor, 'certification', 'update');
      await ctx.vendor(actor, vendorId);
      const status = await ctx.statusContext();
      return db.transaction().execute(async (tx) => {
        await repo.lockCertification(tx, certId);
        const before = await load(tx, vendorId, certId);
        const next: CertificationRow = { ...before, updatedAt: ctx.now() };
        if (body.standard !== undefined) next.standard = body.standard;
        if (body.standardName !== undefined) next.standardName = body.standardName;
        if (body.certificateNumber !== undefined) next.certificateNumber = body.certificateNumber;
        if (body.issuer !== undefined) next.issuer = body.issuer;
        if (body.scope !== undefined) next.scope = body.scope;
        if (body.issuedOn !== undefined) next.issuedOn = body.issuedOn;
        if (body.expiresOn !== undefined) next.expiresOn = body.expiresOn;
        if (body.evidenceFileId !== undefined) next.evidenceFileId = body.evidenceFileId;
        if (next.standard !== 'other') next.standardName = null;
        const problems = certificationProblems({ ...next, standard: next.standard as CertStandard });
        if (problems.length) throw invalid(problems);
        const changed = CONTENT_FIELDS.some((f) => next[f] !== before[f]);
        if (changed && before.verifiedAt) {
          next.verifiedAt = null;
          next.verifiedBy = null;
        }
        if (next.evidenceFileId && next.evidenceFileId !== before.evidenceFileId)
          await attachEvidence(tx, actor, next.evidenceFileId, certId, vendorId);
        const { id: _i, createdAt: _c, ...patch } = next;
        await repo.updateCertification(tx, certId, patch);
        await audit.record(tx, actor, {
          action: 'certification.update',
          entityType: 'certification',
          entityId: certId,
          changes: diff(auditable(before), auditable(next)),
        });
        return toCertificationDto(next, status);
      });
    },

    /** Record that an internal user checked the certificate against its evidence. */
    async verify(actor: Actor, vendorId: string, certId: string) {
      authorize(actor, 'certification', 'verify');
      await ctx.vendor(actor, vendorId);
      const status = await ctx.statusContext();
      return db.transaction().execute(async (tx) => {
        await repo.lockCertification(tx, certId);
        const before = await load(tx, vendorId, certId);
        const at = ctx.now();
        const next = { ...before, verifiedBy: actor.id, verifiedAt: at, updatedAt: at };
        await repo.updateCertification(tx, certId, { verifiedBy: actor.id, verifiedAt: at, updatedAt: at });
        await audit.record(tx, actor, {
          action: 'certification.verify',
          entityType: 'certification',
          entityId: certId,
          changes: diff(auditable(before), auditable(next)),
        });
        return toCertificationDto(next, status);
      });
    },

    /** Remove a certificate; a vendor user may remove only one nobody has verified yet. */
    async remove(actor: Actor, vendorId: string, certId: string) {
      authorize(actor, 'certification', 'delete');
      await ctx.vendor(actor, vendorId);
      await db.transaction().execute(async (tx) => {
        await repo.lockCertification(tx, certId);
        const before = await load(tx, vendorId, certId);
        if (!isInternal(actor) && before.verifiedAt)
          throw conflict('This certificate has been verified; ask your contact at the client to remove it.');
        await repo.removeCertification(tx, certId);
        await audit.record(tx, actor, {
          action: 'certification.delete',
          entityType: 'certification',
          entityId: certId,
          changes: diff(auditable(before), null),
        });
      });
    },
  };
}

/** Access grants: who at a vendor can reach which of the organisation's systems, and revoking them. */
import type {
  AccessGrant,
  AccessGrantBody,
  AccessGrantListQuery,
  AccessGrantPatch,
  AccessLevel,
} from '../../../contracts/assurance';
import type { Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { AccessGrantRow } from '../../db/schema';
import { conflict, invalid, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AssuranceContext } from './context';
import * as repo from './repository';
import { grantExpired } from './rules';

type Contacts = Map<string, { name: string; email: string | null }>;

function toGrantDto(row: AccessGrantRow, today: string, contacts: Contacts): AccessGrant {
  const person = contacts.get(row.contactId);
  return {
    id: row.id,
    vendorId: row.vendorId,
    engagementId: row.engagementId,
    contactId: row.contactId,
    personName: person?.name ?? null,
    personEmail: person?.email ?? null,
    system: row.system,
    accessLevel: row.accessLevel as AccessLevel,
    grantedBy: row.grantedBy,
    grantedOn: row.grantedOn,
    expiresOn: row.expiresOn,
    justification: row.justification,
    status: row.revokedAt ? 'revoked' : 'open',
    expired: grantExpired(row, today),
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
    revokedByName: row.revokedByName,
    revokeReason: row.revokeReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The fields the audit trail compares (no contact names: those belong to the vendor's record). */
const audited = (r: AccessGrantRow) => ({
  contactId: r.contactId,
  engagementId: r.engagementId,
  system: r.system,
  accessLevel: r.accessLevel,
  grantedBy: r.grantedBy,
  grantedOn: r.grantedOn,
  expiresOn: r.expiresOn,
  justification: r.justification,
  revokedAt: r.revokedAt,
  revokedBy: r.revokedBy,
  revokeReason: r.revokeReason,
});

export function createGrantService(ctx: AssuranceContext) {
  const { db, audit } = ctx.deps;

  async function dto(row: AccessGrantRow, today?: string) {
    return toGrantDto(row, today ?? (await ctx.today()), await ctx.contactsOf([row.vendorId]));
  }

  /** Revoke inside the caller's transaction (a review's revoke decision uses it too). */
  async function revokeIn(
    tx: Executor,
    actor: Actor,
    row: AccessGrantRow,
    reason: string,
    action = 'access_grant.revoke',
  ) {
    if (row.revokedAt)
      throw conflict(`The access grant was already revoked on ${row.revokedAt.slice(0, 10)}.`);
    const at = ctx.now();
    const next: AccessGrantRow = {
      ...row,
      revokedAt: at,
      revokedBy: actor.id,
      revokedByName: actor.name,
      revokeReason: reason,
      updatedAt: at,
    };
    await repo.updateGrant(tx, row.id, next);
    await audit.record(tx, actor, {
      action,
      entityType: 'access_grant',
      entityId: row.id,
      changes: diff(audited(row), audited(next)),
    });
    return next;
  }

  return {
    revokeIn,
    dto,

    async list(actor: Actor, query: AccessGrantListQuery) {
      const scope = authorize(actor, 'accessGrant', 'read');
      const today = await ctx.today();
      const rows = await repo.listGrants(db, scope, query, today);
      const page = toPage(
        rows,
        query.limit,
        (r) => [r.id, r.id],
        (r) => r,
      );
      const contacts = await ctx.contactsOf(page.items.map((r) => r.vendorId));
      return { items: page.items.map((r) => toGrantDto(r, today, contacts)), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, id: string) {
      const scope = authorize(actor, 'accessGrant', 'read');
      const row = await repo.findGrant(db, scope, id);
      if (!row) throw notFound('access grant');
      return dto(row);
    },

    async create(actor: Actor, body: AccessGrantBody) {
      authorize(actor, 'accessGrant', 'create');
      const vendor = await ctx.vendor(actor, body.vendorId).catch(() => {
        throw invalid([{ field: 'vendorId', message: 'must be the id of an existing vendor' }]);
      });
      const contact = vendor.contacts?.find((c) => c.id === body.contactId);
      if (!contact) throw invalid([{ field: 'contactId', message: 'must be a contact of the vendor' }]);
      const today = await ctx.today();
      const row = await db.transaction().execute(async (tx) => {
        if (body.engagementId) {
          const engagement = await ctx.deps.engagement(tx, actor, body.engagementId).catch(() => undefined);
          if (!engagement || engagement.vendorId !== body.vendorId)
            throw invalid([{ field: 'engagementId', message: 'must be an engagement of the vendor' }]);
        }
        const at = ctx.now();
        const row: AccessGrantRow = {
          id: newId('agr'),
          vendorId: body.vendorId,
          engagementId: body.engagementId ?? null,
          contactId: body.contactId,
          system: body.system,
          accessLevel: body.accessLevel,
          grantedBy: body.grantedBy ?? actor.name,
          grantedOn: body.grantedOn,
          expiresOn: body.expiresOn ?? null,
          justification: body.justification,
          revokedAt: null,
          revokedBy: null,
          revokedByName: null,
          revokeReason: null,
          createdBy: actor.id,
          createdAt: at,
          updatedAt: at,
        };
        await repo.insertGrant(tx, row);
        await audit.record(tx, actor, {
          action: 'access_grant.create',
          entityType: 'access_grant',
          entityId: row.id,
          changes: diff(null, audited(row)),
        });
        return row;
      });
      return toGrantDto(row, today, new Map([[contact.id, contact]]));
    },

    async update(actor: Actor, id: string, body: AccessGrantPatch) {
      const scope = authorize(actor, 'accessGrant', 'update');
      const row = await db.transaction().execute(async (tx) => {
        await repo.lockGrant(tx, id);
        const row = await repo.findGrant(tx, scope, id);
        if (!row) throw notFound('access grant');
        if (row.revokedAt)
          throw conflict('A revoked access grant is not changed; record a new grant instead.');
        const next: AccessGrantRow = { ...row, updatedAt: ctx.now() };
        if (body.system !== undefined) next.system = body.system;
        if (body.accessLevel !== undefined) next.accessLevel = body.accessLevel;
        if (body.expiresOn !== undefined) next.expiresOn = body.expiresOn;
        if (body.justification !== undefined) next.justification = body.justification;
        if (next.accessLevel === 'admin' && !next.expiresOn)
          throw invalid([{ field: 'expiresOn', message: 'is required for admin access' }]);
        if (next.expiresOn && next.expiresOn < next.grantedOn)
          throw invalid([{ field: 'expiresOn', message: 'must not be before grantedOn' }]);
        await repo.updateGrant(tx, id, next);
        await audit.record(tx, actor, {
          action: 'access_grant.update',
          entityType: 'access_grant',
          entityId: id,
          changes: diff(audited(row), audited(next)),
        });
        return next;
      });
      return dto(row);
    },

    async revoke(actor: Actor, id: string, reason: string) {
      const scope = authorize(actor, 'accessGrant', 'update');
      const row = await db.transaction().execute(async (tx) => {
        await repo.lockGrant(tx, id);
        const row = await repo.findGrant(tx, scope, id);
        if (!row) throw notFound('access grant');
        return revokeIn(tx, actor, row, reason);
      });
      return dto(row);
    },
  };
}

export type GrantService = ReturnType<typeof createGrantService>;

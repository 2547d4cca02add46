import type { z } from 'zod';
import type { Organisation } from '../../../contracts/accounts';
import {
  type CreateEngagementBody,
  type Engagement,
  type EngagementListQuery,
  type EngagementStatus,
  type Sow,
  SowDocument,
  type UpdateEngagementBody,
} from '../../../contracts/engagements';
import type { Database, Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { EngagementRow, SowVersionRow } from '../../db/schema';
import { AppError, conflict, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import { lintSow } from './lint';
import type { EngagementWithVendor } from './repository';
import * as repo from './repository';
import {
  canTransition,
  deriveDeliveryModel,
  diffSow,
  inNoticePeriod,
  noticeDeadline,
  TRANSITIONS,
  withItemIds,
} from './rules';

interface VendorLookup {
  profile(
    tx: Executor,
    id: string,
  ): Promise<{ id: string; name: string; country: string; timezone: string } | undefined>;
}

export interface EngagementDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  organisation: () => Promise<Organisation>;
  vendors: VendorLookup;
  users: { byIds(tx: Executor, ids: string[]): Promise<Array<{ id: string; role: string }>> };
  /** Why no new engagement may be opened with a vendor (a confirmed sanctions match), or null (screening). */
  sanctionsHold?: (tx: Executor, vendorId: string) => Promise<string | null>;
}

/** A stored SOW version as the API shows it. */
export function toSow(row: SowVersionRow): Sow {
  const doc = SowDocument.parse(JSON.parse(row.document)) as Sow;
  return {
    ...doc,
    engagementId: row.engagementId,
    version: Number(row.version),
    status: row.status as Sow['status'],
    approvedAt: row.approvedAt,
    approvedBy: row.approvedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Stored SOW texts already checked by the schema, with the checked document as JSON: most reads
 * (the engagement page, every SLA) parse the same approved SOW, and the schema check costs ten
 * times the JSON parse. Each caller still gets a fresh object (callers may change it).
 */
const checkedDocuments = new Map<string, string>();
let checkedChars = 0;
const CHECKED_CHARS_MAX = 8_000_000;

export const documentOf = (row: SowVersionRow): SowDocument => {
  const known = checkedDocuments.get(row.document);
  if (known !== undefined) return JSON.parse(known) as SowDocument;
  const document = SowDocument.parse(JSON.parse(row.document));
  const text = JSON.stringify(document);
  if (checkedChars + row.document.length + text.length > CHECKED_CHARS_MAX) {
    checkedDocuments.clear();
    checkedChars = 0;
  }
  checkedDocuments.set(row.document, text);
  checkedChars += row.document.length + text.length;
  return document;
};

/** Fields the audit trail compares. */
/** A nullable 0/1 column (SQLite answers 1/0, PostgreSQL integers too) and back. */
const flagOrNull = (v: number | null) => (v === null ? null : Number(v) === 1);
const toFlagOrNull = (v: boolean | null | undefined) => (v == null ? null : v ? 1 : 0);

const auditable = (e: EngagementRow) => {
  const { id: _i, createdAt: _c, updatedAt: _u, ...rest } = e;
  return rest;
};

export function createEngagementService(deps: EngagementDeps) {
  const { db, audit, clock, organisation, vendors, users, sanctionsHold } = deps;
  const now = () => clock.now().toISOString();

  async function toDto(
    row: EngagementWithVendor,
    baseline: number | null,
    org?: Organisation,
  ): Promise<Engagement> {
    const home = org ?? (await organisation());
    const derived = deriveDeliveryModel(home, { country: row.vendorCountry, timezone: row.vendorTimezone });
    const status = row.status as EngagementStatus;
    const { vendorCountry: _vc, vendorTimezone: _vt, ...base } = row;
    return {
      ...base,
      function: row.function as Engagement['function'],
      deliveryModel: (row.deliveryModel as Engagement['deliveryModel']) ?? derived,
      derivedDeliveryModel: derived,
      deliveryModelOverridden: row.deliveryModel !== null,
      monthlyFee: Number(row.monthlyFee),
      budget: Number(row.budget),
      noticePeriodDays: Number(row.noticePeriodDays),
      noticeDeadline: noticeDeadline(row.renewalDate, Number(row.noticePeriodDays)),
      inNoticePeriod: inNoticePeriod(
        row.renewalDate,
        Number(row.noticePeriodDays),
        clock.now(),
        row.timezone,
      ),
      status,
      allowedTransitions: [...TRANSITIONS[status]],
      baselineVersion: baseline,
      ictServiceType: row.ictServiceType as Engagement['ictServiceType'],
      supportsCriticalFunction: flagOrNull(row.supportsCriticalFunction),
    };
  }

  async function load(tx: Executor, actor: Actor, id: string, action: 'read' | 'update' = 'read') {
    const scope = authorize(actor, 'engagement', action);
    const row = await repo.find(tx, scope, id);
    if (!row) throw notFound('engagement');
    return row;
  }

  async function checkOwner(tx: Executor, ownerId: string | null | undefined) {
    if (!ownerId) return;
    const [user] = await users.byIds(tx, [ownerId]);
    if (!user || user.role === 'vendor')
      throw invalid([{ field: 'ownerId', message: 'must be the id of an internal user' }]);
  }

  async function vendorOf(tx: Executor, vendorId: string) {
    const vendor = await vendors.profile(tx, vendorId);
    if (!vendor) throw invalid([{ field: 'vendorId', message: 'must be the id of an existing vendor' }]);
    return vendor;
  }

  /** Open a draft engagement inside the caller's transaction (a sourcing award opens one this way). */
  async function createIn(
    tx: Executor,
    actor: Actor,
    body: z.infer<typeof CreateEngagementBody>,
    org: Awaited<ReturnType<typeof organisation>>,
  ) {
    authorize(actor, 'engagement', 'create');
    const vendor = await vendorOf(tx, body.vendorId);
    const hold = await sanctionsHold?.(tx, vendor.id);
    if (hold) throw invalid([{ field: 'vendorId', message: 'is held by a confirmed sanctions match' }], hold);
    await checkOwner(tx, body.ownerId);
    const at = now();
    const row: EngagementRow = {
      id: newId('eng'),
      vendorId: vendor.id,
      title: body.title,
      function: body.function,
      deliveryModel: body.deliveryModel ?? null,
      startDate: body.startDate,
      endDate: body.endDate ?? null,
      timezone: body.timezone ?? vendor.timezone,
      currency: body.currency ?? org.currency,
      monthlyFee: body.monthlyFee ?? 0,
      budget: body.budget ?? 0,
      renewalDate: body.renewalDate ?? null,
      noticePeriodDays: body.noticePeriodDays ?? 90,
      status: 'draft',
      ownerId: body.ownerId ?? (actor.id === 'system' ? null : actor.id),
      ictServiceType: body.ictServiceType ?? null,
      supportsCriticalFunction: toFlagOrNull(body.supportsCriticalFunction),
      createdAt: at,
      updatedAt: at,
    };
    await repo.insert(tx, row);
    await audit.record(tx, actor, {
      action: 'engagement.create',
      entityType: 'engagement',
      entityId: row.id,
      changes: diff(null, auditable(row)),
    });
    const full = (await repo.find(tx, { vendorId: null }, row.id))!;
    return toDto(full, null, org);
  }

  /**
   * An approved statement of work is what a draft engagement waits for: approving one (the first
   * version, or a change request on an engagement left in draft) makes it active, audited as a
   * status change (decision 107). Other states are the manager's to change.
   */
  async function activateOnApproval(tx: Executor, actor: Actor, engagementId: string, at: string) {
    const current = await repo.find(tx, { vendorId: null }, engagementId);
    if (current?.status !== 'draft') return;
    await repo.update(tx, engagementId, { status: 'active', updatedAt: at });
    await audit.record(tx, actor, {
      action: 'engagement.status',
      entityType: 'engagement',
      entityId: engagementId,
      changes: { status: { before: 'draft', after: 'active' } },
    });
  }

  return {
    countForVendor: (tx: Executor, vendorId: string) => repo.countForVendor(tx, vendorId),

    async list(actor: Actor, query: EngagementListQuery) {
      const scope = authorize(actor, 'engagement', 'read');
      const rows = await repo.list(db, scope, query);
      const [org, baselines] = await Promise.all([
        organisation(),
        repo.baselines(
          db,
          rows.map((r) => r.id),
        ),
      ]);
      const page = toPage(
        rows,
        query.limit,
        (r) => [repo.sortValue(r, query.sort), r.id],
        (r) => r,
      );
      return {
        items: await Promise.all(page.items.map((r) => toDto(r, baselines.get(r.id) ?? null, org))),
        nextCursor: page.nextCursor,
      };
    },

    async get(actor: Actor, id: string) {
      const row = await load(db, actor, id);
      const baseline = await repo.baseline(db, id);
      return toDto(row, baseline ? Number(baseline.version) : null);
    },

    async create(actor: Actor, body: z.infer<typeof CreateEngagementBody>) {
      authorize(actor, 'engagement', 'create');
      // Read outside the transaction: on SQLite a query on `db` inside one waits for it forever.
      const org = await organisation();
      return db.transaction().execute((tx) => createIn(tx, actor, body, org));
    },

    async update(actor: Actor, id: string, body: z.infer<typeof UpdateEngagementBody>) {
      const org = await organisation();
      return db.transaction().execute(async (tx) => {
        await repo.lockEngagement(tx, id);
        const current = await load(tx, actor, id, 'update');
        const baseline = await repo.baseline(tx, id);
        const from = current.status as EngagementStatus;
        if (body.status && !canTransition(from, body.status)) {
          const allowed = TRANSITIONS[from];
          throw new AppError(
            409,
            'invalid-transition',
            `A ${from} engagement cannot become ${body.status}; allowed: ${allowed.join(', ') || 'none'}.`,
            [{ field: 'status', message: `must be one of ${allowed.join(', ') || 'none'}` }],
            { allowed },
          );
        }
        if (body.status === 'active' && from !== 'active' && !baseline) {
          throw conflict(
            'An engagement becomes active only with an approved statement of work: approve its SOW first.',
          );
        }
        if (body.vendorId && body.vendorId !== current.vendorId) {
          if (from !== 'draft')
            throw conflict('The vendor of an engagement can only change while it is a draft.');
          await vendorOf(tx, body.vendorId);
        }
        await checkOwner(tx, body.ownerId);
        const { vendorName: _n, vendorCountry: _c, vendorTimezone: _t, ...before } = current;
        const next: EngagementRow = { ...before, updatedAt: now() };
        for (const key of Object.keys(body) as Array<keyof typeof body>) {
          if (body[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = body[key];
        }
        if (body.supportsCriticalFunction !== undefined)
          next.supportsCriticalFunction = toFlagOrNull(body.supportsCriticalFunction);
        if (next.endDate && next.startDate > next.endDate)
          throw invalid([{ field: 'endDate', message: 'must not be before the start date' }]);
        await repo.update(tx, id, next);
        const action = body.status && body.status !== from ? 'engagement.status' : 'engagement.update';
        await audit.record(tx, actor, {
          action,
          entityType: 'engagement',
          entityId: id,
          changes: diff(auditable(before), auditable(next)),
        });
        const full = (await repo.find(tx, { vendorId: null }, id))!;
        return toDto(full, baseline ? Number(baseline.version) : null, org);
      });
    },

    /**
     * Engagements a user owns, or every one of a vendor, with their approved SOW document, for the
     * calendar feed (no permission check: the feed answers only its own user's).
     */
    withApprovedSow: (tx: Executor, who: { ownerId: string } | { vendorId: string }) =>
      repo.withApprovedSow(tx, who),

    /** Exposed for the SOW and change-request services, which share this module. */
    internals: { load, now, createIn, organisation, activateOnApproval },
  };
}

export type EngagementService = ReturnType<typeof createEngagementService>;

export function lintFor(row: EngagementRow, doc: SowDocument) {
  return lintSow(doc, {
    startDate: row.startDate,
    endDate: row.endDate,
    budget: Number(row.budget),
    currency: row.currency,
  });
}

export { diffSow, withItemIds };

/**
 * Access review campaigns: a named reviewer keeps or revokes each open grant of the scope, with a
 * comment; a revoke decision revokes the grant in the same transaction. Overdue campaigns are
 * announced once on the event bus, and a recurring job opens the next campaign per vendor from its
 * tier's interval.
 */
import type {
  AccessLevel,
  AccessReview,
  AccessReviewBody,
  AccessReviewListQuery,
  Decision,
  DecisionBody,
  ReviewItem,
  ReviewScope,
} from '../../../contracts/assurance';
import type { Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { AccessGrantRow, AccessReviewItemRow, AccessReviewRow } from '../../db/schema';
import { conflict, forbidden, invalid, notFound } from '../../errors';
import { addDays } from '../../lib/dates';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import type { AssuranceContext } from './context';
import type { GrantService } from './grants';
import * as repo from './repository';
import { campaignComplete, reviewDue, reviewIntervalFor, reviewOverdue } from './rules';

export function createReviewService(ctx: AssuranceContext, grants: GrantService) {
  const { db, audit } = ctx.deps;

  function toDto(
    row: AccessReviewRow,
    today: string,
    names: Map<string, string>,
    progress: { total: number; decided: number },
  ): AccessReview {
    return {
      id: row.id,
      scope: row.scope as ReviewScope,
      vendorId: row.vendorId,
      engagementId: row.engagementId,
      reviewerId: row.reviewerId,
      reviewerName: names.get(row.reviewerId) ?? null,
      dueOn: row.dueOn,
      status: row.status as AccessReview['status'],
      overdue: reviewOverdue(row, today),
      origin: row.origin as AccessReview['origin'],
      total: progress.total,
      decided: progress.decided,
      completedAt: row.completedAt,
      createdAt: row.createdAt,
    };
  }

  /** The campaign with its items, each showing the grant as it is now. */
  async function detail(row: AccessReviewRow): Promise<AccessReview> {
    const [today, names, items] = await Promise.all([ctx.today(), ctx.userNames(), repo.itemsOf(db, row.id)]);
    const grantRows = new Map(
      (
        await repo.grantsByIds(
          db,
          items.map((i) => i.grantId),
        )
      ).map((g) => [g.id, g]),
    );
    const contacts = await ctx.contactsOf(items.map((i) => i.vendorId));
    const out: ReviewItem[] = items.map((i) => {
      const g = grantRows.get(i.grantId);
      return {
        grantId: i.grantId,
        vendorId: i.vendorId,
        engagementId: g?.engagementId ?? null,
        personName: g ? (contacts.get(g.contactId)?.name ?? null) : null,
        system: i.system,
        accessLevel: i.accessLevel as AccessLevel,
        grantedOn: g?.grantedOn ?? '',
        expiresOn: g?.expiresOn ?? null,
        grantStatus: g?.revokedAt ? 'revoked' : 'open',
        decision: i.decision as Decision | null,
        comment: i.comment,
        decidedBy: i.decidedBy ? (names.get(i.decidedBy) ?? i.decidedBy) : null,
        decidedAt: i.decidedAt,
      };
    });
    const decided = items.filter((i) => i.decision !== null).length;
    return { ...toDto(row, today, names, { total: items.length, decided }), items: out };
  }

  /** Open a campaign inside the caller's transaction over the given open grants. */
  async function openIn(
    tx: Executor,
    actor: Actor,
    input: {
      scope: ReviewScope;
      vendorId: string | null;
      engagementId: string | null;
      reviewerId: string;
      dueOn: string;
    },
    open: AccessGrantRow[],
    origin: 'manual' | 'scheduled',
  ) {
    const row: AccessReviewRow = {
      id: newId('arv'),
      scope: input.scope,
      vendorId: input.vendorId,
      engagementId: input.engagementId,
      reviewerId: input.reviewerId,
      dueOn: input.dueOn,
      status: 'open',
      origin,
      completedAt: null,
      overdueNotifiedAt: null,
      createdBy: actor.id,
      createdAt: ctx.now(),
    };
    await repo.insertReview(tx, row);
    const items: AccessReviewItemRow[] = open.map((g) => ({
      reviewId: row.id,
      grantId: g.id,
      vendorId: g.vendorId,
      system: g.system,
      accessLevel: g.accessLevel,
      decision: null,
      comment: null,
      decidedBy: null,
      decidedAt: null,
    }));
    await repo.insertItems(tx, items);
    await audit.record(tx, actor, {
      action: 'access_review.create',
      entityType: 'access_review',
      entityId: row.id,
      changes: {
        scope: { before: null, after: input.scope },
        reviewerId: { before: null, after: input.reviewerId },
        dueOn: { before: null, after: input.dueOn },
        grants: { before: null, after: items.length },
      },
    });
    return row;
  }

  /** For each vendor with open grants whose review interval (from its tier) has passed: a new campaign. */
  async function runRecurring(): Promise<{ created: number }> {
    const [today, settings] = await Promise.all([ctx.today(), ctx.settings()]);
    const admins = await ctx.deps.admins();
    let created = 0;
    for (const v of await repo.vendorsWithOpenGrants(db)) {
      const tier = await ctx.deps.tierOf(db, v.vendorId);
      const history = await repo.reviewHistoryOf(db, v.vendorId);
      const due = reviewDue({
        today,
        intervalDays: reviewIntervalFor(tier.tier, settings),
        lastReviewedOn: history.lastReviewedAt?.slice(0, 10) ?? null,
        oldestOpenGrantOn: v.oldest ? String(v.oldest) : null,
        hasOpenCampaign: history.hasOpenCampaign,
      });
      if (!due) continue;
      const vendor = await ctx.vendor(ctx.system, v.vendorId).catch(() => undefined);
      if (!vendor || vendor.status === 'offboarded') continue;
      const candidates = [vendor.ownerId, ...admins].filter((id): id is string => !!id);
      const names = await ctx.userNames();
      const reviewerId = candidates.find((id) => names.has(id));
      if (!reviewerId) continue;
      await db.transaction().execute(async (tx) => {
        const open = await repo.openGrants(tx, { vendorId: v.vendorId });
        if (open.length === 0) return;
        await openIn(
          tx,
          ctx.system,
          {
            scope: 'vendor',
            vendorId: v.vendorId,
            engagementId: null,
            reviewerId,
            dueOn: addDays(today, settings.reviewDueDays),
          },
          open,
          'scheduled',
        );
        created++;
      });
    }
    return { created };
  }

  /** Announce each overdue campaign once (`access_review.overdue`). */
  async function runOverdue(): Promise<{ published: number }> {
    const today = await ctx.today();
    let published = 0;
    for (const row of await repo.overdueReviewsToNotify(db, today)) {
      await db.transaction().execute(async (tx) => {
        const fresh = await repo.findReview(tx, row.id);
        if (!fresh || fresh.overdueNotifiedAt || fresh.status !== 'open') return;
        await repo.updateReview(tx, row.id, { overdueNotifiedAt: ctx.now() });
        await ctx.deps.events.publish(tx, {
          type: 'access_review.overdue',
          vendorId: row.vendorId,
          engagementId: row.engagementId,
          payload: { reviewId: row.id, reviewerId: row.reviewerId, dueOn: row.dueOn, scope: row.scope },
        });
        published++;
      });
    }
    return { published };
  }

  return {
    runRecurring,
    runOverdue,

    async list(actor: Actor, query: AccessReviewListQuery) {
      authorize(actor, 'accessReview', 'read');
      const [today, names] = await Promise.all([ctx.today(), ctx.userNames()]);
      const rows = await repo.listReviews(db, query, today);
      const page = toPage(
        rows,
        query.limit,
        (r) => [r.id, r.id],
        (r) => r,
      );
      const progress = await repo.progressOf(
        db,
        page.items.map((r) => r.id),
      );
      return {
        items: page.items.map((r) => toDto(r, today, names, progress.get(r.id) ?? { total: 0, decided: 0 })),
        nextCursor: page.nextCursor,
      };
    },

    async get(actor: Actor, id: string) {
      authorize(actor, 'accessReview', 'read');
      const row = await repo.findReview(db, id);
      if (!row) throw notFound('access review');
      return detail(row);
    },

    async create(actor: Actor, body: AccessReviewBody) {
      authorize(actor, 'accessReview', 'create');
      const today = await ctx.today();
      if (body.dueOn < today) throw invalid([{ field: 'dueOn', message: 'must not be in the past' }]);
      if (body.scope === 'vendor')
        await ctx.vendor(actor, body.vendorId!).catch(() => {
          throw invalid([{ field: 'vendorId', message: 'must be the id of an existing vendor' }]);
        });
      const row = await db.transaction().execute(async (tx) => {
        await ctx.checkWriter(tx, body.reviewerId, 'reviewerId');
        let vendorId: string | null = null;
        let engagementId: string | null = null;
        if (body.scope === 'engagement') {
          const e = await ctx.deps.engagement(tx, actor, body.engagementId!).catch(() => undefined);
          if (!e)
            throw invalid([{ field: 'engagementId', message: 'must be the id of an existing engagement' }]);
          engagementId = e.id;
          vendorId = e.vendorId;
        }
        if (body.scope === 'vendor') vendorId = body.vendorId!;
        const open = await repo.openGrants(
          tx,
          body.scope === 'engagement'
            ? { engagementId: engagementId! }
            : body.scope === 'vendor'
              ? { vendorId: vendorId! }
              : {},
        );
        if (open.length === 0)
          throw invalid([{ field: 'scope', message: 'has no open access grants to review' }]);
        return openIn(
          tx,
          actor,
          { scope: body.scope, vendorId, engagementId, reviewerId: body.reviewerId, dueOn: body.dueOn },
          open,
          'manual',
        );
      });
      return detail(row);
    },

    /** The named reviewer keeps or revokes one grant; a revoke revokes the grant in the same transaction. */
    async decide(actor: Actor, id: string, body: DecisionBody) {
      authorize(actor, 'accessReview', 'decide');
      const row = await db.transaction().execute(async (tx) => {
        await repo.lockReview(tx, id);
        const review = await repo.findReview(tx, id);
        if (!review) throw notFound('access review');
        if (review.reviewerId !== actor.id)
          throw forbidden('Only the campaign’s named reviewer decides on its grants.');
        if (review.status !== 'open') throw conflict('The access review is already completed.');
        const item = await repo.findItem(tx, id, body.grantId);
        if (!item) throw invalid([{ field: 'grantId', message: 'is not a grant of this review' }]);
        if (item.decision) throw conflict(`The grant was already decided (${item.decision}).`);
        await repo.lockGrant(tx, body.grantId);
        const grant = (await repo.findGrant(tx, { vendorId: null }, body.grantId))!;
        if (body.decision === 'keep' && grant.revokedAt)
          throw conflict(
            `The grant was revoked on ${grant.revokedAt.slice(0, 10)} since the review opened; decide revoke.`,
          );
        if (body.decision === 'revoke' && !grant.revokedAt)
          await grants.revokeIn(tx, actor, grant, body.comment, 'access_grant.revoke');
        const at = ctx.now();
        await repo.updateItem(tx, id, body.grantId, {
          decision: body.decision,
          comment: body.comment,
          decidedBy: actor.id,
          decidedAt: at,
        });
        await audit.record(tx, actor, {
          action: 'access_review.decide',
          entityType: 'access_review',
          entityId: id,
          changes: {
            grantId: { before: null, after: body.grantId },
            decision: { before: null, after: body.decision },
            comment: { before: null, after: body.comment },
          },
        });
        const items = await repo.itemsOf(tx, id);
        if (campaignComplete(items)) {
          await repo.updateReview(tx, id, { status: 'completed', completedAt: at });
          await audit.record(tx, actor, {
            action: 'access_review.complete',
            entityType: 'access_review',
            entityId: id,
            changes: { status: { before: 'open', after: 'completed' } },
          });
        }
        return (await repo.findReview(tx, id))!;
      });
      return detail(row);
    },
  };
}

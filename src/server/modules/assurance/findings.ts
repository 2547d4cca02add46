/**
 * Findings: raised about an assessment or a vendor, due by a per-severity deadline, worked open →
 * in_progress → resolved (with evidence) or risk_accepted (an owner or administrator, with an
 * expiry). The vendor answers its own findings in the portal: comments, starts work and proposes
 * a resolution that an internal user confirms. Overdue findings are announced once; expired
 * acceptances reopen.
 */
import type {
  AcceptRiskBody,
  AssessmentType,
  Finding,
  FindingBody,
  FindingListQuery,
  FindingPatch,
  FindingStatus,
  ResolveBody,
  Severity,
} from '../../../contracts/assurance';
import type { Executor } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { FindingCommentRow, FindingRow } from '../../db/schema';
import { conflict, invalid, notFound } from '../../errors';
import { newId } from '../../lib/ids';
import { type Actor, authorize, isInternal } from '../../policy';
import { diff } from '../audit/rules';
import type { AssuranceContext } from './context';
import * as repo from './repository';
import { acceptanceExpired, canMove, findingDueOn, findingOverdue } from './rules';

type EvidenceDoc = {
  text: string | null;
  fileId: string | null;
  by: string | null;
  byName: string | null;
  at: string;
};

const parse = (v: string | null): EvidenceDoc | null => (v ? (JSON.parse(v) as EvidenceDoc) : null);

const audited = (r: FindingRow) => ({
  title: r.title,
  description: r.description,
  severity: r.severity,
  dueOn: r.dueOn,
  status: r.status,
  proposedResolution: r.proposedResolution,
  resolution: r.resolution,
  acceptedBy: r.acceptedBy,
  acceptanceReason: r.acceptanceReason,
  acceptanceExpiresOn: r.acceptanceExpiresOn,
});

export function createFindingService(ctx: AssuranceContext) {
  const { db, audit } = ctx.deps;

  async function dtos(rows: FindingRow[], today?: string): Promise<Finding[]> {
    const day = today ?? (await ctx.today());
    const assessments = await repo.assessmentTypesByIds(
      db,
      rows.map((r) => r.assessmentId).filter((id): id is string => !!id),
    );
    return rows.map((r) => {
      const a = r.assessmentId ? assessments.get(r.assessmentId) : undefined;
      return {
        id: r.id,
        vendorId: r.vendorId,
        assessmentId: r.assessmentId,
        assessmentType: (a?.type as AssessmentType | undefined) ?? null,
        engagementId: a?.engagementId ?? null,
        title: r.title,
        description: r.description,
        severity: r.severity as Severity,
        raisedOn: r.raisedOn,
        dueOn: r.dueOn,
        status: r.status as FindingStatus,
        overdue: findingOverdue(r, day),
        proposedResolution: parse(r.proposedResolution),
        resolution: parse(r.resolution),
        acceptance:
          r.status === 'risk_accepted' && r.acceptedBy && r.acceptedAt && r.acceptanceExpiresOn
            ? {
                approverId: r.acceptedBy,
                approverName: r.acceptedByName,
                reason: r.acceptanceReason ?? '',
                acceptedAt: r.acceptedAt,
                expiresOn: r.acceptanceExpiresOn,
                expired: acceptanceExpired(r, day),
              }
            : null,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      };
    });
  }

  async function detail(row: FindingRow): Promise<Finding> {
    const [finding] = await dtos([row]);
    const comments = await repo.commentsOf(db, row.id);
    return {
      ...finding!,
      comments: comments.map((c) => ({
        id: c.id,
        authorName: c.authorName,
        side: c.side as 'internal' | 'vendor',
        body: c.body,
        createdAt: c.createdAt,
      })),
    };
  }

  async function addComment(tx: Executor, actor: Actor, findingId: string, body: string) {
    const row: FindingCommentRow = {
      id: newId('fnc'),
      findingId,
      authorId: actor.id,
      authorName: actor.name,
      side: isInternal(actor) ? 'internal' : 'vendor',
      body,
      createdAt: ctx.now(),
    };
    await repo.insertComment(tx, row);
  }

  /** Evidence of text and/or a file the actor may attach (a vendor user only its own vendor's files). */
  async function evidenceIn(
    tx: Executor,
    actor: Actor,
    finding: FindingRow,
    body: ResolveBody,
  ): Promise<EvidenceDoc | null> {
    const text = body.evidence?.trim() || null;
    const fileId = body.evidenceFileId ?? null;
    if (!text && !fileId) return null;
    if (fileId) {
      const file = await ctx.deps.files.get(tx, fileId);
      const visible = file && (isInternal(actor) || file.vendorId === actor.vendorId);
      if (!visible) throw invalid([{ field: 'evidenceFileId', message: 'is not a known file' }]);
      await ctx.deps.files.attach(tx, fileId, {
        entityType: 'finding',
        entityId: finding.id,
        vendorId: finding.vendorId,
      });
    }
    return { text, fileId, by: actor.id, byName: actor.name, at: ctx.now() };
  }

  /** Change one finding in a transaction: load within the actor's scope, apply, write, audit. */
  async function change(
    actor: Actor,
    id: string,
    action: string,
    permission: 'update' | 'decide' | 'approve',
    apply: (row: FindingRow, tx: Executor) => Promise<Partial<FindingRow>> | Partial<FindingRow>,
  ) {
    const scope = authorize(actor, 'finding', permission);
    const row = await db.transaction().execute(async (tx) => {
      await repo.lockFinding(tx, id);
      const row = await repo.findFinding(tx, scope, id);
      if (!row) throw notFound('finding');
      const next: FindingRow = { ...row, ...(await apply(row, tx)), updatedAt: ctx.now() };
      await repo.updateFinding(tx, id, next);
      await audit.record(tx, actor, {
        action,
        entityType: 'finding',
        entityId: id,
        changes: diff(audited(row), audited(next)),
      });
      return next;
    });
    return detail(row);
  }

  const move = (row: FindingRow, to: FindingStatus) => {
    if (!canMove(row.status as FindingStatus, to))
      throw conflict(
        `A finding that is ${row.status.replace('_', ' ')} cannot become ${to.replace('_', ' ')}.`,
      );
  };

  /** Announce each overdue finding once (`finding.overdue`). */
  async function runOverdue(): Promise<{ published: number }> {
    const today = await ctx.today();
    let published = 0;
    for (const row of await repo.overdueFindingsToNotify(db, today)) {
      await db.transaction().execute(async (tx) => {
        await repo.lockFinding(tx, row.id);
        const fresh = await repo.findFinding(tx, { vendorId: null }, row.id);
        if (!fresh || fresh.overdueNotifiedAt || !findingOverdue(fresh, today)) return;
        await repo.updateFinding(tx, row.id, { overdueNotifiedAt: ctx.now() });
        await ctx.deps.events.publish(tx, {
          type: 'finding.overdue',
          vendorId: row.vendorId,
          payload: { findingId: row.id, title: row.title, severity: row.severity, dueOn: row.dueOn },
        });
        published++;
      });
    }
    return { published };
  }

  /** Reopen every finding whose risk acceptance ran out, with a fresh deadline from its severity. */
  async function runAcceptanceExpiry(): Promise<{ reopened: number }> {
    const [today, settings] = await Promise.all([ctx.today(), ctx.settings()]);
    let reopened = 0;
    for (const row of await repo.expiredAcceptances(db, today)) {
      await db.transaction().execute(async (tx) => {
        await repo.lockFinding(tx, row.id);
        const fresh = await repo.findFinding(tx, { vendorId: null }, row.id);
        if (!fresh || !acceptanceExpired(fresh, today)) return;
        const next: FindingRow = {
          ...fresh,
          status: 'open',
          dueOn: findingDueOn(today, fresh.severity as Severity, settings),
          overdueNotifiedAt: null,
          updatedAt: ctx.now(),
        };
        await repo.updateFinding(tx, row.id, next);
        await addComment(
          tx,
          ctx.system,
          row.id,
          `The risk acceptance expired on ${fresh.acceptanceExpiresOn}; the finding is open again, due ${next.dueOn}.`,
        );
        await audit.record(tx, ctx.system, {
          action: 'finding.acceptance_expired',
          entityType: 'finding',
          entityId: row.id,
          changes: diff(audited(fresh), audited(next)),
        });
        reopened++;
      });
    }
    return { reopened };
  }

  return {
    runOverdue,
    runAcceptanceExpiry,

    async list(actor: Actor, query: FindingListQuery) {
      const scope = authorize(actor, 'finding', 'read');
      const today = await ctx.today();
      const rows = await repo.listFindings(db, scope, query, today);
      const page = toPage(
        rows,
        query.limit,
        (r) => [r.dueOn, r.id],
        (r) => r,
      );
      return { items: await dtos(page.items, today), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, id: string) {
      const scope = authorize(actor, 'finding', 'read');
      const row = await repo.findFinding(db, scope, id);
      if (!row) throw notFound('finding');
      return detail(row);
    },

    async create(actor: Actor, body: FindingBody) {
      authorize(actor, 'finding', 'create');
      const [today, settings] = await Promise.all([ctx.today(), ctx.settings()]);
      if (body.vendorId && !body.assessmentId)
        await ctx.vendor(actor, body.vendorId).catch(() => {
          throw invalid([{ field: 'vendorId', message: 'must be the id of an existing vendor' }]);
        });
      const row = await db.transaction().execute(async (tx) => {
        let vendorId = body.vendorId!;
        if (body.assessmentId) {
          const a = await repo.findAssessment(tx, body.assessmentId);
          if (!a)
            throw invalid([{ field: 'assessmentId', message: 'must be the id of an existing assessment' }]);
          if (body.vendorId && body.vendorId !== a.vendorId)
            throw invalid([{ field: 'vendorId', message: 'must be the assessment’s vendor (or left out)' }]);
          vendorId = a.vendorId;
        }
        const at = ctx.now();
        const row: FindingRow = {
          id: newId('fnd'),
          vendorId,
          assessmentId: body.assessmentId ?? null,
          title: body.title,
          description: body.description ?? null,
          severity: body.severity,
          raisedOn: today,
          dueOn: body.dueOn ?? findingDueOn(today, body.severity, settings),
          status: 'open',
          proposedResolution: null,
          resolution: null,
          acceptedBy: null,
          acceptedByName: null,
          acceptanceReason: null,
          acceptedAt: null,
          acceptanceExpiresOn: null,
          overdueNotifiedAt: null,
          createdBy: actor.id,
          createdAt: at,
          updatedAt: at,
        };
        await repo.insertFinding(tx, row);
        await audit.record(tx, actor, {
          action: 'finding.create',
          entityType: 'finding',
          entityId: row.id,
          changes: diff(null, audited(row)),
        });
        return row;
      });
      return detail(row);
    },

    async update(actor: Actor, id: string, body: FindingPatch) {
      const settings = await ctx.settings();
      return change(actor, id, 'finding.update', 'decide', (row) => {
        const patch: Partial<FindingRow> = {};
        if (body.title !== undefined) patch.title = body.title;
        if (body.description !== undefined) patch.description = body.description;
        if (body.severity !== undefined && body.severity !== row.severity) {
          patch.severity = body.severity;
          // A new severity moves the deadline, counted from the day the finding was raised.
          if (body.dueOn === undefined) patch.dueOn = findingDueOn(row.raisedOn, body.severity, settings);
        }
        if (body.dueOn !== undefined) patch.dueOn = body.dueOn;
        if (patch.dueOn && patch.dueOn !== row.dueOn) patch.overdueNotifiedAt = null;
        return patch;
      });
    },

    start: (actor: Actor, id: string) =>
      change(actor, id, 'finding.start', 'update', (row) => {
        move(row, 'in_progress');
        return { status: 'in_progress' };
      }),

    async comment(actor: Actor, id: string, body: string) {
      const scope = authorize(actor, 'finding', 'update');
      const row = await db.transaction().execute(async (tx) => {
        const row = await repo.findFinding(tx, scope, id);
        if (!row) throw notFound('finding');
        await addComment(tx, actor, id, body);
        await audit.record(tx, actor, {
          action: 'finding.comment',
          entityType: 'finding',
          entityId: id,
          changes: { comment: { before: null, after: body } },
        });
        return row;
      });
      return detail(row);
    },

    /**
     * Internal writers resolve (evidence required; the vendor's proposal is used when none is
     * given). A vendor user proposes: the finding moves to in progress with the proposal attached.
     */
    resolve: (actor: Actor, id: string, body: ResolveBody) =>
      change(
        actor,
        id,
        isInternal(actor) ? 'finding.resolve' : 'finding.propose_resolution',
        'update',
        async (row, tx) => {
          if (isInternal(actor)) authorize(actor, 'finding', 'decide');
          if (isInternal(actor)) move(row, 'resolved');
          else if (row.status !== 'open' && row.status !== 'in_progress')
            throw conflict(`A finding that is ${row.status.replace('_', ' ')} takes no proposed resolution.`);
          const given = await evidenceIn(tx, actor, row, body);
          if (!isInternal(actor)) {
            if (!given)
              throw invalid([
                { field: 'evidence', message: 'is required: describe the fix or attach a file' },
              ]);
            return { status: 'in_progress', proposedResolution: JSON.stringify(given) };
          }
          const evidence = given ?? parse(row.proposedResolution);
          if (!evidence)
            throw invalid([{ field: 'evidence', message: 'is required: describe the fix or attach a file' }]);
          return { status: 'resolved', resolution: JSON.stringify(evidence), proposedResolution: null };
        },
      ),

    async acceptRisk(actor: Actor, id: string, body: AcceptRiskBody) {
      const today = await ctx.today();
      if (body.expiresOn <= today) throw invalid([{ field: 'expiresOn', message: 'must be after today' }]);
      return change(actor, id, 'finding.accept_risk', 'approve', (row) => {
        move(row, 'risk_accepted');
        return {
          status: 'risk_accepted',
          acceptedBy: actor.id,
          acceptedByName: actor.name,
          acceptanceReason: body.reason,
          acceptedAt: ctx.now(),
          acceptanceExpiresOn: body.expiresOn,
        };
      });
    },

    /** Back to open (a declined proposal, a fix that did not hold, an acceptance withdrawn), with a comment. */
    async reopen(actor: Actor, id: string, comment: string) {
      const [today, settings] = await Promise.all([ctx.today(), ctx.settings()]);
      return change(actor, id, 'finding.reopen', 'decide', async (row, tx) => {
        move(row, 'open');
        await addComment(tx, actor, id, comment);
        const closed = row.status === 'resolved' || row.status === 'risk_accepted';
        const dueOn = closed ? findingDueOn(today, row.severity as Severity, settings) : row.dueOn;
        return {
          status: 'open',
          proposedResolution: null,
          dueOn,
          ...(dueOn !== row.dueOn ? { overdueNotifiedAt: null } : {}),
        };
      });
    },
  };
}

import type { SowDocument } from '../../../contracts/engagements';
import type {
  DeliverableList,
  DeliverableState,
  ReviewDeliverableBody,
  Submission,
  SubmitDeliverableBody,
} from '../../../contracts/quality-reviews';
import { type Database, type Executor, fromFlag, toFlag } from '../../db/database';
import { lockName } from '../../db/locks';
import type { DeliverableSubmissionRow } from '../../db/schema';
import { conflict, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { PublishInput } from '../events/service';
import type { FileAttachments } from '../files/service';
import * as repo from './deliverables-repository';
import { deliveryStats, dueAt, inMonths, isOnTime, reviewProblems, summarise } from './review-rules';

/** The engagement as this module needs it, loaded within the actor's scope (404 outside it). */
export interface EngagementRef {
  id: string;
  vendorId: string;
  startDate: string;
  timezone: string;
  status: string;
  monthlyFee: number | bigint;
  currency: string;
}

/** Narrow view of the engagements module: load within scope, and the approved SOW in force. */
export interface EngagementAccess {
  load(tx: Executor, actor: Actor, id: string): Promise<EngagementRef>;
  baseline(
    tx: Executor,
    engagementId: string,
  ): Promise<{ version: number; document: SowDocument } | undefined>;
}

export interface DeliverableDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  engagements: EngagementAccess;
  /** Publish a domain event inside the causing transaction (the event bus). */
  publish?: (tx: Executor, input: PublishInput) => Promise<unknown>;
  files: FileAttachments;
}

/**
 * Hold one deliverable until the transaction ends (there may be no submission row to lock yet): a
 * concurrent submission or review waits, then reads what this one wrote — so one cycle at a time
 * awaits review, and each is reviewed once.
 */
const lockDeliverable = (tx: Executor, engagementId: string, deliverableId: string) =>
  lockName(tx, `deliverable:${engagementId}:${deliverableId}`);

function toSubmission(row: repo.SubmissionWithReview): Submission {
  const r = row.review;
  return {
    id: row.id,
    engagementId: row.engagementId,
    deliverableId: row.deliverableId,
    cycle: Number(row.cycle),
    note: row.note,
    files: JSON.parse(row.files),
    submittedBy: row.submittedBy,
    submittedByName: row.submittedByName,
    submittedAt: row.submittedAt,
    onTime: row.onTime === null ? null : fromFlag(row.onTime),
    status: row.status as Submission['status'],
    review: r
      ? {
          id: r.id,
          decision: r.decision as 'accepted' | 'rejected',
          comment: r.comment,
          criteria: JSON.parse(r.criteria),
          reviewerId: r.reviewerId,
          reviewerName: r.reviewerName,
          reviewedAt: r.reviewedAt,
        }
      : null,
  };
}

/**
 * Deliverable acceptance: the vendor hands in a deliverable of the approved SOW, the reviewer
 * judges each acceptance criterion and accepts or rejects; a rejection opens the next cycle.
 */
export function createDeliverableService(deps: DeliverableDeps) {
  const { db, audit, clock, engagements, files } = deps;
  const now = () => clock.now().toISOString();

  /** Every deliverable of the baseline with its hand-ins and where it stands. */
  async function states(tx: Executor, engagement: EngagementRef) {
    const base = await engagements.baseline(tx, engagement.id);
    const rows = await repo.submissions(tx, engagement.id);
    const at = clock.now();
    const items: DeliverableState[] = (base?.document.deliverables ?? []).map((d) => {
      const mine = rows.filter((r) => r.deliverableId === d.id).map(toSubmission);
      const summary = summarise(mine, d.dueDate, engagement.timezone, at);
      return {
        id: d.id!,
        title: d.title,
        description: d.description,
        acceptanceCriteria: d.acceptanceCriteria,
        dueDate: d.dueDate,
        dueAt: dueAt(d.dueDate, engagement.timezone),
        status: summary.status,
        cycles: summary.cycles,
        onTime: summary.onTime,
        acceptedAt: summary.acceptedAt,
        submissions: mine,
      };
    });
    return { version: base?.version ?? null, items };
  }

  async function deliverableOf(tx: Executor, engagementId: string, deliverableId: string) {
    const base = await engagements.baseline(tx, engagementId);
    const deliverable = base?.document.deliverables.find((d) => d.id === deliverableId);
    if (!deliverable) throw notFound('deliverable');
    return deliverable;
  }

  return {
    async list(actor: Actor, engagementId: string): Promise<DeliverableList> {
      const engagement = await engagements.load(db, actor, engagementId);
      authorize(actor, 'deliverable', 'read');
      const { version, items } = await states(db, engagement);
      return { engagementId, timezone: engagement.timezone, sowVersion: version, items };
    },

    async stats(actor: Actor, engagementId: string) {
      const engagement = await engagements.load(db, actor, engagementId);
      authorize(actor, 'deliverable', 'read');
      const { items } = await states(db, engagement);
      return deliveryStats(
        items.map((i) => summarise(i.submissions, i.dueDate, engagement.timezone, clock.now())),
      );
    },

    /** Delivery figures of deliverables due in some months, for scorecards (scope already checked). */
    async statsForMonths(engagement: EngagementRef, months: string[]) {
      const { items } = await states(db, engagement);
      return deliveryStats(
        items
          .filter((i) => inMonths(i.dueDate, months))
          .map((i) => summarise(i.submissions, i.dueDate, engagement.timezone, clock.now())),
      );
    },

    async submit(actor: Actor, engagementId: string, deliverableId: string, body: SubmitDeliverableBody) {
      return db.transaction().execute(async (tx) => {
        await lockDeliverable(tx, engagementId, deliverableId);
        const engagement = await engagements.load(tx, actor, engagementId);
        authorize(actor, 'deliverable', 'submit');
        if (engagement.status === 'completed' || engagement.status === 'terminated')
          throw conflict(`The engagement is ${engagement.status}; it takes no more deliverables.`);
        const deliverable = await deliverableOf(tx, engagementId, deliverableId);
        const earlier = await repo.submissions(tx, engagementId, deliverableId);
        const last = earlier.at(-1);
        if (last?.status === 'accepted') throw conflict('This deliverable has been accepted; it is final.');
        if (last?.status === 'submitted')
          throw conflict(`Cycle ${last.cycle} of this deliverable awaits review; wait for the decision.`);
        const id = newId('dsb');
        const attached: Submission['files'] = [];
        for (const [i, fileId] of body.fileIds.entries()) {
          const file = await files.get(tx, fileId);
          // A vendor user hands in only their own vendor's uploads: another file's id is unknown to them.
          if (!file || (actor.role === 'vendor' && file.vendorId !== actor.vendorId))
            throw invalid([{ field: `fileIds.${i}`, message: 'is not a file you uploaded' }]);
          const f = await files.attach(tx, fileId, {
            entityType: 'deliverable_submission',
            entityId: id,
            vendorId: engagement.vendorId,
          });
          attached.push({ id: f.id, name: f.name, size: f.size, contentType: f.contentType });
        }
        const at = now();
        const row: DeliverableSubmissionRow = {
          id,
          engagementId,
          deliverableId,
          cycle: (last ? Number(last.cycle) : 0) + 1,
          note: body.note,
          files: JSON.stringify(attached),
          dueDate: deliverable.dueDate,
          onTime: (() => {
            const onTime = isOnTime(at, deliverable.dueDate, engagement.timezone);
            return onTime === null ? null : toFlag(onTime);
          })(),
          status: 'submitted',
          submittedBy: actor.id,
          submittedByName: actor.name,
          submittedAt: at,
        };
        await repo.insertSubmission(tx, row);
        await audit.record(tx, actor, {
          action: 'deliverable.submit',
          entityType: 'deliverable_submission',
          entityId: id,
          changes: {
            engagementId: { after: engagementId },
            deliverableId: { after: deliverableId },
            cycle: { after: row.cycle },
            onTime: { after: row.onTime === null ? null : row.onTime === 1 },
            files: { after: attached.map((f) => f.id) },
          },
        });
        await deps.publish?.(tx, {
          type: 'deliverable.submitted',
          engagementId,
          vendorId: engagement.vendorId,
          payload: {
            deliverableId,
            deliverableName: deliverable.title,
            submissionId: id,
            cycle: row.cycle,
            onTime: row.onTime === null ? null : row.onTime === 1,
            submittedByName: actor.name,
            actorId: actor.id,
          },
        });
        return toSubmission({ ...row, review: null });
      });
    },

    async review(
      actor: Actor,
      engagementId: string,
      deliverableId: string,
      submissionId: string,
      body: ReviewDeliverableBody,
    ) {
      return db.transaction().execute(async (tx) => {
        await lockDeliverable(tx, engagementId, deliverableId);
        await engagements.load(tx, actor, engagementId);
        authorize(actor, 'deliverable', 'decide');
        const deliverable = await deliverableOf(tx, engagementId, deliverableId);
        const all = await repo.submissions(tx, engagementId, deliverableId);
        const submission = all.find((s) => s.id === submissionId);
        if (!submission) throw notFound('submission');
        if (submission.status !== 'submitted')
          throw conflict(`Cycle ${submission.cycle} was already ${submission.status}; a review is final.`);
        const criteria = deliverable.acceptanceCriteria;
        const problems = reviewProblems(criteria.length, body.criteria, body.decision, body.comment);
        if (problems.length) throw invalid(problems);
        const verdicts = [...body.criteria]
          .sort((a, b) => a.index - b.index)
          .map((v) => ({
            index: v.index,
            criterion: criteria[v.index]!,
            passed: v.passed,
            comment: v.comment,
          }));
        const review = {
          id: newId('drv'),
          submissionId,
          decision: body.decision,
          comment: body.comment,
          criteria: JSON.stringify(verdicts),
          reviewerId: actor.id,
          reviewerName: actor.name,
          reviewedAt: now(),
        };
        await repo.insertReview(tx, review);
        await repo.setSubmissionStatus(tx, submissionId, body.decision);
        await audit.record(tx, actor, {
          action: body.decision === 'accepted' ? 'deliverable.accept' : 'deliverable.reject',
          entityType: 'deliverable_submission',
          entityId: submissionId,
          changes: {
            status: { before: 'submitted', after: body.decision },
            failedCriteria: { after: verdicts.filter((v) => !v.passed).map((v) => v.index) },
            comment: { after: body.comment },
          },
        });
        return toSubmission({ ...submission, status: body.decision, review });
      });
    },
  };
}

export type DeliverableService = ReturnType<typeof createDeliverableService>;

/**
 * The engagements module as the composition root (services.ts) makes it: the engagements with
 * what other modules see of one, the statement of work, and change requests.
 */
import type { z } from 'zod';
import type { CreateEngagementBody } from '../../../contracts/engagements';
import type { Executor } from '../../db/database';
import { allPages } from '../../lib/pages';
import { type Actor, systemActor } from '../../policy';
import { createChangeRequestService } from './change-requests';
import { baseline, rowPage } from './repository';
import { createEngagementService, documentOf, type EngagementDeps } from './service';
import { createSowService } from './sow-service';

export function createEngagementsModule(deps: EngagementDeps) {
  const service = createEngagementService(deps);
  const { load, organisation, createIn } = service.internals;
  const system = systemActor('engagements');
  return {
    ...service,
    /**
     * What deliverables, scorecards and the SLA engine see of an engagement: the engagement as
     * the actor may see it, the approved SOW in force, and every engagement's id (the closing job).
     */
    access: {
      load: (tx: Executor, actor: Actor, id: string) => load(tx, actor, id),
      async baseline(tx: Executor, engagementId: string) {
        const row = await baseline(tx, engagementId);
        return row ? { version: Number(row.version), document: documentOf(row) } : undefined;
      },
      async ids() {
        const all = await allPages((cursor) =>
          service.list(system, { limit: 200, sort: 'createdAt', cursor }),
        );
        return all.map((e) => e.id);
      },
    },
    /**
     * Every engagement's stored row, the fields named as its audit events name them (the DORA
     * register rebuilds them as they stood on a date). No permission check: callers check.
     */
    async registerRecords(tx: Executor) {
      const out: Awaited<ReturnType<typeof rowPage>> = [];
      for (let after: string | null = null; ; ) {
        const rows = await rowPage(tx, after, 500);
        out.push(...rows);
        if (rows.length < 500) return out;
        after = rows[rows.length - 1]!.id;
      }
    },
    /** An engagement with its vendor's name, without a permission check, or undefined when there is none. */
    find: (tx: Executor, id: string) => load(tx, system, id).catch(() => undefined),
    /** Opens engagements in the caller's transaction (a sourcing award), the organisation read once before. */
    async opener() {
      const org = await organisation();
      return (tx: Executor, actor: Actor, body: z.infer<typeof CreateEngagementBody>) =>
        createIn(tx, actor, body, org);
    },
  };
}

/** The statement of work of an engagement: versions, approval as the baseline, lint, diff and export. */
export const createSowsModule = (deps: Parameters<typeof createSowService>[0]) => createSowService(deps);

/** Change requests to an approved SOW. */
export const createChangeRequestsModule = (deps: Parameters<typeof createChangeRequestService>[0]) =>
  createChangeRequestService(deps);

/**
 * The spend module as the composition root (services.ts) makes it: it sees an engagement as its
 * terms with the vendor's name and country, built here from the engagements and vendors modules.
 */
import type { Engagement, EngagementListQuery } from '../../../contracts/engagements';
import type { Executor } from '../../db/database';
import { allPages, type PageOf } from '../../lib/pages';
import { type Actor, systemActor } from '../../policy';
import { type EngagementFacts, type SpendDeps, toEngagementFacts } from './context';
import { createSpendService } from './service';

type Terms = Parameters<typeof toEngagementFacts>[0];

interface SpendModuleDeps
  extends Omit<SpendDeps, 'organisation' | 'loadEngagement' | 'portfolio' | 'userNames' | 'dataFlows'> {
  /** The organisation, read from the database or inside a transaction (settings). */
  organisation(): Promise<{ currency: string; timezone: string }>;
  organisationIn(tx: Executor): Promise<{ currency: string; timezone: string }>;
  /** Active internal users (accounts), for who decided. */
  internalUsers(tx: Executor): Promise<Array<{ id: string; name: string }>>;
  /** The data-sharing register's entries of an engagement (what to return or delete at exit). */
  dataFlows(tx: Executor, engagementId: string): Promise<Array<{ id: string; label: string }>>;
  /** The engagement with its vendor's name and country, as the actor may see it (404 otherwise). */
  loadEngagement(
    tx: Executor,
    actor: Actor,
    id: string,
  ): Promise<Terms & { vendorName: string; vendorCountry: string }>;
  /** A page of engagements as the actor may see them. */
  listEngagements(actor: Actor, query: EngagementListQuery): Promise<PageOf<Engagement & Terms>>;
}

export function createSpendModule(deps: SpendModuleDeps) {
  const { organisation, organisationIn, loadEngagement, listEngagements, internalUsers, dataFlows, ...rest } =
    deps;
  const system = systemActor('spend');
  return createSpendService({
    ...rest,
    organisation: (tx) => (tx ? organisationIn(tx) : organisation()),
    async userNames(tx) {
      return new Map((await internalUsers(tx)).map((u) => [u.id, u.name]));
    },
    dataFlows: (tx, engagement) => dataFlows(tx, engagement.id),
    async loadEngagement(tx, actor, id) {
      const row = await loadEngagement(tx, actor, id);
      return toEngagementFacts(row, { name: row.vendorName, country: row.vendorCountry });
    },
    // Every engagement with its vendor, each vendor looked up once.
    async portfolio() {
      const engagements = await allPages((cursor) =>
        listEngagements(system, { limit: 200, sort: 'createdAt', cursor }),
      );
      const vendors = new Map<string, { name: string; country: string } | undefined>();
      const out: EngagementFacts[] = [];
      for (const e of engagements) {
        if (!vendors.has(e.vendorId)) vendors.set(e.vendorId, await deps.vendor(deps.db, e.vendorId));
        out.push(toEngagementFacts(e, vendors.get(e.vendorId)));
      }
      return out;
    },
  });
}

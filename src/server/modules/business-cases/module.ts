/** The business-cases module as the composition root (services.ts) makes it. */
import type { Actor } from '../../policy';
import { type BusinessCaseDeps, createBusinessCaseService } from './service';

export function createBusinessCasesModule(deps: BusinessCaseDeps) {
  const service = createBusinessCaseService(deps);
  return {
    ...service,
    /**
     * A case's options with their total cost over the horizon, for sourcing's cost score; null
     * when the actor sees no such case.
     */
    async optionCosts(actor: Actor, id: string) {
      const found = await service.get(actor, id).catch(() => null);
      if (!found) return null;
      const analysis = await service.analysis(actor, id);
      return {
        name: found.name,
        options: found.options.map((o) => ({
          vendorId: o.vendorId ?? null,
          name: o.name,
          totalCost: analysis.options.find((a) => a.optionId === o.id)?.totalCost ?? 0,
          currency: analysis.currency,
          years: found.horizonYears,
        })),
      };
    },
  };
}

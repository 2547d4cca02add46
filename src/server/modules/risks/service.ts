/**
 * Risks: the register (register.ts), the automatic signals (signals.ts, with the sources in
 * sources.ts registered by module.ts) and the settings the signals read.
 */
import type { RiskSettings } from '../../../contracts/risks';
import { toJson } from '../../db/database';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import { createContext, type RiskDeps } from './context';
import { createRegister } from './register';
import * as repo from './repository';
import { createSignals } from './signals';

export type { RiskDeps, SignalSource } from './context';

export function createRiskService(deps: RiskDeps) {
  const ctx = createContext(deps);
  const register = createRegister(ctx);
  const signals = createSignals(ctx);
  return {
    ...register,
    signals,

    async getSettings(actor: Actor): Promise<RiskSettings> {
      authorize(actor, 'riskSettings', 'read');
      return ctx.settings();
    },

    async putSettings(actor: Actor, value: RiskSettings): Promise<RiskSettings> {
      authorize(actor, 'riskSettings', 'update');
      return deps.db.transaction().execute(async (tx) => {
        const before = await ctx.settings(tx);
        await repo.putSettings(tx, toJson(value), ctx.now());
        await deps.audit.record(tx, actor, {
          action: 'risk.settings.update',
          entityType: 'risk_settings',
          entityId: 'organisation',
          changes: diff(before, value),
        });
        return value;
      });
    },

    /** The concentration thresholds, for the spend-concentration source. */
    thresholds: ctx.settings,

    /** Risks of a vendor (a vendor with risks is not deleted). */
    countForVendor: repo.countForVendor,
  };
}

export type RiskService = ReturnType<typeof createRiskService>;

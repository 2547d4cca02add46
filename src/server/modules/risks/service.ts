/**
 * Risks: the register (register.ts), the automatic signals (signals.ts, with the sources in
 * sources.ts registered by module.ts) and the settings the signals read.
 */
import type { RiskSettings } from '../../../contracts/risks';
import type { Actor } from '../../policy';
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

    getSettings: ctx.settingsStore.get,
    putSettings: (actor: Actor, value: RiskSettings) => ctx.settingsStore.put(actor, value),

    /** The concentration thresholds, for the spend-concentration source. */
    thresholds: ctx.settings,

    /** Risks of a vendor (a vendor with risks is not deleted). */
    countForVendor: repo.countForVendor,
  };
}

/**
 * Spend: invoices and exchange rates (invoices.ts), budget vs actual and savings realised
 * (reports.ts), renewals and exit plans (renewals.ts), wired here over one shared context.
 */
import { createContext, type SpendDeps } from './context';
import { createInvoiceService, createRateService } from './invoices';
import { createExitPlanService, createRenewalService } from './renewals';
import { createReports } from './reports';

export type { SpendDeps } from './context';

export function createSpendService(deps: SpendDeps) {
  const ctx = createContext(deps);
  const reports = createReports(ctx);
  const renewals = createRenewalService(ctx);
  const exitPlans = createExitPlanService(ctx);
  return {
    invoices: createInvoiceService(ctx),
    rates: createRateService(ctx),
    report: reports.report,
    /** Net spend per function, country and vendor and month (the dashboard's spend over time). */
    series: reports.series,
    savings: reports.savings,
    renewals,
    exitPlans,
    /** For the risk signals: whether the current term of an engagement has a renewal decision. */
    hasRenewalDecision: renewals.hasRenewalDecision,
    /** For the risk signals: shares of outsourced spend per vendor and country (organisation currency). */
    spendShares: reports.spendShares,
    /** For the risk signals: an engagement's exit-plan readiness, or null without a plan. */
    exitPlanReadiness: exitPlans.readinessOf,
    exitPlanRecords: exitPlans.registerRecords,
  };
}

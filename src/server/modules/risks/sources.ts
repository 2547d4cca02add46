/**
 * The signal sources built on data that other modules hold, each reading them through a narrow
 * function given to module.ts (never their tables). A source answers the conditions that hold
 * now; the engine (signals.ts) opens, updates and closes the risks.
 */
import { type CertStandard, STANDARD_LABELS } from '../../../contracts/diligence';
import type { Renewal } from '../../../contracts/spend';
import type { Executor } from '../../db/database';
import type { SignalSource } from './context';
import { breachStreak, type SignalCondition } from './rules';

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** A certification expired or expiring (diligence's window) of an active vendor. */
export function certificateExpirySource(deps: {
  activeVendors: () => Promise<Array<{ id: string; name: string }>>;
  certifications: (vendorId: string) => Promise<
    Array<{
      id: string;
      standard: string;
      standardName: string | null;
      expiresOn: string;
      status: string;
      daysToExpiry: number;
    }>
  >;
}): SignalSource {
  return {
    name: 'certificate_expiry',
    async evaluate() {
      const out: SignalCondition[] = [];
      for (const v of await deps.activeVendors()) {
        for (const c of await deps.certifications(v.id)) {
          if (c.status !== 'expired' && c.status !== 'expiring') continue;
          const name =
            c.standard === 'other'
              ? (c.standardName ?? 'Other')
              : (STANDARD_LABELS[c.standard as CertStandard] ?? c.standard);
          const expired = c.status === 'expired';
          out.push({
            key: `cert_expiry:${c.id}`,
            vendorId: v.id,
            title: expired
              ? `${v.name}: ${name} certificate expired on ${c.expiresOn}`
              : `${v.name}: ${name} certificate expires on ${c.expiresOn}`,
            category: 'compliance_legal',
            likelihood: expired ? 4 : 3,
            impact: 3,
            data: {
              certificationId: c.id,
              standard: c.standard,
              expiresOn: c.expiresOn,
              status: c.status,
              daysToExpiry: c.daysToExpiry,
            },
          });
        }
      }
      return out;
    },
  };
}

function monthsBefore(now: Date, months: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return d.toISOString().slice(0, 7);
}

/** SLA breached (a KPI missed) in at least 2 of the engagement's last 3 closed months. */
export function slaBreachSource(deps: {
  closedMonths: (
    executor: Executor,
    since: string,
  ) => Promise<Array<{ engagementId: string; period: string; evaluated: number; met: number }>>;
  engagement: (executor: Executor, id: string) => Promise<{ title: string; vendorId: string } | undefined>;
}): SignalSource {
  return {
    name: 'sla_breach_streak',
    async evaluate(executor, now) {
      // A year back is enough: an engagement whose last closed months are older has ended.
      const rows = await deps.closedMonths(executor, monthsBefore(now, 12));
      const byEngagement = new Map<string, typeof rows>();
      for (const r of rows)
        byEngagement.set(r.engagementId, [...(byEngagement.get(r.engagementId) ?? []), r]);
      const out: SignalCondition[] = [];
      for (const [engagementId, months] of byEngagement) {
        months.sort((a, b) => b.period.localeCompare(a.period));
        const streak = breachStreak(months);
        if (!streak.breached) continue;
        const e = await deps.engagement(executor, engagementId);
        if (!e) continue;
        const three = streak.breachedPeriods.length === 3;
        out.push({
          key: `sla_breach:${engagementId}`,
          vendorId: e.vendorId,
          engagementId,
          title: `${e.title}: SLA breached in ${streak.breachedPeriods.length} of the last 3 months`,
          category: 'operational',
          likelihood: three ? 5 : 4,
          impact: 3,
          data: { lastPeriods: streak.periods, breachedPeriods: streak.breachedPeriods },
        });
      }
      return out;
    },
  };
}

/** A renewal inside its notice period (from the notice deadline to the term's end) without a decision. */
export function renewalSource(deps: {
  undecidedInNotice: () => Promise<
    Array<Pick<Renewal, 'engagementId' | 'title' | 'vendorId' | 'termEnd' | 'noticeDeadline' | 'autoRenew'>>
  >;
}): SignalSource {
  return {
    name: 'renewal_undecided',
    async evaluate() {
      return (await deps.undecidedInNotice()).map((r) => ({
        key: `renewal:${r.engagementId}:${r.termEnd}`,
        vendorId: r.vendorId,
        engagementId: r.engagementId,
        title: `${r.title}: renewal undecided, notice deadline ${r.noticeDeadline}${r.autoRenew ? ' (renews automatically)' : ''}`,
        category: 'exit_lock_in' as const,
        likelihood: r.autoRenew ? 4 : 3,
        impact: 3,
        data: { termEnd: r.termEnd, noticeDeadline: r.noticeDeadline, autoRenew: r.autoRenew },
      }));
    },
  };
}

/** One vendor above a share of outsourced spend (default 30%), or one country above 50% (last 12 months). */
export function concentrationSource(deps: {
  shares: (
    executor: Executor,
    now: Date,
  ) => Promise<{
    currency: string;
    from: string;
    to: string;
    total: number;
    vendors: Array<{ vendorId: string; name: string; country: string; amount: number; share: number }>;
    countries: Array<{ country: string; amount: number; share: number }>;
  }>;
  thresholds: (
    executor: Executor,
  ) => Promise<{ vendorConcentrationShare: number; countryConcentrationShare: number }>;
}): SignalSource {
  return {
    name: 'spend_concentration',
    async evaluate(executor, now) {
      const [s, t] = await Promise.all([deps.shares(executor, now), deps.thresholds(executor)]);
      if (s.total <= 0) return [];
      const out: SignalCondition[] = [];
      const window = { from: s.from, to: s.to, currency: s.currency, total: s.total };
      for (const v of s.vendors) {
        if (v.share <= t.vendorConcentrationShare) continue;
        out.push({
          key: `concentration_vendor:${v.vendorId}`,
          vendorId: v.vendorId,
          title: `${v.name}: ${pct(v.share)} of outsourced spend (above ${pct(t.vendorConcentrationShare)})`,
          category: 'concentration',
          likelihood: 3,
          impact: v.share > 0.5 ? 5 : 4,
          data: { ...window, amount: v.amount, share: v.share, threshold: t.vendorConcentrationShare },
        });
      }
      for (const c of s.countries) {
        if (!c.country || c.share <= t.countryConcentrationShare) continue;
        out.push({
          key: `concentration_country:${c.country}`,
          vendorId: null,
          title: `${c.country}: ${pct(c.share)} of outsourced spend in one country (above ${pct(t.countryConcentrationShare)})`,
          category: 'geopolitical',
          likelihood: 3,
          impact: 4,
          data: {
            ...window,
            country: c.country,
            amount: c.amount,
            share: c.share,
            threshold: t.countryConcentrationShare,
          },
        });
      }
      return out;
    },
  };
}

/** A critical or high finding past its remediation date. */
export function findingOverdueSource(deps: {
  overdueFindings: () => Promise<
    Array<{
      id: string;
      vendorId: string;
      engagementId: string | null;
      title: string;
      severity: string;
      dueOn: string;
    }>
  >;
}): SignalSource {
  return {
    name: 'finding_overdue',
    async evaluate() {
      return (await deps.overdueFindings())
        .filter((f) => f.severity === 'critical' || f.severity === 'high')
        .map((f) => ({
          key: `finding_overdue:${f.id}`,
          vendorId: f.vendorId,
          engagementId: f.engagementId,
          title: `${f.severity === 'critical' ? 'Critical' : 'High'} finding past due since ${f.dueOn}: ${f.title}`,
          category: 'security_privacy' as const,
          likelihood: 4,
          impact: f.severity === 'critical' ? 5 : 4,
          data: { findingId: f.id, severity: f.severity, dueOn: f.dueOn },
        }));
    },
  };
}

/** An access review campaign open past its due date. */
export function accessReviewOverdueSource(deps: {
  overdueReviews: () => Promise<
    Array<{ id: string; vendorId: string | null; engagementId: string | null; scope: string; dueOn: string }>
  >;
  engagementVendor: (id: string) => Promise<string | undefined>;
}): SignalSource {
  return {
    name: 'access_review_overdue',
    async evaluate() {
      const out: SignalCondition[] = [];
      for (const r of await deps.overdueReviews()) {
        const vendorId =
          r.vendorId ?? (r.engagementId ? ((await deps.engagementVendor(r.engagementId)) ?? null) : null);
        out.push({
          key: `access_review_overdue:${r.id}`,
          vendorId,
          engagementId: r.engagementId,
          title: `Access review (${r.scope === 'all' ? 'every vendor' : r.scope}) overdue since ${r.dueOn}`,
          category: 'security_privacy',
          likelihood: 3,
          impact: 3,
          data: { reviewId: r.id, scope: r.scope, dueOn: r.dueOn },
        });
      }
      return out;
    },
  };
}

/** Personal data shared with a vendor without a current DPA (the data-sharing register's flag). */
export function dpaMissingSource(deps: {
  missingDpa: () => Promise<Array<{ vendorId: string; vendorName: string; entries: number }>>;
}): SignalSource {
  return {
    name: 'dpa_missing',
    async evaluate() {
      return (await deps.missingDpa()).map((v) => ({
        key: `dpa_missing:${v.vendorId}`,
        vendorId: v.vendorId,
        title: `${v.vendorName}: personal data shared without a current DPA`,
        category: 'compliance_legal' as const,
        likelihood: 4,
        impact: 4,
        data: { entriesWithPersonalData: v.entries },
      }));
    },
  };
}

/** A tier-1 vendor's engagement in force without an exit plan. */
export function exitPlanSource(deps: {
  tierOneEngagements: (
    executor: Executor,
  ) => Promise<Array<{ engagementId: string; title: string; vendorId: string; vendorName: string }>>;
  hasExitPlan: (executor: Executor, engagementId: string) => Promise<boolean>;
}): SignalSource {
  return {
    name: 'exit_plan_missing',
    async evaluate(executor) {
      const out: SignalCondition[] = [];
      for (const e of await deps.tierOneEngagements(executor)) {
        if (await deps.hasExitPlan(executor, e.engagementId)) continue;
        out.push({
          key: `exit_plan_missing:${e.engagementId}`,
          vendorId: e.vendorId,
          engagementId: e.engagementId,
          title: `${e.title}: tier-1 vendor ${e.vendorName} without an exit plan`,
          category: 'exit_lock_in',
          likelihood: 3,
          impact: 4,
          data: { tier: 1 },
        });
      }
      return out;
    },
  };
}

/** A sanctions screening hit confirmed as a true match (screening): critical while it stands. */
export function sanctionsMatchSource(deps: {
  trueMatches: () => Promise<
    Array<{
      id: string;
      vendorId: string;
      vendorName: string;
      subjectName: string;
      matchedName: string;
      entry: { source: string; ref: string };
      decidedAt: string | null;
      decidedBy: string | null;
    }>
  >;
}): SignalSource {
  return {
    name: 'sanctions_match',
    async evaluate() {
      return (await deps.trueMatches()).map((h) => ({
        key: `sanctions:${h.id}`,
        vendorId: h.vendorId,
        title: `${h.vendorName}: "${h.subjectName}" is a confirmed sanctions match ("${h.matchedName}")`,
        category: 'compliance_legal' as const,
        likelihood: 5,
        impact: 5,
        data: {
          hitId: h.id,
          list: h.entry.source,
          entry: h.entry.ref,
          decidedAt: h.decidedAt,
          decidedBy: h.decidedBy,
        },
      }));
    },
  };
}

/**
 * Due diligence: certifications, reference checks and past clients (in their own files), and
 * here the settings, the checklist, the approval gate the vendors service asks, the track record
 * and the certificate-expiry reminders.
 */
import {
  type CertStandard,
  type Checklist,
  type DiligenceSettings,
  STANDARD_LABELS,
  type TrackRecord,
  type Verdict,
} from '../../../contracts/diligence';
import { CRITICALITIES } from '../../../contracts/vendor-values';
import type { Criticality } from '../../../contracts/vendors';
import type { Executor } from '../../db/database';
import { addDays, daysBetween, todayIn } from '../../lib/dates';
import { type Actor, authorize, systemActor } from '../../policy';
import { createCertificationService } from './certifications';
import { createContext, type DiligenceDeps, type StatusContext, toCertificationDto } from './context';
import { performanceOf } from './performance';
import { createReferenceService, toReferenceDto } from './references';
import * as repo from './repository';
import {
  certificationStatus,
  type DiligenceFacts,
  dueReminder,
  evaluateChecklist,
  missingOf,
  REMINDER_CATCH_UP_DAYS,
  REMINDER_THRESHOLDS,
  reminderKey,
  summariseReferences,
} from './rules';

export type { DiligenceDeps } from './context';

const TIER_CHECKLIST: Record<1 | 2 | 3 | 4, Criticality> = {
  1: 'critical',
  2: 'high',
  3: 'medium',
  4: 'low',
};

/** What the vendors service learns from the gate: whether approval may go ahead, and if not why. */
interface GateResult {
  complete: boolean;
  missing: string[];
}

export function createDiligenceService(deps: DiligenceDeps) {
  const ctx = createContext(deps);
  const { db, clock } = deps;
  const certifications = createCertificationService(ctx);
  const references = createReferenceService(ctx);
  const system = systemActor('diligence');

  /** The facts of a vendor the checklist looks at; a vendor not yet created has none. */
  async function facts(vendorId: string | null, status: StatusContext): Promise<DiligenceFacts> {
    if (!vendorId) return { certifications: [], references: [], contacts: 0, assessments: [], dpas: [] };
    const [certs, refs, vendor, assessments, dpas] = await Promise.all([
      repo.certificationsOf(db, vendorId),
      repo.referencesOf(db, vendorId),
      ctx.vendor(system, vendorId),
      deps.completedAssessments(vendorId),
      deps.dpas(vendorId),
    ]);
    return {
      certifications: certs.map((c) => ({
        standard: c.standard as CertStandard,
        status: certificationStatus(c.expiresOn, status.today, status.windowDays).status,
        verified: c.verifiedAt !== null,
      })),
      references: refs.map((r) => ({ verdict: r.verdict as Verdict })),
      contacts: vendor.contacts?.length ?? 0,
      assessments,
      dpas,
    };
  }

  /**
   * The checklist that applies: the vendor's criticality's, or a stricter one when its risk tier
   * (the data it receives × its criticality) asks for more — tier 1 the critical checklist, tier 2
   * the high one, tier 3 medium, tier 4 low. The tier never makes it weaker.
   */
  async function applicable(vendorId: string | null, criticality: Criticality) {
    const tier = vendorId ? await deps.tierOf(vendorId) : null;
    const byTier = tier ? TIER_CHECKLIST[tier] : null;
    const applied =
      byTier && CRITICALITIES.indexOf(byTier) > CRITICALITIES.indexOf(criticality) ? byTier : criticality;
    return { applied, tier };
  }

  async function evaluate(vendorId: string | null, criticality: Criticality) {
    const [settings, status, { applied, tier }] = await Promise.all([
      ctx.settings(),
      ctx.statusContext(),
      applicable(vendorId, criticality),
    ]);
    return {
      ...evaluateChecklist(settings.requirements[applied], await facts(vendorId, status)),
      applied,
      tier,
    };
  }

  /**
   * Announce the reminders due today for every certificate near expiry (`certification.expiring`
   * or `.expired` on the event bus); each goes out once. The notifications consumer tells the
   * vendor's owner, the administrators and the vendor's own users, each on their chosen channel.
   */
  async function runReminders(): Promise<{ published: number; certificates: number }> {
    const org = await deps.organisation();
    const today = todayIn(clock.now(), org.timezone);
    const from = addDays(today, -REMINDER_CATCH_UP_DAYS);
    const to = addDays(today, REMINDER_THRESHOLDS[0]);
    let after: string | null = null;
    let published = 0;
    let certificates = 0;
    for (;;) {
      const rows = await repo.expiringBetween(db, from, to, after, 200);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      for (const cert of rows) {
        const days = daysBetween(today, cert.expiresOn);
        const threshold = dueReminder(days);
        if (threshold === null) continue;
        const vendor = await ctx.vendor(system, cert.vendorId);
        const name =
          cert.standard === 'other'
            ? (cert.standardName ?? 'Other')
            : STANDARD_LABELS[cert.standard as CertStandard];
        certificates++;
        const event = await db.transaction().execute((tx) =>
          deps.publishOnce(tx, reminderKey(cert.id, cert.expiresOn, threshold), {
            type: days < 0 ? 'certification.expired' : 'certification.expiring',
            vendorId: vendor.id,
            payload: {
              certificationId: cert.id,
              standard: cert.standard,
              standardName: name,
              expiresOn: cert.expiresOn,
              days,
              threshold,
              vendorName: vendor.name,
            },
          }),
        );
        if (event) published++;
      }
      if (rows.length < 200) break;
    }
    return { published, certificates };
  }

  return {
    certifications,
    references,
    /** Certificates of some vendors expiring on or after a day, with the vendor's name (no permission check: callers check). */
    expiringFrom: (tx: Executor, vendorIds: string[], since: string) =>
      repo.expiringFrom(tx, vendorIds, since),

    getSettings: ctx.settingsStore.get,
    putSettings: (actor: Actor, value: DiligenceSettings) => ctx.settingsStore.put(actor, value),

    async checklist(actor: Actor, vendorId: string): Promise<Checklist> {
      authorize(actor, 'checklist', 'read');
      const vendor = await ctx.vendor(actor, vendorId);
      const { complete, items, applied, tier } = await evaluate(vendorId, vendor.criticality);
      return { vendorId, criticality: vendor.criticality, tier, appliedChecklist: applied, complete, items };
    },

    /**
     * The approval gate, for the vendors service: run outside any transaction (it reads the
     * organisation and the vendor through their services). `vendorId` is null for a vendor
     * about to be created.
     */
    async gate(vendorId: string | null, criticality: Criticality): Promise<GateResult> {
      const { complete, items } = await evaluate(vendorId, criticality);
      return { complete, missing: missingOf(items) };
    },

    async trackRecord(actor: Actor, vendorId: string): Promise<TrackRecord> {
      authorize(actor, 'trackRecord', 'read');
      await ctx.vendor(actor, vendorId);
      const status = await ctx.statusContext();
      const [engagements, certs, refs, clients] = await Promise.all([
        deps.engagementsOf(actor, vendorId),
        repo.certificationsOf(db, vendorId),
        repo.referencesOf(db, vendorId),
        references.listPastClients(actor, vendorId),
      ]);
      // The closed months of all the vendor's engagements in one query, the scorecards per engagement.
      const [months, cards] = await Promise.all([
        deps.closedMonths(
          db,
          engagements.map((e) => e.id),
        ),
        Promise.all(engagements.map((e) => deps.scorecards(actor, e.id))),
      ]);
      const performance = engagements.map((e, i) =>
        performanceOf(
          months.filter((m) => m.engagementId === e.id),
          cards[i]!,
        ),
      );
      return {
        vendorId,
        engagements: engagements.map((e, i) => ({
          id: e.id,
          title: e.title,
          function: e.function as TrackRecord['engagements'][number]['function'],
          status: e.status as TrackRecord['engagements'][number]['status'],
          startDate: e.startDate,
          endDate: e.endDate,
          ...performance[i]!,
        })),
        references: summariseReferences(
          refs.map((r) => ({
            verdict: r.verdict as Verdict,
            ratings: toReferenceDto(r).questions.map((q) => q.rating),
          })),
        ),
        certifications: certs.map((c) => toCertificationDto(c, status)),
        pastClients: clients,
      };
    },

    reminders: { run: runReminders },

    /** Certificates, references and past clients of a vendor (a vendor with them is not deleted). */
    countForVendor: repo.countForVendor,
  };
}

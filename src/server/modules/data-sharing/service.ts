/**
 * Data sharing: the register and agreements (in their own files), and here the risk tier, the
 * settings that set it, the register export and the organisation-wide view.
 */
import {
  CLASSIFICATIONS,
  type Classification,
  type DataFlow,
  type DataProtectionOverview,
  type DataSharingSettings,
  type Tier,
  type TierChange,
  type VendorTier,
} from '../../../contracts/data-sharing';
import type { Criticality } from '../../../contracts/vendors';
import type { Executor } from '../../db/database';
import type { DataFlowRow } from '../../db/schema';
import { type CsvCell, csvText } from '../../lib/csv';
import { type Actor, authorize } from '../../policy';
import { createAgreementService } from './agreements';
import { createContext, type DataSharingDeps, dpaFlags, toFlowDto } from './context';
import { createFlowService } from './flows';
import * as repo from './repository';

export type { DataSharingDeps } from './context';

const PAGE = 500;

/** The columns of the record of processing, in order. */
const CSV_COLUMNS = [
  'id',
  'vendorId',
  'vendorName',
  'engagementId',
  'engagementTitle',
  'categories',
  'classification',
  'dataSubjects',
  'recordVolume',
  'purpose',
  'processingCountries',
  'storageCountries',
  'subProcessors',
  'transferMechanism',
  'legalBasis',
  'retention',
  'exitHandling',
  'encryptionAtRest',
  'encryptionInTransit',
  'flags',
] as const;

function csvRow(e: DataFlow): CsvCell[] {
  return [
    e.id,
    e.vendorId,
    e.vendorName,
    e.engagementId,
    e.engagementTitle,
    e.categories.join(';'),
    e.classification,
    e.dataSubjects.join(';'),
    e.recordVolume,
    e.purpose,
    e.processingCountries.join(';'),
    e.storageCountries.join(';'),
    e.subProcessors.map((s) => `${s.name} (${s.country}): ${s.purpose}`).join(';'),
    e.transferMechanism,
    e.legalBasis,
    e.retention,
    `${e.exitHandling.action}${e.exitHandling.certificate ? ' with certificate' : ''}`,
    e.encryptionAtRest ? 'yes' : 'no',
    e.encryptionInTransit ? 'yes' : 'no',
    e.flags.map((f) => f.code).join(';'),
  ];
}

const toChange = (r: Awaited<ReturnType<typeof repo.tierHistory>>[number]): TierChange => ({
  id: r.id,
  tier: Number(r.tier) as Tier,
  previousTier: r.previousTier === null ? null : (Number(r.previousTier) as Tier),
  highestClassification: r.highestClassification as TierChange['highestClassification'],
  criticality: r.criticality as Criticality,
  reason: r.reason,
  changedBy: r.changedBy,
  at: r.at,
});

export function createDataSharingService(deps: DataSharingDeps) {
  const ctx = createContext(deps);
  const { db } = deps;
  const flows = createFlowService(ctx);
  const agreements = createAgreementService(ctx);

  /** Every entry of the register (or one vendor's), page by page, with flags. */
  async function* everyEntry(vendorId?: string): AsyncGenerator<DataFlow> {
    const country = (await deps.organisation()).country;
    let after: string | null = null;
    for (;;) {
      const rows = await repo.flowPage(db, after, PAGE, vendorId);
      for (const r of rows) yield toFlowDto(r, country);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  return {
    flows,
    agreements,

    getSettings: ctx.settingsStore.get,

    /** Replace the matrix and intervals; every vendor with a register or a tier is re-tiered in the same transaction. */
    putSettings: (actor: Actor, value: DataSharingSettings) =>
      ctx.settingsStore.put(actor, value, async (tx) => {
        for (const vendorId of await repo.tieredVendorIds(tx))
          await ctx.recomputeTier(tx, actor, vendorId, 'tier matrix changed');
      }),

    async tier(actor: Actor, vendorId: string): Promise<VendorTier> {
      authorize(actor, 'vendorTier', 'read');
      await deps.vendors.get(actor, vendorId);
      const today = await ctx.today();
      const [now, history, flags] = await Promise.all([
        ctx.computeTier(db, vendorId),
        repo.tierHistory(db, vendorId),
        ctx.vendorFlags(db, vendorId, today),
      ]);
      return {
        vendorId,
        tier: now.tier,
        reassessmentMonths: now.reassessmentMonths,
        reason: now.reason,
        highestClassification: now.highest,
        criticality: now.criticality,
        flags,
        history: history.map(toChange),
      };
    },

    /**
     * The vendor's tier and reassessment interval, for other services (assurance schedules
     * assessments from it). No permission check: callers check their own.
     */
    async tierOf(
      executor: Executor,
      vendorId: string,
    ): Promise<{ tier: 1 | 2 | 3 | 4; reassessmentMonths: number }> {
      const t = await ctx.computeTier(executor, vendorId);
      return { tier: t.tier, reassessmentMonths: t.reassessmentMonths };
    },

    /**
     * Every register entry's stored row, the fields named as its audit events name them (the DORA
     * register rebuilds them as they stood on a date). No permission check: callers check.
     */
    async registerRecords(executor: Executor) {
      const out: DataFlowRow[] = [];
      for (let after: string | null = null; ; ) {
        const rows = await repo.flowPage(executor, after, PAGE);
        for (const { engagementTitle: _t, vendorName: _n, ...row } of rows) out.push(row);
        if (rows.length < PAGE) return out;
        after = rows[rows.length - 1]!.id;
      }
    },

    /** For the vendors service, inside the transaction that changes a vendor's criticality. */
    onCriticalityChange: (tx: Executor, actor: Actor, vendorId: string, criticality: Criticality) =>
      ctx.recomputeTier(tx, actor, vendorId, `criticality changed to ${criticality}`, criticality),

    /** The record of processing, as CSV or JSON, for the organisation or one vendor. */
    async exportRegister(
      actor: Actor,
      format: 'csv' | 'json',
      vendorId?: string,
    ): Promise<{ body: string; filename: string }> {
      authorize(actor, 'dataFlow', 'export');
      if (vendorId) await deps.vendors.get(actor, vendorId);
      const entries: DataFlow[] = [];
      for await (const e of everyEntry(vendorId)) entries.push(e);
      const base = `record-of-processing${vendorId ? `-${vendorId}` : ''}`;
      if (format === 'json')
        return {
          body: JSON.stringify({ generatedAt: ctx.now(), vendorId: vendorId ?? null, entries }, null, 2),
          filename: `${base}.json`,
        };
      const body = csvText([[...CSV_COLUMNS], ...entries.map(csvRow)]);
      return { body, filename: `${base}.csv` };
    },

    /** Which vendors hold restricted data, where data goes by country with the flags, and who misses a DPA. */
    async overview(actor: Actor): Promise<DataProtectionOverview> {
      authorize(actor, 'dataProtection', 'read');
      const today = await ctx.today();
      const byVendor = new Map<string, { name: string; entries: DataFlow[] }>();
      for await (const e of everyEntry()) {
        const v = byVendor.get(e.vendorId) ?? { name: e.vendorName, entries: [] };
        v.entries.push(e);
        byVendor.set(e.vendorId, v);
      }
      const vendorIds = [...byVendor.keys()].sort();
      const allAgreements = await repo.agreementsOfVendors(db, vendorIds);
      const restrictedVendors: DataProtectionOverview['restrictedVendors'] = [];
      const missingDpa: DataProtectionOverview['missingDpa'] = [];
      const countries = new Map<
        string,
        { vendors: Map<string, string>; entries: number; highest: number; flags: Map<string, number> }
      >();
      for (const vendorId of vendorIds) {
        const { name, entries } = byVendor.get(vendorId)!;
        const restricted = entries.filter((e) => e.classification === 'restricted');
        if (restricted.length) {
          const { tier } = await ctx.computeTier(db, vendorId);
          restrictedVendors.push({
            vendorId,
            vendorName: name,
            tier,
            entries: restricted.length,
            countries: [
              ...new Set(restricted.flatMap((e) => [...e.processingCountries, ...e.storageCountries])),
            ].sort(),
          });
        }
        const flags = dpaFlags(
          entries.map((e) => ({ categories: JSON.stringify(e.categories) })),
          allAgreements.filter((a) => a.vendorId === vendorId),
          today,
        );
        if (flags.length)
          missingDpa.push({
            vendorId,
            vendorName: name,
            entries: entries.filter((e) => e.categories.some((c) => c.startsWith('personal_'))).length,
          });
        for (const e of entries) {
          const where = new Set([
            ...e.processingCountries,
            ...e.storageCountries,
            ...e.subProcessors.map((s) => s.country),
          ]);
          for (const country of where) {
            const c = countries.get(country) ?? {
              vendors: new Map(),
              entries: 0,
              highest: 0,
              flags: new Map(),
            };
            c.vendors.set(vendorId, name);
            c.entries++;
            c.highest = Math.max(c.highest, CLASSIFICATIONS.indexOf(e.classification));
            for (const f of e.flags) {
              // A cross-border flag belongs to the countries it names; other flags to every country of the entry.
              if (f.countries && !f.countries.includes(country)) continue;
              c.flags.set(f.code, (c.flags.get(f.code) ?? 0) + 1);
            }
            countries.set(country, c);
          }
        }
      }
      return {
        restrictedVendors: restrictedVendors.sort(
          (a, b) => a.tier - b.tier || a.vendorName.localeCompare(b.vendorName),
        ),
        countries: [...countries.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([country, c]) => ({
            country,
            vendors: [...c.vendors.entries()].map(([id, name]) => ({ id, name })),
            entries: c.entries,
            highestClassification: CLASSIFICATIONS[c.highest] as Classification,
            flags: [...c.flags.entries()].map(([code, count]) => ({ code, count })),
          })),
        missingDpa,
      };
    },

    reminders: agreements.reminders,

    /** Register entries and agreements of a vendor (a vendor with them is not deleted). */
    countForVendor: repo.countForVendor,

    /** An engagement's register entries as an exit plan lists them (no permission check: the caller checks). */
    async entriesForExit(tx: Executor, engagementId: string) {
      const rows = await repo.flowsOfEngagement(tx, { vendorId: null }, engagementId);
      return rows.map((r) => ({ id: r.id, label: `${r.purpose} (${r.classification})` }));
    },
  };
}

/**
 * Pure rules of engagements: the life cycle, the delivery model, notice periods, JSON Merge
 * Patch of SOW documents, version diffs and item ids. The scope linter is in lint.ts.
 */
import { DateTime } from 'luxon';
import type { DeliveryModel, DiffEntry, EngagementStatus, SowDocument } from '../../../contracts/engagements';
import { addDays, todayIn } from '../../lib/dates';

export const TRANSITIONS: Record<EngagementStatus, readonly EngagementStatus[]> = {
  draft: ['active', 'terminated'],
  active: ['on_hold', 'completed', 'terminated'],
  on_hold: ['active', 'completed', 'terminated'],
  completed: [],
  terminated: [],
};

export const canTransition = (from: EngagementStatus, to: EngagementStatus) =>
  from === to || TRANSITIONS[from].includes(to);

/** Offsets by zone and year: every engagement read derives its delivery model, and zones are few. */
const januaryOffsets = new Map<string, number>();

/** Hours between two zones' standard offsets (January, so summer time does not blur it). */
function offsetGapHours(a: string, b: string, year: number): number {
  const offset = (zone: string) => {
    const key = `${zone}@${year}`;
    let minutes = januaryOffsets.get(key);
    if (minutes === undefined) {
      minutes = DateTime.fromObject({ year, month: 1, day: 15 }, { zone: 'UTC' }).setZone(zone).offset;
      if (januaryOffsets.size < 10_000) januaryOffsets.set(key, minutes);
    }
    return minutes;
  };
  return Math.abs(offset(a) - offset(b)) / 60;
}

/**
 * Onshore: same country. Nearshore: another country within 3 hours of the organisation's time
 * zone (so a working day largely overlaps). Offshore: further away.
 */
export function deriveDeliveryModel(
  home: { country: string; timezone: string },
  vendor: { country: string; timezone: string },
  year = 2026,
): DeliveryModel {
  if (home.country === vendor.country) return 'onshore';
  return offsetGapHours(home.timezone, vendor.timezone, year) <= 3 ? 'nearshore' : 'offshore';
}

/** The last day to give notice before a renewal. */
export function noticeDeadline(renewalDate: string | null, noticePeriodDays: number): string | null {
  if (!renewalDate) return null;
  return addDays(renewalDate, -noticePeriodDays);
}

/** Today, in the engagement's time zone, falls between the notice deadline and the renewal date. */
export function inNoticePeriod(
  renewalDate: string | null,
  noticePeriodDays: number,
  now: Date,
  timezone: string,
): boolean {
  const deadline = noticeDeadline(renewalDate, noticePeriodDays);
  if (!renewalDate || !deadline) return false;
  const today = todayIn(now, timezone);
  return today >= deadline && today <= renewalDate;
}

/** RFC 7396 JSON Merge Patch: objects merge, null deletes, anything else (arrays too) replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete base[key];
    // An own member, even one named `__proto__` (JSON may hold it): assignment would set the prototype.
    else
      Object.defineProperty(base, key, {
        value: mergePatch(Object.hasOwn(base, key) ? base[key] : undefined, value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return base;
}

type Identified = { id?: string };

/** Give every deliverable, milestone and KPI without one an id; keep the ids they have. */
export function withItemIds(doc: SowDocument, newId: (prefix: string) => string): SowDocument {
  const fill = <T extends Identified>(items: T[], prefix: string) =>
    items.map((i) => (i.id ? i : { ...i, id: newId(prefix) }));
  return {
    ...doc,
    deliverables: fill(doc.deliverables, 'dlv'),
    milestones: fill(doc.milestones, 'mst'),
    kpis: fill(doc.kpis, 'kpi'),
  };
}

const TEXT_SECTIONS = ['objectives', 'inScope', 'outOfScope', 'assumptions'] as const;
const ITEM_SECTIONS: Array<{
  section: 'deliverables' | 'milestones' | 'kpis' | 'raci' | 'governanceForums';
  key: string;
  label: string;
}> = [
  { section: 'deliverables', key: 'id', label: 'title' },
  { section: 'milestones', key: 'id', label: 'title' },
  { section: 'kpis', key: 'id', label: 'name' },
  { section: 'raci', key: 'activity', label: 'activity' },
  { section: 'governanceForums', key: 'name', label: 'name' },
];
const SCALARS = ['creditCapPct', 'reportingCadence'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What changed from one SOW document to another: items added, removed, or changed field by field. */
export function diffSow(before: SowDocument, after: SowDocument): DiffEntry[] {
  const out: DiffEntry[] = [];
  for (const section of TEXT_SECTIONS) {
    const a = new Set(before[section]);
    const b = new Set(after[section]);
    for (const t of before[section]) if (!b.has(t)) out.push({ section, kind: 'removed', key: t, label: t });
    for (const t of after[section]) if (!a.has(t)) out.push({ section, kind: 'added', key: t, label: t });
  }
  for (const { section, key, label } of ITEM_SECTIONS) {
    const items = (doc: SowDocument) => doc[section] as unknown as Array<Record<string, unknown>>;
    const byKey = (list: Array<Record<string, unknown>>) => new Map(list.map((i) => [String(i[key]), i]));
    const was = byKey(items(before));
    const now = byKey(items(after));
    for (const [k, item] of was) {
      if (!now.has(k)) out.push({ section, kind: 'removed', key: k, label: String(item[label]) });
    }
    for (const [k, item] of now) {
      const old = was.get(k);
      if (!old) {
        out.push({ section, kind: 'added', key: k, label: String(item[label]) });
        continue;
      }
      const fields = [...new Set([...Object.keys(old), ...Object.keys(item)])]
        .filter((f) => !same(old[f], item[f]))
        .map((f) => ({ field: f, before: old[f] ?? null, after: item[f] ?? null }));
      if (fields.length) out.push({ section, kind: 'changed', key: k, label: String(item[label]), fields });
    }
  }
  for (const field of SCALARS) {
    if (!same(before[field], after[field])) {
      out.push({
        section: field,
        kind: 'changed',
        key: field,
        label: field,
        fields: [{ field, before: before[field], after: after[field] }],
      });
    }
  }
  return out;
}

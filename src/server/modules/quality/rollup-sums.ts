/**
 * Bucket sums of measurements kept in memory until a write ends. Pure (no database): the CSV
 * import's parser thread builds them too.
 */
import type { MeasurementRollupsTable } from '../../db/schema';

/** One 15-minute bucket's sums, to be added to what is stored: a row of the roll-up table. */
export type RollupDelta = MeasurementRollupsTable;

/** Roll-ups sum 15-minute UTC buckets. */
export const BUCKET_MS = 15 * 60_000;

/**
 * Bucket sums of a write, kept in memory until the write ends: per (engagement, KPI, source), a
 * map from the bucket's start (ms) to its sums. Numbers, not strings, per row: imports are hot.
 */
export type RollupGroup = {
  engagementId: string;
  kpiId: string;
  source: string;
  buckets: Map<number, RollupDelta>;
};

export class RollupSums {
  private readonly groups = new Map<string, RollupGroup>();
  private last: RollupGroup | undefined;

  add(
    engagementId: string,
    kpiId: string,
    source: string,
    atMs: number,
    value: number | null,
    num: number | null,
    den: number | null,
  ) {
    // The last group is asked again most of the time; otherwise look it up by its key.
    let g = this.last;
    if (!g || g.kpiId !== kpiId || g.source !== source || g.engagementId !== engagementId) {
      const key = `${engagementId}\u0000${kpiId}\u0000${source}`;
      g = this.groups.get(key);
      if (!g) {
        g = { engagementId, kpiId, source, buckets: new Map() };
        this.groups.set(key, g);
      }
      this.last = g;
    }
    const b = Math.floor(atMs / BUCKET_MS) * BUCKET_MS;
    let r = g.buckets.get(b);
    if (!r) {
      r = {
        engagementId,
        kpiId,
        source,
        bucket: '',
        n: 0,
        total: null,
        lo: null,
        hi: null,
        num: null,
        den: null,
      };
      g.buckets.set(b, r);
    }
    r.n++;
    if (value !== null) {
      r.total = (r.total ?? 0) + value;
      r.lo = r.lo === null || value < r.lo ? value : r.lo;
      r.hi = r.hi === null || value > r.hi ? value : r.hi;
    }
    if (num !== null) r.num = (r.num ?? 0) + num;
    if (den !== null) r.den = (r.den ?? 0) + den;
  }

  addRow(m: {
    engagementId: string;
    kpiId: string;
    source: string;
    at: string;
    value: number | null;
    numerator: number | null;
    denominator: number | null;
  }) {
    this.add(m.engagementId, m.kpiId, m.source, Date.parse(m.at), m.value, m.numerator, m.denominator);
  }

  /** Every bucket with its ISO start. */
  *deltas(): Generator<RollupDelta> {
    for (const g of this.groups.values())
      for (const [ms, r] of g.buckets) {
        r.bucket = new Date(ms).toISOString();
        yield r;
      }
  }

  /** The groups as plain data (maps of plain objects), to pass between threads. */
  exportGroups(): RollupGroup[] {
    return [...this.groups.values()];
  }

  /** Add another's group under (possibly other) ids: a parser keys by the texts it read. */
  mergeGroup(engagementId: string, kpiId: string, source: string, buckets: Map<number, RollupDelta>) {
    const key = `${engagementId}\u0000${kpiId}\u0000${source}`;
    let g = this.groups.get(key);
    if (!g) {
      g = { engagementId, kpiId, source, buckets: new Map() };
      this.groups.set(key, g);
    }
    for (const [ms, d] of buckets) {
      const r = g.buckets.get(ms);
      if (!r) {
        g.buckets.set(ms, { ...d, engagementId, kpiId, source });
        continue;
      }
      r.n += d.n;
      if (d.total !== null) r.total = (r.total ?? 0) + d.total;
      if (d.lo !== null && (r.lo === null || d.lo < r.lo)) r.lo = d.lo;
      if (d.hi !== null && (r.hi === null || d.hi > r.hi)) r.hi = d.hi;
      if (d.num !== null) r.num = (r.num ?? 0) + d.num;
      if (d.den !== null) r.den = (r.den ?? 0) + d.den;
    }
  }

  /** Bucket starts (ms) per engagement and source: where late data may re-open closed periods. */
  touched(): Map<string, { engagementId: string; source: string; buckets: number[] }> {
    const out = new Map<string, { engagementId: string; source: string; buckets: number[] }>();
    for (const g of this.groups.values()) {
      const key = `${g.engagementId}\u0000${g.source}`;
      if (!out.has(key)) out.set(key, { engagementId: g.engagementId, source: g.source, buckets: [] });
      out.get(key)!.buckets.push(...g.buckets.keys());
    }
    return out;
  }

  get engagements(): Set<string> {
    return new Set([...this.groups.values()].map((g) => g.engagementId));
  }
}

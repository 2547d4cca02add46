/** Pure figures of the dashboard: counting, attainment, the upcoming list's order. No I/O. */

export function countBy<T>(items: T[], key: (t: T) => string): Array<{ key: string; count: number }> {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return [...m]
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** The last `n` calendar months before `today`'s month, oldest first (YYYY-MM). */
export function lastMonths(today: string, n: number): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n; i >= 1; i--) out.push(new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7));
  return out;
}

export function attainment(months: Array<{ evaluated: number; met: number }>) {
  const evaluated = months.reduce((s, m) => s + m.evaluated, 0);
  const met = months.reduce((s, m) => s + m.met, 0);
  return {
    kpisEvaluated: evaluated,
    kpisMet: met,
    attainment: evaluated > 0 ? met / evaluated : null,
    breachedPeriods: months.filter((m) => m.met < m.evaluated).length,
  };
}

/** Planned-to-date, realised and variance summed per currency, currencies in alphabetical order. */
export function savingsTotals(
  items: Array<{ currency: string; plannedToDate: number; realised: number; variance: number }>,
) {
  const m = new Map<
    string,
    { currency: string; plannedToDate: number; realised: number; variance: number }
  >();
  for (const i of items) {
    const t = m.get(i.currency) ?? { currency: i.currency, plannedToDate: 0, realised: 0, variance: 0 };
    t.plannedToDate += i.plannedToDate;
    t.realised += i.realised;
    t.variance += i.variance;
    m.set(i.currency, t);
  }
  return [...m.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

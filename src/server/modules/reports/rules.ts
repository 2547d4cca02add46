/** Pure helpers of the reports: quarters, month lists, attainment. No I/O. */

/** "2027-Q1" → its three months, or null when it is not a quarter. */
export function quarterMonths(quarter: string): string[] | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return null;
  const first = (Number(m[2]) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${m[1]}-${String(first + i).padStart(2, '0')}`);
}

/** The quarter a date (YYYY-MM-DD) falls in. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The quarter before one. */
export function previousQuarter(quarter: string): string {
  const [y, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(6))];
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

/** Share met as a percentage with one decimal, or "no data". */
export function percent(met: number, evaluated: number): string {
  return evaluated > 0 ? `${((met / evaluated) * 100).toFixed(1)}%` : 'no data';
}

/** Sums of minor units per currency, currencies in alphabetical order. */
export function sumByCurrency(items: Array<{ currency: string; amount: number }>) {
  const m = new Map<string, number>();
  for (const i of items) m.set(i.currency, (m.get(i.currency) ?? 0) + i.amount);
  return [...m].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount }));
}

/**
 * How an engagement performed, for a vendor's track record: its closed SLA months and its
 * published scorecards. Pure: the module reads the months and the scorecards.
 */

/** A closed client SLA month of an engagement, with how many KPIs were evaluated and met. */
export interface ClosedMonth {
  engagementId: string;
  period: string;
  evaluated: number;
  met: number;
}

/** An engagement's scorecards as the scorecards service lists them, with the trend of their totals. */
export interface ScorecardsOf {
  items: Array<{ status: string; total: number | null; period: string }>;
  trend: { direction: string | null };
}

interface Performance {
  sla: { months: number; kpisMet: number; kpisEvaluated: number; attainmentPct: number } | null;
  scorecards: {
    published: number;
    latestTotal: number | null;
    latestPeriod: string | null;
    trend: string | null;
  };
}

/** The performance of one engagement from its own closed months and its scorecards. */
export function performanceOf(months: ClosedMonth[], cards: ScorecardsOf): Performance {
  const evaluated = months.reduce((n, m) => n + m.evaluated, 0);
  const met = months.reduce((n, m) => n + m.met, 0);
  const published = cards.items.filter((c) => c.status === 'published' && c.total !== null);
  const latest = published.reduce<(typeof published)[number] | null>(
    (a, c) => (!a || c.period > a.period ? c : a),
    null,
  );
  return {
    sla: months.length
      ? {
          months: months.length,
          kpisMet: met,
          kpisEvaluated: evaluated,
          attainmentPct: evaluated ? Math.round((met / evaluated) * 1000) / 10 : 0,
        }
      : null,
    scorecards: {
      published: published.length,
      latestTotal: latest?.total ?? null,
      latestPeriod: latest?.period ?? null,
      trend: cards.trend.direction,
    },
  };
}

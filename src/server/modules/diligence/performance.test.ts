import { describe, expect, it } from 'vitest';
import { performanceOf } from './performance';

const month = (period: string, evaluated: number, met: number) => ({
  engagementId: 'eng_1',
  period,
  evaluated,
  met,
});
const noCards = { items: [], trend: { direction: null } };

describe('performanceOf', () => {
  it('sums the KPIs of the closed months, attainment to one decimal', () => {
    const p = performanceOf([month('2026-01', 3, 2), month('2026-02', 3, 3)], noCards);
    expect(p.sla).toEqual({ months: 2, kpisMet: 5, kpisEvaluated: 6, attainmentPct: 83.3 });
  });

  it('has no SLA figures without closed months, and 0 % when no KPI was evaluated', () => {
    expect(performanceOf([], noCards).sla).toBeNull();
    expect(performanceOf([month('2026-01', 0, 0)], noCards).sla?.attainmentPct).toBe(0);
  });

  it('counts published scorecards with a total and names the latest period', () => {
    const p = performanceOf([], {
      items: [
        { status: 'published', total: 70, period: '2026-Q1' },
        { status: 'published', total: 80, period: '2026-Q2' },
        { status: 'draft', total: 95, period: '2026-Q3' },
        { status: 'published', total: null, period: '2026-Q4' },
      ],
      trend: { direction: 'up' },
    });
    expect(p.scorecards).toEqual({ published: 2, latestTotal: 80, latestPeriod: '2026-Q2', trend: 'up' });
  });

  it('has no latest scorecard when none is published', () => {
    expect(performanceOf([], noCards).scorecards).toEqual({
      published: 0,
      latestTotal: null,
      latestPeriod: null,
      trend: null,
    });
  });
});

/** Engagements with approved SOWs and several KPIs, for the measurement and SLA API tests. */
import { expect } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import type { Session, TestApp } from '../helpers/app';

export const QUALITY_SOW = {
  ...GOOD_SOW,
  kpis: [
    GOOD_SOW.kpis[0]!,
    {
      name: 'Average speed of answer',
      unit: 's',
      aggregation: 'mean',
      direction: 'at_most',
      target: 20,
      period: 'month',
      creditPct: 3,
      weight: 1,
    },
    {
      name: 'Handle time p90',
      unit: 's',
      aggregation: 'percentile',
      p: 90,
      direction: 'at_most',
      target: 300,
      period: 'month',
      creditPct: 4,
      weight: 1,
    },
  ],
  creditCapPct: 6,
};

/** The engagement terms the SLA tests use: a Berlin service desk with a monthly fee. */
export const SERVICE_DESK = {
  function: 'customer_service',
  startDate: '2027-01-01',
  endDate: '2027-12-31',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  monthlyFee: 100_000,
  budget: 1_500_000,
} as const;

export interface QualityEngagement {
  id: string;
  /** KPI ids by name. */
  kpi: { sl: string; asa: string; p90: string };
}

/** An engagement in Berlin time with the SOW above approved. */
export async function approvedEngagement(
  t: TestApp,
  as: Session,
  vendorId: string,
): Promise<QualityEngagement> {
  const e = await t.call('POST', '/api/v1/engagements', {
    as,
    body: {
      vendorId,
      title: `Service desk ${Math.random().toString(36).slice(2, 7)}`,
      ...SERVICE_DESK,
    },
  });
  expect(e.status, e.text).toBe(201);
  const put = await t.call('PUT', `/api/v1/engagements/${e.body.id}/sow`, { as, body: QUALITY_SOW });
  expect(put.status, put.text).toBe(200);
  const ok = await t.call('POST', `/api/v1/engagements/${e.body.id}/sow/approve`, { as });
  expect(ok.status, ok.text).toBe(200);
  const ids = Object.fromEntries(ok.body.kpis.map((k: { name: string; id: string }) => [k.name, k.id]));
  return {
    id: e.body.id,
    kpi: { sl: ids['Service level'], asa: ids['Average speed of answer'], p90: ids['Handle time p90'] },
  };
}

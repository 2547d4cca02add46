/** Reports: the QBR pack and the portfolio summary, internal roles only (vendor users 404). */
import { allowed, INTERNAL, type RouteCase, V1 } from './kit';

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/reports/qbr`]: {
    expect: allowed(INTERNAL, 200),
    probe: (_who, f) => ({ url: `${V1}/reports/qbr?vendorId=${f.own.id}&quarter=2027-Q1` }),
  },
  [`GET ${V1}/reports/portfolio`]: {
    expect: allowed(INTERNAL, 200),
    probe: () => ({ url: `${V1}/reports/portfolio?format=csv` }),
  },
};

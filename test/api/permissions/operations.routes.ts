/** Operations: readiness is public, like health (load balancers call it without signing in). */
import { open, type RouteCase, V1 } from './kit';

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/ready`]: { expect: open(200), probe: () => ({ url: `${V1}/ready` }) },
};

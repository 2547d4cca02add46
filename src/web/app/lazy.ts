import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

/**
 * A component loaded from its own chunk the first time it renders: `lazyNamed(() =>
 * import('./Page'), 'Page')`. React.lazy wants a default export; the features export by name.
 * A parent <Suspense> shows while it loads; a failed load is thrown to the route's error boundary.
 */
export function lazyNamed<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(async () => ({ default: (await load())[name] }));
}

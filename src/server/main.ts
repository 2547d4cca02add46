import { buildApp } from './app';
import type { Config } from './config';
import { tuneHeapForServing } from './lib/heap';

/** Listen, and close cleanly on SIGINT/SIGTERM (in-flight requests finish, the database closes). */
export async function serve(config: Config, options: { onListening?: (url: string) => void } = {}) {
  tuneHeapForServing();
  const app = await buildApp(config);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  options.onListening?.(url);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return app;
}

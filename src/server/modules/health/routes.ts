import { z } from 'zod';
import { ping, readiness } from '../../db/readiness';
import { AppError, databaseUnavailable } from '../../errors';
import type { ModuleOptions, ZodApp } from '../../http';
import { VERSION } from '../../version';

const Health = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});

const Ready = z.object({
  status: z.literal('ready'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
  migrations: z.object({
    applied: z.number().int(),
    /** Migrations run by a newer version (a rolling upgrade): ready, but worth knowing. */
    unknown: z.array(z.string()),
  }),
});

export async function healthRoutes(app: ZodApp, { database }: ModuleOptions) {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: 'Is the service and its database up?', response: { 200: Health } },
    },
    async () => {
      try {
        await ping(database.db);
      } catch {
        throw databaseUnavailable();
      }
      return { status: 'ok' as const, database: database.dialect, version: VERSION };
    },
  );

  app.get(
    '/ready',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'May this process take traffic? The database answers and its schema is current.',
        response: { 200: Ready },
      },
    },
    async () => {
      const r = await readiness(database.db);
      if (!r.reachable) throw databaseUnavailable();
      if (r.pending.length > 0)
        throw new AppError(
          503,
          'unavailable',
          `The database schema is not current: ${r.pending.length} migration(s) have not run (${r.pending.join(', ')}).`,
        );
      return {
        status: 'ready' as const,
        database: database.dialect,
        version: VERSION,
        migrations: { applied: r.applied, unknown: r.unknown },
      };
    },
  );
}

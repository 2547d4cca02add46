import { sql } from 'kysely';
import { z } from 'zod';
import type { ModuleOptions } from '../../app';
import { AppError } from '../../errors';
import type { ZodApp } from '../../http';
import { VERSION } from '../../version';

const Health = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
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
        await sql`select 1`.execute(database.db);
      } catch {
        throw new AppError(503, 'unavailable', 'The database does not answer.');
      }
      return { status: 'ok' as const, database: database.dialect, version: VERSION };
    },
  );
}

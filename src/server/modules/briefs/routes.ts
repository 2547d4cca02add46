import { VendorBrief } from '../../../contracts/briefs';
import { IdParams } from '../../../contracts/common';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

export async function briefRoutes(app: ZodApp, { services }: ModuleOptions) {
  const briefs = services.briefs;

  app.get(
    '/vendors/:id/brief',
    {
      // Built for both sides: the vendor's own facts and the organisation's calendar, nothing internal.
      config: { vendor: 'same' },
      schema: {
        tags: ['vendors'],
        summary:
          "The partner brief: the vendor's local time, work week, days off next to ours, daylight saving, seasons, languages, formats and best weekly slot",
        params: IdParams,
        response: { 200: VendorBrief },
      },
    },
    async (request) => briefs.get(actorOf(request), request.params.id),
  );
}

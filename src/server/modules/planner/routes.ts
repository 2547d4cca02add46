import {
  OverlapQuery,
  OverlapResponse,
  RecurringSlotQuery,
  RecurringSlotResponse,
} from '../../../contracts/planner';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

export async function plannerRoutes(app: ZodApp, { services }: ModuleOptions) {
  const planner = services.planner;

  app.get(
    '/planner/overlap',
    {
      schema: {
        tags: ['planner'],
        summary: 'When all parties are at work, date by date (UTC and each local time)',
        querystring: OverlapQuery,
        response: { 200: OverlapResponse },
      },
    },
    async (request) => planner.overlap(actorOf(request), request.query),
  );
  app.get(
    '/planner/recurring-slot',
    {
      schema: {
        tags: ['planner'],
        summary: 'The weekly meeting slot that works for everyone on the most dates, and where it fails',
        querystring: RecurringSlotQuery,
        response: { 200: RecurringSlotResponse },
      },
    },
    async (request) => planner.recurringSlot(actorOf(request), request.query),
  );
}

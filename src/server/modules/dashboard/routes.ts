import { Dashboard } from '../../../contracts/dashboard';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

export async function dashboardRoutes(app: ZodApp, { services }: ModuleOptions) {
  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'The portfolio at a glance: vendors, SLA attainment, the risk heat map, what is due',
        response: { 200: Dashboard },
      },
    },
    async (request) => services.dashboard.get(actorOf(request)),
  );
}

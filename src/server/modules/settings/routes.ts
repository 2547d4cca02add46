import { Organisation } from '../../../contracts/accounts';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

export async function settingsRoutes(app: ZodApp, { services }: ModuleOptions) {
  app.get(
    '/settings/organisation',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['settings'],
        summary: 'The organisation: the home side of every comparison',
        response: { 200: Organisation },
      },
    },
    async (request) => services.settings.getOrganisation(actorOf(request)),
  );
  app.put(
    '/settings/organisation',
    {
      schema: {
        tags: ['settings'],
        summary: 'Replace the organisation settings',
        body: Organisation,
        response: { 200: Organisation },
      },
    },
    async (request) => services.settings.putOrganisation(actorOf(request), request.body),
  );
}

import { ContactIdParams, ErasureResult, PersonalDataExport } from '../../../contracts/privacy';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

export async function privacyRoutes(app: ZodApp, { services }: ModuleOptions) {
  const privacy = services.privacy;

  app.get(
    '/privacy/people/:contactId/export',
    {
      schema: {
        tags: ['privacy'],
        summary: 'Everything Outpost holds about one person (a vendor contact), as JSON',
        params: ContactIdParams,
        response: { 200: PersonalDataExport },
      },
    },
    async (request) => privacy.exportPerson(actorOf(request), request.params.contactId),
  );

  app.post(
    '/privacy/people/:contactId/erase',
    {
      schema: {
        tags: ['privacy'],
        summary:
          'Erase one person’s personal data everywhere (owner, admin); the audit trail records that it happened',
        params: ContactIdParams,
        response: { 200: ErasureResult },
      },
    },
    async (request) => privacy.erasePerson(actorOf(request), request.params.contactId),
  );
}

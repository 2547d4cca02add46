import { AuditEvent, AuditQuery, AuditVerification } from '../../../contracts/audit';
import { page } from '../../../contracts/common';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

export async function auditRoutes(app: ZodApp, { services }: ModuleOptions) {
  app.get(
    '/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first',
        querystring: AuditQuery,
        response: { 200: page(AuditEvent) },
      },
    },
    async (request) => services.audit.list(actorOf(request), request.query),
  );
  app.get(
    '/audit-events/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain and report the first broken event',
        response: { 200: AuditVerification },
      },
    },
    async (request) => services.audit.verify(actorOf(request)),
  );
}

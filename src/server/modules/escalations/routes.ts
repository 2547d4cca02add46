import { IdParams } from '../../../contracts/common';
import {
  EscalationCandidates,
  EscalationMatrix,
  PutEscalationMatrixBody,
} from '../../../contracts/escalations';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

const tags = ['escalations'];

export async function escalationRoutes(app: ZodApp, { services }: ModuleOptions) {
  const matrix = services.escalations;
  app.get(
    '/engagements/:id/escalation-matrix',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'The escalation matrix: levels with contacts on both sides, channel and response time',
        params: IdParams,
        response: { 200: EscalationMatrix },
      },
    },
    async (request) => matrix.get(actorOf(request), request.params.id),
  );
  app.put(
    '/engagements/:id/escalation-matrix',
    {
      schema: {
        tags,
        summary: 'Replace the whole escalation matrix',
        params: IdParams,
        body: PutEscalationMatrixBody,
        response: { 200: EscalationMatrix },
      },
    },
    async (request) => matrix.put(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/engagements/:id/escalation-matrix/candidates',
    {
      schema: {
        tags,
        summary: 'Who may be named in the matrix: internal users and the vendor’s contacts',
        params: IdParams,
        response: { 200: EscalationCandidates },
      },
    },
    async (request) => matrix.candidates(actorOf(request), request.params.id),
  );
}

import { IdParams } from '../../../contracts/common';
import {
  AcceptInvitationBody,
  AcceptInvitationResponse,
  CreatedInvitation,
  CreateInvitationBody,
  InvitationView,
  TokenParams,
} from '../../../contracts/portal';
import { actorOf, type ModuleOptions, metaOf, sendSession, type ZodApp } from '../../http';

export async function portalRoutes(app: ZodApp, { services, config }: ModuleOptions) {
  const portal = services.portal;

  app.post(
    '/vendors/:id/invitations',
    {
      schema: {
        tags: ['portal'],
        summary: 'Invite a vendor contact to the portal; answers the one-time link',
        params: IdParams,
        body: CreateInvitationBody,
        response: { 201: CreatedInvitation },
      },
    },
    async (request, reply) => {
      const created = await portal.invite(actorOf(request), request.params.id, request.body);
      return reply.status(201).send(created);
    },
  );
  app.get(
    '/invitations/:token',
    {
      config: { public: true },
      schema: {
        tags: ['portal'],
        summary: 'Who invited whom to which vendor (404 once used or expired)',
        params: TokenParams,
        response: { 200: InvitationView },
      },
    },
    async (request) => portal.view(request.params.token),
  );
  app.post(
    '/invitations/:token/accept',
    {
      config: { public: true },
      schema: {
        tags: ['portal'],
        summary: 'Set a password: creates the vendor user and signs them in',
        params: TokenParams,
        body: AcceptInvitationBody,
        response: { 200: AcceptInvitationResponse },
      },
    },
    async (request, reply) => {
      const result = await portal.accept(request.params.token, request.body.password, metaOf(request));
      return sendSession(reply, config, result);
    },
  );
}

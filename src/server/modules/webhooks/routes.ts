import { z } from 'zod';
import { page } from '../../../contracts/common';
import {
  CreatedWebhook,
  CreateWebhookBody,
  DeliveryListQuery,
  DeliveryParams,
  UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
  WebhookParams,
} from '../../../contracts/webhooks';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

const tags = ['webhooks'];

export async function webhookRoutes(app: ZodApp, { services }: ModuleOptions) {
  const hooks = services.webhooks;

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Register an endpoint; the answer holds its signing secret, shown this once',
        body: CreateWebhookBody,
        response: { 201: CreatedWebhook },
      },
    },
    async (request, reply) => reply.status(201).send(await hooks.create(actorOf(request), request.body)),
  );
  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Every registered endpoint',
        response: { 200: z.object({ items: z.array(Webhook) }) },
      },
    },
    async (request) => ({ items: await hooks.list(actorOf(request)) }),
  );
  app.get(
    '/webhooks/:id',
    { schema: { tags, summary: 'One endpoint', params: WebhookParams, response: { 200: Webhook } } },
    async (request) => hooks.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change an endpoint’s URL or event types, or turn it on or off',
        params: WebhookParams,
        body: UpdateWebhookBody,
        response: { 200: Webhook },
      },
    },
    async (request) => hooks.update(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Remove an endpoint and its delivery log',
        params: WebhookParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await hooks.remove(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log of an endpoint, newest first',
        params: WebhookParams,
        querystring: DeliveryListQuery,
        response: { 200: page(WebhookDelivery) },
      },
    },
    async (request) => hooks.deliveries(actorOf(request), request.params.id, request.query),
  );
  app.post(
    '/webhooks/:id/deliveries/:deliveryId/replay',
    {
      schema: {
        tags,
        summary: 'Send a delivery again (same message id, a fresh retry schedule)',
        params: DeliveryParams,
        response: { 200: WebhookDelivery },
      },
    },
    async (request) => hooks.replay(actorOf(request), request.params.id, request.params.deliveryId),
  );
  app.post(
    '/webhooks/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a signed test message now and answer how the endpoint took it',
        params: WebhookParams,
        response: { 200: WebhookDelivery },
      },
    },
    async (request) => hooks.test(actorOf(request), request.params.id),
  );
}

import { z } from 'zod';
import { IdParams, page } from '../../../contracts/common';
import {
  CreateMessageBody,
  CreateThreadBody,
  Message,
  MessageListQuery,
  Thread,
  ThreadListQuery,
  UpdateMessageBody,
} from '../../../contracts/messaging';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

export async function messagingRoutes(app: ZodApp, { services }: ModuleOptions) {
  const messaging = services.messaging;
  const tags = ['messaging'];

  app.post(
    '/engagements/:id/threads',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Start a thread on an engagement (internal, or shared with the vendor)',
        params: IdParams,
        body: CreateThreadBody,
        response: { 201: Thread },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await messaging.createThread(actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/engagements/:id/threads',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Threads of an engagement with unread counts (vendor users: shared ones only)',
        params: IdParams,
        querystring: ThreadListQuery,
        response: { 200: page(Thread) },
      },
    },
    async (request) => messaging.listThreads(actorOf(request), request.params.id, request.query),
  );
  app.get(
    '/threads/:id',
    {
      config: { vendor: 'same' },
      schema: { tags, summary: 'A thread', params: IdParams, response: { 200: Thread } },
    },
    async (request) => messaging.getThread(actorOf(request), request.params.id),
  );
  app.post(
    '/threads/:id/messages',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Post a message (Markdown; @email or @name mentions; attachments by file id)',
        params: IdParams,
        body: CreateMessageBody,
        response: { 201: Message },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await messaging.postMessage(actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/threads/:id/messages',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Messages of a thread, oldest first, or those containing q; marks the thread read',
        params: IdParams,
        querystring: MessageListQuery,
        response: { 200: page(Message) },
      },
    },
    async (request) => messaging.listMessages(actorOf(request), request.params.id, request.query),
  );
  app.patch(
    '/messages/:id',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Edit your message (the earlier text is kept in its history)',
        params: IdParams,
        body: UpdateMessageBody,
        response: { 200: Message },
      },
    },
    async (request) => messaging.editMessage(actorOf(request), request.params.id, request.body.body),
  );
  app.delete(
    '/messages/:id',
    {
      schema: {
        tags,
        summary: 'Delete a message, leaving a tombstone (author, owner or administrator)',
        params: IdParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await messaging.deleteMessage(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}

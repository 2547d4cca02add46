import { IdParams } from '../../../contracts/common';
import {
  Notification,
  NotificationListQuery,
  NotificationPage,
  ReadAllResult,
} from '../../../contracts/notifications';
import type { ModuleOptions } from '../../app';
import { actorOf, type ZodApp } from '../../http';

export async function notificationRoutes(app: ZodApp, { services }: ModuleOptions) {
  const notifications = services.notifications;
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'The caller’s own notifications, newest first, with the unread count',
        querystring: NotificationListQuery,
        response: { 200: NotificationPage },
      },
    },
    async (request) => notifications.list(actorOf(request), request.query),
  );
  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all of the caller’s notifications read',
        response: { 200: ReadAllResult },
      },
    },
    async (request) => notifications.readAll(actorOf(request)),
  );
  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one notification read',
        params: IdParams,
        response: { 200: Notification },
      },
    },
    async (request) => notifications.read(actorOf(request), request.params.id),
  );
}

import { IdParams } from '../../../contracts/common';
import {
  Notification,
  NotificationListQuery,
  NotificationPage,
  NotificationPreferences,
  PutNotificationPreferencesBody,
  ReadAllResult,
} from '../../../contracts/notifications';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

export async function notificationRoutes(app: ZodApp, { services }: ModuleOptions) {
  const notifications = services.notifications;
  const preferences = services.notificationDelivery.preferences;
  app.get(
    '/notification-preferences',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['notifications'],
        summary:
          'The caller’s channel (in_app, email, digest, none) for each event type they can hear of, and whether email is configured',
        response: { 200: NotificationPreferences },
      },
    },
    async (request) => preferences.get(actorOf(request)),
  );
  app.put(
    '/notification-preferences',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['notifications'],
        summary: 'Set the caller’s channel for some event types (null: back to the default)',
        body: PutNotificationPreferencesBody,
        response: { 200: NotificationPreferences },
      },
    },
    async (request) => preferences.put(actorOf(request), request.body),
  );
  app.get(
    '/notifications',
    {
      config: { vendor: 'same' },
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
      config: { vendor: 'same' },
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
      config: { vendor: 'same' },
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

/** Notification preferences: every signed-in user reads and sets their own (vendor users too). */
import { everyone, type RouteCase, V1 } from './kit';

export const routes: Record<string, RouteCase> = {
  [`GET ${V1}/notification-preferences`]: {
    expect: everyone(200),
    probe: () => ({ url: `${V1}/notification-preferences` }),
  },
  [`PUT ${V1}/notification-preferences`]: {
    expect: everyone(200),
    // message.created is an event type every role, vendor users included, may choose a channel for.
    probe: () => ({
      url: `${V1}/notification-preferences`,
      body: { items: [{ eventType: 'message.created', channel: 'digest' }] },
    }),
  },
};

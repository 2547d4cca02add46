/** Outgoing webhooks as the composition root (services.ts) makes them: they hear the event bus. */
import { createSecretBox } from '../../lib/secret-box';
import { createWebhookService, type WebhookDeps } from './service';

export function createWebhooksModule({
  instanceSecret,
  ...deps
}: Omit<WebhookDeps, 'secrets'> & { instanceSecret: string }) {
  // Endpoint secrets are sealed under a key derived from the instance secret.
  return createWebhookService({ ...deps, secrets: createSecretBox(instanceSecret, 'webhook-secrets') });
}

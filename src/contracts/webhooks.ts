/** Webhooks after the Standard Webhooks specification: endpoints, their deliveries and replays. */
import { z } from 'zod';
import { Instant, idOf, ListQuery } from './common';
import { EventType } from './events';

/** `whsec_` and the base64 of the key (24 to 64 bytes), as Standard Webhooks writes secrets. */
export const WEBHOOK_SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

export const WebhookSecret = z
  .string()
  .max(200)
  .refine((v) => WEBHOOK_SECRET_PATTERN.test(v), { message: 'must be whsec_ followed by base64' })
  .refine(
    (v) => {
      const b64 = v.slice(6);
      // Decoded length of base64 without Node or DOM APIs: 3 bytes per 4 characters, less padding.
      const bytes = Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
      return b64.length % 4 === 0 && bytes >= 24 && bytes <= 64;
    },
    { message: 'must decode to 24 to 64 bytes' },
  )
  .meta({
    description: 'whsec_ and the base64 of the HMAC key',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  });

export const WebhookUrl = z
  .string()
  .trim()
  .min(1, { message: 'is required' })
  .max(2000)
  .meta({ description: 'http(s) URL of the receiver', example: 'https://example.com/hooks/outpost' });

const Events = z
  .array(EventType)
  .min(1, { message: 'must name at least one event type' })
  .max(50)
  .refine((a) => new Set(a).size === a.length, { message: 'must not repeat an event type' });

export const CreateWebhookBody = z.strictObject({
  url: WebhookUrl,
  events: Events,
  /** Leave out to have one generated; it is shown once, in the answer. */
  secret: WebhookSecret.optional(),
  description: z.string().trim().max(200).optional(),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z.strictObject({
  url: WebhookUrl.optional(),
  events: Events.optional(),
  enabled: z.boolean().optional(),
  description: z.string().trim().max(200).optional(),
});
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;

export const Webhook = z
  .object({
    id: idOf('whk'),
    url: z.string(),
    events: z.array(EventType),
    enabled: z.boolean(),
    description: z.string(),
    createdBy: z.string(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof Webhook>;

/** What registering answers: the endpoint and its secret, shown this once. */
export const CreatedWebhook = Webhook.extend({ secret: z.string() }).meta({ id: 'CreatedWebhook' });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** The test message's type: not a bus event, sent only by POST /webhooks/{id}/test. */
export const TEST_EVENT_TYPE = 'webhook.test';

export const WebhookDelivery = z
  .object({
    id: idOf('whd'),
    webhookId: z.string(),
    /** The `webhook-id` header: the same on every attempt and replay of this message. */
    messageId: z.string(),
    eventId: z.string().nullable(),
    type: z.string(),
    status: DeliveryStatus,
    attempts: z.number().int(),
    lastResponseCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastAttemptAt: Instant.nullable(),
    nextAttemptAt: Instant.nullable(),
    deliveredAt: Instant.nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const DeliveryListQuery = ListQuery.extend({ status: DeliveryStatus.optional() });

export const WebhookParams = z.object({ id: z.string().min(1).max(64) });
export const DeliveryParams = z.object({
  id: z.string().min(1).max(64),
  deliveryId: z.string().min(1).max(64),
});

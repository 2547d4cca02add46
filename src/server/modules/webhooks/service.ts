/**
 * Webhooks: administrators register endpoints for event types; a bus consumer queues one delivery
 * per matching endpoint, in the event's consumption transaction; a delivery job sends what is
 * due, signed after Standard Webhooks, retrying with backoff for more than a day.
 */
import type { z } from 'zod';
import type { EventType } from '../../../contracts/events';
import {
  type CreatedWebhook,
  type CreateWebhookBody,
  type DeliveryListQuery,
  type DeliveryStatus,
  TEST_EVENT_TYPE,
  type UpdateWebhookBody,
  type Webhook,
  type WebhookDelivery,
} from '../../../contracts/webhooks';
import type { Database, Executor } from '../../db/database';
import { fromFlag, fromJson, toFlag, toJson } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { WebhookDeliveryRow, WebhookRow } from '../../db/schema';
import { conflict, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId, ulid } from '../../lib/ids';
import type { SecretBox } from '../../lib/secret-box';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import type { DomainEvent, EventBus } from '../events/service';
import * as repo from './repository';
import {
  generateSecret,
  type HostResolver,
  isSuccess,
  nextAttemptAfter,
  parseWebhookUrl,
  sign,
} from './rules';
import { checkHost, send as httpSend, SEND_TIMEOUT_MS, type SendInput, type SendResult } from './sender';

export interface WebhookDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  events: Pick<EventBus, 'consume'>;
  secrets: SecretBox;
  /** OUTPOST_WEBHOOKS_ALLOW_PRIVATE: let endpoints be private or loopback addresses. */
  allowPrivate: boolean;
  /** How long a delivery waits for an answer (default 10 s); a claim lasts seven times that. */
  timeoutMs?: number;
  /** Where host names are resolved, at registration and at each delivery (tests inject one). */
  resolver?: HostResolver;
  /** The HTTP sender (tests keep the real one; it is a seam for the timeout). */
  send?: (input: SendInput) => Promise<SendResult>;
}

/** The consumer's name in the event bus. */
const WEBHOOK_CONSUMER = 'webhooks';
/** How many deliveries one run of the delivery job sends, and how many at the same time. */
const BATCH = 100;
const PARALLEL = 8;

const toWebhook = (r: WebhookRow): Webhook => ({
  id: r.id,
  url: r.url,
  events: fromJson<EventType[]>(r.events, []),
  enabled: fromFlag(r.enabled),
  description: r.description,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const toDelivery = (r: WebhookDeliveryRow): WebhookDelivery => ({
  id: r.id,
  webhookId: r.webhookId,
  messageId: r.messageId,
  eventId: r.eventId,
  type: r.type,
  status: r.status as DeliveryStatus,
  attempts: Number(r.attempts),
  lastResponseCode: r.lastResponseCode === null ? null : Number(r.lastResponseCode),
  lastError: r.lastError,
  lastAttemptAt: r.lastAttemptAt,
  nextAttemptAt: r.nextAttemptAt,
  deliveredAt: r.deliveredAt,
  createdAt: r.createdAt,
});

/** What the audit trail keeps of an endpoint: never its secret. */
const audited = (w: Webhook) => ({
  url: w.url,
  events: w.events,
  enabled: w.enabled,
  description: w.description,
});

export function createWebhookService(deps: WebhookDeps) {
  const { db, audit, clock, secrets, allowPrivate, resolver } = deps;
  const send = deps.send ?? httpSend;
  const timeoutMs = deps.timeoutMs ?? SEND_TIMEOUT_MS;
  const now = () => clock.now().toISOString();

  /** 422 naming `url` unless it is http(s) and every address of its host may be reached. */
  async function checkUrl(value: string): Promise<string> {
    const parsed = parseWebhookUrl(value);
    if ('problem' in parsed) throw invalid([{ field: 'url', message: parsed.problem }]);
    const problem = await checkHost(parsed.url, allowPrivate, resolver);
    if (problem) throw invalid([{ field: 'url', message: problem }]);
    return parsed.url.toString();
  }

  async function load(tx: Executor, id: string) {
    const row = await repo.findWebhook(tx, id);
    if (!row) throw notFound('webhook');
    return row;
  }

  function newDelivery(
    webhookId: string,
    type: string,
    eventId: string | null,
    timestamp: string,
    data: Record<string, unknown>,
  ): WebhookDeliveryRow {
    const at = now();
    return {
      id: newId('whd'),
      webhookId,
      messageId: `msg_${ulid()}`,
      eventId,
      type,
      body: JSON.stringify({ type, timestamp, data }),
      status: 'pending',
      attempts: 0,
      lastResponseCode: null,
      lastError: null,
      lastAttemptAt: null,
      nextAttemptAt: at,
      deliveredAt: null,
      lockedUntil: null,
      createdAt: at,
    };
  }

  /** Queue a delivery of the event to every enabled endpoint that subscribed to its type. */
  async function fanOut(tx: Executor, event: DomainEvent): Promise<number> {
    let queued = 0;
    for (const hook of await repo.enabledWebhooks(tx)) {
      // An endpoint hears only of events that happened after it was registered.
      if (hook.createdAt > event.at) continue;
      if (!fromJson<string[]>(hook.events, []).includes(event.type)) continue;
      await repo.insertDelivery(
        tx,
        newDelivery(hook.id, event.type, event.id, event.at, {
          eventId: event.id,
          engagementId: event.engagementId,
          vendorId: event.vendorId,
          ...event.payload,
        }),
      );
      queued++;
    }
    return queued;
  }

  /**
   * One attempt at one delivery, if this process can claim it (a second process, or a second
   * run, that finds it claimed leaves it alone). Answers the delivery after the attempt, or
   * undefined when it was not ours to send.
   */
  async function attempt(id: string): Promise<WebhookDeliveryRow | undefined> {
    const start = clock.now();
    const startIso = start.toISOString();
    // The claim outlasts the send and the write after it; a process that dies mid-send leaves the
    // delivery to the next run once the claim runs out (70 s with the default timeout).
    const until = new Date(start.getTime() + 7 * timeoutMs).toISOString();
    if (!(await repo.claim(db, id, startIso, until))) return undefined;
    const delivery = (await repo.findDeliveryById(db, id))!;
    const hook = await repo.findWebhook(db, delivery.webhookId);
    let result: SendResult;
    if (!hook || !fromFlag(hook.enabled)) {
      result = { status: null, error: 'the endpoint is disabled' };
    } else {
      const timestamp = Math.floor(start.getTime() / 1000);
      result = await send({
        url: hook.url,
        body: delivery.body,
        allowPrivate,
        timeoutMs,
        resolver,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Outpost-Webhooks/1',
          'webhook-id': delivery.messageId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': sign(secrets.open(hook.secret), delivery.messageId, timestamp, delivery.body),
        },
      });
    }
    const attempts = Number(delivery.attempts) + 1;
    const ok = result.status !== null && isSuccess(result.status);
    const disabled = !hook || !fromFlag(hook.enabled);
    const next = ok || disabled ? null : nextAttemptAfter(attempts, clock.now());
    const update: Partial<WebhookDeliveryRow> = {
      attempts,
      lastAttemptAt: startIso,
      lastResponseCode: result.status,
      lastError: ok ? null : result.error,
      status: ok ? 'delivered' : next ? 'pending' : 'failed',
      nextAttemptAt: next ? next.toISOString() : null,
      deliveredAt: ok ? clock.now().toISOString() : null,
      lockedUntil: null,
    };
    await repo.updateDelivery(db, id, update);
    return { ...delivery, ...update } as WebhookDeliveryRow;
  }

  return {
    async create(actor: Actor, body: CreateWebhookBody): Promise<CreatedWebhook> {
      authorize(actor, 'webhook', 'create');
      const url = await checkUrl(body.url);
      const secret = body.secret ?? generateSecret();
      const at = now();
      const row: WebhookRow = {
        id: newId('whk'),
        url,
        events: toJson(body.events),
        secret: secrets.seal(secret),
        enabled: toFlag(true),
        description: body.description ?? '',
        createdBy: actor.id,
        createdAt: at,
        updatedAt: at,
      };
      await db.transaction().execute(async (tx) => {
        await repo.insertWebhook(tx, row);
        await audit.record(tx, actor, {
          action: 'webhook.create',
          entityType: 'webhook',
          entityId: row.id,
          changes: diff(null, audited(toWebhook(row))),
        });
      });
      return { ...toWebhook(row), secret };
    },

    async list(actor: Actor): Promise<Webhook[]> {
      authorize(actor, 'webhook', 'read');
      return (await repo.listWebhooks(db)).map(toWebhook);
    },

    async get(actor: Actor, id: string): Promise<Webhook> {
      authorize(actor, 'webhook', 'read');
      return toWebhook(await load(db, id));
    },

    async update(actor: Actor, id: string, body: UpdateWebhookBody): Promise<Webhook> {
      authorize(actor, 'webhook', 'update');
      const url = body.url !== undefined ? await checkUrl(body.url) : undefined;
      return db.transaction().execute(async (tx) => {
        await repo.lockWebhook(tx, id);
        const before = await load(tx, id);
        const change: Partial<WebhookRow> = { updatedAt: now() };
        if (url !== undefined) change.url = url;
        if (body.events !== undefined) change.events = toJson(body.events);
        if (body.enabled !== undefined) change.enabled = toFlag(body.enabled);
        if (body.description !== undefined) change.description = body.description;
        await repo.updateWebhook(tx, id, change);
        const after = { ...before, ...change };
        await audit.record(tx, actor, {
          action: 'webhook.update',
          entityType: 'webhook',
          entityId: id,
          changes: diff(audited(toWebhook(before)), audited(toWebhook(after))),
        });
        return toWebhook(after);
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      authorize(actor, 'webhook', 'delete');
      await db.transaction().execute(async (tx) => {
        await repo.lockWebhook(tx, id);
        const before = await load(tx, id);
        await repo.deleteWebhook(tx, id);
        await audit.record(tx, actor, {
          action: 'webhook.delete',
          entityType: 'webhook',
          entityId: id,
          changes: diff(audited(toWebhook(before)), null),
        });
      });
    },

    async deliveries(actor: Actor, id: string, query: z.infer<typeof DeliveryListQuery>) {
      authorize(actor, 'webhook', 'read');
      await load(db, id);
      const rows = await repo.listDeliveries(db, id, { status: query.status }, query.limit, query.cursor);
      return toPage(rows, query.limit, (r) => [r.createdAt, r.id], toDelivery);
    },

    /** Queue a delivery again, at once, with a fresh retry schedule and the same message id. */
    async replay(actor: Actor, id: string, deliveryId: string): Promise<WebhookDelivery> {
      authorize(actor, 'webhook', 'update');
      return db.transaction().execute(async (tx) => {
        await load(tx, id);
        const row = await repo.findDeliveryForUpdate(tx, id, deliveryId);
        if (!row) throw notFound('delivery');
        const at = now();
        if (row.status === 'pending' && row.lockedUntil && row.lockedUntil > at)
          throw conflict('The delivery is being sent right now; look again in a few seconds.');
        const change: Partial<WebhookDeliveryRow> = {
          status: 'pending',
          attempts: 0,
          nextAttemptAt: at,
          deliveredAt: null,
          lockedUntil: null,
        };
        await repo.updateDelivery(tx, deliveryId, change);
        await audit.record(tx, actor, {
          action: 'webhook.delivery.replay',
          entityType: 'webhook',
          entityId: id,
          changes: { delivery: { after: deliveryId }, status: { before: row.status, after: 'pending' } },
        });
        return toDelivery({ ...row, ...change });
      });
    },

    /** Send a test message now and answer how it went (it stays in the log and retries like any). */
    async test(actor: Actor, id: string): Promise<WebhookDelivery> {
      authorize(actor, 'webhook', 'update');
      const row = await db.transaction().execute(async (tx) => {
        const hook = await load(tx, id);
        const at = now();
        const delivery = newDelivery(hook.id, TEST_EVENT_TYPE, null, at, {
          webhookId: hook.id,
          message: 'A test message from Outpost: the signature verifies with this endpoint’s secret.',
        });
        await repo.insertDelivery(tx, delivery);
        await audit.record(tx, actor, {
          action: 'webhook.test',
          entityType: 'webhook',
          entityId: id,
          changes: { delivery: { after: delivery.id } },
        });
        return delivery;
      });
      return toDelivery((await attempt(row.id)) ?? row);
    },

    /** The bus consumer: queue deliveries for new events (run by the scheduler). */
    consume: () => deps.events.consume(WEBHOOK_CONSUMER, async (tx, event) => void (await fanOut(tx, event))),

    /** The delivery job: send every due delivery this process can claim. */
    async deliverDue(): Promise<{ attempted: number; delivered: number }> {
      const due = await repo.dueDeliveries(db, now(), BATCH);
      let attempted = 0;
      let delivered = 0;
      const queue = due.map((d) => d.id);
      const worker = async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const done = await attempt(id);
          if (!done) continue;
          attempted++;
          if (done.status === 'delivered') delivered++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
      return { attempted, delivered };
    },
  };
}

/** Webhooks (administrators only) and the escalation matrix (read by the engagement's vendor too). */
import {
  ADMINS,
  allowed,
  everyone,
  type Fixtures,
  otherEngagement,
  ownEngagement,
  type RouteCase,
  uniq,
  V1,
  WRITERS,
} from './kit';

// A public address literal: the matrix runs without OUTPOST_WEBHOOKS_ALLOW_PRIVATE, and no DNS is needed.
const URL = 'https://93.184.215.14/hooks/outpost';

async function webhook(f: Fixtures): Promise<string> {
  const res = await f.t.call('POST', `${V1}/webhooks`, {
    as: f.as.owner,
    body: { url: `${URL}/${uniq()}`, events: ['message.created'] },
  });
  if (res.status !== 201) throw new Error(`create webhook failed: ${res.status} ${res.text}`);
  return res.body.id;
}

/** A webhook with one (test) delivery in its log; sending it fails quietly (nothing listens). */
async function delivery(f: Fixtures): Promise<{ id: string; deliveryId: string }> {
  const id = await webhook(f);
  const row = {
    id: `whd_${uniq().toUpperCase()}${'0'.repeat(18)}`,
    webhookId: id,
    messageId: `msg_${uniq()}`,
    eventId: null,
    type: 'webhook.test',
    body: '{}',
    status: 'failed',
    attempts: 8,
    lastResponseCode: 503,
    lastError: 'HTTP 503',
    lastAttemptAt: new Date().toISOString(),
    nextAttemptAt: null,
    deliveredAt: null,
    lockedUntil: null,
    createdAt: new Date().toISOString(),
  };
  await f.t.app.database.db.insertInto('webhookDeliveries').values(row).execute();
  return { id, deliveryId: row.id };
}

async function matrixBody(f: Fixtures, engagementId: string) {
  const c = await f.t.call('GET', `${V1}/engagements/${engagementId}/escalation-matrix/candidates`, {
    as: f.as.owner,
  });
  return {
    levels: [
      {
        level: 1,
        channel: 'email',
        responseTime: { value: 4, unit: 'hours' },
        internalContacts: [c.body.users[0].id],
        vendorContacts: [c.body.vendorContacts[0].id],
      },
    ],
  };
}

export const routes: Record<string, RouteCase> = {
  [`POST ${V1}/webhooks`]: {
    expect: allowed(ADMINS, 201),
    probe: () => ({ url: `${V1}/webhooks`, body: { url: `${URL}/${uniq()}`, events: ['message.created'] } }),
  },
  [`GET ${V1}/webhooks`]: { expect: allowed(ADMINS, 200), probe: () => ({ url: `${V1}/webhooks` }) },
  [`GET ${V1}/webhooks/{id}`]: {
    expect: allowed(ADMINS, 200),
    probe: async (_w, f) => ({ url: `${V1}/webhooks/${await webhook(f)}` }),
  },
  [`PATCH ${V1}/webhooks/{id}`]: {
    expect: allowed(ADMINS, 200),
    probe: async (_w, f) => ({ url: `${V1}/webhooks/${await webhook(f)}`, body: { enabled: false } }),
  },
  [`DELETE ${V1}/webhooks/{id}`]: {
    expect: allowed(ADMINS, 204),
    probe: async (_w, f) => ({ url: `${V1}/webhooks/${await webhook(f)}` }),
  },
  [`GET ${V1}/webhooks/{id}/deliveries`]: {
    expect: allowed(ADMINS, 200),
    probe: async (_w, f) => ({ url: `${V1}/webhooks/${await webhook(f)}/deliveries` }),
  },
  [`POST ${V1}/webhooks/{id}/deliveries/{deliveryId}/replay`]: {
    expect: allowed(ADMINS, 200),
    probe: async (_w, f) => {
      const d = await delivery(f);
      return { url: `${V1}/webhooks/${d.id}/deliveries/${d.deliveryId}/replay` };
    },
  },
  [`POST ${V1}/webhooks/{id}/test`]: {
    expect: allowed(ADMINS, 200),
    // A disabled endpoint: the test delivery is logged without reaching the network.
    probe: async (_w, f) => {
      const id = await webhook(f);
      await f.t.call('PATCH', `${V1}/webhooks/${id}`, { as: f.as.owner, body: { enabled: false } });
      return { url: `${V1}/webhooks/${id}/test` };
    },
  },

  [`GET ${V1}/engagements/{id}/escalation-matrix`]: {
    expect: everyone(200),
    probe: async (_w, f) => ({ url: `${V1}/engagements/${await ownEngagement(f)}/escalation-matrix` }),
    otherVendor: async (f) => ({ url: `${V1}/engagements/${await otherEngagement(f)}/escalation-matrix` }),
  },
  [`PUT ${V1}/engagements/{id}/escalation-matrix`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => {
      const id = await ownEngagement(f);
      return { url: `${V1}/engagements/${id}/escalation-matrix`, body: await matrixBody(f, id) };
    },
  },
  [`GET ${V1}/engagements/{id}/escalation-matrix/candidates`]: {
    expect: allowed(WRITERS, 200),
    probe: async (_w, f) => ({
      url: `${V1}/engagements/${await ownEngagement(f)}/escalation-matrix/candidates`,
    }),
  },
};

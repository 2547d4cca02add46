/**
 * SIGKILL while a webhook is being delivered: the endpoint has the request, the server dies
 * before it hears the answer. After a restart the delivery is still pending (nothing recorded a
 * result that did not happen), and once its claim runs out the restarted server sends it again —
 * with the same `webhook-id`, so the receiver can tell it is the same message — and records it
 * delivered. The audit trail still verifies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/server/db/database';
import { PASSWORD } from '../helpers/app';
import { dialects, pgUrl } from '../helpers/databases';
import { createPgDatabase, type ServerProcess, signIn, startServer } from './server-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(dialects)('SIGKILL during webhook delivery on %s', (dialect: Dialect) => {
  let dataDir: string;
  let database: { url: string; drop(): Promise<void> } | undefined;
  let server: ServerProcess | undefined;
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ id: string; answered: boolean }> = [];
  /** The first request is held unanswered (the server is killed meanwhile); later ones get 204. */
  const held: ServerResponse[] = [];
  let firstArrived: () => void = () => undefined;
  const first = new Promise<void>((r) => {
    firstArrived = r;
  });

  const env = () => ({
    OUTPOST_DATA_DIR: dataDir,
    OUTPOST_SECRET: 'webhook-fault-secret-webhook-fault-0123',
    OUTPOST_SCHEDULER: 'on',
    OUTPOST_SCHEDULER_TICK_MS: '200',
    // A killed process's job leases and delivery claims run out soon.
    OUTPOST_JOB_LEASE_MS: '3000',
    OUTPOST_WEBHOOK_TIMEOUT_MS: '2000',
    OUTPOST_WEBHOOKS_ALLOW_PRIVATE: 'true',
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  async function deliveries(): Promise<Array<{ status: string; attempts: number }>> {
    const text = 'select status, attempts from webhook_deliveries';
    if (database) {
      const c = new pg.Client({ connectionString: database.url });
      await c.connect();
      try {
        return (await c.query(text)).rows.map((r) => ({ status: r.status, attempts: Number(r.attempts) }));
      } finally {
        await c.end();
      }
    }
    const db = new SQLite(path.join(dataDir, 'outpost.sqlite'), { readonly: true, timeout: 5000 });
    try {
      return (db.prepare(text).all() as Array<{ status: string; attempts: number }>).map((r) => ({
        status: r.status,
        attempts: Number(r.attempts),
      }));
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['webhook-id']);
        if (received.length === 0) {
          received.push({ id, answered: false });
          held.push(res);
          firstArrived();
          return;
        }
        received.push({ id, answered: true });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'outpost-webhook-fault-'));
    if (dialect === 'postgres') database = await createPgDatabase(pgUrl!);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    for (const res of held) res.destroy();
    receiver?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves the delivery pending and sends it again, once, after the restart', async () => {
    server = await startServer(env());
    const setup = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Olga Owner', email: 'owner@example.com', password: PASSWORD }),
    });
    expect(setup.status).toBe(201);
    let s = await signIn(server.url, 'owner@example.com', PASSWORD);
    const call = (method: string, url: string, body?: unknown) =>
      fetch(`${server!.url}${url}`, {
        method,
        headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect(
      (await call('POST', '/api/v1/webhooks', { url: receiverUrl, events: ['vendor.status_changed'] }))
        .status,
    ).toBe(201);
    const vendor = (await (
      await call('POST', '/api/v1/vendors', { name: 'Hook Vendor', country: 'PL' })
    ).json()) as {
      id: string;
    };
    expect((await call('PATCH', `/api/v1/vendors/${vendor.id}`, { status: 'under_review' })).status).toBe(
      200,
    );

    // The server is mid-delivery: the endpoint has the request and has not answered. Kill it.
    await Promise.race([
      first,
      sleep(45_000).then(() => {
        throw new Error(`no delivery reached the endpoint: ${server!.stderr().slice(-500)}`);
      }),
    ]);
    await server.stop('SIGKILL');
    expect(await deliveries()).toEqual([{ status: 'pending', attempts: 0 }]);

    // Restarted, the server sends it again once the dead process's claim runs out.
    server = await startServer(env());
    const deadline = Date.now() + 60_000;
    let rows = await deliveries();
    while (rows[0]?.status !== 'delivered' && Date.now() < deadline) {
      await sleep(300);
      rows = await deliveries();
    }
    expect(rows).toEqual([{ status: 'delivered', attempts: 1 }]);
    // Long enough for a second send, were one to happen.
    await sleep(1500);
    expect(received).toHaveLength(2);
    expect(received[1]).toMatchObject({ id: received[0]!.id, answered: true });

    s = await signIn(server.url, 'owner@example.com', PASSWORD);
    const verify = await call('GET', '/api/v1/audit-events/verify');
    expect(verify.status).toBe(200);
    expect(((await verify.json()) as { ok: boolean }).ok).toBe(true);
  }, 150_000);
});

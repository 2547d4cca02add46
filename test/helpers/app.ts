import type { Role } from '../../src/contracts/accounts';
import { type App, buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { Dialect } from '../../src/server/db/database';
import type { Clock } from '../../src/server/lib/clock';
import type { HostResolver } from '../../src/server/modules/webhooks/rules';
import { createTestDatabase, type TestDatabase } from './databases';

export const PASSWORD = 'correct horse battery staple';

export interface Session {
  cookie?: string;
  csrf?: string;
  token?: string;
  userId: string;
  role: Role;
  vendorId?: string | null;
  /** The user's email (sessions made by `owner`, `user` and `login`). */
  email?: string;
}

/** A clock that stands still until a test moves it (session expiry, token expiry). */
export interface FakeClock extends Clock {
  advance(ms: number): void;
  set(at: Date | string): void;
}

export function fakeClock(start: Date | string = new Date()): FakeClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance(ms) {
      t += ms;
    },
    set(at) {
      t = new Date(at).getTime();
    },
  };
}

export interface CallOptions {
  as?: Session;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: string | Buffer;
  /** The client address the server sees (sign-in throttling counts per address). */
  ip?: string;
}

export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Record<string, unknown>;
  /** The answer's bytes (for binary downloads). */
  bytes: Buffer;
}

export interface TestApp {
  app: App;
  dialect: Dialect;
  db: TestDatabase;
  /** An HTTP call through Fastify's inject, as a session (or anonymously). */
  call(method: Method, url: string, options?: CallOptions): Promise<Answer>;
  /** Create the owner through setup and sign in. */
  owner(): Promise<Session>;
  /** Create a user of a role (as the owner) and sign in as them. */
  user(role: Role, vendorId?: string): Promise<Session>;
  /** Sign in as an existing user: a new session. */
  login(email: string, password?: string): Promise<Session>;
  /** Create a vendor as the owner; `body` overrides the defaults. */
  vendor(body?: Record<string, unknown>): Promise<{ id: string; name: string } & Record<string, any>>;
  close(): Promise<void>;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let counter = 0;

export interface TestAppOptions {
  clock?: Clock;
  /** Extra environment, e.g. OUTPOST_SESSION_IDLE_MINUTES. */
  env?: Record<string, string>;
  /** Where webhook host names are resolved (the system's resolver when not given). */
  webhookResolver?: HostResolver;
}

export async function createTestApp(dialect: Dialect, options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase(dialect);
  const config = loadConfig(
    {
      LOG_LEVEL: 'silent',
      OUTPOST_DATA_DIR: db.dataDir,
      OUTPOST_WEB_DIR: '/nonexistent',
      // Tests drive scheduled jobs themselves, with their own clock.
      OUTPOST_SCHEDULER: 'off',
      ...options.env,
    } as NodeJS.ProcessEnv,
    { secret: 'test-secret-test-secret-test-secret-1234' },
  );
  const app = await buildApp(config, {
    database: db.database,
    clock: options.clock,
    logger: false,
    webhookResolver: options.webhookResolver,
  });
  let ownerSession: Session | undefined;

  const call: TestApp['call'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.as?.cookie) {
      headers.cookie = opts.as.cookie;
      if (opts.as.csrf && method !== 'GET') headers['x-csrf-token'] ??= opts.as.csrf;
    }
    if (opts.as?.token) headers.authorization = `Bearer ${opts.as.token}`;
    const res = await app.inject({
      method,
      url,
      headers,
      ...(opts.ip ? { remoteAddress: opts.ip } : {}),
      ...(opts.raw !== undefined
        ? { payload: opts.raw }
        : opts.body !== undefined
          ? { payload: opts.body as object }
          : {}),
    });
    let body: unknown;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, body, text: res.body, headers: res.headers, bytes: res.rawPayload };
  };

  async function login(email: string, password = PASSWORD): Promise<Session> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const setCookie = res.headers['set-cookie'];
    const cookie = String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;
    const body = JSON.parse(res.body);
    return {
      cookie,
      csrf: body.csrfToken,
      userId: body.user.id,
      role: body.user.role,
      vendorId: body.user.vendorId,
      email,
    };
  }

  async function owner(): Promise<Session> {
    if (ownerSession) return ownerSession;
    const res = await call('POST', '/api/v1/setup', {
      body: { name: 'Olga Owner', email: 'owner@example.com', password: PASSWORD },
    });
    if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${res.text}`);
    ownerSession = await login('owner@example.com');
    return ownerSession;
  }

  return {
    app,
    dialect,
    db,
    call,
    owner,
    login,
    async vendor(body = {}) {
      const res = await call('POST', '/api/v1/vendors', {
        as: await owner(),
        body: { name: `Vendor ${++counter}`, country: 'DE', ...body },
      });
      if (res.status !== 201) throw new Error(`create vendor failed: ${res.status} ${res.text}`);
      return res.body;
    },
    async user(role, vendorId) {
      const ownerS = await owner();
      const email = `${role}${++counter}@example.com`;
      const res = await call('POST', '/api/v1/users', {
        as: ownerS,
        body: {
          name: `${role} ${counter}`,
          email,
          password: PASSWORD,
          role,
          ...(vendorId ? { vendorId } : {}),
        },
      });
      if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${res.text}`);
      return login(email);
    },
    async close() {
      await app.close();
      await db.cleanup();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { parseEnvKeys } from './modules/files/keys';

/** Everything Outpost reads from the environment, parsed once at start-up. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  secret: string;
  logLevel: string;
  maxUploadBytes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  secureCookies: boolean;
  /**
   * OUTPOST_TRUST_PROXY as Fastify's `trustProxy` takes it: false, or the proxies' addresses and
   * CIDRs. Never `true` or a hop count: either would trust what a client writes.
   */
  trustProxy: false | string[];
  webDir: string;
  /** Run the scheduled jobs (SLA closing) in this process. */
  scheduler: boolean;
  /** OUTPOST_FILE_KEYS: file keys from the environment (`id:base64,…`, first active); null: the key file. */
  fileKeys: string | null;
  /** Requests per minute per client (0: no limit) on routes that attackers like; see docs/security.md. */
  rateLimits: { invitationAccept: number; tokenCreate: number; uploads: number; tokenRequests: number };
  /** Let webhooks reach private, loopback and link-local addresses (tests, closed networks). */
  webhooksAllowPrivate: boolean;
  /** OUTPOST_WEBHOOK_TIMEOUT_MS: how long a delivery waits for the endpoint's answer. */
  webhookTimeoutMs: number;
  /** OUTPOST_METRICS_TOKEN: the Bearer token /metrics asks for; null: /metrics answers 404. */
  metricsToken: string | null;
  /** OUTPOST_IMPORT_THREAD_AFTER_KB: bytes of a CSV measurement import read before its parsing moves to a worker thread (Infinity: never). */
  importThreadAfterBytes: number;
  /** OUTPOST_SCHEDULER_TICK_MS: how often the scheduler looks for due jobs. */
  schedulerTickMs: number;
  /** OUTPOST_JOB_LEASE_MS: how long a job lease lasts after each renewal; null: two periods of the job. */
  jobLeaseMs: number | null;
  /** SMTP_URL: where notification mails go (smtp:// or smtps://); null keeps them queued. */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of notification mails. */
  mailFrom: string;
  /** OUTPOST_PUBLIC_URL: the address people open Outpost at, for links in mails; null: relative links. */
  publicUrl: string | null;
  /** OUTPOST_AUDIT_CHECKPOINT_FILE: where signed checkpoints of the audit chain are appended. */
  auditCheckpointFile: string;
  /** OUTPOST_AUDIT_CHECKPOINT_MINUTES, in ms: how often the scheduled job writes a checkpoint. */
  auditCheckpointEveryMs: number;
}

const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  OUTPOST_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  OUTPOST_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OUTPOST_MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(25),
  OUTPOST_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(120),
  OUTPOST_SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 7),
  OUTPOST_SECURE_COOKIES: z.enum(['true', 'false', '1', '0']).optional(),
  OUTPOST_TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx) => {
      const parsed = parseTrustProxy(value);
      if ('trust' in parsed) return parsed.trust;
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }),
  OUTPOST_WEB_DIR: z.string().optional(),
  OUTPOST_SCHEDULER: z.enum(['true', 'false', '1', '0', 'on', 'off']).default('on'),
  OUTPOST_FILE_KEYS: z
    .string()
    .min(1)
    .superRefine((value, ctx) => {
      const problem = fileKeysProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  OUTPOST_RATE_LIMIT_INVITATION_ACCEPT: z.coerce.number().int().min(0).default(20),
  OUTPOST_RATE_LIMIT_TOKEN_CREATE: z.coerce.number().int().min(0).default(30),
  OUTPOST_RATE_LIMIT_UPLOADS: z.coerce.number().int().min(0).default(120),
  OUTPOST_RATE_LIMIT_TOKEN_REQUESTS: z.coerce.number().int().min(0).default(600),
  OUTPOST_WEBHOOKS_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0']).default('false'),
  OUTPOST_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
  OUTPOST_IMPORT_THREAD_AFTER_KB: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(1_048_576)])
    .default(1024),
  OUTPOST_METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,200}$/, 'must be 16 to 200 printable characters without spaces')
    .optional(),
  OUTPOST_SCHEDULER_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  OUTPOST_JOB_LEASE_MS: z.coerce.number().int().min(1000).max(604_800_000).optional(),
  SMTP_URL: z
    .string()
    .refine(isSmtpUrl, 'must be smtp://[user:password@]host[:port] or smtps://…')
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(
      /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
      'must be an address or Name <address>',
    )
    .default('Outpost <outpost@localhost>'),
  OUTPOST_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http:// or https:// URL')
    .optional(),
  OUTPOST_AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  OUTPOST_AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
});

export class ConfigError extends Error {}

/** What is wrong with OUTPOST_FILE_KEYS, found at start-up rather than at the first upload. */
function fileKeysProblem(value: string): string | null {
  try {
    parseEnvKeys(value);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message.replace(/^OUTPOST_FILE_KEYS /, '') : String(err);
  }
}

/** @fastify/proxy-addr's names for ranges, which Fastify's trustProxy takes besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * OUTPOST_TRUST_PROXY: `false` (or `0`), or a comma-separated list of the proxies' addresses, CIDRs
 * and proxy-addr's range names. Refused: `true` and a /0 range, which trust every entry of
 * X-Forwarded-For so that the client chooses the address the audit trail and the throttles see, and
 * a hop count, which Fastify 5.12.1 turned off because it cannot tell a proxy from a direct client.
 */
function parseTrustProxy(value: string): { trust: false | string[] } | { problem: string } {
  const trimmed = value.trim();
  if (trimmed === 'false' || trimmed === '0') return { trust: false };
  const nameTheProxies =
    'name the proxies in front of Outpost instead, comma-separated: loopback for one on the same host, or their addresses or CIDRs (e.g. 10.0.0.5 or 172.18.0.0/16)';
  if (trimmed === 'true')
    return {
      problem: `true would trust every X-Forwarded-For entry, the left-most of which the client writes; ${nameTheProxies}`,
    };
  if (/^\d+$/.test(trimmed))
    return {
      problem: `a hop count cannot tell a proxy from a client that writes X-Forwarded-For itself (Fastify no longer takes one); ${nameTheProxies}`,
    };
  const entries = trimmed.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (PROXY_RANGE_NAMES.has(entry)) continue;
    const [address, bits, ...rest] = entry.split('/');
    const valid =
      !!address &&
      ipaddr.isValid(address) &&
      rest.length === 0 &&
      (bits === undefined || ipaddr.isValidCIDR(entry));
    if (!valid)
      return {
        problem: `${entry || 'an empty entry'} is not an address, a CIDR or loopback/linklocal/uniquelocal; ${nameTheProxies}`,
      };
    if (Number(bits) === 0 && bits !== undefined)
      return { problem: `${entry} would trust every address, as true would; ${nameTheProxies}` };
  }
  return { trust: entries };
}

/** An SMTP URL nodemailer can use: smtp:// or smtps://, a host, and a port if any in range. */
function isSmtpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Parse the environment; the secret is generated and kept in the data directory when not given. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.OUTPOST_DATA_DIR);
  const bool = (v: string | undefined) => v === 'true' || v === '1';
  const config: Config = {
    host: e.HOST,
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    secret: '',
    logLevel: e.LOG_LEVEL,
    maxUploadBytes: Math.round(e.OUTPOST_MAX_UPLOAD_MB * 1024 * 1024),
    sessionIdleMinutes: e.OUTPOST_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.OUTPOST_SESSION_ABSOLUTE_HOURS,
    secureCookies: bool(e.OUTPOST_SECURE_COOKIES),
    trustProxy: e.OUTPOST_TRUST_PROXY,
    webDir: path.resolve(e.OUTPOST_WEB_DIR ?? 'dist/web'),
    scheduler: bool(e.OUTPOST_SCHEDULER) || e.OUTPOST_SCHEDULER === 'on',
    fileKeys: e.OUTPOST_FILE_KEYS ?? null,
    rateLimits: {
      invitationAccept: e.OUTPOST_RATE_LIMIT_INVITATION_ACCEPT,
      tokenCreate: e.OUTPOST_RATE_LIMIT_TOKEN_CREATE,
      uploads: e.OUTPOST_RATE_LIMIT_UPLOADS,
      tokenRequests: e.OUTPOST_RATE_LIMIT_TOKEN_REQUESTS,
    },
    webhooksAllowPrivate: bool(e.OUTPOST_WEBHOOKS_ALLOW_PRIVATE),
    webhookTimeoutMs: e.OUTPOST_WEBHOOK_TIMEOUT_MS,
    metricsToken: e.OUTPOST_METRICS_TOKEN ?? null,
    importThreadAfterBytes:
      e.OUTPOST_IMPORT_THREAD_AFTER_KB === 'off'
        ? Number.POSITIVE_INFINITY
        : e.OUTPOST_IMPORT_THREAD_AFTER_KB * 1024,
    schedulerTickMs: e.OUTPOST_SCHEDULER_TICK_MS,
    jobLeaseMs: e.OUTPOST_JOB_LEASE_MS ?? null,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.OUTPOST_PUBLIC_URL?.replace(/\/$/, '') ?? null,
    auditCheckpointFile: e.OUTPOST_AUDIT_CHECKPOINT_FILE
      ? path.resolve(e.OUTPOST_AUDIT_CHECKPOINT_FILE)
      : path.join(dataDir, 'audit-checkpoints.jsonl'),
    auditCheckpointEveryMs: e.OUTPOST_AUDIT_CHECKPOINT_MINUTES * 60_000,
    ...overrides,
  };
  config.dataDir = dataDir;
  config.secret = overrides.secret ?? e.OUTPOST_SECRET ?? readOrCreateSecret(dataDir);
  return config;
}

function readOrCreateSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

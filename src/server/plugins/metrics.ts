/**
 * Prometheus metrics at GET /metrics, in the text exposition format (version 0.0.4), written by
 * hand: request counts and latency histograms by route pattern and status, the database pool,
 * scheduled job runs and failures, the webhook backlog, the audit chain's newest signed checkpoint
 * (sequence and age) and the process's memory. Counters are
 * this process's own; Prometheus sums them over the processes it scrapes.
 *
 * The route answers only to `Authorization: Bearer <OUTPOST_METRICS_TOKEN>`; without a token
 * configured it does not exist (404), so figures never leak by default.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { AppError, notFound } from '../errors';
import { latestCheckpoint } from '../modules/audit/checkpoints';
import { countPending } from '../modules/webhooks/repository';
import { sendProblem } from './errors';

/** Latency buckets in seconds: from a cached read to a slow report. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  labels: string;
  count: number;
  sum: number;
  buckets: number[];
}

/** What the process has counted since it started. */
interface MetricsRegistry {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  observeJob(job: string, outcome: 'ok' | 'failed', ms: number): void;
  /** The exposition text, with the gauges read now. */
  render(gauges: Gauge[]): string;
}

interface Gauge {
  name: string;
  help: string;
  type?: 'gauge' | 'counter';
  values: Array<{ labels?: Record<string, string>; value: number }>;
}

/** Label values escaped as the format asks (backslash, quote, newline). */
const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(',');
const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

export function createMetricsRegistry(): MetricsRegistry {
  const requests = new Map<string, Series>();
  const jobs = new Map<string, { runs: number; failures: number; seconds: number }>();

  return {
    observeRequest(method, route, status, seconds) {
      const labels = labelText({ method, route, status: String(status) });
      let s = requests.get(labels);
      if (!s) {
        s = { labels, count: 0, sum: 0, buckets: LATENCY_BUCKETS.map(() => 0) };
        requests.set(labels, s);
      }
      s.count++;
      s.sum += seconds;
      for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) s.buckets[i]!++;
    },
    observeJob(job, outcome, ms) {
      let j = jobs.get(job);
      if (!j) {
        j = { runs: 0, failures: 0, seconds: 0 };
        jobs.set(job, j);
      }
      j.runs++;
      if (outcome === 'failed') j.failures++;
      j.seconds += ms / 1000;
    },
    render(gauges) {
      const out: string[] = [];
      const sorted = [...requests.values()].sort((a, b) => a.labels.localeCompare(b.labels));
      out.push(
        '# HELP outpost_http_requests_total HTTP requests answered, by method, route pattern and status.',
        '# TYPE outpost_http_requests_total counter',
      );
      for (const s of sorted) out.push(`outpost_http_requests_total{${s.labels}} ${s.count}`);
      out.push(
        '# HELP outpost_http_request_duration_seconds Time to answer a request, by method, route pattern and status.',
        '# TYPE outpost_http_request_duration_seconds histogram',
      );
      for (const s of sorted) {
        LATENCY_BUCKETS.forEach((le, i) => {
          out.push(`outpost_http_request_duration_seconds_bucket{${s.labels},le="${le}"} ${s.buckets[i]}`);
        });
        out.push(`outpost_http_request_duration_seconds_bucket{${s.labels},le="+Inf"} ${s.count}`);
        out.push(`outpost_http_request_duration_seconds_sum{${s.labels}} ${num(s.sum)}`);
        out.push(`outpost_http_request_duration_seconds_count{${s.labels}} ${s.count}`);
      }
      const jobList = [...jobs.entries()].sort(([a], [b]) => a.localeCompare(b));
      out.push(
        '# HELP outpost_job_runs_total Scheduled job runs in this process, by job.',
        '# TYPE outpost_job_runs_total counter',
      );
      for (const [job, j] of jobList) out.push(`outpost_job_runs_total{${labelText({ job })}} ${j.runs}`);
      out.push(
        '# HELP outpost_job_failures_total Scheduled job runs that failed in this process, by job.',
        '# TYPE outpost_job_failures_total counter',
      );
      for (const [job, j] of jobList)
        out.push(`outpost_job_failures_total{${labelText({ job })}} ${j.failures}`);
      out.push(
        '# HELP outpost_job_run_seconds_total Time spent running scheduled jobs in this process, by job.',
        '# TYPE outpost_job_run_seconds_total counter',
      );
      for (const [job, j] of jobList)
        out.push(`outpost_job_run_seconds_total{${labelText({ job })}} ${num(j.seconds)}`);
      for (const g of gauges) {
        out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} ${g.type ?? 'gauge'}`);
        for (const v of g.values)
          out.push(`${g.name}${v.labels ? `{${labelText(v.labels)}}` : ''} ${num(v.value)}`);
      }
      return `${out.join('\n')}\n`;
    },
  };
}

/** Pending webhook deliveries, or null where the table does not exist (yet). */
async function webhookBacklog(database: Database): Promise<number | null> {
  try {
    return await countPending(database.db);
  } catch {
    return null;
  }
}

/** The audit chain's newest signed checkpoint (from the end of the checkpoint file), as two gauges. */
async function checkpointGauges(config: Pick<Config, 'auditCheckpointFile' | 'secret'>): Promise<Gauge[]> {
  const latest = await latestCheckpoint(config.auditCheckpointFile, config.secret).catch(() => null);
  if (!latest) return [];
  return [
    {
      name: 'outpost_audit_checkpoint_sequence',
      help: 'The audit event the newest signed checkpoint vouches for (its sequence number).',
      values: [{ value: latest.seq }],
    },
    {
      name: 'outpost_audit_checkpoint_age_seconds',
      help: 'Seconds since the newest signed checkpoint of the audit chain was written.',
      values: [{ value: Math.max(0, Math.round((Date.now() - Date.parse(latest.at)) / 1000)) }],
    },
  ];
}

/** The gauges read at scrape time: the pool, the webhook backlog, the audit checkpoint, the process. */
async function gaugesOf(
  database: Database,
  config: Pick<Config, 'auditCheckpointFile' | 'secret'>,
): Promise<Gauge[]> {
  const gauges: Gauge[] = [
    {
      name: 'outpost_db_info',
      help: 'The database engine this process uses.',
      values: [{ labels: { dialect: database.dialect }, value: 1 }],
    },
  ];
  if (database.pool) {
    const p = database.pool;
    gauges.push({
      name: 'outpost_db_pool_connections',
      help: 'PostgreSQL pool connections: open (total), idle, and requests waiting for one.',
      values: [
        { labels: { state: 'total' }, value: p.totalCount },
        { labels: { state: 'idle' }, value: p.idleCount },
        { labels: { state: 'waiting' }, value: p.waitingCount },
      ],
    });
  } else {
    // SQLite: one connection, always open; idle and waiting do not apply.
    gauges.push({
      name: 'outpost_db_pool_connections',
      help: 'Database connections; SQLite has one, always open.',
      values: [{ labels: { state: 'total' }, value: 1 }],
    });
  }
  const backlog = await webhookBacklog(database);
  if (backlog !== null)
    gauges.push({
      name: 'outpost_webhook_backlog',
      help: 'Webhook deliveries waiting to be sent (pending, including retries).',
      values: [{ value: backlog }],
    });
  gauges.push(...(await checkpointGauges(config)));
  const mem = process.memoryUsage();
  gauges.push(
    {
      name: 'process_resident_memory_bytes',
      help: 'Resident memory of the process.',
      values: [{ value: mem.rss }],
    },
    { name: 'nodejs_heap_used_bytes', help: 'V8 heap in use.', values: [{ value: mem.heapUsed }] },
    {
      name: 'process_start_time_seconds',
      help: 'When the process started, in seconds since the epoch.',
      values: [{ value: Math.round(Date.now() / 1000 - process.uptime()) }],
    },
  );
  return gauges;
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Count every request, and serve /metrics when a token is configured. */
export function registerMetrics(
  app: FastifyInstance,
  config: Pick<Config, 'metricsToken' | 'auditCheckpointFile' | 'secret'>,
  database: Database,
  registry: MetricsRegistry,
) {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(unmatched)';
    registry.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  const token = config.metricsToken;
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    if (!token) return sendProblem(request, reply, notFound('route'));
    const auth = request.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (!given || !sameSecret(given, token)) {
      reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return sendProblem(
        request,
        reply,
        new AppError(401, 'unauthenticated', 'Send the metrics token as Authorization: Bearer <token>.'),
      );
    }
    reply.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    reply.header('Cache-Control', 'no-store');
    return registry.render(await gaugesOf(database, config));
  });
}

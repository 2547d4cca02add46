import cookie from '@fastify/cookie';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config';
import { createDatabase, type Database } from './db/database';
import { migrateToLatest } from './db/migrate';
import { createAppScheduler } from './jobs/index';
import { type Clock, systemClock } from './lib/clock';
import { ulid } from './lib/ids';
import { logStreamFor } from './lib/pretty-log';
import { accountRoutes } from './modules/accounts/routes';
import { ssoRoutes } from './modules/accounts/sso-routes';
import { assuranceRoutes } from './modules/assurance/routes';
import { auditRoutes } from './modules/audit/routes';
import { briefRoutes } from './modules/briefs/routes';
import { businessCaseRoutes } from './modules/business-cases/routes';
import { calendarRoutes } from './modules/calendars/routes';
import { dashboardRoutes } from './modules/dashboard/routes';
import { dataSharingRoutes } from './modules/data-sharing/routes';
import { diligenceRoutes } from './modules/diligence/routes';
import { engagementRoutes } from './modules/engagements/routes';
import { escalationRoutes } from './modules/escalations/routes';
import { fileRoutes } from './modules/files/routes';
import { healthRoutes } from './modules/health/routes';
import { meetingRoutes } from './modules/meetings/routes';
import { messagingRoutes } from './modules/messaging/routes';
import { notificationRoutes } from './modules/notifications/routes';
import { plannerRoutes } from './modules/planner/routes';
import { portalRoutes } from './modules/portal/routes';
import { privacyRoutes } from './modules/privacy/routes';
import { deliverableRoutes } from './modules/quality/deliverable-routes';
import { qualityRoutes } from './modules/quality/routes';
import { scorecardRoutes } from './modules/quality/scorecard-routes';
import { questionnaireRoutes } from './modules/questionnaires/routes';
import { registersRoutes } from './modules/registers/routes';
import { reportsRoutes } from './modules/reports/routes';
import { riskRoutes } from './modules/risks/routes';
import { screeningRoutes } from './modules/screening/routes';
import { settingsRoutes } from './modules/settings/routes';
import { sourcingRoutes } from './modules/sourcing/routes';
import { spendRoutes } from './modules/spend/routes';
import { vendorRoutes } from './modules/vendors/routes';
import { webhookRoutes } from './modules/webhooks/routes';
import type { HostResolver } from './modules/webhooks/rules';
import { authPlugin } from './plugins/auth';
import { registerErrorHandling } from './plugins/errors';
import { registerInputChecks } from './plugins/input';
import { createMetricsRegistry, registerMetrics } from './plugins/metrics';
import { registerOpenApi } from './plugins/openapi';
import { loggerOptions, registerSecurity } from './plugins/security';
import { registerVendorFacing } from './plugins/vendor-facing';
import { registerWeb } from './plugins/web';
import { createServices, type Services } from './services';
import { VERSION } from './version';

/** Each capability's routes; a new module adds one line here. */
const modules = [
  healthRoutes,
  accountRoutes,
  ssoRoutes,
  settingsRoutes,
  auditRoutes,
  vendorRoutes,
  fileRoutes,
  engagementRoutes,
  qualityRoutes,
  businessCaseRoutes,
  deliverableRoutes,
  scorecardRoutes,
  diligenceRoutes,
  notificationRoutes,
  plannerRoutes,
  calendarRoutes,
  briefRoutes,
  portalRoutes,
  privacyRoutes,
  messagingRoutes,
  dataSharingRoutes,
  assuranceRoutes,
  sourcingRoutes,
  questionnaireRoutes,
  webhookRoutes,
  escalationRoutes,
  screeningRoutes,
  meetingRoutes,
  spendRoutes,
  riskRoutes,
  dashboardRoutes,
  reportsRoutes,
  registersRoutes,
];

export interface BuildOptions {
  database?: Database;
  clock?: Clock;
  /** Where webhook host names are resolved (tests inject one). */
  webhookResolver?: HostResolver;
  logger?: FastifyServerOptions['logger'];
}

/** Build the whole application; never listens (main.ts and tests decide that). */
export async function buildApp(config: Config, options: BuildOptions = {}) {
  const database = options.database ?? createDatabase(config);
  await migrateToLatest(database.db);

  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel, logStreamFor()),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : `req_${ulid()}`;
    },
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  // JSON only, unless a route says otherwise (CSV imports register their own parser): a text
  // body sent to a JSON route is an unsupported media type, not a validation error.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerInputChecks(app);
  registerVendorFacing(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });

  await app.register(cookie);
  await registerSecurity(app, config);
  await registerOpenApi(app, VERSION, config.publicUrl);
  const metrics = createMetricsRegistry();
  registerMetrics(app, config, database, metrics);

  // Links in mails and answers are absolute only with OUTPOST_PUBLIC_URL (never from the Host header).
  if (!config.publicUrl)
    app.log.warn(
      'OUTPOST_PUBLIC_URL is not set: mails carry no links and answers give paths; set it to the address people open Outpost at',
    );

  // The pool replaces a connection the database dropped (db/database.ts); say that it happened.
  database.pool?.on('error', (err) => app.log.warn({ err }, 'a database connection was lost'));

  const clock = options.clock ?? systemClock;
  const services = createServices({ database, clock, config, webhookResolver: options.webhookResolver });
  app.decorate('services', services);
  app.decorate('database', database);
  await app.register(authPlugin, { accounts: services.accounts });

  await app.register(
    async (api) => {
      for (const routes of modules) await api.register(routes, { services, config, database });
    },
    { prefix: '/api/v1' },
  );
  await registerWeb(app, config.webDir);

  // Scheduled jobs run in this process only when configured to; each takes a lease in the database.
  const scheduler = config.scheduler
    ? createAppScheduler(
        database.db,
        clock,
        services,
        (job, err) => app.log.error({ err, job }, 'job failed'),
        {
          tickMs: config.schedulerTickMs,
          leaseMs: config.jobLeaseMs ?? undefined,
          onRun: (job, outcome, ms) => metrics.observeJob(job, outcome, ms),
        },
      )
    : null;
  app.addHook('onReady', async () => scheduler?.start());
  app.addHook('onClose', async () => {
    await scheduler?.stop();
    if (!options.database) await database.destroy();
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    database: Database;
  }
}

export type App = Awaited<ReturnType<typeof buildApp>>;

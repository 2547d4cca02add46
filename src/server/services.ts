import type { Role } from '../contracts/accounts';
import type { Config } from './config';
import type { Database, Executor } from './db/database';
import type { Clock } from './lib/clock';
import { createAccountService } from './modules/accounts/service';
import { accessGrantsHolder } from './modules/assurance/privacy';
import { createAssuranceService } from './modules/assurance/service';
import { createAuditService } from './modules/audit/service';
import { createBusinessCaseService } from './modules/business-cases/service';
import { createDashboardService } from './modules/dashboard/service';
import { createDataSharingService } from './modules/data-sharing/service';
import { createDiligenceService } from './modules/diligence/service';
import { createChangeRequestService } from './modules/engagements/change-requests';
import { baseline as sowBaseline } from './modules/engagements/repository';
import { createEngagementService, documentOf } from './modules/engagements/service';
import { createSowService } from './modules/engagements/sow-service';
import { createEscalationService } from './modules/escalations/service';
import { createEventBus } from './modules/events/service';
import { createFileService } from './modules/files/service';
import { createCalendarService } from './modules/meetings/calendar';
import { createInboxService } from './modules/meetings/inbox';
import { meetingsHolder } from './modules/meetings/privacy';
import { createMeetingService } from './modules/meetings/service';
import { createMessagingService } from './modules/messaging/service';
import { createNotificationDelivery } from './modules/notifications/delivery';
import { createMailer } from './modules/notifications/mailer';
import { createNotificationService } from './modules/notifications/service';
import { createPlannerService } from './modules/planner/service';
import { createPortalService } from './modules/portal/service';
import { createPrivacyService } from './modules/privacy/service';
import { createDeliverableService, type EngagementAccess } from './modules/quality/deliverables';
import { createScorecardService } from './modules/quality/scorecards';
import { createQuality } from './modules/quality/wiring';
import { createQuestionnaireService } from './modules/questionnaires/service';
import { createQuarterlyMail } from './modules/reports/schedule';
import { createReportsService } from './modules/reports/service';
import { createRiskService } from './modules/risks/service';
import {
  accessReviewOverdueSource,
  certificateExpirySource,
  concentrationSource,
  dpaMissingSource,
  exitPlanSource,
  findingOverdueSource,
  renewalSource,
  slaBreachSource,
} from './modules/risks/sources';
import { createSettingsService } from './modules/settings/service';
import { createSourcingService } from './modules/sourcing/service';
import { createSpendService, type EngagementFacts, toEngagementFacts } from './modules/spend/service';
import { createVendorService } from './modules/vendors/service';
import { createSecretBox } from './modules/webhooks/secrets';
import { createWebhookService } from './modules/webhooks/service';
import { systemActor } from './policy';

export interface CoreDeps {
  database: Database;
  clock: Clock;
  config: Config;
}

/** Build every service once, in dependency order, each with only what it needs. */
export function createServices({ database, clock, config }: CoreDeps) {
  const { db } = database;
  const audit = createAuditService({ db, clock });
  // The event bus: changes publish in their transaction; consumers run from the scheduler.
  const events = createEventBus({ db, clock });
  const settings = createSettingsService({ db, audit, clock });
  const files = createFileService({ db, audit, clock, config });
  // accounts and vendors refer to each other through narrow functions, bound after both exist.
  let vendors: ReturnType<typeof createVendorService> | undefined;
  const accounts = createAccountService({
    db,
    audit,
    clock,
    config,
    settings,
    vendorExists: (tx, id) => vendors!.exists(tx, id),
  });
  vendors = createVendorService({
    db,
    audit,
    clock,
    users: accounts.directory,
    dependents: () => [
      { what: 'user account(s)', count: accounts.directory.countVendorUsers },
      { what: 'file(s)', count: files.countForVendor },
      { what: 'engagement(s)', count: engagements.countForVendor },
      { what: 'business case(s)', count: businessCases.countForVendor },
      { what: 'diligence record(s)', count: diligence.countForVendor },
      { what: 'message thread(s)', count: messaging.countForVendor },
      { what: 'data-sharing record(s)', count: dataSharing.countForVendor },
      { what: 'access grant, assessment or finding record(s)', count: assurance.countForVendor },
      { what: 'sourcing event candidacy(ies)', count: sourcing.countForVendor },
      { what: 'risk(s)', count: risks.countForVendor },
      { what: 'assessment(s)', count: questionnaires.countForVendor },
    ],
    // Approval asks the diligence checklist; the vendors module never reads its tables.
    approvalGate: { evaluate: (vendorId, criticality) => diligence.gate(vendorId, criticality) },
    onOffboard: (tx, actor, vendorId) => accounts.portal.cutOff(tx, actor, vendorId),
    publish: events.publish,
    // A criticality change re-tiers the vendor in the same transaction (data sharing).
    onCriticalityChange: (tx, actor, vendorId, criticality) =>
      dataSharing.onCriticalityChange(tx, actor, vendorId, criticality),
  });
  const engagements = createEngagementService({
    db,
    audit,
    clock,
    organisation: settings.organisation,
    vendors,
    users: accounts.directory,
  });
  const sows = createSowService({ db, audit, engagements });
  const changeRequests = createChangeRequestService({ db, audit, engagements, publish: events.publish });
  const businessCases = createBusinessCaseService({
    db,
    audit,
    clock,
    vendorExists: (tx, id) => vendors!.exists(tx, id),
    loadEngagement: (tx, actor, id) => engagements.internals.load(tx, actor, id),
  });
  // Deliverables and scorecards see an engagement only through these two functions.
  const engagementAccess: EngagementAccess = {
    load: (tx, actor, id) => engagements.internals.load(tx, actor, id),
    async baseline(tx, engagementId) {
      const row = await sowBaseline(tx, engagementId);
      return row ? { version: Number(row.version), document: documentOf(row) } : undefined;
    },
  };
  const deliverables = createDeliverableService({
    db,
    audit,
    clock,
    engagements: engagementAccess,
    files,
    publish: events.publish,
  });
  const scorecards = createScorecardService({
    db,
    audit,
    clock,
    engagements: engagementAccess,
    deliverables,
    // Suggestions read the client-measured SLA month through the SLA engine's service (wired below).
    sla: () => ({ month: (actor, id, month) => quality.measurements.sla(actor, id, month, 'client') }),
  });
  // Measurements and SLAs see an engagement through its service and its approved SOW only.
  const quality = createQuality({
    database,
    audit,
    clock,
    importThreadAfterBytes: config.importThreadAfterBytes,
    publish: events.publish,
    engagements: {
      load: (tx, actor, id) => engagements.internals.load(tx, actor, id),
      baseline: (tx, id) => engagementAccess.baseline(tx, id),
      async ids() {
        const out: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await engagements.list(systemActor('scheduler'), {
            limit: 200,
            sort: 'createdAt',
            cursor,
          });
          out.push(...page.items.map((e) => e.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return out;
      },
    },
  });
  const notifications = createNotificationService({ db, clock });
  const diligence = createDiligenceService({
    db,
    audit,
    clock,
    // The risk tier lives in the data-sharing module (made further down).
    tierOf: async (vendorId) => (await dataSharing.tierOf(db, vendorId)).tier,
    // The track record reads an engagement's closed SLA months and published scorecards.
    async performanceOf(actor, engagementId) {
      const months = (await quality.closedMonths(db, '0000-00')).filter(
        (m) => m.engagementId === engagementId,
      );
      const evaluated = months.reduce((n, m) => n + m.evaluated, 0);
      const met = months.reduce((n, m) => n + m.met, 0);
      const cards = await scorecards.list(actor, engagementId);
      const published = cards.items.filter((c) => c.status === 'published' && c.total !== null);
      const latest = published.reduce<(typeof published)[number] | null>(
        (a, c) => (!a || c.period > a.period ? c : a),
        null,
      );
      return {
        sla: months.length
          ? {
              months: months.length,
              kpisMet: met,
              kpisEvaluated: evaluated,
              attainmentPct: evaluated ? Math.round((met / evaluated) * 1000) / 10 : 0,
            }
          : null,
        scorecards: {
          published: published.length,
          latestTotal: latest?.total ?? null,
          latestPeriod: latest?.period ?? null,
          trend: cards.trend.direction,
        },
      };
    },
    // The questionnaires service is made further down; the checklist asks it only when evaluated.
    async completedAssessments(vendorId) {
      return (await questionnaires.completedOf(db, vendorId)).map((a) => ({
        score: a.score === null ? null : Number(a.score),
        openFlags: Number(a.openFlags),
      }));
    },
    // Agreements live in the data-sharing module (made further down), read as the system.
    async dpas(vendorId) {
      const all = await dataSharing.agreements.list(systemActor('diligence'), vendorId);
      return all.filter((a) => a.type === 'dpa').map((a) => ({ status: a.status }));
    },
    organisation: settings.organisation,
    vendors,
    users: accounts.directory,
    files,
    // Reminders go on the bus once each; the notifications consumer tells people.
    publishOnce: events.publishOnce,
    async engagementsOf(actor, vendorId) {
      const out: Awaited<ReturnType<typeof engagements.list>>['items'] = [];
      let cursor: string | undefined;
      do {
        const page = await engagements.list(actor, { vendorId, limit: 200, sort: '-startDate', cursor });
        out.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return out;
    },
  });
  // The planner sees the organisation and a vendor's time zone and country, nothing else.
  const planner = createPlannerService({
    organisation: settings.organisation,
    vendor: (id) => vendors!.profile(db, id),
  });
  // Invitations see a vendor's name and status, and join through the accounts service.
  const portal = createPortalService({
    db,
    audit,
    clock,
    vendor: (tx, id) => vendors!.profile(tx, id),
    emailTaken: async (email) => (await accounts.findUserByEmail(email)) !== undefined,
    mail: {
      configured: config.smtpUrl !== null,
      queue: (tx, input) => notifications.queueDirectMail(tx, input),
    },
    join: (tx, actor, input, meta) => accounts.portal.join(tx, actor, input, meta),
  });
  // The data-sharing register sees engagements and vendors through their services, files through theirs.
  const dataSharing = createDataSharingService({
    db,
    audit,
    clock,
    organisation: settings.organisation,
    loadEngagement: (tx, actor, id) => engagements.internals.load(tx, actor, id),
    vendors: {
      get: (actor, id) => vendors!.get(actor, id),
      profile: (tx, id) => vendors!.profile(tx, id),
    },
    files,
    notify: notifications.notify,
    admins: async () => {
      const ids: string[] = [];
      for (const role of ['owner', 'admin'] as const) {
        let cursor: string | undefined;
        do {
          const page = await accounts.listUsers(systemActor('data-sharing'), { role, limit: 200, cursor });
          ids.push(...page.items.filter((u) => !u.disabled).map((u) => u.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      }
      return ids;
    },
  });
  // Threads see an engagement through its service, files through theirs, and who may be mentioned.
  const messaging = createMessagingService({
    db,
    audit,
    clock,
    loadEngagement: (tx, actor, id) => engagements.internals.load(tx, actor, id),
    files,
    mentionable: (tx, vendorId) => accounts.directory.mentionable(tx, vendorId),
    publish: events.publish,
  });
  // Notification delivery hears the bus and sees users, engagements, vendors and threads narrowly.
  const notificationDelivery = createNotificationDelivery({
    db,
    audit,
    clock,
    events,
    notify: notifications.notify,
    organisation: settings.organisation,
    mailer: config.smtpUrl ? createMailer(config.smtpUrl, config.mailFrom) : null,
    publicUrl: config.publicUrl,
    users: async (tx, filter) =>
      (await accounts.directory.active(tx, filter)).map((u) => ({ ...u, role: u.role as Role })),
    async engagement(tx, id) {
      const row = await engagements.internals
        .load(tx, systemActor('notifications'), id)
        .catch(() => undefined);
      return row && { id: row.id, title: row.title, ownerId: row.ownerId, vendorId: row.vendorId };
    },
    vendor: (tx, id) => vendors!.profile(tx, id),
    thread: (tx, id) => messaging.audience(tx, id),
  });
  // Webhooks hear the event bus; secrets are sealed under a key derived from the instance secret.
  const webhooks = createWebhookService({
    db,
    audit,
    clock,
    events,
    secrets: createSecretBox(config.secret),
    allowPrivate: config.webhooksAllowPrivate,
    timeoutMs: config.webhookTimeoutMs,
  });
  // The escalation matrix sees an engagement, the active internal users and the vendor's contacts.
  const escalations = createEscalationService({
    db,
    audit,
    clock,
    loadEngagement: (tx, actor, id) => engagements.internals.load(tx, actor, id),
    internalUsers: (tx) => accounts.directory.mentionable(tx, null),
    vendorContacts: (vendorId) => vendors!.listContacts(systemActor('escalations'), vendorId),
  });
  // Meetings see an engagement, the internal users and the vendor's contacts like the matrix does;
  // the calendar feed and the inbox read what concerns one user through the owners' services.
  const meetings = createMeetingService({
    db,
    audit,
    clock,
    loadEngagement: (tx, actor, id) => engagements.internals.load(tx, actor, id),
    internalUsers: (tx) => accounts.directory.mentionable(tx, null),
    vendorContacts: (vendorId) => vendors!.listContacts(systemActor('meetings'), vendorId),
    userEmail: async (tx, id) => (await accounts.directory.byIds(tx, [id]))[0]?.email,
  });
  const calendar = createCalendarService({
    db,
    audit,
    clock,
    meetings,
    activeUser: async (tx, id) => (await accounts.directory.active(tx, { ids: [id] }))[0],
    engagementsOf: engagements.withApprovedSow,
    vendorsOwnedBy: (tx, userId) => vendors!.ownedBy(tx, userId),
    certificationsOf: diligence.expiringFrom,
    uidDomain: config.publicUrl ? new URL(config.publicUrl).host : 'outpost',
  });
  const inbox = createInboxService({ threads: messaging.inbox });
  // Sourcing events see certificates, business-case costs and engagement creation through these.
  const sourcing = createSourcingService({
    db,
    audit,
    clock,
    async engagementOpener() {
      const org = await engagements.internals.organisation();
      return (tx, actor, body) => engagements.internals.createIn(tx, actor, body, org);
    },
    certifications: (actor, vendorId) => diligence.certifications.list(actor, vendorId),
    vendorsAmong: (tx, ids) => vendors!.idsAmong(tx, ids),
    activeUsers: accounts.directory.active,
    async questionnaire(vendorId) {
      const [latest] = await questionnaires.completedOf(db, vendorId);
      return latest
        ? { score: latest.score === null ? null : Number(latest.score), openFlags: Number(latest.openFlags) }
        : null;
    },
    async optionCosts(actor, businessCaseId) {
      const found = await businessCases.get(actor, businessCaseId).catch(() => null);
      if (!found) return null;
      const analysis = await businessCases.analysis(actor, businessCaseId);
      return {
        name: found.name,
        options: found.options.map((o) => ({
          vendorId: o.vendorId ?? null,
          name: o.name,
          totalCost: analysis.options.find((a) => a.optionId === o.id)?.totalCost ?? 0,
          currency: analysis.currency,
          years: found.horizonYears,
        })),
      };
    },
  });
  // Assurance sees vendors (with contacts), engagements, users and files through their services,
  // publishes overdue events on the bus, and reads the vendor's risk tier from the data-sharing
  // register (the only thing it needs from it).
  const assurance = createAssuranceService({
    db,
    audit,
    clock,
    events,
    organisation: settings.organisation,
    vendors: { get: (actor, id) => vendors!.get(actor, id) },
    engagement: (tx, actor, id) => engagements.internals.load(tx, actor, id),
    users: {
      internal: (tx) => accounts.directory.mentionable(tx, null),
      byIds: (tx, ids) => accounts.directory.byIds(tx, ids),
    },
    files,
    tierOf: (executor, vendorId) => dataSharing.tierOf(executor, vendorId),
    admins: async () => {
      const ids: string[] = [];
      for (const role of ['owner', 'admin'] as const) {
        let cursor: string | undefined;
        do {
          const page = await accounts.listUsers(systemActor('assurance'), { role, limit: 200, cursor });
          ids.push(...page.items.filter((u) => !u.disabled).map((u) => u.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      }
      return ids;
    },
  });
  // Spend sees engagements and vendors through their services, SLA credits through quality's,
  // the linked business-case option through the cases service, and publishes renewal.due.
  const spend = createSpendService({
    db,
    audit,
    clock,
    organisation: (tx) => (tx ? settings.organisationIn(tx) : settings.organisation()),
    async loadEngagement(tx, actor, id) {
      const row = await engagements.internals.load(tx, actor, id);
      return toEngagementFacts(row, { name: row.vendorName, country: row.vendorCountry });
    },
    async portfolio() {
      const out: EngagementFacts[] = [];
      const countries = new Map<string, { name: string; country: string } | undefined>();
      let cursor: string | undefined;
      do {
        const page = await engagements.list(systemActor('spend'), { limit: 200, sort: 'createdAt', cursor });
        for (const e of page.items) {
          if (!countries.has(e.vendorId)) countries.set(e.vendorId, await vendors!.profile(db, e.vendorId));
          out.push(toEngagementFacts(e, countries.get(e.vendorId)));
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return out;
    },
    vendor: (tx, id) => vendors!.profile(tx, id),
    slaCredits: (tx, ids) => quality.credits(tx, ids),
    linkedCase: (tx, engagementId) => businessCases.linkedTo(tx, engagementId),
    publish: (tx, input) => events.publish(tx, input),
    async userNames(tx) {
      return new Map((await accounts.directory.mentionable(tx, null)).map((u) => [u.id, u.name]));
    },
    dataFlows: (tx, engagement) => dataSharing.entriesForExit(tx, engagement.id),
    accessGrants: (tx, engagement) => assurance.openGrantsForExit(tx, engagement),
  });
  // Personal data of people: modules with data about people register holders on it.
  const privacy = createPrivacyService({ db, audit, clock });
  privacy.register(meetingsHolder);
  privacy.register(accessGrantsHolder);
  // The risk register sees vendors, engagements and internal users through their services.
  const riskActor = systemActor('risks');
  const engagementFacts = (tx: Executor, id: string) =>
    engagements.internals
      .load(tx, riskActor, id)
      .then((e) => ({ title: e.title, vendorId: e.vendorId }))
      .catch(() => undefined);
  /** Every page of a list, for the signal sources (each list is bounded per page). */
  async function all<T>(fetch: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) {
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await fetch(cursor);
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }
  const risks = createRiskService({
    db,
    audit,
    clock,
    organisation: settings.organisation,
    vendor: (tx, id) => vendors!.profile(tx, id),
    engagement: engagementFacts,
    internalUsers: (tx) => accounts.directory.mentionable(tx, null),
    publish: events.publish,
  });
  // Signal sources: each reads its module through that module's service. Other modules add theirs here.
  const activeVendors = () =>
    all((cursor) => vendors!.list(riskActor, { status: 'active', sort: 'name', limit: 200, cursor }));
  risks.signals.register(
    certificateExpirySource({
      activeVendors,
      certifications: (vendorId) => diligence.certifications.list(riskActor, vendorId),
    }),
  );
  risks.signals.register(
    slaBreachSource({ closedMonths: quality.closedMonths, engagement: engagementFacts }),
  );
  risks.signals.register(
    renewalSource({
      async undecidedInNotice() {
        const { items } = await spend.renewals.list(riskActor, { undecided: 'true', to: '9999-12-31' });
        return items.filter((r) => r.inNoticePeriod && r.decision === null);
      },
    }),
  );
  risks.signals.register(
    concentrationSource({
      shares: (executor, now) => spend.spendShares(executor, now),
      thresholds: risks.thresholds,
    }),
  );
  risks.signals.register(
    findingOverdueSource({
      overdueFindings: () =>
        all((cursor) => assurance.findings.list(riskActor, { overdue: 'true', limit: 200, cursor })),
    }),
  );
  risks.signals.register(
    accessReviewOverdueSource({
      overdueReviews: () =>
        all((cursor) => assurance.reviews.list(riskActor, { overdue: 'true', limit: 200, cursor })),
      engagementVendor: async (id) => (await engagementFacts(db, id))?.vendorId,
    }),
  );
  risks.signals.register(
    dpaMissingSource({ missingDpa: async () => (await dataSharing.overview(riskActor)).missingDpa }),
  );
  risks.signals.register(
    exitPlanSource({
      async tierOneEngagements(executor) {
        const inForce = (
          await all((cursor) => engagements.list(riskActor, { sort: 'createdAt', limit: 200, cursor }))
        ).filter((e) => e.status === 'active' || e.status === 'on_hold');
        const tiers = new Map<string, number>();
        const out: Array<{ engagementId: string; title: string; vendorId: string; vendorName: string }> = [];
        for (const e of inForce) {
          if (!tiers.has(e.vendorId))
            tiers.set(e.vendorId, (await dataSharing.tierOf(executor, e.vendorId)).tier);
          if (tiers.get(e.vendorId) === 1)
            out.push({ engagementId: e.id, title: e.title, vendorId: e.vendorId, vendorName: e.vendorName });
        }
        return out;
      },
      hasExitPlan: async (executor, id) => (await spend.exitPlanReadiness(executor, id)) !== null,
    }),
  );
  // Assessments see vendors and files only through these two functions.
  const questionnaires = createQuestionnaireService({
    db,
    audit,
    clock,
    events,
    vendorExists: (tx, id) => vendors!.exists(tx, id),
    fileReadable: (actor, fileId) => files.meta(actor, fileId),
  });
  // The dashboard reads every module through its service, as the caller.
  const dashboard = createDashboardService({
    db,
    clock,
    organisation: settings.organisation,
    vendors: (actor) => all((cursor) => vendors!.list(actor, { sort: 'name', limit: 200, cursor })),
    tierOf: (executor, vendorId) => dataSharing.tierOf(executor, vendorId),
    closedMonths: quality.closedMonths,
    heatmap: (actor) => risks.heatmap(actor, {}),
    renewals: async (actor, to) => (await spend.renewals.list(actor, { undecided: 'true', to })).items,
    certifications: (actor, vendorId) => diligence.certifications.list(actor, vendorId),
    scheduledAssessments: (actor) =>
      all((cursor) => assurance.assessments.list(actor, { status: 'scheduled', limit: 200, cursor })),
    overdueFindings: (actor) =>
      all((cursor) => assurance.findings.list(actor, { overdue: 'true', limit: 200, cursor })),
    spendByMonth: (actor, from, to) => spend.report(actor, { groupBy: 'month', from, to }),
    spendSeries: (actor, from, to) => spend.series(actor, from, to),
    async linkedEngagements(actor) {
      const list = await all((cursor) => engagements.list(actor, { limit: 200, sort: 'createdAt', cursor }));
      const out: Array<{ id: string; title: string }> = [];
      for (const e of list)
        if (await businessCases.linkedTo(db, e.id)) out.push({ id: e.id, title: e.title });
      return out;
    },
    savingsOf: (actor, engagementId) => spend.savings(actor, engagementId),
  });
  // The quarterly portfolio mail to owners and administrators, through the outbox.
  const reportMail = createQuarterlyMail({
    db,
    clock,
    audit,
    organisation: settings.organisation,
    mail: {
      configured: config.smtpUrl !== null,
      queue: (tx, input) => notifications.queueDirectMail(tx, input),
      mailedAlready: (executor, userIds, key) => notifications.mailedAlready(executor, userIds, key),
    },
    recipients: (tx) => accounts.directory.active(tx, { roles: ['owner', 'admin'] }),
    publicUrl: config.publicUrl,
    // Owners and administrators see the whole portfolio: the report as the system (an owner) sees it.
    files: async () => {
      const actor = systemActor('scheduler');
      return Promise.all(
        (['pdf', 'csv'] as const).map(async (format) => {
          const f = await reports.portfolio(actor, format);
          return { filename: f.filename, contentType: f.contentType, content: Buffer.from(f.body) };
        }),
      );
    },
  });
  // Reports read every module through its service, as the caller, like the dashboard.
  const reports = createReportsService({
    db,
    clock,
    organisation: settings.organisation,
    vendor: (actor, id) => vendors!.get(actor, id),
    vendors: (actor) => all((cursor) => vendors!.list(actor, { sort: 'name', limit: 200, cursor })),
    tierOf: (executor, vendorId) => dataSharing.tierOf(executor, vendorId),
    engagementsOf: (actor, vendorId) =>
      all((cursor) => engagements.list(actor, { vendorId, limit: 200, sort: 'createdAt', cursor })),
    scorecards: async (actor, engagementId) => (await scorecards.list(actor, engagementId)).items,
    closedMonths: quality.closedMonths,
    credits: (executor, ids) => quality.credits(executor, ids),
    spend: (actor, query) => spend.report(actor, query),
    invoices: (actor, vendorId) =>
      all((cursor) => spend.invoices.list(actor, { vendorId, limit: 200, cursor })),
    risks: (actor, vendorId) =>
      all((cursor) => risks.list(actor, { vendorId, limit: 200, sort: '-createdAt', cursor })),
    findings: (actor, vendorId) =>
      all((cursor) => assurance.findings.list(actor, { vendorId, limit: 200, cursor })),
    actionItems: meetings.openActionsOf,
    renewals: async (actor, to) => (await spend.renewals.list(actor, { to })).items,
  });
  return {
    dashboard,
    reports,
    reportMail,
    risks,
    questionnaires,
    assurance,
    spend,
    privacy,
    events,
    dataSharing,
    sourcing,
    webhooks,
    escalations,
    meetings,
    calendar,
    inbox,
    messaging,
    portal,
    planner,
    diligence,
    notifications,
    notificationDelivery,
    businessCases,
    audit,
    settings,
    accounts,
    vendors,
    files,
    engagements,
    sows,
    changeRequests,
    deliverables,
    scorecards,
    quality,
  };
}

export type Services = ReturnType<typeof createServices>;

import type { Config } from './config';
import type { Database } from './db/database';
import type { Clock } from './lib/clock';
import { createAccountsModule } from './modules/accounts/module';
import { createAccountsHolder } from './modules/accounts/privacy';
import { createAssuranceModule } from './modules/assurance/module';
import { accessGrantsHolder } from './modules/assurance/privacy';
import { createAuditModule } from './modules/audit/module';
import { auditHolder } from './modules/audit/privacy';
import { createBriefsModule } from './modules/briefs/module';
import { createBusinessCasesModule } from './modules/business-cases/module';
import { createCalendarsModule } from './modules/calendars/module';
import { createDashboardModule } from './modules/dashboard/module';
import { createDataSharingModule } from './modules/data-sharing/module';
import { createDiligenceModule } from './modules/diligence/module';
import { referencesHolder } from './modules/diligence/privacy';
import {
  createChangeRequestsModule,
  createEngagementsModule,
  createSowsModule,
} from './modules/engagements/module';
import { createEscalationsModule } from './modules/escalations/module';
import { escalationsHolder } from './modules/escalations/privacy';
import { createEventsModule } from './modules/events/module';
import { createFilesModule } from './modules/files/module';
import { createCalendarModule, createInboxModule, createMeetingsModule } from './modules/meetings/module';
import { meetingsHolder } from './modules/meetings/privacy';
import { createMessagingModule } from './modules/messaging/module';
import { messagesUserData } from './modules/messaging/privacy';
import { createNotificationDeliveryModule, createNotificationsModule } from './modules/notifications/module';
import { notificationsUserData } from './modules/notifications/privacy';
import { createPlannerModule } from './modules/planner/module';
import { createPortalModule } from './modules/portal/module';
import { invitationsHolder } from './modules/portal/privacy';
import { createPrivacyModule } from './modules/privacy/module';
import {
  createDeliverablesModule,
  createQualityModule,
  createScorecardsModule,
} from './modules/quality/module';
import { qualityUserData } from './modules/quality/privacy';
import { createQuestionnairesModule } from './modules/questionnaires/module';
import { createRegistersModule } from './modules/registers/module';
import { createReportMailModule, createReportsModule } from './modules/reports/module';
import { createRisksModule } from './modules/risks/module';
import { createScreeningModule } from './modules/screening/module';
import { createSettingsModule } from './modules/settings/module';
import { createSourcingModule } from './modules/sourcing/module';
import { createSpendModule } from './modules/spend/module';
import { createVendorDirectoryModule, createVendorsModule } from './modules/vendors/module';
import { contactSubjects } from './modules/vendors/privacy';
import { createWebhooksModule } from './modules/webhooks/module';
import type { HostResolver } from './modules/webhooks/rules';

export interface CoreDeps {
  database: Database;
  clock: Clock;
  config: Config;
  /** Where webhook host names are resolved; the system's resolver unless a test injects one. */
  webhookResolver?: HostResolver;
}

/**
 * The composition root: every module made once, in dependency order, each given only narrow
 * functions of the modules made before it. Nothing here but wiring: a module refers only to
 * modules above it (test/architecture/composition.test.ts checks this and that the graph in
 * docs/architecture.md is this one).
 */
export function createServices({ database, clock, config, webhookResolver }: CoreDeps) {
  const { db } = database;
  const audit = createAuditModule({
    db,
    clock,
    checkpointOptions: {
      file: config.auditCheckpointFile,
      secret: config.secret,
      everyMs: config.auditCheckpointEveryMs,
    },
  });
  // The event bus: changes publish in their transaction; consumers run from the scheduler.
  const events = createEventsModule({ db, clock });
  const settings = createSettingsModule({ db, audit, clock });
  const files = createFilesModule({ db, audit, clock, config });
  const notifications = createNotificationsModule({ db, clock, instanceSecret: config.secret });
  // Vendors are read by most modules, and their life cycle needs most modules: the read side
  // comes first, the life cycle (`vendors`) last.
  const vendorDirectory = createVendorDirectoryModule({ db });
  const accounts = createAccountsModule({
    db,
    audit,
    clock,
    config,
    settings,
    vendorExists: vendorDirectory.exists,
  });
  // Sanctions screening: before engagements, data sharing and the vendor life cycle, which ask it
  // for a vendor's hold and tell it when a screened name changed.
  const screening = createScreeningModule({
    db,
    audit,
    clock,
    vendors: vendorDirectory,
    notify: notifications.notify,
    admins: accounts.admins,
  });
  const engagements = createEngagementsModule({
    db,
    audit,
    clock,
    organisation: settings.organisation,
    vendors: vendorDirectory,
    users: accounts.directory,
    sanctionsHold: screening.holdOf,
  });
  const sows = createSowsModule({ db, audit, engagements });
  const changeRequests = createChangeRequestsModule({ db, audit, engagements, publish: events.publish });
  const businessCases = createBusinessCasesModule({
    db,
    audit,
    clock,
    vendorExists: vendorDirectory.exists,
    loadEngagement: engagements.access.load,
  });
  // Deliverables, scorecards and the SLA engine see an engagement through engagements.access only.
  const deliverables = createDeliverablesModule({
    db,
    audit,
    clock,
    engagements: engagements.access,
    files,
    publish: events.publish,
  });
  const quality = createQualityModule({
    database,
    audit,
    clock,
    importThreadAfterBytes: config.importThreadAfterBytes,
    engagements: engagements.access,
    publish: events.publish,
    committedWrites: audit.committedWrites,
  });
  // Suggestions read the client-measured SLA months.
  const scorecards = createScorecardsModule({
    db,
    audit,
    clock,
    engagements: engagements.access,
    deliverables,
    sla: quality.clientMonths,
    publish: events.publish,
  });
  const questionnaires = createQuestionnairesModule({
    db,
    audit,
    clock,
    events,
    vendorExists: vendorDirectory.exists,
    fileReadable: files.meta,
  });
  const dataSharing = createDataSharingModule({
    db,
    audit,
    clock,
    organisation: settings.organisation,
    loadEngagement: engagements.access.load,
    vendors: vendorDirectory,
    files,
    notify: notifications.notify,
    admins: accounts.admins,
    onSubProcessorsChange: screening.onNamesChanged,
  });
  const diligence = createDiligenceModule({
    db,
    audit,
    clock,
    organisation: settings.organisation,
    vendors: vendorDirectory,
    users: accounts.directory,
    files,
    // Reminders go on the bus once each; the notifications consumer tells people.
    publishOnce: events.publishOnce,
    tierOf: dataSharing.tierOf,
    completedAssessments: questionnaires.completed,
    agreements: dataSharing.agreements.list,
    listEngagements: engagements.list,
    closedMonths: quality.closedMonthsOf,
    scorecards: scorecards.list,
  });
  // Holiday calendars of the organisation and of vendors; the yearly reminder goes on the bus.
  const calendars = createCalendarsModule({
    db,
    audit,
    clock,
    organisation: settings.organisation,
    vendorExists: vendorDirectory.exists,
    vendorProfile: vendorDirectory.profile,
    publishOnce: events.publishOnce,
  });
  const planner = createPlannerModule({
    organisation: settings.organisation,
    vendor: (id) => vendorDirectory.profile(db, id),
    calendar: calendars.effective,
  });
  // The partner brief: the vendor as the actor may see it (404 otherwise), the organisation, the
  // planner's parties, overlap and slot; days off as the planner counts them (national data with
  // the organisation's or the vendor's holiday calendar).
  const briefs = createBriefsModule({
    clock,
    organisation: settings.organisation,
    vendor: vendorDirectory.get,
    planner,
    holidaysFor: planner.daysOff,
    sites: (vendorId) => vendorDirectory.sitesOf(db, vendorId),
  });
  const portal = createPortalModule({
    db,
    audit,
    clock,
    vendor: vendorDirectory.profile,
    findUserByEmail: accounts.findUserByEmail,
    mail: { configured: config.smtpUrl !== null, queue: notifications.queueDirectMail },
    join: accounts.portal.join,
    publicUrl: config.publicUrl,
  });
  const messaging = createMessagingModule({
    db,
    audit,
    clock,
    loadEngagement: engagements.access.load,
    files,
    mentionable: accounts.directory.mentionable,
    publish: events.publish,
  });
  const notificationDelivery = createNotificationDeliveryModule({
    db,
    audit,
    clock,
    events,
    notify: notifications.notify,
    instanceSecret: config.secret,
    organisation: settings.organisation,
    smtp: { url: config.smtpUrl, from: config.mailFrom },
    publicUrl: config.publicUrl,
    activeUsers: accounts.directory.active,
    engagement: engagements.find,
    vendor: vendorDirectory.profile,
    thread: messaging.audience,
  });
  const webhooks = createWebhooksModule({
    db,
    audit,
    clock,
    events,
    instanceSecret: config.secret,
    allowPrivate: config.webhooksAllowPrivate,
    timeoutMs: config.webhookTimeoutMs,
    resolver: webhookResolver,
  });
  const escalations = createEscalationsModule({
    db,
    audit,
    clock,
    loadEngagement: engagements.access.load,
    internalUsers: accounts.directory.internal,
    listContacts: vendorDirectory.listContacts,
  });
  // The calendar feed and the inbox read what concerns one user through the owners' functions.
  const meetings = createMeetingsModule({
    db,
    audit,
    clock,
    loadEngagement: engagements.access.load,
    internalUsers: accounts.directory.internal,
    listContacts: vendorDirectory.listContacts,
    usersByIds: accounts.directory.byIds,
    holidayClashes: calendars.clashes,
  });
  const calendar = createCalendarModule({
    db,
    audit,
    clock,
    meetings,
    activeUsers: accounts.directory.active,
    engagementsOf: engagements.withApprovedSow,
    vendorsOwnedBy: vendorDirectory.ownedBy,
    certificationsOf: diligence.expiringFrom,
    uidDomain: config.publicUrl ? new URL(config.publicUrl).host : 'outpost',
    publicUrl: config.publicUrl,
  });
  const inbox = createInboxModule({ threads: messaging.inbox });
  const sourcing = createSourcingModule({
    db,
    audit,
    clock,
    engagementOpener: engagements.opener,
    certifications: diligence.certifications.list,
    completedAssessments: questionnaires.completed,
    optionCosts: businessCases.optionCosts,
    vendorsAmong: vendorDirectory.idsAmong,
    activeUsers: accounts.directory.active,
  });
  const assurance = createAssuranceModule({
    db,
    audit,
    clock,
    events,
    organisation: settings.organisation,
    vendors: vendorDirectory,
    engagement: engagements.access.load,
    users: {
      internal: accounts.directory.internal,
      byIds: accounts.directory.byIds,
    },
    files,
    tierOf: dataSharing.tierOf,
    admins: accounts.admins,
  });
  const spend = createSpendModule({
    db,
    audit,
    clock,
    organisation: settings.organisation,
    organisationIn: settings.organisationIn,
    loadEngagement: engagements.access.load,
    listEngagements: engagements.list,
    vendor: vendorDirectory.profile,
    slaCredits: quality.credits,
    linkedCase: businessCases.linkedTo,
    publish: events.publish,
    internalUsers: accounts.directory.internal,
    dataFlows: dataSharing.entriesForExit,
    accessGrants: assurance.openGrantsForExit,
  });
  // Personal data of people: modules with data about people register holders on it.
  const privacy = createPrivacyModule({
    db,
    audit,
    clock,
    subjects: contactSubjects,
    holders: [
      createAccountsHolder([notificationsUserData, messagesUserData, qualityUserData]),
      invitationsHolder,
      referencesHolder,
      escalationsHolder,
      auditHolder,
      meetingsHolder,
      accessGrantsHolder,
    ],
  });
  const risks = createRisksModule({
    db,
    audit,
    clock,
    organisation: settings.organisation,
    vendor: vendorDirectory.profile,
    engagement: engagements.find,
    internalUsers: accounts.directory.internal,
    publish: events.publish,
    // The automatic signals read these, as the system.
    signals: {
      listVendors: vendorDirectory.list,
      certifications: diligence.certifications.list,
      closedMonths: quality.closedMonths,
      renewals: spend.renewals.list,
      spendShares: spend.spendShares,
      listFindings: assurance.findings.list,
      listReviews: assurance.reviews.list,
      dataProtection: dataSharing.overview,
      listEngagements: engagements.list,
      tierOf: dataSharing.tierOf,
      exitPlanReadiness: spend.exitPlanReadiness,
      sanctionsMatches: screening.trueMatches,
    },
  });
  // The dashboard and the reports read every module as the caller.
  const dashboard = createDashboardModule({
    db,
    clock,
    organisation: settings.organisation,
    listVendors: vendorDirectory.list,
    tierOf: dataSharing.tierOf,
    closedMonths: quality.closedMonths,
    heatmap: risks.heatmap,
    renewals: spend.renewals.list,
    certifications: diligence.certifications.list,
    listAssessments: assurance.assessments.list,
    listFindings: assurance.findings.list,
    spendReport: spend.report,
    spendSeries: spend.series,
    listEngagements: engagements.list,
    linkedCase: businessCases.linkedTo,
    savingsOf: spend.savings,
  });
  const reports = createReportsModule({
    db,
    clock,
    organisation: settings.organisation,
    vendor: vendorDirectory.get,
    listVendors: vendorDirectory.list,
    tierOf: dataSharing.tierOf,
    listEngagements: engagements.list,
    scorecards: scorecards.list,
    closedMonths: quality.closedMonths,
    credits: quality.credits,
    spend: spend.report,
    listInvoices: spend.invoices.list,
    listRisks: risks.list,
    listFindings: assurance.findings.list,
    actionItems: meetings.openActionsOf,
    renewals: spend.renewals.list,
  });
  // The DORA register of information: its functions and settings, everything else read from the
  // owners as stored, rebuilt as of a reference date from the audit trail.
  const registers = createRegistersModule({
    db,
    audit,
    clock,
    changesSince: audit.changesSince,
    organisation: settings.organisationIn,
    vendors: vendorDirectory.registerRecords,
    engagements: engagements.registerRecords,
    dataFlows: dataSharing.registerRecords,
    exitPlans: spend.exitPlanRecords,
  });
  // The quarterly portfolio mail to owners and administrators, through the outbox.
  const reportMail = createReportMailModule({
    db,
    clock,
    audit,
    organisation: settings.organisation,
    mail: {
      configured: config.smtpUrl !== null,
      queue: notifications.queueDirectMail,
      mailedAlready: notifications.mailedAlready,
    },
    recipients: (tx) => accounts.directory.active(tx, { roles: ['owner', 'admin'] }),
    publicUrl: config.publicUrl,
    portfolio: reports.portfolio,
  });
  // The vendor life cycle: approval asks the diligence checklist, offboarding cuts the vendor's
  // users off, a criticality change re-tiers it (data sharing), and a vendor is deleted only when
  // no module holds anything of it.
  const vendors = createVendorsModule({
    db,
    audit,
    clock,
    directory: vendorDirectory,
    users: accounts.directory,
    approvalGate: { evaluate: diligence.gate },
    onOffboard: accounts.portal.cutOff,
    publish: events.publish,
    onCriticalityChange: dataSharing.onCriticalityChange,
    sites: { calendarOwner: calendars.ownerOf },
    screening: { hold: screening.holdOf, onNamesChanged: screening.onNamesChanged },
    counts: {
      users: accounts.directory.countVendorUsers,
      files: files.countForVendor,
      engagements: engagements.countForVendor,
      businessCases: businessCases.countForVendor,
      diligence: diligence.countForVendor,
      threads: messaging.countForVendor,
      dataSharing: dataSharing.countForVendor,
      assurance: assurance.countForVendor,
      sourcing: sourcing.countForVendor,
      risks: risks.countForVendor,
      assessments: questionnaires.countForVendor,
    },
  });
  return {
    screening,
    dashboard,
    registers,
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
    calendars,
    planner,
    briefs,
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

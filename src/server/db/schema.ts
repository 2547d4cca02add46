/**
 * Table types, in one place. Columns are camelCase here and snake_case in the database
 * (Kysely's CamelCasePlugin). Instants are ISO-8601 UTC strings; flags are 0/1; JSON is text.
 */
import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

interface UsersTable {
  id: string;
  name: string;
  email: string;
  passwordHash: string;
  role: string;
  vendorId: string | null;
  disabled: number;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  /** The identity provider the account signs in with, and its subject there (single sign-on). */
  ssoProviderId?: string | null;
  ssoSubject?: string | null;
}

export interface SessionsTable {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  /** Set for a single sign-on session: its provider, and the ID token for RP-initiated logout. */
  ssoProviderId?: string | null;
  idToken?: string | null;
}

export interface IdentityProvidersTable {
  id: string;
  key: string;
  name: string;
  issuer: string;
  clientId: string;
  /** Sealed (lib/secret-box.ts). */
  clientSecret: string;
  vendorId: string | null;
  /** JSON array of lower-case e-mail domains. */
  domains: string;
  roleClaim: string;
  enabled: number;
  createdAt: string;
  updatedAt: string;
}

interface RoleMappingsTable {
  providerId: string;
  value: string;
  role: string;
}

export interface SsoRequestsTable {
  stateHash: string;
  providerId: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  expiresAt: string;
}

export interface ApiTokensTable {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  tokenPrefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** `read` or `write` (TokenScope): what the token may do within its user's role. */
  scope: string;
}

interface LoginFailuresTable {
  key: string;
  count: number;
  firstAt: string;
  lockedUntil: string | null;
}

interface AuditEventsTable {
  id: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes: string;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
  hash: string;
}

interface AuditHeadTable {
  id: number;
  lastSeq: number;
  lastHash: string;
}

/** The database's copy of each signed checkpoint of the audit chain (the anchor is the file). */
interface AuditCheckpointsTable {
  id: string;
  seq: number;
  hash: string;
  /** As signed (text on both engines). */
  at: string;
  reason: string;
  mac: string;
}

interface VendorsTable {
  id: string;
  name: string;
  legalName: string | null;
  country: string;
  timezone: string;
  languages: string;
  services: string;
  website: string | null;
  status: string;
  criticality: string;
  /** ISO 17442 LEI (DORA register, B_05.01). */
  lei: string | null;
  ownerId: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

interface VendorContactsTable {
  id: string;
  vendorId: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: string | null;
  timezone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updatedAt: string;
}

interface FilesTable {
  id: string;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  storageName: string;
  /** The file key it is encrypted with ('secret': the key derived from OUTPOST_SECRET). */
  keyId: string;
  vendorId: string | null;
  entityType: string | null;
  entityId: string | null;
  uploadedBy: string;
  createdAt: string;
}

/** A business case; its inputs are JSON documents validated by the contract on the way in. */
interface BusinessCasesTable {
  id: string;
  name: string;
  function: string;
  currency: string;
  horizonYears: number;
  discountRatePct: number;
  /** JSON: units of the case currency per unit of each quote currency. */
  fxRates: string;
  /** JSON: the in-house side (roles, other costs, escalation). */
  inHouse: string;
  /** JSON: the outsourced options, each with its `opt_…` id. */
  options: string;
  /** JSON: risk-range bounds per driver. */
  riskRanges: string;
  seed: number;
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
}

interface EngagementsTable {
  id: string;
  vendorId: string;
  title: string;
  function: string;
  /** The override; null means derived from the organisation's and the vendor's countries. */
  deliveryModel: string | null;
  startDate: string;
  endDate: string | null;
  timezone: string;
  currency: string;
  monthlyFee: number;
  budget: number;
  renewalDate: string | null;
  noticePeriodDays: number;
  status: string;
  ownerId: string | null;
  /** Annex III of Regulation (EU) 2024/2956, S01–S19. */
  ictServiceType: string | null;
  /** 1/0, or null when not stated. */
  supportsCriticalFunction: number | null;
  createdAt: string;
  updatedAt: string;
}

interface SowVersionsTable {
  id: string;
  engagementId: string;
  version: number;
  status: string;
  document: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  approvedAt: string | null;
  approvedBy: string | null;
}

interface ChangeRequestsTable {
  id: string;
  engagementId: string;
  title: string;
  reason: string;
  baseVersion: number;
  changes: string;
  costImpact: number;
  scheduleImpactDays: number;
  status: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  resultVersion: number | null;
}

interface DeliverableSubmissionsTable {
  id: string;
  engagementId: string;
  deliverableId: string;
  cycle: number;
  note: string;
  /** JSON: the files handed in, as attached. */
  files: string;
  dueDate: string | null;
  /** 0/1, null when the deliverable has no due date. */
  onTime: number | null;
  status: string;
  submittedBy: string;
  submittedByName: string;
  submittedAt: string;
}

interface DeliverableReviewsTable {
  id: string;
  submissionId: string;
  decision: string;
  comment: string;
  /** JSON: the verdict on each acceptance criterion. */
  criteria: string;
  reviewerId: string;
  reviewerName: string;
  reviewedAt: string;
}

interface ScorecardSettingsTable {
  engagementId: string;
  cadence: string;
  /** JSON: weight per criterion. */
  weights: string;
  updatedAt: string;
}

interface ScorecardsTable {
  id: string;
  engagementId: string;
  period: string;
  cadence: string;
  status: string;
  /** JSON: per criterion weight, suggestion, score and comment. */
  lines: string;
  summary: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  publishedBy: string | null;
}

interface ScorecardResponsesTable {
  id: string;
  scorecardId: string;
  kind: string;
  criterion: string | null;
  comment: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  answer: string | null;
  answeredBy: string | null;
  answeredByName: string | null;
  answeredAt: string | null;
}

interface MeasurementsTable {
  engagementId: string;
  kpiId: string;
  at: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  source: string;
  externalId: string | null;
  batchId: string;
  createdAt: string;
}

/** Sums of measurements per 15-minute UTC bucket (see the quality migration). */
export interface MeasurementRollupsTable {
  engagementId: string;
  kpiId: string;
  source: string;
  bucket: string;
  n: number;
  total: number | null;
  lo: number | null;
  hi: number | null;
  num: number | null;
  den: number | null;
}

interface IdempotencyKeysTable {
  key: string;
  engagementId: string;
  requestHash: string;
  response: string;
  createdAt: string;
}

interface SlaSettingsTable {
  engagementId: string;
  earnBackEnabled: number;
  earnBackPeriods: number;
  graceHours: number;
  updatedAt: string;
}

interface SlaPeriodsTable {
  id: string;
  engagementId: string;
  period: string;
  granularity: string;
  source: string;
  startsAt: string;
  endsAt: string;
  status: string;
  results: string;
  kpisEvaluated: number;
  kpisMet: number;
  credit: number;
  currency: string;
  closedAt: string;
  reopenedAt: string | null;
  note: string | null;
}

/** Domain events (`sla.breached`, …): the event bus's outbox, written in the causing transaction. */
interface EventsTable {
  id: string;
  type: string;
  engagementId: string | null;
  vendorId: string | null;
  payload: string;
  at: string;
  /** Set by `publishOnce`: the same key is never published twice. */
  dedupeKey: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Which events each consumer of the bus has handled (one row per consumer and event). */
interface EventConsumptionsTable {
  consumer: string;
  eventId: string;
  at: string;
}

interface JobLeasesTable {
  name: string;
  holder: string;
  expiresAt: string;
}

/** One run of a scheduled job: which process ran it, when, and how it ended (running | ok | failed). */
interface JobRunsTable {
  id: string;
  job: string;
  holder: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: string;
  error: string | null;
}

/** Data sharing: one register entry; list fields are JSON arrays, `exitHandling` a JSON object. */
interface DataFlowsTable {
  id: string;
  engagementId: string;
  vendorId: string;
  categories: string;
  classification: string;
  dataSubjects: string;
  recordVolume: number | string;
  purpose: string;
  processingCountries: string;
  storageCountries: string;
  subProcessors: string;
  transferMechanism: string;
  legalBasis: string;
  retention: string;
  exitHandling: string;
  encryptionAtRest: number | boolean;
  encryptionInTransit: number | boolean;
  createdAt: string;
  updatedAt: string;
}

/** An agreement on file with a vendor (DPA, NDA, MSA, BAA). */
interface AgreementsTable {
  id: string;
  vendorId: string;
  type: string;
  title: string | null;
  documentFileId: string | null;
  signedOn: string;
  expiresOn: string | null;
  reviewOn: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The register entries an agreement covers. */
interface AgreementDataFlowsTable {
  agreementId: string;
  dataFlowId: string;
}

/** A change of a vendor's risk tier, with why. */
interface VendorTierChangesTable {
  id: string;
  vendorId: string;
  tier: number;
  previousTier: number | null;
  highestClassification: string;
  criticality: string;
  reason: string;
  changedBy: string | null;
  at: string;
}

interface DoraFunctionsTable {
  id: string;
  identifier: string;
  name: string;
  licensedActivity: string | null;
  criticality: string;
  criticalityReasons: string | null;
  lastAssessedOn: string | null;
  rtoHours: number | null;
  rpoHours: number | null;
  discontinuingImpact: string | null;
  createdAt: string;
  updatedAt: string;
}

interface DoraFunctionEngagementsTable {
  functionId: string;
  engagementId: string;
}

interface DoraSettingsTable {
  id: string;
  value: string;
  updatedAt: string;
}

interface DataSharingSettingsTable {
  id: string;
  value: string;
  updatedAt: string;
}

/** Due diligence: a vendor's certificate; status is computed, never stored. */
interface CertificationsTable {
  id: string;
  vendorId: string;
  standard: string;
  standardName: string | null;
  certificateNumber: string | null;
  issuer: string | null;
  scope: string | null;
  issuedOn: string | null;
  expiresOn: string;
  evidenceFileId: string | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Assurance: a vendor person's access to one of the organisation's systems. */
interface AccessGrantsTable {
  id: string;
  vendorId: string;
  engagementId: string | null;
  contactId: string;
  system: string;
  accessLevel: string;
  grantedBy: string;
  grantedOn: string;
  expiresOn: string | null;
  justification: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokedByName: string | null;
  revokeReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Assurance: an access review campaign. */
interface AccessReviewsTable {
  id: string;
  scope: string;
  vendorId: string | null;
  engagementId: string | null;
  reviewerId: string;
  dueOn: string;
  status: string;
  origin: string;
  completedAt: string | null;
  overdueNotifiedAt: string | null;
  createdBy: string;
  createdAt: string;
}

/** Assurance: one grant snapshotted into a campaign, with its decision. */
interface AccessReviewItemsTable {
  reviewId: string;
  grantId: string;
  vendorId: string;
  system: string;
  accessLevel: string;
  decision: string | null;
  comment: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** Assurance: a security assessment of a vendor. */
interface SecurityAssessmentsTable {
  id: string;
  vendorId: string;
  engagementId: string | null;
  type: string;
  ownerId: string;
  dueOn: string;
  status: string;
  result: string | null;
  summary: string | null;
  startedAt: string | null;
  completedOn: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Assurance: a finding; `proposedResolution` and `resolution` are JSON { text, fileId, by, byName, at }. */
interface FindingsTable {
  id: string;
  vendorId: string;
  assessmentId: string | null;
  title: string;
  description: string | null;
  severity: string;
  raisedOn: string;
  dueOn: string;
  status: string;
  proposedResolution: string | null;
  resolution: string | null;
  acceptedBy: string | null;
  acceptedByName: string | null;
  acceptanceReason: string | null;
  acceptedAt: string | null;
  acceptanceExpiresOn: string | null;
  overdueNotifiedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

interface FindingCommentsTable {
  id: string;
  findingId: string;
  authorId: string;
  authorName: string;
  side: string;
  body: string;
  createdAt: string;
}

interface AssuranceSettingsTable {
  id: string;
  value: string;
  updatedAt: string;
}

/** A reference check; `questions` is a JSON array of { question, answer, rating }. */
interface VendorReferencesTable {
  id: string;
  vendorId: string;
  refereeOrganisation: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  relationship: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  checkedOn: string;
  checkedBy: string | null;
  questions: string;
  verdict: string;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

interface PastClientsTable {
  id: string;
  vendorId: string;
  client: string;
  country: string | null;
  service: string | null;
  fromOn: string | null;
  toOn: string | null;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

interface DiligenceSettingsTable {
  id: string;
  value: string;
  updatedAt: string;
}

interface NotificationsTable {
  id: string;
  userId: string;
  type: string;
  title: string;
  body: string;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  dedupeKey: string | null;
  createdAt: string;
  readAt: string | null;
}

/** A user's channel for one event type (`in_app`, `email`, `digest`, `none`); absent: the default. */
interface NotificationPreferencesTable {
  userId: string;
  eventType: string;
  channel: string;
  updatedAt: string;
}

/** A mail to send (one event's or a daily digest); the row stays until the mail has gone out. */
interface EmailOutboxTable {
  id: string;
  /** The recipient, or (with `toAddress`) the user who caused the mail. */
  userId: string;
  /** An address that is not a user's (a portal invitation); null: the user's own. */
  toAddress: string | null;
  kind: string;
  dedupeKey: string;
  subject: string;
  text: string;
  html: string;
  status: string;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string;
  lockedUntil: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** A file attached to an outbox mail, deleted once the mail is sent. */
interface EmailAttachmentsTable {
  emailId: string;
  position: number;
  filename: string;
  contentType: string;
  contentBase64: string;
}

/** An event waiting for a user's daily digest mail (`emailId` once a digest carries it). */
interface DigestItemsTable {
  id: string;
  userId: string;
  eventId: string;
  eventType: string;
  title: string;
  body: string;
  link: string | null;
  context: string | null;
  createdAt: string;
  emailId: string | null;
}

/** An invitation to the vendor portal; the token itself is never stored. */
interface PortalInvitationsTable {
  id: string;
  vendorId: string;
  email: string;
  name: string;
  tokenHash: string;
  invitedBy: string;
  invitedByName: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  userId: string | null;
}

interface ThreadsTable {
  id: string;
  engagementId: string | null;
  vendorId: string;
  title: string;
  visibility: string;
  createdBy: string;
  createdAt: string;
  lastMessageAt: string | null;
}

interface MessagesTable {
  id: string;
  threadId: string;
  authorId: string;
  authorName: string;
  body: string;
  html: string;
  /** JSON: [{ id, name, size, contentType }]. */
  attachments: string;
  /** JSON: [{ userId, name }]. */
  mentions: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

interface MessageEditsTable {
  id: string;
  messageId: string;
  body: string;
  replacedAt: string;
  replacedBy: string;
}

interface ThreadReadsTable {
  threadId: string;
  userId: string;
  readAt: string;
}

interface WebhooksTable {
  id: string;
  url: string;
  events: string;
  secret: string;
  enabled: number;
  description: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

interface WebhookDeliveriesTable {
  id: string;
  webhookId: string;
  messageId: string;
  eventId: string | null;
  type: string;
  body: string;
  status: string;
  attempts: number;
  lastResponseCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lockedUntil: string | null;
  createdAt: string;
}

interface EscalationLevelsTable {
  engagementId: string;
  level: number;
  title: string;
  channel: string;
  responseValue: number;
  responseUnit: string;
  internalContacts: string;
  vendorContacts: string;
  notes: string;
  updatedBy: string;
  updatedAt: string;
}

/** Holiday calendars (organisation: vendorId null; a vendor's or its delivery site's) and their days. */
interface HolidayCalendarsTable {
  id: string;
  vendorId: string | null;
  name: string;
  country: string;
  region: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A vendor's delivery sites (vendors module): place, work week and hours, the holiday calendar kept. */
interface VendorSitesTable {
  id: string;
  vendorId: string;
  name: string;
  country: string;
  region: string | null;
  timezone: string;
  /** JSON array of weekdays. */
  workdays: string;
  hoursStart: string;
  hoursEnd: string;
  calendarId: string | null;
  createdAt: string;
  updatedAt: string;
}

interface HolidayCalendarDaysTable {
  calendarId: string;
  date: string;
  kind: string;
  name: string;
  source: string;
  updatedAt: string;
}

/** Sourcing events (bid comparison) and their candidates, criteria, evaluators and scores. */
interface SourcingEventsTable {
  id: string;
  title: string;
  function: string;
  scopeSummary: string | null;
  status: string;
  businessCaseId: string | null;
  awardedVendorId: string | null;
  awardedEngagementId: string | null;
  awardedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}
interface SourcingCandidatesTable {
  eventId: string;
  vendorId: string;
  position: number;
}
interface SourcingCriteriaTable {
  id: string;
  eventId: string;
  name: string;
  weight: number;
  source: string | null;
  position: number;
}
interface SourcingEvaluatorsTable {
  eventId: string;
  userId: string;
  position: number;
}
interface SourcingScoresTable {
  eventId: string;
  vendorId: string;
  criterionId: string;
  evaluatorId: string;
  score: number;
  comment: string | null;
  updatedAt: string;
}

/** Spend: an invoice of an engagement (amount in minor units of its currency). */
export interface InvoicesTable {
  id: string;
  engagementId: string;
  vendorId: string;
  number: string;
  periodStart: string;
  periodEnd: string;
  amount: number;
  currency: string;
  quantity: number | null;
  status: string;
  disputeReason: string | null;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Units of the organisation's currency per one unit of `currency`, from `date` on. */
interface ExchangeRatesTable {
  currency: string;
  date: string;
  rate: number;
  updatedAt: string;
}

/** Renewal terms and the decision about the current term of an engagement. */
interface MeetingSeriesTable {
  id: string;
  engagementId: string;
  vendorId: string;
  title: string;
  kind: string;
  recurrence: string;
  startDate: string;
  endDate: string | null;
  startTime: string;
  durationMinutes: number;
  timezone: string;
  attendees: string;
  attendeeUserIds: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

interface MeetingsTable {
  id: string;
  seriesId: string;
  date: string;
  agenda: string;
  agendaHtml: string;
  minutes: string;
  minutesHtml: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

interface ActionItemsTable {
  id: string;
  meetingId: string;
  seriesId: string;
  vendorId: string;
  title: string;
  ownerType: string;
  ownerId: string;
  ownerName: string;
  ownerEmail: string | null;
  dueDate: string | null;
  status: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  doneAt: string | null;
}

interface CalendarTokensTable {
  userId: string;
  tokenHash: string;
  createdAt: string;
}

export interface EngagementRenewalsTable {
  engagementId: string;
  autoRenew: number;
  decision: string | null;
  decisionFor: string | null;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  noticePublishedFor: string | null;
  updatedAt: string;
}

/** An engagement's exit plan: its lists as one JSON document. */
export interface ExitPlansTable {
  engagementId: string;
  document: string;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Questionnaire templates (content as JSON, versioned) and assessments sent to vendors. */
interface QuestionnaireTemplatesTable {
  id: string;
  name: string;
  version: number;
  content: string;
  origin: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}
interface QuestionnaireTemplateVersionsTable {
  templateId: string;
  version: number;
  content: string;
  createdBy: string;
  createdAt: string;
}
interface AssessmentsTable {
  id: string;
  templateId: string;
  templateVersion: number;
  template: string;
  vendorId: string;
  dueDate: string;
  status: string;
  answers: string;
  comments: string;
  score: number | null;
  openFlags: number;
  sentBy: string;
  submittedAt: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A risk of the register: entered by hand (`manual`) or raised by an automatic signal (`signal`). */
interface RisksTable {
  id: string;
  kind: string;
  signalKey: string | null;
  signalSource: string | null;
  /** The signal key while the signal is not closed (unique), else null. */
  openSignalKey: string | null;
  vendorId: string | null;
  engagementId: string | null;
  title: string;
  description: string | null;
  category: string;
  likelihood: number;
  impact: number;
  inherentScore: number;
  residualLikelihood: number;
  residualImpact: number;
  residualScore: number;
  ownerId: string | null;
  /** JSON: controls and mitigations. */
  controls: string;
  status: string;
  acceptedBy: string | null;
  acceptedAt: string | null;
  acceptanceExpiresOn: string | null;
  acceptanceReason: string | null;
  reviewOn: string | null;
  /** JSON: what the signal last saw. */
  signalData: string | null;
  lastSeenAt: string | null;
  closedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** The risk settings (concentration thresholds) as one JSON document. */
interface RiskSettingsTable {
  id: string;
  document: string;
  updatedAt: string;
}

export type RiskRow = Selectable<RisksTable>;

/** Screening: one loaded version of an official sanctions list. */
interface SanctionsListVersionsTable {
  id: string;
  source: string;
  format: string;
  /** The file's own publication date (YYYY-MM-DD or an ISO instant, as the file gives it). */
  publishedAt: string;
  loadedAt: string;
  loadedBy: string;
  via: string;
  fileNames: string;
  sha256: string;
  entryCount: number | string;
  current: number | boolean;
}

/** Screening: an entry of a source's current list version; names, countries, identifiers and programs are JSON arrays. */
interface SanctionsEntriesTable {
  id: string;
  versionId: string;
  source: string;
  ref: string;
  kind: string;
  names: string;
  countries: string;
  identifiers: string;
  programs: string;
  remarks: string | null;
}

/** Screening settings (threshold, fetch schedules) as one JSON document. */
interface ScreeningSettingsTable {
  id: string;
  value: string;
  updatedAt: string;
}

/** Screening: the last scheduled or manual fetch attempt of each source. */
interface ScreeningFetchesTable {
  source: string;
  attemptedAt: string;
  error: string | null;
}

/** Screening: other names a vendor is known by. */
interface ScreeningAliasesTable {
  id: string;
  vendorId: string;
  name: string;
  createdAt: string;
}

/** Screening: when each vendor was last screened. */
interface ScreenedVendorsTable {
  vendorId: string;
  screenedAt: string;
}

/** Screening: a possible match of a vendor's name, alias, contact or sub-processor with a list entry. */
interface ScreeningHitsTable {
  id: string;
  vendorId: string;
  subjectType: string;
  subjectRef: string | null;
  subjectName: string;
  subjectCountry: string | null;
  nameKey: string;
  source: string;
  entryRef: string;
  versionId: string;
  entry: string;
  matchedName: string;
  score: number | string;
  status: string;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type SanctionsEntryRow = Selectable<SanctionsEntriesTable>;
export type SanctionsListVersionRow = Selectable<SanctionsListVersionsTable>;
export type ScreeningHitRow = Selectable<ScreeningHitsTable>;

export interface DB {
  risks: RisksTable;
  riskSettings: RiskSettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  identityProviders: IdentityProvidersTable;
  roleMappings: RoleMappingsTable;
  ssoRequests: SsoRequestsTable;
  apiTokens: ApiTokensTable;
  loginFailures: LoginFailuresTable;
  auditEvents: AuditEventsTable;
  auditHead: AuditHeadTable;
  auditCheckpoints: AuditCheckpointsTable;
  vendors: VendorsTable;
  vendorContacts: VendorContactsTable;
  vendorSites: VendorSitesTable;
  sanctionsListVersions: SanctionsListVersionsTable;
  sanctionsEntries: SanctionsEntriesTable;
  screeningSettings: ScreeningSettingsTable;
  screeningFetches: ScreeningFetchesTable;
  screeningAliases: ScreeningAliasesTable;
  screenedVendors: ScreenedVendorsTable;
  screeningHits: ScreeningHitsTable;
  settings: SettingsTable;
  files: FilesTable;
  engagements: EngagementsTable;
  sowVersions: SowVersionsTable;
  changeRequests: ChangeRequestsTable;
  measurements: MeasurementsTable;
  measurementRollups: MeasurementRollupsTable;
  idempotencyKeys: IdempotencyKeysTable;
  slaSettings: SlaSettingsTable;
  slaPeriods: SlaPeriodsTable;
  events: EventsTable;
  eventConsumptions: EventConsumptionsTable;
  sourcingEvents: SourcingEventsTable;
  questionnaireTemplates: QuestionnaireTemplatesTable;
  questionnaireTemplateVersions: QuestionnaireTemplateVersionsTable;
  assessments: AssessmentsTable;
  sourcingCandidates: SourcingCandidatesTable;
  sourcingCriteria: SourcingCriteriaTable;
  sourcingEvaluators: SourcingEvaluatorsTable;
  sourcingScores: SourcingScoresTable;
  jobLeases: JobLeasesTable;
  jobRuns: JobRunsTable;
  certifications: CertificationsTable;
  accessGrants: AccessGrantsTable;
  accessReviews: AccessReviewsTable;
  accessReviewItems: AccessReviewItemsTable;
  securityAssessments: SecurityAssessmentsTable;
  findings: FindingsTable;
  findingComments: FindingCommentsTable;
  assuranceSettings: AssuranceSettingsTable;
  dataFlows: DataFlowsTable;
  agreements: AgreementsTable;
  agreementDataFlows: AgreementDataFlowsTable;
  vendorTierChanges: VendorTierChangesTable;
  dataSharingSettings: DataSharingSettingsTable;
  doraFunctions: DoraFunctionsTable;
  doraFunctionEngagements: DoraFunctionEngagementsTable;
  doraSettings: DoraSettingsTable;
  vendorReferences: VendorReferencesTable;
  pastClients: PastClientsTable;
  diligenceSettings: DiligenceSettingsTable;
  notifications: NotificationsTable;
  notificationPreferences: NotificationPreferencesTable;
  emailOutbox: EmailOutboxTable;
  emailAttachments: EmailAttachmentsTable;
  digestItems: DigestItemsTable;
  portalInvitations: PortalInvitationsTable;
  threads: ThreadsTable;
  messages: MessagesTable;
  messageEdits: MessageEditsTable;
  threadReads: ThreadReadsTable;
  meetingSeries: MeetingSeriesTable;
  meetings: MeetingsTable;
  actionItems: ActionItemsTable;
  calendarTokens: CalendarTokensTable;
  holidayCalendars: HolidayCalendarsTable;
  holidayCalendarDays: HolidayCalendarDaysTable;
  webhooks: WebhooksTable;
  webhookDeliveries: WebhookDeliveriesTable;
  escalationLevels: EscalationLevelsTable;
  businessCases: BusinessCasesTable;
  deliverableSubmissions: DeliverableSubmissionsTable;
  deliverableReviews: DeliverableReviewsTable;
  scorecardSettings: ScorecardSettingsTable;
  scorecards: ScorecardsTable;
  scorecardResponses: ScorecardResponsesTable;
  invoices: InvoicesTable;
  exchangeRates: ExchangeRatesTable;
  engagementRenewals: EngagementRenewalsTable;
  exitPlans: ExitPlansTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type IdentityProvider = Selectable<IdentityProvidersTable>;
export type Session = Selectable<SessionsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
export type Vendor = Selectable<VendorsTable>;
export type NewVendor = Insertable<VendorsTable>;
export type VendorUpdate = Updateable<VendorsTable>;
export type VendorContact = Selectable<VendorContactsTable>;
export type NewVendorContact = Insertable<VendorContactsTable>;
export type VendorSite = Selectable<VendorSitesTable>;
export type FileRow = Selectable<FilesTable>;
export type NewFile = Insertable<FilesTable>;
export type EngagementRow = Selectable<EngagementsTable>;
export type SowVersionRow = Selectable<SowVersionsTable>;
export type ChangeRequestRow = Selectable<ChangeRequestsTable>;
export type BusinessCaseRow = Selectable<BusinessCasesTable>;
export type DeliverableSubmissionRow = Selectable<DeliverableSubmissionsTable>;
export type DeliverableReviewRow = Selectable<DeliverableReviewsTable>;
export type ScorecardSettingsRow = Selectable<ScorecardSettingsTable>;
export type ScorecardRow = Selectable<ScorecardsTable>;
export type ScorecardResponseRow = Selectable<ScorecardResponsesTable>;
export type PortalInvitationRow = Selectable<PortalInvitationsTable>;
export type WebhookRow = Selectable<WebhooksTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type EscalationLevelRow = Selectable<EscalationLevelsTable>;
export type ThreadRow = Selectable<ThreadsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type MeetingSeriesRow = Selectable<MeetingSeriesTable>;
export type MeetingRow = Selectable<MeetingsTable>;
export type ActionItemRow = Selectable<ActionItemsTable>;
export type SlaPeriodRow = Selectable<SlaPeriodsTable>;
export type MeasurementRow = Selectable<MeasurementsTable>;
export type CertificationRow = Selectable<CertificationsTable>;
export type DataFlowRow = Selectable<DataFlowsTable>;
export type AgreementRow = Selectable<AgreementsTable>;
export type VendorTierChangeRow = Selectable<VendorTierChangesTable>;
export type VendorReferenceRow = Selectable<VendorReferencesTable>;
export type AccessGrantRow = Selectable<AccessGrantsTable>;
export type AccessReviewRow = Selectable<AccessReviewsTable>;
export type AccessReviewItemRow = Selectable<AccessReviewItemsTable>;
export type SecurityAssessmentRow = Selectable<SecurityAssessmentsTable>;
export type FindingRow = Selectable<FindingsTable>;
export type FindingCommentRow = Selectable<FindingCommentsTable>;
export type PastClientRow = Selectable<PastClientsTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type EmailOutboxRow = Selectable<EmailOutboxTable>;
export type DigestItemRow = Selectable<DigestItemsTable>;
export type EventRow = Selectable<EventsTable>;
export type SourcingEventRow = Selectable<SourcingEventsTable>;
export type SourcingCriterionRow = Selectable<SourcingCriteriaTable>;
export type SourcingScoreRow = Selectable<SourcingScoresTable>;
export type QuestionnaireTemplateRow = Selectable<QuestionnaireTemplatesTable>;
export type AssessmentRow = Selectable<AssessmentsTable>;
export type HolidayCalendarRow = Selectable<HolidayCalendarsTable>;
export type HolidayCalendarDayRow = Selectable<HolidayCalendarDaysTable>;
export type DoraFunctionRow = Selectable<DoraFunctionsTable>;

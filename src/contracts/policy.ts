/**
 * The one policy table: role × action × resource, pure. The server asks it on every request
 * (`authorize` in src/server/policy.ts, which adds the actor, the vendor scope and the refusals);
 * the web app asks it only to leave out what the server would refuse.
 */
import type { Role, TokenScope } from './accounts';

export type Action =
  | 'read'
  | 'create'
  | 'update'
  | 'delete'
  | 'import'
  | 'export'
  | 'verify'
  | 'approve'
  | 'submit'
  | 'decide';
export type Resource =
  | 'vendor'
  | 'vendorContact'
  | 'vendorSite'
  | 'businessCase'
  | 'user'
  | 'token'
  | 'identityProvider'
  | 'auditEvent'
  | 'organisation'
  | 'file'
  | 'engagement'
  | 'sow'
  | 'changeRequest'
  | 'measurement'
  | 'slaSettings'
  | 'slaPeriod'
  | 'qualityPortfolio'
  | 'deliverable'
  | 'scorecard'
  | 'scorecardResponse'
  | 'certification'
  | 'vendorReference'
  | 'pastClient'
  | 'trackRecord'
  | 'checklist'
  | 'diligenceSettings'
  | 'notification'
  | 'planner'
  | 'holidayCalendar'
  | 'invitation'
  | 'thread'
  | 'meeting'
  | 'message'
  | 'dataFlow'
  | 'agreement'
  | 'vendorTier'
  | 'dataSharingSettings'
  | 'dataProtection'
  | 'webhook'
  | 'escalationMatrix'
  | 'invoice'
  | 'exchangeRate'
  | 'spend'
  | 'renewal'
  | 'exitPlan'
  | 'risk'
  | 'riskSignal'
  | 'riskSettings'
  | 'dashboard'
  | 'report'
  | 'accessGrant'
  | 'accessReview'
  | 'securityAssessment'
  | 'finding'
  | 'assuranceSettings'
  | 'sourcingEvent'
  | 'sourcingScore'
  | 'personalData'
  | 'password'
  | 'questionnaireTemplate'
  | 'assessment'
  | 'doraRegister'
  | 'doraFunction'
  | 'sanctionsList'
  | 'sanctionsHit'
  | 'vendorScreening';

const ADMINS: readonly Role[] = ['owner', 'admin'];
const WRITERS: readonly Role[] = ['owner', 'admin', 'manager'];
/** Every role but the vendor user. */
export const INTERNAL: readonly Role[] = ['owner', 'admin', 'manager', 'viewer', 'auditor'];
const EVERYONE: readonly Role[] = [...INTERNAL, 'vendor'];

const POLICY: Record<Resource, Partial<Record<Action, readonly Role[]>>> = {
  // KPI measurements and SLA results: vendor users report and read for their own engagements only
  // (scoped through the engagement), and always as the `vendor` source.
  measurement: { read: EVERYONE, create: [...WRITERS, 'vendor'], import: [...WRITERS, 'vendor'] },
  slaSettings: { read: EVERYONE, update: WRITERS },
  // Closing SLA periods by hand (the scheduler does it on its own).
  slaPeriod: { decide: ADMINS },
  qualityPortfolio: { read: INTERNAL },
  vendor: {
    read: EVERYONE,
    create: WRITERS,
    update: [...WRITERS, 'vendor'],
    delete: WRITERS,
    import: WRITERS,
    export: INTERNAL,
  },
  vendorContact: {
    read: EVERYONE,
    create: [...WRITERS, 'vendor'],
    update: [...WRITERS, 'vendor'],
    delete: [...WRITERS, 'vendor'],
  },
  // Delivery sites: everyone reads (a vendor user their own vendor's, scoped in the queries);
  // internal writers and the vendor's own users keep them.
  vendorSite: {
    read: EVERYONE,
    create: [...WRITERS, 'vendor'],
    update: [...WRITERS, 'vendor'],
    delete: [...WRITERS, 'vendor'],
  },
  // Bids of competing vendors: internal roles only, and a vendor user is answered 404 throughout.
  businessCase: { read: INTERNAL, create: WRITERS, update: WRITERS, delete: WRITERS, export: INTERNAL },
  user: { read: ADMINS, create: ADMINS, update: ADMINS },
  // API tokens and the calendar-feed address (both `token`) and one's own password: everyone's own,
  // and managed from a signed-in session only (see TOKEN_SCOPE below).
  token: { read: EVERYONE, create: EVERYONE, delete: EVERYONE },
  password: { update: EVERYONE },
  // Single sign-on: the identity providers and their role mapping decide who becomes what, so
  // only owners configure them (Settings → Sign-in).
  identityProvider: { read: ['owner'], create: ['owner'], update: ['owner'], delete: ['owner'] },
  auditEvent: { read: ['owner', 'admin', 'auditor'], verify: ['owner', 'admin', 'auditor'] },
  organisation: { read: EVERYONE, update: ADMINS },
  // Read-only roles read files but do not add them; vendor users upload for their own vendor.
  file: { read: EVERYONE, create: [...WRITERS, 'vendor'] },
  engagement: { read: EVERYONE, create: WRITERS, update: WRITERS },
  sow: { read: EVERYONE, update: WRITERS, approve: WRITERS },
  // Vendor users propose changes to their own engagements' scope; only internal managers decide.
  changeRequest: {
    read: EVERYONE,
    create: [...WRITERS, 'vendor'],
    submit: [...WRITERS, 'vendor'],
    decide: WRITERS,
  },
  // Vendor users hand in their own engagements' deliverables; internal writers may on their behalf.
  deliverable: { read: EVERYONE, submit: [...WRITERS, 'vendor'], decide: WRITERS },
  // Vendor users read only published scorecards of their own engagements (scoped in the query).
  scorecard: { read: EVERYONE, create: WRITERS, update: WRITERS },
  // The vendor responds to or disputes a published scorecard; the reviewing side answers.
  scorecardResponse: { read: EVERYONE, create: ['vendor'], decide: WRITERS },
  // Vendor users keep their own vendor's certificates (unverified) and past clients; internal
  // writers verify. Reference checks stay internal: a referee's candour depends on it.
  certification: {
    read: EVERYONE,
    create: [...WRITERS, 'vendor'],
    update: [...WRITERS, 'vendor'],
    delete: [...WRITERS, 'vendor'],
    verify: WRITERS,
  },
  vendorReference: { read: INTERNAL, create: WRITERS, update: WRITERS, delete: WRITERS },
  pastClient: {
    read: EVERYONE,
    create: [...WRITERS, 'vendor'],
    update: [...WRITERS, 'vendor'],
    delete: [...WRITERS, 'vendor'],
  },
  trackRecord: { read: INTERNAL },
  checklist: { read: INTERNAL },
  diligenceSettings: { read: INTERNAL, update: ADMINS },
  // Everyone reads and marks their own notifications (scoped to the user in the query).
  notification: { read: EVERYONE, update: EVERYONE },
  // The planner looks up the organisation and any vendor by id: internal roles only.
  planner: { read: INTERNAL },
  // Holiday calendars: vendor users read and keep their own vendor's (scoped in the queries; the
  // organisation's and another vendor's answer 404); internal writers keep every one.
  holidayCalendar: {
    read: EVERYONE,
    create: [...WRITERS, 'vendor'],
    update: [...WRITERS, 'vendor'],
    delete: [...WRITERS, 'vendor'],
    import: [...WRITERS, 'vendor'],
  },
  // Inviting vendor contacts to the portal; accepting is public (the link is the credential).
  invitation: { create: WRITERS },
  // Threads and messages: vendor users take part in shared threads of their own vendor only
  // (scoped in the queries); read-only roles read.
  thread: { read: EVERYONE, create: [...WRITERS, 'vendor'] },
  message: {
    read: EVERYONE,
    create: [...WRITERS, 'vendor'],
    update: [...WRITERS, 'vendor'],
    delete: [...WRITERS, 'vendor'],
  },
  // Governance meetings (series, minutes, action items): the engagement's vendor reads its own
  // (scoped in the queries); owners, administrators and managers write.
  meeting: { read: EVERYONE, create: WRITERS, update: WRITERS },
  // Webhook endpoints carry signing secrets and see every event: administrators only.
  webhook: { read: ADMINS, create: ADMINS, update: ADMINS, delete: ADMINS },
  // The escalation matrix: the engagement's vendor reads its own (scoped through the engagement).
  escalationMatrix: { read: EVERYONE, update: WRITERS },
  // Spend. Vendor users submit and read invoices of their own engagements (scoped in the query),
  // correct them before approval and resubmit a disputed one; the client approves, pays and
  // disputes. Rates, budget vs actual, savings, renewals and exit plans stay internal.
  invoice: {
    read: EVERYONE,
    create: [...WRITERS, 'vendor'],
    update: [...WRITERS, 'vendor'],
    approve: WRITERS,
    delete: WRITERS,
  },
  exchangeRate: { read: INTERNAL, create: WRITERS, import: WRITERS, delete: WRITERS },
  spend: { read: INTERNAL },
  renewal: { read: INTERNAL, update: WRITERS, decide: WRITERS },
  exitPlan: { read: INTERNAL, update: WRITERS },
  // Risks: internal only (a vendor user is answered 404: a register of a partner's risks is not
  // theirs to read). Writers enter and work them; only owners and administrators accept a risk
  // (for a limited time) and run the signals at once.
  risk: { read: INTERNAL, create: WRITERS, update: WRITERS, approve: ADMINS },
  riskSignal: { decide: ADMINS },
  riskSettings: { read: INTERNAL, update: ADMINS },
  // The DORA register of information: internal roles read and download it (a vendor user is
  // answered 404); writers keep the functions; owners and administrators its settings.
  doraRegister: { read: INTERNAL, export: INTERNAL, update: ADMINS },
  doraFunction: { read: INTERNAL, create: WRITERS, update: WRITERS, delete: WRITERS },
  // The portfolio dashboard reads across modules: internal roles only.
  dashboard: { read: INTERNAL },
  // Reports (QBR pack, portfolio summary): internal roles only; a vendor user is answered 404.
  report: { read: INTERNAL },
  // Assurance. Vendor users read their own vendor's access grants and answer their own findings
  // (comment, start, propose a resolution: scoped in the queries); reviews and assessments stay
  // internal. Only the campaign's named reviewer decides (checked there); only owners and
  // administrators accept a finding's risk.
  accessGrant: { read: EVERYONE, create: WRITERS, update: WRITERS },
  accessReview: { read: INTERNAL, create: WRITERS, decide: WRITERS },
  securityAssessment: { read: INTERNAL, create: WRITERS, update: WRITERS },
  finding: {
    read: EVERYONE,
    create: WRITERS,
    update: [...WRITERS, 'vendor'],
    decide: WRITERS,
    approve: ADMINS,
  },
  assuranceSettings: { read: INTERNAL, update: ADMINS },
  // Sourcing events compare competing bids: internal roles only (a vendor user is answered 404).
  // Writers run them and award; only the evaluators named on an event score it (checked there).
  sourcingEvent: { read: INTERNAL, create: WRITERS, update: WRITERS, decide: WRITERS },
  sourcingScore: { create: WRITERS },
  // Questionnaire templates are internal; assessments are answered by the vendor's own users
  // (scoped to their vendor in the query) and reviewed by internal writers.
  questionnaireTemplate: {
    read: INTERNAL,
    create: WRITERS,
    update: WRITERS,
    import: WRITERS,
    export: INTERNAL,
  },
  assessment: {
    read: EVERYONE,
    create: WRITERS,
    update: [...WRITERS, 'vendor'],
    submit: [...WRITERS, 'vendor'],
    decide: WRITERS,
  },
  // Data sharing: vendor users read the register entries and agreements of their own vendor
  // (scoped in the queries); the tier, the export and the organisation-wide view are internal.
  dataFlow: { read: EVERYONE, create: WRITERS, update: WRITERS, delete: WRITERS, export: INTERNAL },
  agreement: { read: EVERYONE, create: WRITERS, update: WRITERS, delete: WRITERS },
  vendorTier: { read: INTERNAL },
  dataSharingSettings: { read: INTERNAL, update: ADMINS },
  dataProtection: { read: INTERNAL },
  // Sanctions screening: internal roles only (a vendor user is answered 404 everywhere). Owners and
  // administrators load the lists and set the threshold and schedules; writers decide hits, keep a
  // vendor's aliases and screen it again.
  sanctionsList: { read: INTERNAL, import: ADMINS, update: ADMINS },
  sanctionsHit: { read: INTERNAL, decide: WRITERS },
  vendorScreening: { read: INTERNAL, update: WRITERS },
  // A person's data across every module (export for a subject-access request, erasure): admins.
  personalData: { export: ADMINS, delete: ADMINS },
};

/**
 * The scope an API token needs for each action, within what its user's role allows: `read` for
 * what only reads, `write` for everything that changes something. Every action is placed here, so
 * a new one must be.
 */
const ACTION_SCOPE: Record<Action, TokenScope> = {
  read: 'read',
  export: 'read',
  create: 'write',
  update: 'write',
  delete: 'write',
  import: 'write',
  verify: 'write',
  approve: 'write',
  submit: 'write',
  decide: 'write',
};

/**
 * Where a resource departs from its action's scope. `session`: no API token may, whatever its
 * scope — a token must not mint further credentials, revoke them or change the password, so that
 * a leaked token cannot outlive its revocation or lock its owner out.
 */
const TOKEN_SCOPE: Partial<Record<Resource, Partial<Record<Action, TokenScope | 'session'>>>> = {
  // Verifying the audit chain reads it and changes nothing (verifying a certificate records it).
  auditEvent: { verify: 'read' },
  token: { create: 'session', delete: 'session' },
  password: { update: 'session' },
};

/** What an API token needs for an action: a scope, or `session` where no token may. */
export function tokenNeeds(resource: Resource, action: Action): TokenScope | 'session' {
  return TOKEN_SCOPE[resource]?.[action] ?? ACTION_SCOPE[action];
}

/** May a token of this scope take this action (its user's role permitting)? */
export function tokenCan(scope: TokenScope, resource: Resource, action: Action): boolean {
  const needs = tokenNeeds(resource, action);
  return needs === 'read' || (needs === 'write' && scope === 'write');
}

/** Every resource and action the table grants to some role: what the token scopes must cover. */
export const policyPairs = (): Array<[Resource, Action]> =>
  (Object.entries(POLICY) as Array<[Resource, Partial<Record<Action, readonly Role[]>>]>).flatMap(
    ([resource, actions]) =>
      (Object.keys(actions) as Action[]).map((action): [Resource, Action] => [resource, action]),
  );

/** May a role take this action on this resource (before any scoping to its own vendor)? */
export function roleCan(role: Role, resource: Resource, action: Action): boolean {
  return POLICY[resource][action]?.includes(role) ?? false;
}

/** What one caller may do: each resource with the actions allowed on it (resources with none left out). */
export type Grants = Partial<Record<Resource, Action[]>>;

/**
 * The rows of the table that apply to one caller — their role, narrowed by the API token's scope
 * when they came with one. The server answers it with the signed-in user (`GET /me`), so the web
 * app offers only what the server would allow, from the table itself rather than a copy.
 */
export function grantsOf(role: Role, scope?: TokenScope): Grants {
  const out: Grants = {};
  for (const [resource, action] of policyPairs()) {
    if (!roleCan(role, resource, action)) continue;
    if (scope && !tokenCan(scope, resource, action)) continue;
    out[resource] = [...(out[resource] ?? []), action];
  }
  return out;
}

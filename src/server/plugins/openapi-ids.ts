/**
 * Operation ids, derived in one place from an operation's method and path, so that a route added
 * anywhere gets a readable, stable id without touching this file (decision 88):
 *
 * - the version prefix (`/api/v1`, `/scim/v2`) is left out, `{params}` name nothing;
 * - a noun followed by a parameter is that one thing, in the singular (`/vendors/{id}` → `Vendor`);
 * - the verb comes from the method: `GET` of a plural collection `list`, other `GET`s `get`, `POST` to
 *   a collection `create`, `PUT` `replace`, `PATCH` `update`, `DELETE` `delete`; a last segment that is
 *   an action (`approve`, `import`, `export`…) is the verb itself, acting on what comes before it.
 *
 * `GET /vendors` → `listVendors`, `POST /vendors/{id}/contacts` → `createVendorContact`,
 * `POST /change-requests/{id}/approve` → `approveChangeRequest`. Where the rule reads badly or two
 * operations would collide, `OVERRIDES` names the operation; every id is pinned by a committed
 * snapshot (test/api/openapi-operation-ids.txt), so a rename is a visible diff.
 */

/** Last path segments that are an action on what precedes them, not a resource. */
const ACTIONS = new Set([
  'accept',
  'accept-risk',
  'answer',
  'approve',
  'award',
  'close',
  'complete',
  'erase',
  'export',
  'import',
  'lint',
  'publish',
  'read-all',
  'refresh',
  'reject',
  'reopen',
  'replay',
  'resolve',
  'review',
  'revoke',
  'schedule',
  'start',
  'submit',
  'test',
  'verify',
]);

/** Plural-looking segments that name one thing (`settings`), and plurals the rule cannot make singular. */
const NOT_A_COLLECTION = new Set([
  'settings',
  'stats',
  'analysis',
  'preferences',
  'notification-preferences',
  'sla-settings',
  'scorecard-settings',
  'status',
  'access',
  'data-sharing',
  'diligence',
]);
const SINGULAR: Record<string, string> = {
  series: 'series',
  people: 'person',
  'meeting-series': 'meeting-series',
};

/** Reviewed names for operations the rule names badly, or would name twice. Keys are `METHOD /path`. */
const OVERRIDES: Record<string, string> = {
  'GET /api/v1/health': 'getHealth',
  'GET /api/v1/ready': 'getReadiness',
  'GET /api/v1/setup': 'getSetupStatus',
  'POST /api/v1/setup': 'setUpOwner',
  'POST /api/v1/auth/login': 'logIn',
  'POST /api/v1/auth/logout': 'logOut',
  'POST /api/v1/me/password': 'changePassword',
  'DELETE /api/v1/tokens/{id}': 'revokeToken',
  'GET /api/v1/settings/organisation': 'getOrganisationSettings',
  'PUT /api/v1/settings/organisation': 'replaceOrganisationSettings',
  'GET /api/v1/audit-events/verify': 'verifyAuditChain',
  'GET /api/v1/files/{id}': 'downloadFile',
  'GET /api/v1/files/{id}/meta': 'getFileMeta',
  'POST /api/v1/files': 'uploadFile',
  'GET /api/v1/engagements/{id}/sow': 'getSowVersion',
  'PUT /api/v1/engagements/{id}/sow': 'saveSowDraft',
  'GET /api/v1/engagements/{id}/sow/versions': 'listSowVersions',
  'POST /api/v1/engagements/{id}/sow/approve': 'approveSowVersion',
  'GET /api/v1/engagements/{id}/sow/lint': 'lintSowVersion',
  'POST /api/v1/engagements/{id}/sow/lint': 'lintSowDraft',
  'GET /api/v1/engagements/{id}/sow/diff': 'diffSowVersions',
  'GET /api/v1/engagements/{id}/sow/export': 'exportSow',
  'POST /api/v1/engagements/{id}/measurements': 'addMeasurements',
  'GET /api/v1/engagements/{id}/sla': 'getSla',
  'GET /api/v1/engagements/{id}/sla/history': 'getSlaHistory',
  'GET /api/v1/engagements/{id}/sla-settings': 'getSlaSettings',
  'PUT /api/v1/engagements/{id}/sla-settings': 'replaceSlaSettings',
  'POST /api/v1/sla/close': 'closeDueSlaPeriods',
  'GET /api/v1/business-cases/{id}/analysis': 'analyseBusinessCase',
  'GET /api/v1/engagements/{id}/deliverables/stats': 'getDeliverableStats',
  'POST /api/v1/engagements/{id}/deliverables/{deliverableId}/submissions': 'submitDeliverable',
  'POST /api/v1/engagements/{id}/deliverables/{deliverableId}/submissions/{submissionId}/review':
    'reviewDeliverableSubmission',
  'POST /api/v1/scorecards/{id}/responses/{responseId}/answer': 'answerScorecardResponse',
  'POST /api/v1/notifications/read-all': 'markAllNotificationsRead',
  'POST /api/v1/notifications/{id}/read': 'markNotificationRead',
  'GET /api/v1/planner/overlap': 'getWorkingOverlap',
  'GET /api/v1/planner/recurring-slot': 'findRecurringSlot',
  'PUT /api/v1/holiday-calendars/{id}/days/{date}': 'setHolidayCalendarDay',
  'DELETE /api/v1/holiday-calendars/{id}/days/{date}': 'resetHolidayCalendarDay',
  'GET /api/v1/vendors/{id}/brief': 'getPartnerBrief',
  'POST /api/v1/vendors/{id}/invitations': 'inviteVendorContact',
  'POST /api/v1/invitations/{token}/accept': 'acceptInvitation',
  'GET /api/v1/privacy/people/{contactId}/export': 'exportPersonalData',
  'POST /api/v1/privacy/people/{contactId}/erase': 'erasePersonalData',
  'POST /api/v1/threads/{id}/messages': 'postMessage',
  'GET /api/v1/data-protection/overview': 'getDataProtectionOverview',
  'POST /api/v1/access-reviews/{id}/decisions': 'decideAccessReviewGrant',
  'POST /api/v1/security-assessments/schedule': 'scheduleSecurityAssessments',
  'POST /api/v1/findings/{id}/accept-risk': 'acceptFindingRisk',
  'POST /api/v1/sourcing-events/{id}/scores': 'scoreSourcingCandidate',
  'GET /api/v1/sourcing-events/{id}/ranking': 'rankSourcingCandidates',
  'POST /api/v1/questionnaire-starters/{key}': 'copyStarterQuestionnaire',
  'PUT /api/v1/assessments/{id}/answers': 'saveAssessmentAnswers',
  'POST /api/v1/webhooks': 'registerWebhook',
  'POST /api/v1/webhooks/{id}/test': 'testWebhook',
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/replay': 'replayWebhookDelivery',
  'GET /api/v1/engagements/{id}/escalation-matrix/candidates': 'listEscalationCandidates',
  'POST /api/v1/engagements/{id}/meeting-series': 'startMeetingSeries',
  'GET /api/v1/engagements/{id}/meeting-series': 'listMeetingSeries',
  'GET /api/v1/meeting-series/{id}/occurrences': 'listMeetingOccurrences',
  'PUT /api/v1/meetings/{id}': 'writeMeetingNotes',
  'POST /api/v1/meetings/{id}/actions': 'addMeetingActionItem',
  'POST /api/v1/calendar/token': 'createCalendarFeed',
  'DELETE /api/v1/calendar/token': 'deleteCalendarFeed',
  'GET /api/v1/calendar/{file}': 'getCalendarFeed',
  'POST /api/v1/invoices': 'enterInvoice',
  'POST /api/v1/exchange-rates': 'enterExchangeRate',
  'GET /api/v1/spend': 'getSpend',
  'GET /api/v1/engagements/{id}/savings': 'getSavings',
  'GET /api/v1/engagements/{id}/renewal': 'getRenewal',
  'PUT /api/v1/engagements/{id}/renewal': 'setAutoRenewal',
  'PUT /api/v1/engagements/{id}/renewal-decision': 'decideRenewal',
  'GET /api/v1/engagements/{id}/exit-plan': 'getExitPlan',
  'PUT /api/v1/engagements/{id}/exit-plan': 'replaceExitPlan',
  'GET /api/v1/risks/heatmap': 'getRiskHeatmap',
  'POST /api/v1/risks/signals/refresh': 'refreshRiskSignals',
  'GET /api/v1/risks/settings': 'getRiskSettings',
  'PUT /api/v1/risks/settings': 'replaceRiskSettings',
  'GET /api/v1/reports/qbr': 'getQbrReport',
  'GET /api/v1/reports/portfolio': 'getPortfolioReport',
  'GET /api/v1/quality/portfolio': 'getQualityPortfolio',
  'GET /api/v1/inbox': 'getInbox',
  'GET /api/v1/me': 'getMe',
  // Single sign-on, the DORA register and sanctions screening (December 2026).
  'GET /api/v1/auth/providers': 'listSignInProviders',
  'GET /api/v1/registers/dora': 'exportDoraRegister',
  'GET /api/v1/registers/dora/view': 'getDoraRegister',
  'GET /api/v1/registers/dora/settings': 'getDoraRegisterSettings',
  'PUT /api/v1/registers/dora/settings': 'replaceDoraRegisterSettings',
  'GET /api/v1/registers/dora/functions': 'listDoraFunctions',
  'POST /api/v1/registers/dora/functions': 'createDoraFunction',
  'PUT /api/v1/registers/dora/functions/{id}': 'replaceDoraFunction',
  'DELETE /api/v1/registers/dora/functions/{id}': 'deleteDoraFunction',
  'POST /api/v1/screening/hits/{id}/decision': 'decideScreeningHit',
  'POST /api/v1/screening/lists/{source}/fetch': 'fetchScreeningList',
  'POST /api/v1/screening/lists/{source}/versions': 'loadScreeningList',
  'GET /api/v1/screening/lists/versions': 'listScreeningListVersions',
  'POST /api/v1/vendors/{id}/screening': 'screenVendor',
};

const VERB: Record<string, string> = {
  GET: 'get',
  POST: 'create',
  PUT: 'replace',
  PATCH: 'update',
  DELETE: 'delete',
};

const isParam = (s: string) => s.startsWith('{') || s.startsWith(':');
const isVersion = (s: string, i: number) => (i === 0 && s === 'api') || /^v\d+$/.test(s);

function singular(word: string): string {
  if (SINGULAR[word]) return SINGULAR[word];
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ch|sh|ss|x)es$/.test(word)) return word.replace(/es$/, '');
  if (/s$/.test(word) && !/ss$/.test(word) && !NOT_A_COLLECTION.has(word)) return word.replace(/s$/, '');
  return word;
}
const isPlural = (word: string) => !NOT_A_COLLECTION.has(word) && singular(word) !== word;

const pascal = (word: string) =>
  word
    .split(/[-_.]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** The operation id of `METHOD /path` (OpenAPI path template), by the override map or the rule. */
export function operationIdOf(method: string, path: string): string {
  const key = `${method.toUpperCase()} ${path}`;
  if (OVERRIDES[key]) return OVERRIDES[key];
  const segments = path
    .split('/')
    .filter(Boolean)
    .filter((s, i) => !isVersion(s, i));
  const nouns: string[] = [];
  segments.forEach((s, i) => {
    if (isParam(s)) return;
    const next = segments[i + 1];
    nouns.push(next !== undefined && isParam(next) ? singular(s) : s);
  });
  const last = segments.at(-1) ?? '';
  const endsWithParam = isParam(last);
  const m = method.toUpperCase();
  if (!endsWithParam && ACTIONS.has(last)) {
    const verb = pascal(last);
    return verb[0]!.toLowerCase() + verb.slice(1) + nouns.slice(0, -1).map(pascal).join('');
  }
  let verb = VERB[m] ?? m.toLowerCase();
  if (!endsWithParam && m === 'GET' && isPlural(last)) verb = 'list';
  if (!endsWithParam && m === 'POST') nouns[nouns.length - 1] = singular(last);
  return verb + nouns.map(pascal).join('');
}

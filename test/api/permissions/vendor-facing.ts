/**
 * What a vendor user may receive, checked against the OpenAPI document with a JSON Schema validator
 * we did not write (Ajv, draft 2020-12), and against lists written here by hand: the keys that are
 * internal per route, the marker values seeded into internal fields, and every key a vendor-facing
 * schema may declare (a new key anywhere in what vendor users receive fails until it is reviewed
 * and added below).
 */
import { schemaCompiler } from './contract';

type Json = Record<string, unknown>;
interface Doc {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
}

/** Values seeded into internal fields by the matrix; none may appear in a vendor user's answer. */
export const INTERNAL_MARKERS = {
  vendorNotes: 'INTERNAL-NOTE-7c1e',
  budget: 987_654_321,
  acceptanceReason: 'INTERNAL-ACCEPTANCE-REASON-5d2a',
  flagTitle: 'INTERNAL-FLAG-TITLE-93b0',
  optionScore: 777.25,
  weight: 333.5,
} as const;

/**
 * Keys that are internal, by the route's path: the review's findings and docs/roles.md, written
 * out again here rather than read from the contracts.
 */
const INTERNAL_KEYS: Array<[RegExp, string[]]> = [
  [/^\/api\/v1\/vendors(\/\{id\})?$/, ['status', 'criticality', 'ownerId', 'notes', 'allowedTransitions']],
  [
    /^\/api\/v1\/engagements(\/\{id\})?$/,
    ['budget', 'ownerId', 'allowedTransitions', 'derivedDeliveryModel', 'deliveryModelOverridden'],
  ],
  // The scoring model (weights, option points, flag rules) and its results.
  [/^\/api\/v1\/assessments/, ['score', 'weight', 'flags', 'severity', 'templateId']],
  // The client's risk acceptance (who, why) and the internal security assessment.
  [/^\/api\/v1\/findings/, ['reason', 'approverId', 'approverName', 'assessmentId']],
  // Anywhere: the client's budget and its rating of a vendor.
  [/./, ['budget', 'criticality']],
];

export function internalKeysOf(path: string): string[] {
  return [...new Set(INTERNAL_KEYS.filter(([re]) => re.test(path)).flatMap(([, keys]) => keys))];
}

/**
 * Every property name a vendor-facing schema declares, reviewed: a key added to a shape that vendor
 * users receive fails the matrix until someone decides it is theirs to see and adds it here.
 */
export const VENDOR_VISIBLE_KEYS = new Set<string>(
  `acceptance acceptanceCriteria accepted acceptedAt accessLevel accountable action actions active activity actual added after agenda agendaHtml aggregation allowedTransitions amount answer answeredAt answeredBy answeredByName answers approvedAt approvedBy assessmentType assumptions at atUtc attachments attendees authorId authorName baseVersion baselineVersion before body by byName cadence calendar calendarId calendars capped categories certificate certificateNumber change changes channel classification client closedAt code comment comments communication completedAt condition consulted contactId contacts contentType cost costImpact countries country countryName createdAt createdBy credit creditCapPct creditPct creditTotal credits criteria criterion csrfToken currency currencySource cycle cycles dataFlowIds dataSubjects date dateLong dayOfMonth daylightSaving days daysToExpiry decidedAt decidedBy decision decisionComment defaultChannel deletedAt deliverableId deliverables deliveryModel description digestHour digestTimezone direction disabled disagree disputeReason documentFileId doneAt dueAt dueDate dueOn duration durationMinutes earnBack editedAt email emailConfigured enabled encryptionAtRest encryptionInTransit end endDate endSessionUrl endsAt engagementId engagementTitle entityId entityType eventType evidenceFileId exitHandling expired expiresAt expiresOn explanation failures field fields fileId files findings firstPass firstPassCounted firstPassRate firstUtc flags format formats frequency from function generatedAt governanceForums graceHours grantedBy grantedOn granularity holidays hours html id imported inScope index informed inserted internalContacts interval isDefault issuedOn issuer items justification kept key kind kpiId kpis label languages lastActivityAt lastLoginAt lastMessageAt lastUsedAt legalBasis legalName lei level levels lines link list local localDate localEnd localStart localTime locale localeSource margin marked meanCycles meetingDate meetingId meetingSlot mentions message messageCount met milestones minutes minutesHtml money monthlyFee name net nextCursor note notes noticeDeadline noticePeriodDays nth number objectives occurrences offFor offsetAfterMinutes offsetBeforeMinutes offsetDifferenceMinutes onTime onTimeCounted onTimeRate openDisputes options organisation origin outOfScope overdue overlapAfterMinutes overlapBeforeMinutes owner p party partyId passed path paymentAmount period periodEnd periodStart periods permissions personEmail personName phone points prefix processingCountries proposedResolution publishedAt publishedBy purpose quality quantity questionId questions raci raisedOn rank readAt reason reasons reconciliation recordVolume recurrence region removed renewalDate reportingCadence required resolution responseMinutes responseTime responses responsible resultVersion retention review reviewOn reviewedAt reviewerId reviewerName revokeReason revokedAt revokedBy revokedByName role rule samples scheduleImpactDays scope score season seasons section sections security series seriesId seriesTitle service services severity sha256 side signedOn site siteId sites size skipped source sowVersion standard standardName start startDate startTime startsAt status storageCountries subProcessors submissions submittedAt submittedBy submittedByName suggested summary system target template templateName templateVersion text threadId timeliness timezone title to token total totalUnread transferMechanism trend type unit unreadCount unreadThreads until updatedAt updatedBy url user userId utcOffsetMinutes value vendor vendorContacts vendorId vendorName verifiedAt verifiedBy version via visibility visibleQuestions waivedByEarnBack website weekday weight weights workWeekSource workdays works year years`.split(
    /\s+/,
  ),
);

/** A schema's property names, following `$ref`s into the components. */
export function declaredKeys(doc: Doc, schema: unknown, out = new Set<string>(), seen = new Set<string>()) {
  if (Array.isArray(schema)) {
    for (const s of schema) declaredKeys(doc, s, out, seen);
    return out;
  }
  if (!schema || typeof schema !== 'object') return out;
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop()!;
    if (!seen.has(name)) {
      seen.add(name);
      declaredKeys(doc, doc.components.schemas[name], out, seen);
    }
    return out;
  }
  if (s.properties && typeof s.properties === 'object')
    for (const key of Object.keys(s.properties)) out.add(key);
  for (const [key, value] of Object.entries(s)) if (key !== 'examples') declaredKeys(doc, value, out, seen);
  return out;
}

/** Every object schema closed to keys it does not declare (zod's output already is; this makes sure). */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json))
    out[k] = k === 'properties' ? closedProps(v as Json) : closed(v);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}
const closedProps = (p: Json) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, closed(v)]));

/** A validator of answers against the document's vendor-facing schemas. */
export function vendorFacingChecker(doc: Doc) {
  const compile = schemaCompiler(closed(doc.components));

  return {
    /** The vendor-facing schema of an operation's answer, or null when it declares none. */
    schemaOf(method: string, path: string, status: number): unknown {
      const op = doc.paths[path]?.[method.toLowerCase()];
      const declared = op?.['x-outpost-vendor-response'] as Record<string, unknown> | undefined;
      return declared?.[String(status)] ?? null;
    },
    /** What is wrong with a vendor user's answer: a list of readable problems, empty when none. */
    problems(key: string, status: number, body: unknown): string[] {
      const [method, path] = key.split(' ') as [string, string];
      const out: string[] = [];
      // What the answer holds, whatever the document says.
      const internal = internalKeysOf(path);
      for (const found of keysIn(body))
        if (internal.includes(found)) out.push(`${key}: answers internal key ${found}`);
      out.push(...markersIn(key, JSON.stringify(body)));
      // What the document promises: the answer fits the vendor-facing schema, which declares nothing internal.
      const schema = this.schemaOf(method, path, status);
      if (!schema) return [...out, `${key}: declares no x-outpost-vendor-response for ${status}`];
      const validate = compile(closed(schema));
      if (!validate(body))
        for (const e of validate.errors ?? [])
          out.push(`${key}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      const declared = declaredKeys(doc, schema);
      for (const k of internal)
        if (declared.has(k)) out.push(`${key}: its vendor-facing schema declares ${k}`);
      for (const k of declared)
        if (!VENDOR_VISIBLE_KEYS.has(k)) out.push(`${key}: declares ${k}, not reviewed as vendor-visible`);
      return out;
    },
  };
}

/**
 * The internal marker values in an answer's text (JSON, or a document such as the SOW's Markdown,
 * where amounts are formatted: `9,876,543.21` is found as well as `987654321`).
 */
export function markersIn(key: string, text: string): string[] {
  const bare = text.replace(/[,.\s\u00a0\u202f'’]/g, '');
  return Object.entries(INTERNAL_MARKERS)
    .filter(
      ([, value]) =>
        text.includes(String(value)) || (typeof value === 'number' && bare.includes(String(value))),
    )
    .map(([name]) => `${key}: answers the internal ${name}`);
}

/** Every key of every object in a JSON value. */
function keysIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysIn(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysIn(v, out);
    }
  return out;
}

/**
 * Table ownership: every table of the schema belongs to one module (or to infrastructure), and a
 * module's SQL names only its own tables. Another module's rows reach it through the owner's
 * service (a narrow function the root passes in) or, where one statement needs them (a vendor's
 * name in a list, a vendor user's scope), through read fragments the owner exports from its
 * `queries.ts`, so a table's shape is known to its owner only. A new table must be given an owner
 * here; a query that names another module's table fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const server = join(dirname(fileURLToPath(import.meta.url)), '../../src/server');

/** Owner (a folder under src/server) → its tables. `db` and `jobs` are infrastructure. */
const OWNERS: Record<string, readonly string[]> = {
  'modules/accounts': [
    'users',
    'sessions',
    'apiTokens',
    'loginFailures',
    'identityProviders',
    'roleMappings',
    'ssoRequests',
  ],
  'modules/assurance': [
    'accessGrants',
    'accessReviews',
    'accessReviewItems',
    'securityAssessments',
    'findings',
    'findingComments',
    'assuranceSettings',
  ],
  'modules/audit': ['auditEvents', 'auditHead', 'auditCheckpoints'],
  'modules/business-cases': ['businessCases'],
  'modules/data-sharing': [
    'dataFlows',
    'agreements',
    'agreementDataFlows',
    'vendorTierChanges',
    'dataSharingSettings',
  ],
  'modules/diligence': ['certifications', 'vendorReferences', 'pastClients', 'diligenceSettings'],
  'modules/engagements': ['engagements', 'sowVersions', 'changeRequests'],
  'modules/escalations': ['escalationLevels'],
  'modules/events': ['events', 'eventConsumptions'],
  'modules/files': ['files'],
  'modules/meetings': ['meetingSeries', 'meetings', 'actionItems', 'calendarTokens'],
  'modules/calendars': ['holidayCalendars', 'holidayCalendarDays'],
  'modules/messaging': ['threads', 'messages', 'messageEdits', 'threadReads'],
  'modules/notifications': [
    'notifications',
    'notificationPreferences',
    'emailOutbox',
    'emailAttachments',
    'digestItems',
  ],
  'modules/portal': ['portalInvitations'],
  'modules/quality': [
    'measurements',
    'measurementRollups',
    'idempotencyKeys',
    'slaSettings',
    'slaPeriods',
    'deliverableSubmissions',
    'deliverableReviews',
    'scorecardSettings',
    'scorecards',
    'scorecardResponses',
  ],
  'modules/questionnaires': ['questionnaireTemplates', 'questionnaireTemplateVersions', 'assessments'],
  'modules/risks': ['risks', 'riskSettings'],
  'modules/screening': [
    'sanctionsListVersions',
    'sanctionsEntries',
    'screeningSettings',
    'screeningFetches',
    'screeningAliases',
    'screenedVendors',
    'screeningHits',
  ],
  'modules/settings': ['settings'],
  'modules/sourcing': [
    'sourcingEvents',
    'sourcingCandidates',
    'sourcingCriteria',
    'sourcingEvaluators',
    'sourcingScores',
  ],
  'modules/spend': ['invoices', 'exchangeRates', 'engagementRenewals', 'exitPlans'],
  'modules/vendors': ['vendors', 'vendorContacts', 'vendorSites'],
  'modules/registers': ['doraFunctions', 'doraFunctionEngagements', 'doraSettings'],
  'modules/webhooks': ['webhooks', 'webhookDeliveries'],
  jobs: ['jobLeases', 'jobRuns'],
  db: [],
};

/** The tables of `interface DB` in schema.ts. */
function schemaTables(): string[] {
  const schema = readFileSync(join(server, 'db/schema.ts'), 'utf8');
  const body = /export interface DB \{([^}]*)\}/.exec(schema)?.[1] ?? '';
  return [...body.matchAll(/^\s*(\w+)\s*:/gm)].map((m) => m[1]!);
}

/** Calls whose first argument names a table (`'table'`, `'table as t'`, or a list of them). */
const TABLE_CALLS =
  /\b(?:selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|using|(?:inner|left|right|full|cross)Join(?:Lateral)?|with(?:Recursive|Materialized|NotMaterialized)?)\(\s*(\[[^\]]*\]|'[^']*'|"[^"]*"|`[^`]*`)/g;
/** Infrastructure helpers that take a table as an argument (src/server/db). */
const TABLE_HELPERS =
  /\b(?:joinPicking|joinsOf|settingsRow|dueInQueue|claimInQueue|countForVendorIn)\b(<[^>]*>)?\(([^)]*)\)/g;
const LITERAL = /'([^']*)'|"([^"]*)"|`([^`]*)`/g;

/** Comments removed (a doc comment may show a query). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** The tables a source text names in SQL. */
function tablesNamed(text: string, tables: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const add = (args: string) => {
    for (const m of args.matchAll(LITERAL)) {
      const name = (m[1] ?? m[2] ?? m[3] ?? '').trim().split(/\s+as\s+/)[0]!;
      if (tables.has(name)) found.add(name);
    }
  };
  const src = code(text);
  for (const m of src.matchAll(TABLE_CALLS)) add(m[1]!);
  for (const m of src.matchAll(TABLE_HELPERS)) add(`${m[1] ?? ''} ${m[2]}`);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The owner folder a file belongs to: `modules/<name>`, or its top folder under src/server. */
function ownerOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'modules') return `modules/${parts[1]}`;
  return parts.length > 1 ? parts[0]! : '.';
}

describe('table ownership', () => {
  const tables = schemaTables();
  const tableSet = new Set(tables);
  const ownerOfTable = new Map<string, string[]>();
  for (const [owner, owned] of Object.entries(OWNERS))
    for (const t of owned) ownerOfTable.set(t, [...(ownerOfTable.get(t) ?? []), owner]);

  it('finds the tables and the queries it checks', () => {
    expect(tables.length).toBeGreaterThan(60);
    expect([
      ...tablesNamed("db.selectFrom('vendors as v').innerJoin('users as u', 'u.id', 'v.ownerId')", tableSet),
    ]).toEqual(['vendors', 'users']);
    expect([...tablesNamed("eb.selectFrom(['threads', 'messages as m'])", tableSet)]).toEqual([
      'threads',
      'messages',
    ]);
    expect([...tablesNamed("joinPicking(q, 'left', 'engagements', ref, picks)", tableSet)]).toEqual([
      'engagements',
    ]);
    expect([...tablesNamed("/** db.deleteFrom('files') */ db.updateTable('sessions')", tableSet)]).toEqual([
      'sessions',
    ]);
  });

  it('gives every table of the schema exactly one owner, and owns no table the schema lacks', () => {
    const problems = [
      ...tables.filter((t) => !ownerOfTable.has(t)).map((t) => `${t}: no owner`),
      ...[...ownerOfTable]
        .filter(([, owners]) => owners.length > 1)
        .map(([t, owners]) => `${t}: owned by ${owners.join(' and ')}`),
      ...[...ownerOfTable.keys()].filter((t) => !tableSet.has(t)).map((t) => `${t}: not in the schema`),
    ];
    expect(problems).toEqual([]);
  });

  it("lets a module's SQL name only its own tables (others' through their services or queries.ts)", () => {
    const crossings: string[] = [];
    for (const path of sourceFiles(server)) {
      const file = relative(server, path).split(sep).join('/');
      const owner = ownerOf(file);
      const own = new Set(OWNERS[owner] ?? []);
      const foreign = [...tablesNamed(readFileSync(path, 'utf8'), tableSet)].filter((t) => !own.has(t));
      for (const t of foreign)
        crossings.push(`${file} names ${t} (owned by ${ownerOfTable.get(t)?.join(', ')})`);
    }
    expect(crossings).toEqual([]);
  });
});

/**
 * The DORA register of information from Outpost's records: pure. The records come in as they
 * stood on the reference date (see `rewind`), the templates go out as rows of text cells in the
 * columns of templates.ts, with every missing or inconsistent value as an issue to fix.
 */
import type { RegisterIssue } from '../../../contracts/dora';
import { ICT_SERVICE_TYPES } from '../../../contracts/dora-values';
import { decimalText } from '../../../contracts/money';
import { CODE, FOREIGN_KEYS, TEMPLATES } from './templates';

/** One audit event as the rewind needs it: what changed, before and after. */
export interface ChangeEvent {
  seq: number;
  action: string;
  entityId: string;
  changes: Record<string, { before?: unknown; after?: unknown }>;
}

type Snapshot = Record<string, unknown>;

/**
 * Records as they stood before the given events (every event after the reference date): undo each,
 * newest first. A record created after the date did not exist; one deleted since is rebuilt from
 * its deletion's `before` values. Answers the records and how many fields were put back.
 */
export function rewind(
  current: Map<string, Snapshot>,
  events: ChangeEvent[],
): { records: Map<string, Snapshot>; restored: number } {
  const out = new Map<string, Snapshot | null>([...current].map(([id, r]) => [id, { ...r }]));
  let restored = 0;
  for (const e of [...events].sort((a, b) => b.seq - a.seq)) {
    if (/\.create$/.test(e.action)) {
      out.set(e.entityId, null);
      continue;
    }
    let state = out.get(e.entityId);
    if (!state) {
      state = { id: e.entityId };
      out.set(e.entityId, state);
    }
    for (const [key, change] of Object.entries(e.changes)) {
      if (!('before' in change) || change.before === undefined) delete state[key];
      else state[key] = change.before;
      restored++;
    }
  }
  const records = new Map<string, Snapshot>();
  for (const [id, r] of out) if (r) records.set(id, r);
  return { records, restored };
}

/** A JSON text (as some modules audit their columns) or the value itself. */
export const parsed = <T>(v: unknown, fallback: T): T => {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return fallback;
    }
  }
  return (v ?? fallback) as T;
};

/** A 0/1 column, a boolean, or null. */
export const flag = (v: unknown): boolean | null =>
  v === null || v === undefined ? null : v === true || Number(v) === 1;

export interface RegisterInput {
  referenceDate: string;
  /** The day the package is made (B_01.01 c0060). */
  reportingDate: string;
  organisation: { name: string; country: string; currency: string; lei: string | null };
  settings: { entityType: string | null; competentAuthority: string | null; level: 'IND' | 'CON' };
  vendors: Array<{ id: string; name: string; legalName: string | null; country: string; lei: string | null }>;
  engagements: Array<{
    id: string;
    vendorId: string;
    title: string;
    status: string;
    startDate: string;
    endDate: string | null;
    currency: string;
    monthlyFee: number;
    noticePeriodDays: number;
    ictServiceType: string | null;
    supportsCriticalFunction: boolean | null;
  }>;
  functions: Array<{
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
    engagementIds: string[];
  }>;
  flows: Array<{
    id: string;
    engagementId: string;
    classification: string;
    storageCountries: string[];
    processingCountries: string[];
    subProcessors: Array<{ name: string; country: string; lei: string | null; rank: number }>;
  }>;
  exitPlans: Array<{ engagementId: string; substitutability: string | null; reintegration: string | null }>;
}

export interface RegisterTemplateRows {
  code: string;
  name: string;
  columns: Array<{ code: string; name: string }>;
  rows: string[][];
}

/** Statuses of an engagement that are a contractual arrangement (a draft is not signed yet). */
const CONTRACTED = new Set(['active', 'on_hold', 'completed', 'terminated']);
/** The EBA's date for "no end date" in B_02.02 c0080 (as implementers fill it; see docs/protect.md). */
const OPEN_END = '9999-12-31';

const SENSITIVENESS: Record<string, string> = {
  public: CODE.level.low,
  internal: CODE.level.low,
  confidential: CODE.level.medium,
  restricted: CODE.level.high,
};
const RANK = ['public', 'internal', 'confidential', 'restricted'];
const CRITICALITY: Record<string, string> = { yes: CODE.yes, no: CODE.no, not_assessed: CODE.notAssessed };

const href = {
  organisation: '/settings/organisation',
  register: '/registers/dora',
  vendor: (id: string) => `/vendors/${id}`,
  engagement: (id: string) => `/engagements/${id}`,
  data: (id: string) => `/engagements/${id}?tab=data`,
  spend: (id: string) => `/engagements/${id}?tab=spend`,
  fn: (id: string) => `/registers/dora?function=${id}`,
};

export function buildRegister(input: RegisterInput): {
  templates: RegisterTemplateRows[];
  issues: RegisterIssue[];
} {
  const issues: RegisterIssue[] = [];
  const issue = (
    template: string,
    column: string | null,
    message: string,
    record: RegisterIssue['record'],
    severity: RegisterIssue['severity'] = 'error',
  ) => issues.push({ template, column, severity, message, record });
  const rows = new Map<string, string[][]>(TEMPLATES.map((t) => [t.code, []]));
  const add = (code: string, row: Array<string | number | null | undefined>) =>
    rows.get(code)!.push(row.map((c) => (c === null || c === undefined ? '' : String(c))));

  const org = input.organisation;
  const orgLei = org.lei ?? '';
  const orgRecord = { kind: 'organisation', id: 'organisation', label: org.name, href: href.organisation };
  const settingsRecord = { kind: 'settings', id: 'dora', label: 'Register settings', href: href.register };
  if (!org.lei) issue('B_01.01', 'c0010', 'The organisation has no LEI.', orgRecord);
  if (!input.settings.entityType)
    issue('B_01.01', 'c0040', 'The type of financial entity is not set.', settingsRecord);
  if (!input.settings.competentAuthority)
    issue('B_01.01', 'c0050', 'The competent authority is not set.', settingsRecord);
  const entityType = input.settings.entityType ? (CODE.entityType[input.settings.entityType] ?? '') : '';
  add('B_01.01', [
    orgLei,
    org.name,
    CODE.country(org.country),
    entityType,
    input.settings.competentAuthority,
    input.reportingDate,
  ]);
  add('B_01.02', [
    orgLei,
    org.name,
    CODE.country(org.country),
    entityType,
    CODE.ultimateParent,
    orgLei,
    input.reportingDate,
    null,
    OPEN_END,
    CODE.currency(org.currency),
    null,
  ]);
  issue(
    'B_01.02',
    'c0110',
    'Outpost does not keep the value of total assets; add it before submitting.',
    orgRecord,
    'warning',
  );

  const vendors = new Map(input.vendors.map((v) => [v.id, v]));
  const functionsOf = new Map<string, typeof input.functions>();
  for (const f of input.functions)
    for (const e of f.engagementIds) functionsOf.set(e, [...(functionsOf.get(e) ?? []), f]);
  const flowsOf = new Map<string, typeof input.flows>();
  for (const f of input.flows) flowsOf.set(f.engagementId, [...(flowsOf.get(f.engagementId) ?? []), f]);
  const exitOf = new Map(input.exitPlans.map((p) => [p.engagementId, p]));

  const arrangements = input.engagements
    .filter((e) => CONTRACTED.has(e.status) && e.startDate <= input.referenceDate)
    .sort((a, b) => a.id.localeCompare(b.id));
  const providers = new Map<
    string,
    {
      lei: string;
      name: string;
      legalName: string;
      country: string;
      expense: Map<string, number>;
      record: RegisterIssue['record'];
    }
  >();
  const providerKey = (lei: string | null, fallback: string) => lei ?? `(no LEI: ${fallback})`;

  for (const e of arrangements) {
    const vendor = vendors.get(e.vendorId);
    const eRecord = { kind: 'engagement', id: e.id, label: e.title, href: href.engagement(e.id) };
    const vRecord = vendor
      ? { kind: 'vendor', id: vendor.id, label: vendor.name, href: href.vendor(vendor.id) }
      : null;
    const vendorLei = vendor?.lei ?? '';
    if (vendor && !vendor.lei)
      issue(
        'B_05.01',
        'c0010',
        `${vendor.name} has no LEI; its arrangements cannot be linked to B_05.01.`,
        vRecord,
      );
    if (vendor) {
      const key = providerKey(vendor.lei, vendor.name);
      const p = providers.get(key) ?? {
        lei: vendorLei,
        name: vendor.name,
        legalName: vendor.legalName ?? vendor.name,
        country: vendor.country,
        expense: new Map<string, number>(),
        record: vRecord,
      };
      p.expense.set(e.currency, (p.expense.get(e.currency) ?? 0) + e.monthlyFee * 12);
      providers.set(key, p);
    }
    add('B_02.01', [
      e.id,
      CODE.standalone,
      null,
      CODE.currency(e.currency),
      decimalText(e.monthlyFee * 12, e.currency),
    ]);
    add('B_03.01', [e.id, orgLei, 'true']);
    add('B_03.02', [e.id, vendorLei, vendorLei ? CODE.lei : null]);
    add('B_04.01', [e.id, orgLei, CODE.notBranch, null]);

    if (!e.ictServiceType) issue('B_02.02', 'c0060', `“${e.title}” has no type of ICT services.`, eRecord);
    const ict =
      e.ictServiceType && e.ictServiceType in ICT_SERVICE_TYPES ? CODE.ictService(e.ictServiceType) : '';
    const fns = functionsOf.get(e.id) ?? [];
    if (!fns.length) issue('B_02.02', 'c0050', `No function of B_06.01 is linked to “${e.title}”.`, eRecord);
    const critical = fns.some((f) => f.criticality === 'yes');
    if (e.supportsCriticalFunction === null)
      issue(
        'B_02.02',
        'c0050',
        `“${e.title}” does not say whether it supports a critical or important function.`,
        eRecord,
        'warning',
      );
    else if (e.supportsCriticalFunction && fns.length && !critical)
      issue(
        'B_06.01',
        'c0050',
        `“${e.title}” supports a critical or important function, but none of its functions is assessed as one.`,
        eRecord,
      );
    else if (!e.supportsCriticalFunction && critical)
      issue(
        'B_06.01',
        'c0050',
        `“${e.title}” is said not to support a critical or important function, but ${fns.find((f) => f.criticality === 'yes')!.identifier} is one.`,
        eRecord,
      );

    const flows = flowsOf.get(e.id) ?? [];
    const stored = flows.flatMap((f) => f.storageCountries);
    const processed = flows.flatMap((f) => f.processingCountries);
    const highest = flows.reduce((h, f) => Math.max(h, RANK.indexOf(f.classification)), -1);
    for (const fn of fns.length ? fns : [null])
      add('B_02.02', [
        e.id,
        orgLei,
        vendorLei,
        vendorLei ? CODE.lei : null,
        fn?.identifier,
        ict,
        e.startDate,
        e.endDate ?? OPEN_END,
        null,
        e.noticePeriodDays,
        null,
        null,
        vendor ? CODE.country(vendor.country) : null,
        flows.length ? CODE.yes : CODE.no,
        stored[0] ? CODE.country(stored[0]) : null,
        processed[0] ? CODE.country(processed[0]) : null,
        highest >= 0 ? SENSITIVENESS[RANK[highest]!] : null,
        null,
      ]);

    // The supply chain: each flow's sub-processors by rank; rank 2 serves the vendor, rank n the
    // one sub-processor of rank n − 1 in the same register entry.
    for (const flow of flows) {
      for (const sp of flow.subProcessors) {
        const dRecord = {
          kind: 'dataFlow',
          id: flow.id,
          label: `${e.title}: ${sp.name}`,
          href: href.data(e.id),
        };
        if (!sp.lei)
          issue('B_05.02', 'c0030', `Sub-processor ${sp.name} of “${e.title}” has no LEI.`, dRecord);
        let recipient: string | null = vendorLei || null;
        if (sp.rank > 2) {
          const above = flow.subProcessors.filter((o) => o.rank === sp.rank - 1);
          if (above.length !== 1) {
            issue(
              'B_05.02',
              'c0060',
              `Sub-processor ${sp.name} has rank ${sp.rank}, but “${e.title}” has ${above.length ? 'several' : 'no'} sub-processor(s) of rank ${sp.rank - 1} to serve.`,
              dRecord,
            );
            recipient = null;
          } else recipient = above[0]!.lei;
        }
        add('B_05.02', [
          e.id,
          ict,
          sp.lei,
          sp.lei ? CODE.lei : null,
          sp.rank,
          recipient,
          recipient ? CODE.lei : null,
        ]);
        const key = providerKey(sp.lei, sp.name);
        if (!providers.has(key))
          providers.set(key, {
            lei: sp.lei ?? '',
            name: sp.name,
            legalName: sp.name,
            country: sp.country,
            expense: new Map(),
            record: dRecord,
          });
      }
    }

    const supports = e.supportsCriticalFunction === true || critical;
    if (supports) {
      const plan = exitOf.get(e.id);
      const sRecord = {
        kind: 'exitPlan',
        id: e.id,
        label: `Exit plan of “${e.title}”`,
        href: href.spend(e.id),
      };
      if (!plan)
        issue(
          'B_07.01',
          'c0080',
          `“${e.title}” supports a critical or important function but has no exit plan.`,
          sRecord,
        );
      else {
        if (!plan.substitutability)
          issue(
            'B_07.01',
            'c0050',
            `The exit plan of “${e.title}” does not assess substitutability.`,
            sRecord,
          );
        if (!plan.reintegration)
          issue('B_07.01', 'c0090', `The exit plan of “${e.title}” does not assess reintegration.`, sRecord);
      }
      add('B_07.01', [
        e.id,
        vendorLei,
        vendorLei ? CODE.lei : null,
        ict,
        plan?.substitutability
          ? CODE.substitutability[plan.substitutability as keyof typeof CODE.substitutability]
          : null,
        null,
        null,
        plan ? CODE.yes : CODE.no,
        plan?.reintegration
          ? CODE.reintegration[plan.reintegration as keyof typeof CODE.reintegration]
          : null,
        null,
        null,
        null,
      ]);
    }
  }

  for (const p of [...providers.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    // One total only when every arrangement is in one currency; otherwise the column stays empty.
    const [currency, amount] = p.expense.size === 1 ? [...p.expense][0]! : [org.currency, null];
    if (p.expense.size > 1)
      issue(
        'B_05.01',
        'c0100',
        `${p.name} is paid in ${[...p.expense.keys()].join(' and ')}; enter the total in one currency.`,
        p.record,
        'warning',
      );
    add('B_05.01', [
      p.lei,
      p.lei ? CODE.lei : null,
      null,
      null,
      p.legalName,
      p.name,
      CODE.legalPerson,
      CODE.country(p.country),
      CODE.currency(currency),
      amount === null ? null : decimalText(amount, currency),
      null,
      null,
    ]);
  }

  const linked = new Set(arrangements.map((e) => e.id));
  for (const f of [...input.functions].sort((a, b) => a.identifier.localeCompare(b.identifier))) {
    const fRecord = { kind: 'function', id: f.id, label: `${f.identifier} ${f.name}`, href: href.fn(f.id) };
    if (!f.licensedActivity)
      issue('B_06.01', 'c0020', `Function ${f.identifier} has no licensed activity.`, fRecord);
    if (f.rtoHours === null)
      issue(
        'B_06.01',
        'c0080',
        `Function ${f.identifier} has no recovery time objective.`,
        fRecord,
        'warning',
      );
    if (f.rpoHours === null)
      issue(
        'B_06.01',
        'c0090',
        `Function ${f.identifier} has no recovery point objective.`,
        fRecord,
        'warning',
      );
    if (!f.engagementIds.some((id) => linked.has(id)))
      issue(
        'B_06.01',
        'c0010',
        `Function ${f.identifier} is supported by no contractual arrangement in the register.`,
        fRecord,
        'warning',
      );
    add('B_06.01', [
      f.identifier,
      f.licensedActivity,
      f.name,
      orgLei,
      CRITICALITY[f.criticality] ?? '',
      f.criticalityReasons,
      f.lastAssessedOn,
      f.rtoHours,
      f.rpoHours,
      f.discontinuingImpact ? CODE.level[f.discontinuingImpact as keyof typeof CODE.level] : null,
    ]);
  }

  add('B_99.01', aggregates(rows));

  const templates = TEMPLATES.map((t) => ({
    code: t.code,
    name: t.name,
    columns: t.columns,
    rows: rows.get(t.code)!,
  }));
  issues.push(...checkForeignKeys(templates));
  return { templates, issues };
}

/** B_99.01: counts of the coded values the other templates carry. */
function aggregates(rows: Map<string, string[][]>): number[] {
  const count = (code: string, col: number, value: string) =>
    rows.get(code)!.filter((r) => r[col] === value).length;
  const l = CODE.level;
  const s = CODE.substitutability;
  const r = CODE.reintegration;
  return [
    count('B_02.01', 1, 'eba_CO:x1'),
    count('B_02.01', 1, 'eba_CO:x2'),
    count('B_02.01', 1, 'eba_CO:x3'),
    count('B_02.02', 16, l.low),
    count('B_02.02', 16, l.medium),
    count('B_02.02', 16, l.high),
    count('B_06.01', 9, l.low),
    count('B_06.01', 9, l.medium),
    count('B_06.01', 9, l.high),
    count('B_07.01', 4, s.not_substitutable),
    count('B_07.01', 4, s.highly_complex),
    count('B_07.01', 4, s.medium_complexity),
    count('B_07.01', 4, s.easy),
    count('B_07.01', 8, r.easy),
    count('B_07.01', 8, r.difficult),
    count('B_07.01', 8, r.highly_complex),
    count('B_07.01', 9, l.low),
    count('B_07.01', 9, l.medium),
    count('B_07.01', 9, l.high),
  ];
}

/** Every value of a linking column must be a key of the template it points to; an empty one is missing. */
function checkForeignKeys(templates: RegisterTemplateRows[]): RegisterIssue[] {
  const byCode = new Map(templates.map((t) => [t.code, t]));
  const column = (code: string, col: string) => {
    const t = byCode.get(code)!;
    const i = t.columns.findIndex((c) => c.code === col);
    return t.rows.map((r) => r[i] ?? '');
  };
  const out: RegisterIssue[] = [];
  for (const { from, to } of FOREIGN_KEYS) {
    const keys = new Set(column(to[0], to[1]).filter(Boolean));
    const values = column(from[0], from[1]);
    const empty = values.filter((v) => !v).length;
    const dangling = [...new Set(values.filter((v) => v && !keys.has(v)))];
    if (empty)
      out.push({
        template: from[0],
        column: from[1],
        severity: 'error',
        record: null,
        message: `${empty} row(s) of ${from[0]} have no ${from[1]}, which must be a key of ${to[0]} ${to[1]}.`,
      });
    for (const v of dangling)
      out.push({
        template: from[0],
        column: from[1],
        severity: 'error',
        record: null,
        message: `${from[0]} ${from[1]} ${v} is not in ${to[0]} ${to[1]}.`,
      });
  }
  return out;
}

/**
 * The package's name by the EBA's convention for plain-csv reports: the reporting subject (LEI and
 * level), country, framework and module version, module, reference date and creation time.
 */
export function packageName(
  lei: string,
  level: string,
  country: string,
  referenceDate: string,
  createdAt: Date,
): string {
  const stamp = createdAt.toISOString().replace(/[-:TZ.]/g, '');
  return `${lei}.${level}_${country}_DORA010100_DORA_${referenceDate}_${stamp}`;
}

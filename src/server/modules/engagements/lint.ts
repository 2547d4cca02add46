/**
 * The scope linter: what makes a statement of work vague or incomplete. Pure: takes the document
 * and the engagement's dates and budget, returns the findings and a clarity score.
 *
 * score = max(0, 100 − the points of every finding). Each section a SOW needs has a weight (they
 * add up to 100) and a missing section costs all of it, so an empty SOW scores 0; within written
 * sections an error costs 10, a warning 4, a note 1, an objective with nothing to measure 8 (at most
 * 16 for all of them) and a KPI whose direction contradicts its unit or name 16 (decision 108).
 */
import type { LintFinding, LintResult, SowDocument } from '../../../contracts/engagements';
import { formatMoney } from '../../../contracts/money';

/** What each part of a SOW is worth: missing, it costs all of it. Adds up to 100. */
const SECTION_WEIGHTS = {
  objectives: 16,
  inScope: 16,
  outOfScope: 8,
  assumptions: 4,
  deliverables: 12,
  milestones: 8,
  kpis: 14,
  credits: 6,
  raci: 8,
  governanceForums: 5,
  reportingCadence: 3,
} as const;
const FINDING_POINTS = { error: 10, warning: 4, info: 1 } as const;
/** Per objective, up to the objectives' own weight: all of them vague is as bad as none. */
const UNMEASURABLE_OBJECTIVE_POINTS = 8;
/** Alone it takes an otherwise perfect SOW below 85, out of the "clear" band. */
const CONTRADICTED_DIRECTION_POINTS = 16;

/** Phrases that let either side read a commitment their own way. */
const VAGUE_PHRASES = [
  'as needed',
  'as appropriate',
  'as required',
  'best effort',
  'best efforts',
  'reasonable',
  'etc.',
  'tbd',
  'asap',
  'and/or',
  'including but not limited to',
  'where possible',
  'if possible',
  'promptly',
  'timely',
  'periodically',
  'approximately',
] as const;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const VAGUE = new RegExp(
  `(?<![\\p{L}\\p{N}])(${VAGUE_PHRASES.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);

export function vagueTerms(text: string): string[] {
  return [...text.matchAll(VAGUE)].map((m) => m[1]!.toLowerCase());
}

interface LintContext {
  startDate: string;
  endDate: string | null;
  budget: number;
  /** The engagement's currency: the budget and milestone payments are minor units of it. */
  currency: string;
}

export function score(findings: Array<Pick<LintFinding, 'points'>>): number {
  const penalty = findings.reduce((sum, f) => sum + f.points, 0);
  return Math.max(0, 100 - penalty);
}

/** A number, a percentage or a quantity word: something a result can be checked against. */
const MEASURABLE =
  /\p{N}|%|(?<![\p{L}])(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|half|double|twice|triple|percent|per cent)(?![\p{L}])/iu;

const isMeasurable = (text: string) => MEASURABLE.test(text);

const TIME_UNIT =
  /^(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|d|days?|(business|working|calendar) days?|weeks?)\b/i;
/** Times that are better long: hours of service, training, notice. */
const LONG_IS_GOOD =
  /\b(availability|available|uptime|training|coverage|opening|operating|service hours|support hours|notice|retention|tenure|mtbf|between failures)\b/i;
/** Rates of things that should not happen. */
const BAD_EVENTS =
  /\b(errors?|defects?|abandon\w*|complaints?|escalations?|rework|re-?opens?|re-?opened|backlog|churn|attrition|turnover|downtime|failures?|failed|incidents?|breach\w*|overdue|late|missed|dpmo)\b/i;
/** …unless the name counts their absence. */
const ABSENCE =
  /(-free\b|\bfree of\b|\bwithout\b|\bno\b|\bzero\b|\baccura\w*|\bcorrect\w*|first[- ]time[- ]right)/i;
/** Shares of things done well (also "incidents resolved within 4 h": a completion rate). */
const GOOD_RESULTS =
  /\b(availability|available|uptime|accuracy|accurate|satisfaction|csat|nps|net promoter|first[- ]contact resolution|fcr|service level|adherence|on[- ]time|quality score|compliance|within|resolved|closed|answered|completed)\b/i;

/**
 * Which way a KPI's result should go, judged from its unit and name; null when it cannot tell.
 * A time is better short unless it is a time of service (availability, training, notice); a share
 * of things done well is better high; a count or rate of things that should not happen, low.
 */
export function betterDirection(kpi: { name: string; unit: string | null }): 'at_least' | 'at_most' | null {
  const unit = (kpi.unit ?? '').trim();
  if (TIME_UNIT.test(unit) && !LONG_IS_GOOD.test(kpi.name)) return 'at_most';
  if (GOOD_RESULTS.test(kpi.name)) return 'at_least';
  if (BAD_EVENTS.test(kpi.name)) return ABSENCE.test(kpi.name) ? 'at_least' : 'at_most';
  return null;
}

const SIGN = { at_least: '≥', at_most: '≤' } as const;
const WORDS = { at_least: 'at least', at_most: 'at most' } as const;

export function lintSow(doc: SowDocument, ctx: LintContext): LintResult {
  const findings: LintFinding[] = [];
  const add = (
    rule: string,
    severity: LintFinding['severity'],
    path: string,
    message: string,
    points: number = FINDING_POINTS[severity],
  ) => findings.push({ rule, severity, path, message, points });
  const missing = (
    section: keyof typeof SECTION_WEIGHTS,
    rule: string,
    severity: LintFinding['severity'],
    path: string,
    message: string,
  ) => add(rule, severity, path, message, SECTION_WEIGHTS[section]);

  if (doc.objectives.length === 0)
    missing(
      'objectives',
      'objectives.missing',
      'error',
      'objectives',
      'State at least one objective: what the engagement must achieve, with a number and a date, e.g. “Answer 80 % of calls within 20 seconds from March 2027”.',
    );
  if (doc.inScope.length === 0)
    missing(
      'inScope',
      'scope.in-missing',
      'error',
      'inScope',
      'List what is in scope: the services, channels, languages, sites and volumes the vendor delivers, e.g. “Inbound voice support in German, up to 12,000 calls a month”.',
    );
  if (doc.outOfScope.length === 0)
    missing(
      'outOfScope',
      'scope.out-missing',
      'warning',
      'outOfScope',
      'List what is out of scope, so that nobody assumes it is included, e.g. “Outbound sales calls”.',
    );
  if (doc.assumptions.length === 0)
    missing(
      'assumptions',
      'assumptions.missing',
      'info',
      'assumptions',
      'State the assumptions the price rests on — volumes, what the client provides and by when — e.g. “The client provides CRM accounts for every agent by 15 January”.',
    );
  if (doc.deliverables.length === 0)
    missing(
      'deliverables',
      'deliverables.missing',
      'warning',
      'deliverables',
      'Name at least one deliverable, with acceptance criteria and a due date.',
    );
  if (doc.milestones.length === 0)
    missing(
      'milestones',
      'milestones.missing',
      'warning',
      'milestones',
      'Add milestones with due dates — transition complete, go-live, first service review — and the payments tied to them.',
    );
  if (doc.kpis.length === 0)
    missing(
      'kpis',
      'kpis.missing',
      'warning',
      'kpis',
      'Add KPIs with a unit, a target, a direction and a period, e.g. “Average speed of answer at most 30 s per month”: without them service levels cannot be measured.',
    );
  if (!doc.kpis.some((k) => k.creditPct > 0))
    missing(
      'credits',
      'credits.missing',
      'warning',
      doc.kpis.length ? 'kpis' : 'creditCapPct',
      'No KPI carries a service credit, so a missed target costs the vendor nothing: give the key KPIs a credit in % of the monthly fee (commonly 2–10 % each) and set a cap (commonly 10–20 %).',
    );
  if (doc.raci.length === 0)
    missing(
      'raci',
      'raci.missing',
      'warning',
      'raci',
      'Add a RACI table: for each recurring activity (staffing plan, reporting, incident handling) who is responsible, and the one role accountable.',
    );
  if (doc.governanceForums.length === 0)
    missing(
      'governanceForums',
      'governance.missing',
      'warning',
      'governanceForums',
      'Name the governance forums — e.g. a monthly service review and a quarterly business review — with their cadence and attendees.',
    );
  if (!doc.reportingCadence)
    missing(
      'reportingCadence',
      'reporting.missing',
      'info',
      'reportingCadence',
      'Say how often the vendor reports on the service (weekly, monthly…).',
    );

  let vagueObjectivePoints = SECTION_WEIGHTS.objectives;
  doc.objectives.forEach((o, i) => {
    if (isMeasurable(o)) return;
    const points = Math.min(UNMEASURABLE_OBJECTIVE_POINTS, vagueObjectivePoints);
    vagueObjectivePoints -= points;
    add(
      'objective.unmeasurable',
      'warning',
      `objectives[${i}]`,
      `“${o}” has nothing to measure: add a number, a unit and a date, e.g. “Raise customer satisfaction from 78 % to 85 % by December 2027”.`,
      points,
    );
  });

  doc.deliverables.forEach((d, i) => {
    const at = `deliverables[${i}]`;
    if (d.acceptanceCriteria.length === 0)
      add(
        'deliverable.acceptance',
        'error',
        `${at}.acceptanceCriteria`,
        `“${d.title}” has no acceptance criteria: say how it will be judged done.`,
      );
    if (!d.dueDate) add('deliverable.due', 'error', `${at}.dueDate`, `“${d.title}” has no due date.`);
    else if (d.dueDate < ctx.startDate || (ctx.endDate && d.dueDate > ctx.endDate)) {
      add(
        'deliverable.due-outside',
        'warning',
        `${at}.dueDate`,
        `“${d.title}” is due ${d.dueDate}, outside the engagement (${ctx.startDate} to ${ctx.endDate ?? 'open end'}).`,
      );
    }
  });

  doc.kpis.forEach((k, i) => {
    const at = `kpis[${i}]`;
    if (k.target === null) add('kpi.incomplete', 'error', `${at}.target`, `KPI “${k.name}” has no target.`);
    if (!k.unit) add('kpi.incomplete', 'error', `${at}.unit`, `KPI “${k.name}” has no unit.`);
    if (!k.period)
      add('kpi.incomplete', 'error', `${at}.period`, `KPI “${k.name}” has no measurement period.`);
    const better = betterDirection(k);
    if (better && better !== k.direction) {
      const what = better === 'at_most' ? 'lower is better' : 'higher is better';
      const target = k.target === null ? '' : ` ${k.target}${k.unit ? ` ${k.unit}` : ''}`;
      add(
        'kpi.direction',
        'warning',
        `${at}.direction`,
        `KPI “${k.name}” reads “${SIGN[k.direction]}${target}”, but for it ${what}: write “${WORDS[better]}${target}” (${SIGN[better]}), or the vendor meets the target by doing worse.`,
        CONTRADICTED_DIRECTION_POINTS,
      );
    }
  });

  let previous: { due: string; index: number } | null = null;
  doc.milestones.forEach((m, i) => {
    if (!m.dueDate) {
      add('milestone.due', 'warning', `milestones[${i}].dueDate`, `Milestone “${m.title}” has no due date.`);
      return;
    }
    if (previous && m.dueDate < previous.due) {
      add(
        'milestones.order',
        'warning',
        `milestones[${i}].dueDate`,
        `Milestone “${m.title}” (${m.dueDate}) is due before the one listed before it (${previous.due}).`,
      );
    }
    previous = { due: m.dueDate, index: i };
  });
  const payments = doc.milestones.reduce((s, m) => s + (m.paymentAmount ?? 0), 0);
  if (payments > ctx.budget) {
    add(
      'milestones.over-budget',
      'error',
      'milestones',
      `Milestone payments add up to ${formatMoney(payments, ctx.currency)}, more than the budget of ${formatMoney(ctx.budget, ctx.currency)}.`,
    );
  }

  doc.raci.forEach((r, i) => {
    if (r.accountable.length !== 1) {
      add(
        'raci.accountable',
        'error',
        `raci[${i}].accountable`,
        `“${r.activity}” must have exactly one accountable role; it has ${r.accountable.length}.`,
      );
    }
  });

  const largestCredit = Math.max(0, ...doc.kpis.map((k) => k.creditPct));
  if (largestCredit > 0 && (doc.creditCapPct === null || doc.creditCapPct < largestCredit)) {
    add(
      'credits.cap',
      'error',
      'creditCapPct',
      `The service-credit cap (${doc.creditCapPct ?? 'none'}%) is below the largest single KPI credit (${largestCredit}%).`,
    );
  }

  for (const [path, text] of texts(doc)) {
    for (const term of new Set(vagueTerms(text))) {
      add('wording.vague', 'warning', path, `“${term}” is vague: say exactly what, when or how much.`);
    }
  }
  return { score: score(findings), findings };
}

/** Every free text of the document with its path. */
function* texts(doc: SowDocument): Generator<[string, string]> {
  for (const section of ['objectives', 'inScope', 'outOfScope', 'assumptions'] as const) {
    for (const [i, t] of doc[section].entries()) yield [`${section}[${i}]`, t];
  }
  for (const [i, d] of doc.deliverables.entries()) {
    yield [`deliverables[${i}].title`, d.title];
    yield [`deliverables[${i}].description`, d.description];
    for (const [j, c] of d.acceptanceCriteria.entries())
      yield [`deliverables[${i}].acceptanceCriteria[${j}]`, c];
  }
  for (const [i, m] of doc.milestones.entries()) yield [`milestones[${i}].title`, m.title];
  for (const [i, k] of doc.kpis.entries()) yield [`kpis[${i}].name`, k.name];
  for (const [i, r] of doc.raci.entries()) yield [`raci[${i}].activity`, r.activity];
}

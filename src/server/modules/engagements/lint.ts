/**
 * The scope linter: what makes a statement of work vague or incomplete. Pure: takes the document
 * and the engagement's dates and budget, returns the findings and a clarity score.
 *
 * score = max(0, 100 − 15 × errors − 5 × warnings − 1 × infos)
 */
import type { LintFinding, LintResult, SowDocument } from '../../../contracts/engagements';
import { formatMoney } from '../../../contracts/money';

const SCORE_WEIGHTS = { error: 15, warning: 5, info: 1 } as const;

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

export function score(findings: LintFinding[]): number {
  const penalty = findings.reduce((sum, f) => sum + SCORE_WEIGHTS[f.severity], 0);
  return Math.max(0, 100 - penalty);
}

export function lintSow(doc: SowDocument, ctx: LintContext): LintResult {
  const findings: LintFinding[] = [];
  const add = (rule: string, severity: LintFinding['severity'], path: string, message: string) =>
    findings.push({ rule, severity, path, message });

  if (doc.objectives.length === 0)
    add(
      'objectives.missing',
      'error',
      'objectives',
      'State at least one objective: what the engagement must achieve.',
    );
  if (doc.inScope.length === 0) add('scope.in-missing', 'error', 'inScope', 'List what is in scope.');
  if (doc.outOfScope.length === 0)
    add(
      'scope.out-missing',
      'warning',
      'outOfScope',
      'List what is out of scope, so that nobody assumes it is included.',
    );
  if (doc.deliverables.length === 0)
    add('deliverables.missing', 'warning', 'deliverables', 'Name at least one deliverable.');
  if (doc.kpis.length === 0)
    add('kpis.missing', 'info', 'kpis', 'No KPIs: service levels cannot be measured.');

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

import { describe, expect, it } from 'vitest';
import { SOW_FRAGMENTS } from '../../../../test/fixtures/sow-fragments';
import { SowDocument, type SowDocumentInput } from '../../../contracts/engagements';
import { betterDirection, lintSow, score, vagueTerms } from './lint';

const ctx = { startDate: '2027-01-01', endDate: '2027-12-31', budget: 1_000_000, currency: 'EUR' };

/** A SOW the linter has nothing to say about; each case below breaks one thing. */
const clean: SowDocumentInput = {
  objectives: ['Answer 80% of customer calls within 20 seconds from March 2027'],
  inScope: ['Inbound voice support for retail customers in German and English'],
  outOfScope: ['Outbound sales calls'],
  assumptions: ['The client provides CRM accounts for every agent by 15 January 2027'],
  deliverables: [
    {
      id: 'dlv_01JD3ZQ8N00000000000000000',
      title: 'Agent training plan',
      description: 'Two-week plan',
      acceptanceCriteria: ['Signed off by the client operations lead'],
      dueDate: '2027-01-20',
    },
  ],
  milestones: [
    { title: 'Go-live', dueDate: '2027-02-01', paymentAmount: 200_000 },
    { title: 'First quarterly review', dueDate: '2027-05-01', paymentAmount: 100_000 },
  ],
  kpis: [
    {
      name: 'Service level',
      unit: '%',
      aggregation: 'ratio',
      direction: 'at_least',
      target: 80,
      period: 'month',
      creditPct: 5,
      weight: 2,
    },
  ],
  creditCapPct: 10,
  raci: [
    {
      activity: 'Weekly staffing plan',
      responsible: ['Vendor team lead'],
      accountable: ['Vendor delivery manager'],
      consulted: ['Client WFM'],
      informed: ['Client ops lead'],
    },
  ],
  reportingCadence: 'weekly',
  governanceForums: [
    {
      name: 'Monthly service review',
      cadence: 'monthly',
      attendees: ['Client ops lead', 'Vendor delivery manager'],
    },
  ],
};

const doc = (patch: Partial<SowDocumentInput> = {}) => SowDocument.parse({ ...clean, ...patch });
const rules = (patch: Partial<SowDocumentInput>, c = ctx) =>
  lintSow(doc(patch), c).findings.map((f) => `${f.rule}@${f.path}`);

describe('scope linter', () => {
  it('passes a clear SOW with a score of 100', () => {
    expect(lintSow(doc(), ctx)).toEqual({ score: 100, findings: [] });
  });

  it.each([
    ['no objectives', { objectives: [] }, 'objectives.missing@objectives'],
    ['no in-scope items', { inScope: [] }, 'scope.in-missing@inScope'],
    ['no out-of-scope items', { outOfScope: [] }, 'scope.out-missing@outOfScope'],
    [
      'a deliverable without acceptance criteria',
      { deliverables: [{ ...clean.deliverables![0]!, acceptanceCriteria: [] }] },
      'deliverable.acceptance@deliverables[0].acceptanceCriteria',
    ],
    [
      'a deliverable without a due date',
      { deliverables: [{ ...clean.deliverables![0]!, dueDate: null }] },
      'deliverable.due@deliverables[0].dueDate',
    ],
    [
      'a deliverable due after the engagement',
      { deliverables: [{ ...clean.deliverables![0]!, dueDate: '2028-03-01' }] },
      'deliverable.due-outside@deliverables[0].dueDate',
    ],
    [
      'a deliverable due before the engagement',
      { deliverables: [{ ...clean.deliverables![0]!, dueDate: '2026-12-01' }] },
      'deliverable.due-outside@deliverables[0].dueDate',
    ],
    [
      'a KPI without a target',
      { kpis: [{ ...clean.kpis![0]!, target: null }] },
      'kpi.incomplete@kpis[0].target',
    ],
    ['a KPI without a unit', { kpis: [{ ...clean.kpis![0]!, unit: null }] }, 'kpi.incomplete@kpis[0].unit'],
    [
      'a KPI without a period',
      { kpis: [{ ...clean.kpis![0]!, period: null }] },
      'kpi.incomplete@kpis[0].period',
    ],
    [
      'milestones out of date order',
      { milestones: [...clean.milestones!].reverse() },
      'milestones.order@milestones[1].dueDate',
    ],
    [
      'milestone payments over the budget',
      { milestones: [{ title: 'All', dueDate: '2027-02-01', paymentAmount: 1_000_001 }] },
      'milestones.over-budget@milestones',
    ],
    [
      'a RACI activity with no accountable',
      { raci: [{ ...clean.raci![0]!, accountable: [] }] },
      'raci.accountable@raci[0].accountable',
    ],
    [
      'a RACI activity with two accountables',
      { raci: [{ ...clean.raci![0]!, accountable: ['A', 'B'] }] },
      'raci.accountable@raci[0].accountable',
    ],
    ['a credit cap below the largest KPI credit', { creditCapPct: 4 }, 'credits.cap@creditCapPct'],
    ['no credit cap while KPIs carry credits', { creditCapPct: null }, 'credits.cap@creditCapPct'],
    ['vague wording in scope', { inScope: ['Support customers as needed'] }, 'wording.vague@inScope[0]'],
    [
      'vague wording in acceptance criteria',
      { deliverables: [{ ...clean.deliverables![0]!, acceptanceCriteria: ['Quality is reasonable'] }] },
      'wording.vague@deliverables[0].acceptanceCriteria[0]',
    ],
  ] as const)('flags %s', (_name, patch, expected) => {
    expect(rules(patch as Partial<SowDocumentInput>)).toContain(expected);
  });

  it('finds every vague phrase the issue names, case-insensitively and as whole words', () => {
    const text =
      'As Needed, as appropriate, best effort, Reasonable, etc. TBD ASAP and/or including but not limited to';
    expect(new Set(vagueTerms(text))).toEqual(
      new Set([
        'as needed',
        'as appropriate',
        'best effort',
        'reasonable',
        'etc.',
        'tbd',
        'asap',
        'and/or',
        'including but not limited to',
      ]),
    );
  });

  it('does not flag words that merely contain a vague one', () => {
    expect(vagueTerms('Unreasonableness is not measured; the TBDX code and asaps are names')).toEqual([]);
  });

  it('scores 100 less the points of every finding, never below 0', () => {
    const f = (points: number) => ({ points });
    expect(score([f(10), f(4), f(1)])).toBe(85);
    expect(score(Array.from({ length: 11 }, () => f(10)))).toBe(0);
  });

  it('an empty SOW scores 0 and says what to write in every section', () => {
    const result = lintSow(SowDocument.parse({}), ctx);
    expect(result.score).toBe(0);
    const byRule = new Map(result.findings.map((f) => [f.rule, f]));
    expect(byRule.get('milestones.missing')?.message).toContain('due dates');
    expect(byRule.get('raci.missing')?.message).toContain('accountable');
    expect(byRule.get('governance.missing')?.message).toContain('service review');
    expect(byRule.get('credits.missing')?.message).toContain('% of the monthly fee');
  });

  it('questions "first response ≥ 60 s" and says what to write', () => {
    const result = lintSow(
      doc({
        kpis: [
          {
            name: 'First response',
            unit: 's',
            aggregation: 'mean',
            direction: 'at_least',
            target: 60,
            period: 'month',
            creditPct: 5,
          },
        ],
      }),
      ctx,
    );
    const finding = result.findings.find((f) => f.rule === 'kpi.direction');
    expect(finding).toMatchObject({ path: 'kpis[0].direction', severity: 'warning' });
    expect(finding?.message).toContain('lower is better');
    expect(finding?.message).toContain('at most 60 s');
    expect(finding?.message).not.toMatch(/at_least|at_most/);
    expect(result.score).toBeLessThan(85);
  });

  it.each([
    ['Average handling time', 'min', 'at_most'],
    ['Time to resolve P1', 'hours', 'at_most'],
    ['Defect rate', '%', 'at_most'],
    ['Invoice processing accuracy', '%', 'at_least'],
    ['Error-free payroll runs', '%', 'at_least'],
    ['Uptime', 'h', 'at_least'],
    ['Tickets handled', 'count', null],
  ] as const)('reads %s (%s) as %s', (name, unit, expected) => {
    expect(betterDirection({ name, unit })).toBe(expected);
  });

  const VERDICT_BANDS = { clear: [85, 100], 'needs work': [60, 84], incomplete: [0, 59] } as const;

  it('has at least twenty real-world fragments, each band inside its verdict', () => {
    expect(SOW_FRAGMENTS.length).toBeGreaterThanOrEqual(20);
    for (const f of SOW_FRAGMENTS) {
      const [low, high] = VERDICT_BANDS[f.verdict];
      expect(f.band[0], f.name).toBeGreaterThanOrEqual(low);
      expect(f.band[1], f.name).toBeLessThanOrEqual(high);
    }
  });

  it.each(SOW_FRAGMENTS.map((f) => [f.name, f] as const))('judges %s', (_name, fragment) => {
    const result = lintSow(SowDocument.parse(fragment.doc), ctx);
    const found = result.findings.map((f) => f.rule);
    expect(result.score).toBeGreaterThanOrEqual(fragment.band[0]);
    expect(result.score).toBeLessThanOrEqual(fragment.band[1]);
    expect(found).toEqual(expect.arrayContaining(fragment.findings ?? []));
    for (const rule of fragment.not ?? []) expect(found).not.toContain(rule);
    if (fragment.band[0] === 100) expect(result.findings).toEqual([]);
    // Every point the score lost is on a finding a person can read.
    expect(result.score).toBe(Math.max(0, 100 - result.findings.reduce((s, f) => s + f.points, 0)));
  });
});

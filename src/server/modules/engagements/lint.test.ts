import { describe, expect, it } from 'vitest';
import { SowDocument, type SowDocumentInput } from '../../../contracts/engagements';
import { lintSow, score, vagueTerms } from './lint';

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

  it('scores 100 − 15 per error − 5 per warning − 1 per info, never below 0', () => {
    const f = (severity: 'error' | 'warning' | 'info') => ({ rule: 'x', severity, path: 'x', message: 'x' });
    expect(score([f('error'), f('warning'), f('info')])).toBe(79);
    expect(score(Array.from({ length: 10 }, () => f('error')))).toBe(0);
  });

  it('an empty SOW scores low and names what is missing', () => {
    const result = lintSow(SowDocument.parse({}), ctx);
    expect(result.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining([
        'objectives.missing',
        'scope.in-missing',
        'scope.out-missing',
        'deliverables.missing',
        'kpis.missing',
      ]),
    );
    expect(result.score).toBeLessThan(60);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RISK_STATUSES } from '../../../contracts/risks';
import {
  acceptanceExpired,
  acceptanceProblem,
  allowedTransitions,
  breachStreak,
  canTransition,
  heatmap,
  planSignals,
  type SignalCondition,
} from './rules';

const cond = (key: string, extra: Partial<SignalCondition> = {}): SignalCondition => ({
  key,
  vendorId: 'vnd_1',
  title: key,
  category: 'operational',
  likelihood: 3,
  impact: 3,
  data: {},
  ...extra,
});
const open = (key: string, source: string, c = cond(key)) => ({
  id: `rsk_${key}`,
  key,
  source,
  title: c.title,
  likelihood: c.likelihood,
  impact: c.impact,
  signalData: JSON.stringify(c.data),
  vendorId: c.vendorId,
  engagementId: null,
});

describe('risk life cycle', () => {
  it('allows staying put and exactly the listed moves; signals never close or reopen by hand', () => {
    for (const kind of ['manual', 'signal'] as const)
      for (const from of RISK_STATUSES)
        for (const to of RISK_STATUSES)
          expect(canTransition(kind, from, to)).toBe(
            from === to || allowedTransitions(kind, from).includes(to),
          );
    expect(allowedTransitions('manual', 'accepted')).toEqual(['mitigating', 'closed']);
    expect(allowedTransitions('manual', 'closed')).toEqual(['open']);
    for (const from of RISK_STATUSES) {
      expect(allowedTransitions('signal', from)).not.toContain('closed');
      expect(allowedTransitions('signal', from)).not.toContain('open');
    }
  });

  it('takes an acceptance after today and within three years; it expires the day after', () => {
    expect(acceptanceProblem('2027-01-10', '2027-01-10')).toBe('must be after today');
    expect(acceptanceProblem('2027-01-11', '2027-01-10')).toBeNull();
    expect(acceptanceProblem('2031-01-11', '2027-01-10')).toBe('must be within three years');
    expect(acceptanceExpired('accepted', '2027-02-01', '2027-02-01')).toBe(false);
    expect(acceptanceExpired('accepted', '2027-02-01', '2027-02-02')).toBe(true);
    expect(acceptanceExpired('open', '2027-02-01', '2027-02-02')).toBe(false);
  });
});

describe('heat map', () => {
  it('puts each count in its cell and ignores ratings off the grid (property: the total is kept)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            likelihood: fc.integer({ min: 1, max: 5 }),
            impact: fc.integer({ min: 1, max: 5 }),
            count: fc.nat(50),
          }),
        ),
        (cells) => {
          const grid = heatmap(cells);
          expect(grid.flat().reduce((s, n) => s + n, 0)).toBe(cells.reduce((s, c) => s + c.count, 0));
        },
      ),
    );
    expect(
      heatmap([
        { likelihood: 4, impact: 5, count: 2 },
        { likelihood: 6, impact: 1, count: 9 },
      ])[3]![4],
    ).toBe(2);
  });
});

describe('reconciling signals', () => {
  it('opens new keys, updates changed ones, keeps unchanged ones and closes what a source no longer reports', () => {
    const plan = planSignals(
      [
        { source: 'a', ok: true, conditions: [cond('a:1'), cond('a:2', { likelihood: 5 }), cond('a:4')] },
        { source: 'b', ok: true, conditions: [] },
      ],
      [open('a:1', 'a'), open('a:2', 'a'), open('a:3', 'a'), open('b:1', 'b')],
    );
    expect(plan.open.map((o) => o.condition.key)).toEqual(['a:4']);
    expect(plan.update.map((u) => u.id)).toEqual(['rsk_a:2']);
    expect(plan.seen).toEqual(['rsk_a:1']);
    expect(plan.close.map((c) => c.key)).toEqual(['a:3', 'b:1']);
  });

  it('leaves a failed source’s signals alone and counts a key reported twice once', () => {
    const plan = planSignals(
      [
        { source: 'a', ok: false, conditions: [] },
        { source: 'b', ok: true, conditions: [cond('b:1'), cond('b:1', { title: 'again' })] },
      ],
      [open('a:1', 'a')],
    );
    expect(plan.close).toEqual([]);
    expect(plan.open).toHaveLength(1);
  });

  it('never opens a key that is open, and closes only keys that are open (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 20 })),
        fc.array(fc.integer({ min: 0, max: 20 })),
        (openKeys, seen) => {
          const plan = planSignals(
            [{ source: 's', ok: true, conditions: seen.map((k) => cond(`s:${k}`)) }],
            openKeys.map((k) => open(`s:${k}`, 's')),
          );
          const openSet = new Set(openKeys.map((k) => `s:${k}`));
          for (const o of plan.open) expect(openSet.has(o.condition.key)).toBe(false);
          for (const c of plan.close) expect(seen.map((k) => `s:${k}`)).not.toContain(c.key);
          expect(plan.open.length + plan.update.length + plan.seen.length).toBe(new Set(seen).size);
        },
      ),
    );
  });
});

describe('SLA breach streak', () => {
  it('needs 2 breached months of the last 3 closed ones', () => {
    const m = (period: string, met: number) => ({ period, evaluated: 3, met });
    expect(breachStreak([m('2027-03', 3), m('2027-02', 2), m('2027-01', 1)]).breached).toBe(true);
    expect(breachStreak([m('2027-04', 3), m('2027-03', 3), m('2027-02', 2), m('2027-01', 1)]).breached).toBe(
      false,
    );
    expect(breachStreak([m('2027-01', 0)]).breached).toBe(false);
    expect(breachStreak([{ period: '2027-02', evaluated: 0, met: 0 }, m('2027-01', 1)]).breached).toBe(false);
  });
});

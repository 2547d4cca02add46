import { describe, expect, it } from 'vitest';
import { assignRanks, costScores, normaliseWeights, rankCandidates, sensitivity } from './rules';

const criteria = [
  { id: 'cost', weight: 40 },
  { id: 'quality', weight: 40 },
  { id: 'security', weight: 20 },
];
const s = (vendorId: string, criterionId: string, evaluatorId: string, score: number) => ({
  vendorId,
  criterionId,
  evaluatorId,
  score,
});

describe('sourcing ranking', () => {
  it('normalises weights to 100, and splits evenly when all are zero', () => {
    expect(
      Object.fromEntries(
        normaliseWeights([
          { id: 'a', weight: 1 },
          { id: 'b', weight: 3 },
        ]),
      ),
    ).toEqual({
      a: 25,
      b: 75,
    });
    expect(
      Object.fromEntries(
        normaliseWeights([
          { id: 'a', weight: 0 },
          { id: 'b', weight: 0 },
        ]),
      ),
    ).toEqual({
      a: 50,
      b: 50,
    });
  });

  it('weights the mean of the evaluators per criterion, worked by hand', () => {
    const [a, b] = rankCandidates({
      candidates: ['A', 'B'],
      criteria,
      evaluators: ['e1', 'e2'],
      scores: [
        // A: cost (4+5)/2 = 4.5, quality 3, security 5 → 0.4·90 + 0.4·60 + 0.2·100 = 80
        s('A', 'cost', 'e1', 4),
        s('A', 'cost', 'e2', 5),
        s('A', 'quality', 'e1', 3),
        s('A', 'quality', 'e2', 3),
        s('A', 'security', 'e1', 5),
        s('A', 'security', 'e2', 5),
        // B: cost 5, quality 4, security (0+2)/2 = 1 → 0.4·100 + 0.4·80 + 0.2·20 = 76
        s('B', 'cost', 'e1', 5),
        s('B', 'cost', 'e2', 5),
        s('B', 'quality', 'e1', 4),
        s('B', 'quality', 'e2', 4),
        s('B', 'security', 'e1', 0),
        s('B', 'security', 'e2', 2),
      ],
    });
    expect([a!.vendorId, a!.weightedScore, a!.rank, a!.complete]).toEqual(['A', 80, 1, true]);
    expect([b!.vendorId, b!.weightedScore, b!.rank]).toEqual(['B', 76, 2]);
    expect(b!.byCriterion.find((c) => c.criterionId === 'security')).toMatchObject({
      mean: 1,
      min: 0,
      max: 2,
      spread: 2,
      scores: 2,
    });
    // e1 on B: 0.4·100 + 0.4·80 + 0.2·0 = 72; e2: 0.4·100 + 0.4·80 + 0.2·40 = 80.
    expect(b!.evaluatorSpread).toMatchObject({ min: 72, max: 80, spread: 8 });
  });

  it('shares a rank between equal scores and ranks the next after them', () => {
    const ranked = assignRanks([
      { id: 'x', weightedScore: 70 },
      { id: 'y', weightedScore: 90 },
      { id: 'z', weightedScore: 90 },
      { id: 'w', weightedScore: null },
    ]);
    expect(ranked.map((r) => `${r.id}${r.rank}`)).toEqual(['y1', 'z1', 'x3', 'wnull']);
  });

  it('reports a missing score and leaves the criterion out instead of counting zero', () => {
    const [only] = rankCandidates({
      candidates: ['A'],
      criteria,
      evaluators: ['e1', 'e2'],
      scores: [s('A', 'cost', 'e1', 5), s('A', 'quality', 'e1', 0), s('A', 'quality', 'e2', 5)],
    });
    // Security nobody scored: (0.4·100 + 0.4·50) / 0.8 = 75, not 60.
    expect(only!.weightedScore).toBe(75);
    expect(only!.complete).toBe(false);
    expect(only!.missing).toEqual([
      { criterionId: 'cost', evaluatorId: 'e2' },
      { criterionId: 'security', evaluatorId: 'e1' },
      { criterionId: 'security', evaluatorId: 'e2' },
    ]);
    expect(only!.byCriterion.find((c) => c.criterionId === 'security')!.mean).toBeNull();
  });

  it('finds the weight moves of ±10 points that change the order', () => {
    const input = {
      candidates: ['Cheap', 'Good'],
      criteria: [
        { id: 'cost', weight: 50 },
        { id: 'quality', weight: 50 },
      ],
      evaluators: ['e1'],
      // Cheap: 0.5·100 + 0.5·40 = 70; Good: 0.5·60 + 0.5·100 = 80.
      scores: [
        s('Cheap', 'cost', 'e1', 5),
        s('Cheap', 'quality', 'e1', 2),
        s('Good', 'cost', 'e1', 3),
        s('Good', 'quality', 'e1', 5),
      ],
    };
    const base = rankCandidates(input);
    expect(base.map((r) => r.vendorId)).toEqual(['Good', 'Cheap']);
    const { stable, cases } = sensitivity(input, base);
    // cost +10 → 60/40: Cheap 0.6·100 + 0.4·40 = 76, Good 0.6·60 + 0.4·100 = 76: a tie, order kept.
    const costUp = cases.find((c) => c.criterionId === 'cost' && c.delta === 10)!;
    expect(costUp.weights).toEqual({ cost: 60, quality: 40 });
    expect(costUp.order.map((o) => [o.vendorId, o.weightedScore, o.rank])).toEqual([
      ['Good', 76, 1],
      ['Cheap', 76, 1],
    ]);
    expect(costUp.orderChanged).toBe(false);
    expect(stable).toBe(true);
    expect(cases).toHaveLength(4);

    // With cost at 55, a +10 move takes Cheap ahead.
    const tilted = {
      ...input,
      criteria: [
        { id: 'cost', weight: 55 },
        { id: 'quality', weight: 45 },
      ],
    };
    const moved = sensitivity(tilted, rankCandidates(tilted));
    expect(moved.stable).toBe(false);
    expect(moved.cases.find((c) => c.criterionId === 'cost' && c.delta === 10)!.leaderChanged).toBe(true);
  });

  it('suggests cost scores relative to the cheapest bid', () => {
    expect(
      Object.fromEntries(
        costScores(
          new Map([
            ['A', 100],
            ['B', 200],
            ['C', 0],
          ]),
        ),
      ),
    ).toEqual({ A: 5, B: 2.5 });
  });
});

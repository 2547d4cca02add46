/**
 * The bid comparison's maths, pure: weights normalised to 100, a candidate's weighted score from
 * the mean of the evaluators' scores per criterion (a criterion nobody scored is left out and
 * reported, never counted as zero), ranks with ties, the spread between evaluators, and how the
 * order moves when one weight moves ±10 points.
 */

interface CriterionIn {
  id: string;
  weight: number;
}
interface ScoreIn {
  vendorId: string;
  criterionId: string;
  evaluatorId: string;
  score: number;
}
interface RankInput {
  candidates: string[];
  criteria: CriterionIn[];
  evaluators: string[];
  scores: ScoreIn[];
}

interface CriterionResult {
  criterionId: string;
  mean: number | null;
  scores: number;
  min: number | null;
  max: number | null;
  spread: number | null;
}
interface CandidateResult {
  vendorId: string;
  weightedScore: number | null;
  rank: number | null;
  complete: boolean;
  byCriterion: CriterionResult[];
  evaluatorSpread: {
    min: number | null;
    max: number | null;
    spread: number | null;
    byEvaluator: { evaluatorId: string; weightedScore: number }[];
  };
  missing: { criterionId: string; evaluatorId: string }[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Weights as shares of 100 (all equal when every weight is 0). */
export function normaliseWeights(criteria: readonly CriterionIn[]): Map<string, number> {
  const total = criteria.reduce((s, c) => s + c.weight, 0);
  return new Map(
    criteria.map((c) => [c.id, total > 0 ? (c.weight / total) * 100 : 100 / Math.max(1, criteria.length)]),
  );
}

/** Σ w·(mean/5)·100 ÷ Σ w over the criteria that have a value; null when none has. */
function weighted(values: Map<string, number | null>, weights: Map<string, number>): number | null {
  let sum = 0;
  let wsum = 0;
  for (const [id, w] of weights) {
    const v = values.get(id);
    if (v === null || v === undefined || w <= 0) continue;
    sum += w * (v / 5) * 100;
    wsum += w;
  }
  return wsum > 0 ? sum / wsum : null;
}

/** Standard competition ranks (1, 1, 3) by score at two decimals, best first; unscored last without a rank. */
export function assignRanks<T extends { weightedScore: number | null }>(
  items: T[],
): Array<T & { rank: number | null }> {
  const sorted = items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => {
      const x = a.item.weightedScore;
      const y = b.item.weightedScore;
      if (x === null || y === null) return x === y ? a.i - b.i : x === null ? 1 : -1;
      return round2(y) - round2(x) || a.i - b.i;
    });
  let lastScore: number | null = null;
  let lastRank = 0;
  return sorted.map(({ item }, position) => {
    if (item.weightedScore === null) return { ...item, rank: null };
    const s = round2(item.weightedScore);
    const rank = s === lastScore ? lastRank : position + 1;
    lastScore = s;
    lastRank = rank;
    return { ...item, rank };
  });
}

/** Every candidate's result, best first. `weights` overrides the normalised weights (sensitivity). */
export function rankCandidates(
  input: RankInput,
  weights = normaliseWeights(input.criteria),
): CandidateResult[] {
  const byKey = new Map<string, number>();
  for (const s of input.scores) byKey.set(`${s.vendorId}|${s.criterionId}|${s.evaluatorId}`, s.score);
  const results = input.candidates.map((vendorId) => {
    const byCriterion: CriterionResult[] = [];
    const means = new Map<string, number | null>();
    const missing: { criterionId: string; evaluatorId: string }[] = [];
    const perEvaluator = new Map<string, Map<string, number | null>>(
      input.evaluators.map((e) => [e, new Map()]),
    );
    for (const c of input.criteria) {
      const given: number[] = [];
      for (const e of input.evaluators) {
        const v = byKey.get(`${vendorId}|${c.id}|${e}`);
        perEvaluator.get(e)!.set(c.id, v ?? null);
        if (v === undefined) missing.push({ criterionId: c.id, evaluatorId: e });
        else given.push(v);
      }
      const mean = given.length ? given.reduce((a, b) => a + b, 0) / given.length : null;
      means.set(c.id, mean);
      const min = given.length ? Math.min(...given) : null;
      const max = given.length ? Math.max(...given) : null;
      byCriterion.push({
        criterionId: c.id,
        mean: mean === null ? null : round2(mean),
        scores: given.length,
        min,
        max,
        spread: min === null || max === null ? null : max - min,
      });
    }
    const byEvaluator: { evaluatorId: string; weightedScore: number }[] = [];
    for (const [evaluatorId, values] of perEvaluator) {
      const w = weighted(values, weights);
      if (w !== null) byEvaluator.push({ evaluatorId, weightedScore: round2(w) });
    }
    const own = byEvaluator.map((b) => b.weightedScore);
    const lo = own.length ? Math.min(...own) : null;
    const hi = own.length ? Math.max(...own) : null;
    const score = weighted(means, weights);
    return {
      vendorId,
      weightedScore: score === null ? null : round2(score),
      complete: missing.length === 0,
      byCriterion,
      evaluatorSpread: {
        min: lo,
        max: hi,
        spread: lo === null || hi === null ? null : round2(hi - lo),
        byEvaluator,
      },
      missing,
    };
  });
  return assignRanks(results);
}

interface SensitivityCase {
  criterionId: string;
  delta: number;
  weights: Record<string, number>;
  order: { vendorId: string; weightedScore: number | null; rank: number | null }[];
  orderChanged: boolean;
  leaderChanged: boolean;
}

/**
 * Move each criterion's normalised weight by ±10 points (kept within 0–100), rescale the others
 * to keep the total at 100, and rank again. A move that cannot happen (a lone criterion; a weight
 * already at the bound) is left out.
 */
export function sensitivity(
  input: RankInput,
  base: CandidateResult[],
): { stable: boolean; cases: SensitivityCase[] } {
  const weights = normaliseWeights(input.criteria);
  const baseOrder = base.map((c) => c.vendorId);
  const cases: SensitivityCase[] = [];
  for (const c of input.criteria) {
    const w = weights.get(c.id)!;
    for (const delta of [10, -10]) {
      const moved = Math.min(100, Math.max(0, w + delta));
      if (moved === w || 100 - w <= 0) continue;
      const factor = (100 - moved) / (100 - w);
      const next = new Map([...weights].map(([id, x]) => [id, id === c.id ? moved : x * factor]));
      // Candidates in the base order, so a tie keeps it (a tie is not a change of order).
      const ranked = rankCandidates({ ...input, candidates: baseOrder }, next);
      const order = ranked.map((r) => r.vendorId);
      cases.push({
        criterionId: c.id,
        delta,
        weights: Object.fromEntries([...next].map(([id, x]) => [id, round2(x)])),
        order: ranked.map((r) => ({ vendorId: r.vendorId, weightedScore: r.weightedScore, rank: r.rank })),
        orderChanged: order.some((v, i) => v !== baseOrder[i]),
        leaderChanged: order[0] !== baseOrder[0],
      });
    }
  }
  return { stable: cases.every((k) => !k.orderChanged), cases };
}

/** A suggested 0–5 cost score: the cheapest candidate gets 5, the others 5 × cheapest ÷ theirs. */
export function costScores(costs: Map<string, number>): Map<string, number> {
  const positive = [...costs.values()].filter((c) => c > 0);
  if (!positive.length) return new Map();
  const cheapest = Math.min(...positive);
  return new Map(
    [...costs]
      .filter(([, c]) => c > 0)
      .map(([vendorId, c]) => [vendorId, Math.round((5 * cheapest * 10) / c) / 10]),
  );
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One money module: src/contracts/money.ts alone knows a currency's ISO 4217 exponent (issue 16:
 * the business case divided yen and dinars by a hard-coded 100). So no other file of the product
 * (server, web, contracts, CLI) may:
 *
 * - multiply or divide by 100 (or 0.01, 1e2), or by a power of ten (`10 **`, `Math.pow(10`),
 * - write a number with `toFixed(2)` (two decimals is the euro's exponent, not every currency's),
 * - format money with Intl itself (`style: 'currency'`),
 * - import the exponent data (`currency-codes`).
 *
 * Percentages are not money: a percent-named value divided by 100 (`benefitsPct / 100`) is
 * recognised as such. Every other use of 100 is listed below with the reason it is not money;
 * an entry that no longer matches fails the test, so the list cannot go stale.
 */
const ROOT = path.resolve(__dirname, '../..');
const MONEY = 'src/contracts/money.ts';

interface Allowed {
  file: string;
  /** The exact text of the allowed expression, as it stands in the file. */
  code: string;
  reason: string;
}

const ALLOWED: Allowed[] = [
  {
    file: 'src/server/modules/business-cases/rules.ts',
    code: '(1 + benefits / 100)',
    reason: 'benefits is the benefits percentage (benefitsPct times its risk factor)',
  },
  {
    file: 'src/server/modules/business-cases/rules.ts',
    code: "(salaryEscalationPct * f(factors, 'salaryEscalation')) / 100",
    reason: 'a percentage times its risk factor, as a fraction',
  },
  {
    file: 'src/server/modules/business-cases/rules.ts',
    code: "(option.annualEscalationPct * f(factors, 'vendorEscalation')) / 100",
    reason: 'a percentage times its risk factor, as a fraction',
  },
  {
    file: 'src/server/modules/business-cases/rules.ts',
    code: "(option.governancePct * f(factors, 'governancePct')) / 100",
    reason: 'a percentage times its risk factor, as a fraction',
  },
  {
    file: 'src/server/modules/business-cases/rules.ts',
    code: 'roundMinor(x * 100) / 100',
    reason: 'round2: a percentage (savings %) to two decimals',
  },
  {
    file: 'src/server/modules/business-cases/rules.ts',
    code: '(p / 100)',
    reason: 'nearestRank: p is a percentile (P10/P50/P90)',
  },
  {
    file: 'src/server/modules/business-cases/rules.ts',
    code: '(totalSavings / totalInHouse) * 100',
    reason: 'savingsPct: a ratio of two amounts in the same currency, as a percentage',
  },
  {
    file: 'src/server/modules/business-cases/export.ts',
    code: 'v.toFixed(2)',
    reason: 'pct(): a percentage (savings %) written with two decimals',
  },
  {
    file: 'src/server/modules/business-cases/export.ts',
    code: 'o.savingsPct.toFixed(2)',
    reason: 'the savings percentage in the CSV, two decimals as the API gives it',
  },
  {
    file: 'src/server/modules/business-cases/export.ts',
    code: '(o.risk.probabilityOfLoss * 100)',
    reason: 'a probability (0..1) as a percentage',
  },
  {
    file: 'src/web/features/business-cases/components/Analysis.tsx',
    code: '(o.risk.probabilityOfLoss * 100)',
    reason: 'a probability (0..1) as a percentage',
  },
  {
    file: 'src/server/modules/quality/rules.ts',
    code: '(p / 100)',
    reason: 'nearestRankOf: p is a percentile of measurements',
  },
  {
    file: 'src/server/modules/quality/rules.ts',
    code: '((t.num ?? 0) / t.den) * 100',
    reason: 'a KPI ratio (numerator / denominator) as a percentage',
  },
  {
    file: 'src/server/modules/quality/rules.ts',
    code: '(met / evaluated) * 100',
    reason: 'share of KPIs met, as a percentage',
  },
  {
    file: 'src/server/modules/quality/service.ts',
    code: '(met / evaluated) * 100',
    reason: 'share of KPIs met, as a percentage',
  },
  {
    file: 'src/server/modules/quality/service.ts',
    code: '(x.met / x.kpiPeriods) * 100',
    reason: 'share of KPI periods met, as a percentage',
  },
  {
    file: 'src/server/modules/quality/review-rules.ts',
    code: 'Math.round((part / whole) * 10000) / 100',
    reason: 'pct(): a share as a percentage with two decimals',
  },
  {
    file: 'src/server/modules/quality/review-rules.ts',
    code: 'accepted.length) * 100) / 100',
    reason: 'the mean number of review cycles, to two decimals',
  },
  {
    file: 'src/server/modules/quality/review-rules.ts',
    code: '((l.score! - 1) / 4) * 100',
    reason: 'a 1–5 score on a 0–100 scale',
  },
  {
    file: 'src/server/modules/spend/rules.ts',
    code: '(done * 100) / total',
    reason: 'exit-plan readiness: share of steps done, as a percentage',
  },
  {
    file: 'src/server/modules/diligence/rules.ts',
    code: 'given.length) * 100) / 100',
    reason: 'a mean score to two decimals',
  },
  {
    file: 'src/server/modules/files/service.ts',
    code: '(bytes / 1024 / 1024).toFixed(2)',
    reason: 'a file size in MiB',
  },
  {
    file: 'src/server/modules/sourcing/rules.ts',
    code: 'Math.round(n * 100) / 100',
    reason: 'round2: weights and scores to two decimals',
  },
  {
    file: 'src/server/modules/sourcing/rules.ts',
    code: '(c.weight / total) * 100',
    reason: 'a criterion weight normalised to a percentage',
  },
  {
    file: 'src/server/modules/sourcing/rules.ts',
    code: '100 / Math.max(1, criteria.length)',
    reason: 'equal weights (percentages) when none is given',
  },
  {
    file: 'src/server/modules/sourcing/rules.ts',
    code: '(v / 5) * 100',
    reason: 'a 0–5 score on a 0–100 scale',
  },
  {
    file: 'src/server/modules/sourcing/service.ts',
    code: 'Math.round(weights.get(c.id)! * 100) / 100',
    reason: 'a normalised weight to two decimals',
  },
  {
    file: 'src/server/modules/questionnaires/rules.ts',
    code: 'Math.round((got / weight) * 10000) / 100',
    reason: 'a questionnaire score as a percentage with two decimals',
  },
  {
    file: 'src/server/modules/reports/service.ts',
    code: '((v.kpisMet / v.kpisEvaluated) * 100)',
    reason: 'share of KPIs met, as a percentage',
  },
  {
    file: 'src/server/modules/reports/rules.ts',
    code: '((met / evaluated) * 100)',
    reason: 'share of KPIs met, as a percentage',
  },
  {
    file: 'src/web/features/dashboard/DashboardPage.tsx',
    code: '(m.net / max) * 100',
    reason: 'a bar width as a percentage of the largest month',
  },
  {
    file: 'src/web/features/dashboard/DashboardPage.tsx',
    code: '(d.sla.attainment * 100)',
    reason: 'an attainment share (0..1) as a percentage',
  },
  {
    file: 'src/web/features/diligence/components/TrackRecordCard.tsx',
    code: 'latestTotal} / 100',
    reason: 'text: a scorecard total "out of 100"',
  },
  {
    file: 'src/web/features/quality/components/MeasurementEntry.tsx',
    code: '(e.loaded / e.total) * 100',
    reason: 'the share of a CSV upload sent so far, as a percentage for the progress bar',
  },
  {
    file: 'src/web/features/quality/components/ScorecardsCard.tsx',
    code: 'card.total} / 100',
    reason: 'text: a scorecard total "out of 100"',
  },
  {
    file: 'src/web/features/sourcing/pages/SourcingEventPage.tsx',
    code: 'c.weightedScore.toFixed(2)',
    reason: 'a weighted score (0–100)',
  },
  {
    file: 'src/web/features/sourcing/pages/SourcingEventPage.tsx',
    code: 'b.mean.toFixed(2)',
    reason: 'a mean score (0–5)',
  },
];

/** Money arithmetic or formatting that belongs in the money module. */
const FORBIDDEN: Array<{ name: string; re: RegExp; text?: true }> = [
  { name: 'divides or multiplies by 100', re: /[*/]\s*(?:100|1e2|0?\.01)(?![\d_.eE])/ },
  { name: 'multiplies 100 by something', re: /(?<![\w.])(?:100|1e2)\s*\*(?![*/])/ },
  { name: 'scales by a power of ten', re: /\b10\s*\*\*|Math\.pow\(\s*10\b/ },
  { name: 'writes two decimals', re: /\.toFixed\(\s*2\s*\)/ },
  // These two look inside quotes; the arithmetic above does not ('https://host/100' is text).
  { name: 'formats money with Intl', re: /style:\s*['"]currency['"]/, text: true },
  { name: 'reads the exponent data', re: /from\s+['"]currency-codes/, text: true },
];

/** A line with the insides of '…' and "…" blanked (template literals stay: their `${}` is code). */
const withoutQuoted = (line: string) => line.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");

/** A percent-named value divided by 100, `benefitsPct / 100`, `(creditPct / 100)`: a fraction, not money. */
const PERCENTAGE = /\b\w*(?:Pct|pct|Percent|percent)\b\)?\s*\/\s*100(?![\d_.])/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Code without comments (a `//` after a space or at the start, `/* … *\/` lines): prose may say "100". */
function codeLines(text: string): string[] {
  let inBlock = false;
  return text.split('\n').map((line) => {
    let l = line;
    if (inBlock) {
      const end = l.indexOf('*/');
      if (end < 0) return '';
      l = l.slice(end + 2);
      inBlock = false;
    }
    l = l.replace(/\/\*.*?\*\//g, '');
    const open = l.indexOf('/*');
    if (open >= 0) {
      inBlock = true;
      l = l.slice(0, open);
    }
    return l.replace(/(^|\s)\/\/.*$/, '$1');
  });
}

const SCANNED = ['src/server', 'src/web', 'src/contracts', 'src/cli'];
const files = SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d)))
  .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
  .filter((f) => f !== MONEY);

function offences(file: string, text: string, allowed: Allowed[], used: Set<Allowed>) {
  const out: string[] = [];
  codeLines(text).forEach((raw, i) => {
    let line = raw.replace(PERCENTAGE, '');
    for (const a of allowed) {
      if (line.includes(a.code)) {
        used.add(a);
        line = line.split(a.code).join('');
      }
    }
    const code = withoutQuoted(line);
    for (const f of FORBIDDEN)
      if (f.re.test(f.text ? line : code)) out.push(`${file}:${i + 1} ${f.name}: ${raw.trim()}`);
  });
  return out;
}

describe('money', () => {
  it('recognises money arithmetic, and lets percentages and comments be', () => {
    const check = (code: string) => offences('x.ts', code, [], new Set()).length;
    for (const bad of [
      'const eur = amount / 100;',
      'const eur = amount/100;',
      'x = minor * 100',
      'x = 100 * major',
      'x = minor * 0.01',
      'x = minor / 10 ** digits',
      'x = Math.pow(10, 2)',
      'x = (v / 100).toFixed(2)',
      "new Intl.NumberFormat('en', { style: 'currency', currency })",
      "import { data } from 'currency-codes';",
    ])
      expect(check(bad), bad).toBeGreaterThan(0);
    for (const fine of [
      'const f = 1 + benefitsPct / 100;',
      'const g = 1 + option.governancePct / 100;',
      '// $100.00 in yen: 10,000 cents / 100',
      ' * amounts are divided by 100 nowhere',
      'const limit = 100;',
      'x = 1000 * n',
      'x = n / 1000',
      'const c = (r.creditPct / 100) * terms.monthlyFee;',
      "const u = 'https://example.com/100'",
    ])
      expect(check(fine), fine).toBe(0);
  });

  it('scans the product (the scan works)', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(files).toContain('src/server/modules/business-cases/rules.ts');
    expect(files).toContain('src/web/features/spend/SpendPage.tsx');
  });

  it('is known only to src/contracts/money.ts: no other file scales amounts by 100 or formats money itself', () => {
    const used = new Set<Allowed>();
    const found = files.flatMap((file) =>
      offences(
        file,
        readFileSync(path.join(ROOT, file), 'utf8'),
        ALLOWED.filter((a) => a.file === file),
        used,
      ),
    );
    expect(
      found,
      `use src/contracts/money.ts (toMajor, toMinor, convertMinor, formatMoney, decimalText)`,
    ).toEqual([]);
    const stale = ALLOWED.filter((a) => !used.has(a)).map((a) => `${a.file}: ${a.code}`);
    expect(stale, 'allow-list entries that no longer match: remove them').toEqual([]);
  });
});

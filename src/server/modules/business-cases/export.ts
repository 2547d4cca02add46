/**
 * The business case as files: CSV (the year table and summary rows, amounts in major units so a
 * spreadsheet reads them) and a two-page PDF brief for finance (pdfmake, embedded Roboto).
 */
import type { CanvasElement, Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import {
  type BusinessCase,
  type BusinessCaseAnalysis,
  DRIVER_LABELS,
  type OutsourcedOption,
  summarise,
} from '../../../contracts/business-cases';
import { formatMoney } from '../../../contracts/money';
import { type CsvCell, csvAmount, csvNumber, csvText } from '../../lib/csv';
import { renderPdfDocument } from '../../lib/pdf';

const label = (s: string) => s.replace(/_/g, ' ');
const pct = (v: number) => `${v.toFixed(2)}%`;
const payback = (m: number | null) => (m === null ? 'not within horizon' : `month ${m}`);

function pricingText(o: OutsourcedOption, cur: string): string {
  const p = o.pricing;
  const m = (v: number) => formatMoney(v, cur);
  switch (p.model) {
    case 'per_fte_month':
      return `${m(p.ratePerFteMonth)} per FTE-month × ${p.fte} FTE`;
    case 'hourly':
      return `${m(p.hourlyRate)} per hour × ${p.hoursPerYear} hours a year`;
    case 'per_unit':
      return `${m(p.unitPrice)} per unit × ${p.unitsPerYear} units a year`;
    case 'fixed_monthly':
      return `${m(p.monthlyFee)} a month, fixed`;
  }
}

/** The year table, then one summary row per measure (one column per option). */
export function renderCsv(c: BusinessCase, a: BusinessCaseAnalysis): string {
  const cur = c.currency;
  const d = (v: number) => csvAmount(v, cur);
  const rows: CsvCell[][] = [
    [
      'Year',
      `In-house (${cur})`,
      ...c.options.flatMap((o) => [`${o.name} cost (${cur})`, `${o.name} savings (${cur})`]),
    ],
  ];
  for (const y of a.years)
    rows.push([y.year, d(y.inHouse), ...y.options.flatMap((o) => [d(o.cost), d(o.savings)])]);
  rows.push([
    'Total',
    d(a.options[0]?.totalInHouse ?? a.years.reduce((s, y) => s + y.inHouse, 0)),
    ...a.options.flatMap((o) => [d(o.totalCost), d(o.totalSavings)]),
  ]);
  rows.push([]);
  const per = (title: string, fn: (o: BusinessCaseAnalysis['options'][number]) => CsvCell) =>
    rows.push([title, ...a.options.map(fn)]);
  rows.push(['Summary', ...c.options.map((o) => o.name)]);
  per('Option id', (o) => o.optionId);
  per(`Total in-house (${cur})`, (o) => d(o.totalInHouse));
  per(`Total cost (${cur})`, (o) => d(o.totalCost));
  per(`Total savings (${cur})`, (o) => d(o.totalSavings));
  per('Savings %', (o) => csvNumber(o.savingsPct.toFixed(2)));
  per(`NPV of savings at ${c.discountRatePct}% (${cur})`, (o) => d(o.npv));
  per('Payback month', (o) => (o.paybackMonths === null ? '' : o.paybackMonths));
  per(`Risk P10 NPV (${cur})`, (o) => d(o.risk.p10));
  per(`Risk P50 NPV (${cur})`, (o) => d(o.risk.p50));
  per(`Risk P90 NPV (${cur})`, (o) => d(o.risk.p90));
  per('Probability of loss', (o) => csvNumber(o.risk.probabilityOfLoss.toFixed(4)));
  per('Most sensitive to', (o) => (o.sensitivity[0] ? DRIVER_LABELS[o.sensitivity[0].driver] : ''));
  rows.push(['Best option', a.best ? (c.options.find((o) => o.id === a.best)?.name ?? a.best) : 'none']);
  return csvText(rows);
}

/** Running totals from 0: [0, a, a + b, …]. */
const cumulate = (values: number[]) => {
  const out = [0];
  for (const v of values) out.push(out.at(-1)! + v);
  return out;
};

const COLOURS = [
  '#4263eb',
  '#0ca678',
  '#f08c00',
  '#ae3ec9',
  '#e8590c',
  '#1098ad',
  '#d6336c',
  '#5c940d',
  '#7048e8',
  '#868e96',
];

/** Cumulative cost of staying in-house (dark, dashed) and of each option, year 0 to H, as vector lines. */
function chart(c: BusinessCase, a: BusinessCaseAnalysis): Content {
  const W = 500;
  const H = 150;
  const series = [
    { name: 'In-house', colour: '#212529', values: a.years.map((y) => y.inHouse), dash: true },
    ...c.options.map((o, i) => ({
      name: o.name,
      colour: COLOURS[i % COLOURS.length]!,
      values: a.years.map((y) => y.options[i]!.cost),
      dash: false,
    })),
  ].map((s) => ({
    ...s,
    cumulative: cumulate(s.values),
  }));
  const max = Math.max(1, ...series.flatMap((s) => s.cumulative));
  const x = (i: number) => (i / Math.max(1, a.years.length)) * W;
  const y = (v: number) => H - (Math.max(0, v) / max) * H;
  const canvas: CanvasElement[] = [];
  for (let g = 0; g <= 4; g++)
    canvas.push({
      type: 'line',
      x1: 0,
      y1: (g / 4) * H,
      x2: W,
      y2: (g / 4) * H,
      lineWidth: 0.3,
      lineColor: '#ced4da',
    });
  canvas.push({ type: 'line', x1: 0, y1: 0, x2: 0, y2: H, lineWidth: 0.6, lineColor: '#495057' });
  for (const s of series) {
    canvas.push({
      type: 'polyline',
      points: s.cumulative.map((v, i) => ({ x: x(i), y: y(v) })),
      lineWidth: s.dash ? 1.2 : 1.6,
      lineColor: s.colour,
      ...(s.dash ? { dash: { length: 4, space: 2 } } : {}),
    });
  }
  const money = (v: number) => formatMoney(v, c.currency);
  return {
    stack: [
      { text: `Cumulative cost (${c.currency}); top line = ${money(max)}`, fontSize: 8, color: '#495057' },
      { canvas, margin: [0, 4, 0, 2] },
      {
        columns: a.years.map((yr) => ({
          text: `Y${yr.year}`,
          fontSize: 7,
          alignment: 'right',
          color: '#495057',
        })),
        margin: [0, 0, 0, 4],
      },
      {
        text: series.flatMap((s) => [
          { text: '■ ', color: s.colour },
          { text: `${s.name}${s.dash ? ' (dashed)' : ''}    ` },
        ]),
        fontSize: 8,
      },
    ],
    margin: [0, 4, 0, 8],
  };
}

/** Two pages: the answer (summary, key figures, chart), then the year table and the assumptions. */
export async function renderPdf(c: BusinessCase, a: BusinessCaseAnalysis, now: Date): Promise<Buffer> {
  const cur = c.currency;
  const m = (v: number) => formatMoney(v, cur);
  const name = (id: string) => c.options.find((o) => o.id === id)?.name ?? id;
  const title = `Business case: ${c.name}`;
  const small = c.options.length > 3 ? 7 : 8.5;
  const figures: Content = {
    table: {
      headerRows: 1,
      widths: ['*', ...a.options.map(() => 'auto' as const)],
      body: [
        ['', ...a.options.map((o) => ({ text: name(o.optionId), bold: true }))],
        ['Total cost', ...a.options.map((o) => m(o.totalCost))],
        ['Total savings', ...a.options.map((o) => m(o.totalSavings))],
        ['Savings % of in-house', ...a.options.map((o) => pct(o.savingsPct))],
        [`NPV of savings at ${c.discountRatePct}%`, ...a.options.map((o) => m(o.npv))],
        ['Payback', ...a.options.map((o) => payback(o.paybackMonths))],
        [
          'Risk range of NPV (P10 / P50 / P90)',
          ...a.options.map((o) => `${m(o.risk.p10)} / ${m(o.risk.p50)} / ${m(o.risk.p90)}`),
        ],
        ['Probability of a loss', ...a.options.map((o) => `${(o.risk.probabilityOfLoss * 100).toFixed(1)}%`)],
        [
          'Most sensitive to',
          ...a.options.map((o) => (o.sensitivity[0] ? DRIVER_LABELS[o.sensitivity[0].driver] : '—')),
        ],
      ],
    },
    layout: 'lightHorizontalLines',
    fontSize: small,
    margin: [0, 0, 0, 8],
  };
  const yearTable: Content = {
    table: {
      headerRows: 1,
      widths: ['auto', '*', ...c.options.flatMap(() => ['*', '*'] as const)],
      body: [
        ['Year', 'In-house', ...c.options.flatMap((o) => [`${o.name} cost`, `${o.name} savings`])].map(
          (t) => ({ text: t, bold: true }),
        ),
        ...a.years.map((y) => [
          String(y.year),
          m(y.inHouse),
          ...y.options.flatMap((o) => [m(o.cost), m(o.savings)]),
        ]),
        [
          { text: 'Total', bold: true },
          m(a.options[0]?.totalInHouse ?? a.years.reduce((s, y) => s + y.inHouse, 0)),
          ...a.options.flatMap((o) => [m(o.totalCost), m(o.totalSavings)]),
        ],
      ],
    },
    layout: 'lightHorizontalLines',
    fontSize: c.options.length > 2 ? 6.5 : small,
    margin: [0, 0, 0, 8],
  };
  const roles: Content = {
    table: {
      headerRows: 1,
      widths: ['*', 'auto', 'auto', 'auto', 'auto'],
      body: [
        ['Role', 'FTE', 'Salary a year', 'Benefits', 'Overhead per FTE'].map((t) => ({
          text: t,
          bold: true,
        })),
        ...c.inHouse.roles.map((r) => [
          r.title,
          String(r.fte),
          m(r.annualSalary),
          `${r.benefitsPct}%`,
          m(r.overheadPerFte),
        ]),
      ],
    },
    layout: 'lightHorizontalLines',
    fontSize: 7.5,
    margin: [0, 0, 0, 4],
  };
  const options: Content = {
    ul: c.options.map(
      (o) =>
        `${o.name} (${o.deliveryModel}, quoted in ${o.currency}): ${pricingText(o, o.currency)}; escalation ${o.annualEscalationPct}% a year; ` +
        `governance ${o.governancePct}%; retained ${m(o.retainedAnnualCosts)} a year; transition ${formatMoney(o.transitionCost, o.currency)}` +
        (o.currency !== cur ? `; 1 ${o.currency} = ${c.fxRates[o.currency]} ${cur}` : '') +
        '.',
    ),
    fontSize: 7.5,
    margin: [0, 0, 0, 4],
  };
  const content: Content[] = [
    { text: title, style: 'h1' },
    {
      text: `${label(c.function)} · ${c.horizonYears} years · reporting currency ${cur} · discount rate ${c.discountRatePct}% · prepared ${now.toISOString().slice(0, 10)}`,
      color: '#495057',
      margin: [0, 0, 0, 8],
    },
    { text: 'In short', style: 'h2' },
    { text: summarise(c, a), fontSize: 11, margin: [0, 0, 0, 8] },
    { text: 'Key figures', style: 'h2' },
    a.options.length ? figures : { text: 'No outsourced option yet.', italics: true },
    { text: 'Cost over time', style: 'h2' },
    chart(c, a),
    { text: 'Year by year', style: 'h2', pageBreak: 'before' },
    yearTable,
    { text: 'Assumptions', style: 'h2' },
    {
      text:
        `In-house: other costs ${m(c.inHouse.otherAnnualCosts)} a year; salaries rise ${c.inHouse.salaryEscalationPct}% a year. ` +
        'Each option costs its fee converted to the reporting currency, escalated yearly, plus governance and retained costs, plus transition in year 1.',
      fontSize: 8,
      margin: [0, 0, 0, 4],
    },
    roles,
    options,
    {
      text:
        `Method: savings = in-house − option cost per year; NPV discounts each year's savings at the end of the year. ` +
        `Payback counts the transition cost at month 0 and spreads each year's other savings evenly over its months. ` +
        `The risk range comes from ${a.iterations} simulated runs (seed ${a.seed}), each driver drawn from a triangular ` +
        'distribution (−20% / as entered / +20% unless set otherwise); sensitivity moves one driver by ±20%. Amounts are rounded to the minor unit of the currency (its ISO 4217 exponent) only at the end.',
      fontSize: 7,
      color: '#495057',
    },
  ];
  const definition: TDocumentDefinitions = {
    info: { title, subject: 'Outsourcing business case', creator: 'Outpost' },
    content,
    pageMargins: [40, 40, 40, 40],
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    styles: {
      h1: { fontSize: 17, bold: true, margin: [0, 0, 0, 4] },
      h2: { fontSize: 12, bold: true, margin: [0, 8, 0, 4] },
    },
    footer: (page, pages) => ({
      text: `${title} — page ${page} of ${pages}`,
      alignment: 'center',
      fontSize: 7,
      margin: [0, 10, 0, 0],
    }),
  };
  return renderPdfDocument(definition);
}

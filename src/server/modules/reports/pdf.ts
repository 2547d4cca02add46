/** The report PDFs (pdfmake with its embedded Roboto, as the business-case brief). */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatMoney } from '../../../contracts/money';
import type { Risk } from '../../../contracts/risks';
import type { Invoice, SpendReport } from '../../../contracts/spend';
import { renderPdfDocument } from '../../lib/pdf';
import { percent } from './rules';

export interface QbrData {
  organisation: string;
  currency: string;
  vendor: { name: string; country: string; status: string };
  quarter: string;
  months: string[];
  generatedAt: string;
  scorecards: Array<{ engagement: string; period: string; status: string; total: number }>;
  sla: Array<{
    month: string;
    closed: number;
    evaluated: number;
    met: number;
    engagements: Array<{ engagement: string; evaluated: number; met: number }>;
  }>;
  credits: Array<{ currency: string; amount: number }>;
  /** The spend report, or why it could not be made (a missing exchange rate). */
  spend: SpendReport | string;
  invoices: Array<
    Pick<
      Invoice,
      'number' | 'engagementTitle' | 'periodEnd' | 'amount' | 'currency' | 'status' | 'creditTotal' | 'net'
    >
  >;
  risks: Array<Pick<Risk, 'title' | 'category' | 'status' | 'inherentScore' | 'residualScore' | 'ownerName'>>;
  findings: Array<{ title: string; severity: string; status: string; dueOn: string }>;
  actions: Array<{ title: string; ownerName: string; dueDate: string | null }>;
}

export interface PortfolioData {
  organisation: string;
  currency: string;
  today: string;
  from: string;
  to: string;
  generatedAt: string;
  vendors: Array<{
    id: string;
    name: string;
    status: string;
    country: string;
    tier: number | null;
    budget: number;
    net: number;
    kpisEvaluated: number;
    kpisMet: number;
    openRisks: number;
    highRisks: number;
    nextNoticeDeadline: string | null;
  }>;
  spendByVendor: SpendReport | string;
  spendByFunction: SpendReport | string;
  risks: Array<{ category: string; level: string }>;
  renewals: Array<{ title: string; vendorName: string; termEnd: string; noticeDeadline: string }>;
}

const label = (s: string) => s.replace(/_/g, ' ');
const none = (text: string): Content => ({ text, italics: true, color: '#495057', margin: [0, 0, 0, 4] });

function table(head: string[], rows: Array<Array<string | number>>, empty: string): Content {
  if (!rows.length) return none(empty);
  return {
    table: {
      headerRows: 1,
      body: [head.map((h) => ({ text: h, bold: true })), ...rows.map((r) => r.map((c) => String(c)))],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 0, 0, 6],
  };
}

function spendSection(spend: SpendReport | string, title: string): Content[] {
  if (typeof spend === 'string')
    return [{ text: `Spend could not be reported in the organisation currency: ${spend}`, color: '#c92a2a' }];
  const m = (v: number) => formatMoney(v, spend.currency);
  return [
    table(
      [title, 'Budget', 'Actual', 'Credits', 'Net', 'Budget − net'],
      [
        ...spend.rows.map((r) => [r.label, m(r.budget), m(r.actual), m(r.credits), m(r.net), m(r.variance)]),
        [
          'Total',
          m(spend.totals.budget),
          m(spend.totals.actual),
          m(spend.totals.credits),
          m(spend.totals.net),
          m(spend.totals.variance),
        ],
      ],
      'No spend.',
    ),
    { text: `Amounts in ${spend.currency}, ${spend.from} to ${spend.to}.`, fontSize: 7, color: '#495057' },
  ];
}

function document(title: string, content: Content[]): TDocumentDefinitions {
  return {
    info: { title, creator: 'Outpost' },
    content,
    pageMargins: [40, 40, 40, 40],
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    styles: {
      h1: { fontSize: 20, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
    },
    footer: (page, pages) => ({
      text: `${title} — page ${page} of ${pages}`,
      alignment: 'center',
      fontSize: 7,
      margin: [0, 10, 0, 0],
    }),
  };
}

export function renderQbrPdf(d: QbrData): Promise<Buffer> {
  const title = `Quarterly business review — ${d.vendor.name} — ${d.quarter}`;
  const content: Content[] = [
    { text: 'Quarterly business review', style: 'h1', margin: [0, 120, 0, 6] },
    { text: d.vendor.name, fontSize: 16, bold: true },
    { text: `Quarter ${d.quarter} (${d.months[0]} to ${d.months[2]})`, fontSize: 12, margin: [0, 6, 0, 0] },
    { text: `${d.vendor.country} · ${label(d.vendor.status)}`, color: '#495057' },
    {
      text: `Prepared by ${d.organisation} · generated ${d.generatedAt}`,
      color: '#495057',
      margin: [0, 20, 0, 0],
    },
    { text: 'Scorecards', style: 'h2', pageBreak: 'before' },
    table(
      ['Engagement', 'Period', 'Status', 'Total (0–100)'],
      d.scorecards.map((s) => [s.engagement, s.period, s.status, s.total.toFixed(1)]),
      'No scorecard with a total in this quarter.',
    ),
    { text: 'SLA attainment (closed months)', style: 'h2' },
    table(
      ['Month', 'Engagements closed', 'KPIs met / evaluated', 'Attainment'],
      d.sla.map((s) =>
        s.closed
          ? [s.month, s.closed, `${s.met} / ${s.evaluated}`, percent(s.met, s.evaluated)]
          : [s.month, 0, '—', 'not closed'],
      ),
      'No month.',
    ),
    {
      text: d.credits.length
        ? `SLA credits of the quarter: ${d.credits.map((c) => formatMoney(c.amount, c.currency)).join(', ')}`
        : 'No SLA credits in the quarter.',
      margin: [0, 0, 0, 4],
    },
    { text: 'Spend', style: 'h2' },
    ...spendSection(d.spend, 'Engagement'),
    { text: 'Invoices of the quarter', bold: true, margin: [0, 6, 0, 2] },
    table(
      ['Number', 'Engagement', 'Period end', 'Status', 'Amount', 'Credits', 'Net'],
      d.invoices.map((i) => [
        i.number,
        i.engagementTitle,
        i.periodEnd,
        label(i.status),
        formatMoney(i.amount, i.currency),
        formatMoney(i.creditTotal, i.currency),
        formatMoney(i.net, i.currency),
      ]),
      'No invoice for a period ending in this quarter.',
    ),
    { text: 'Open risks', style: 'h2' },
    table(
      ['Risk', 'Category', 'Status', 'Inherent', 'Residual', 'Owner'],
      d.risks.map((r) => [
        r.title,
        label(r.category),
        label(r.status),
        r.inherentScore,
        r.residualScore,
        r.ownerName ?? '—',
      ]),
      'No open risk.',
    ),
    { text: 'Open findings', style: 'h2' },
    table(
      ['Finding', 'Severity', 'Status', 'Due'],
      d.findings.map((f) => [f.title, f.severity, label(f.status), f.dueOn]),
      'No open finding.',
    ),
    { text: 'Open action items', style: 'h2' },
    table(
      ['Action', 'Owner', 'Due'],
      d.actions.map((a) => [a.title, a.ownerName, a.dueDate ?? '—']),
      'No open action item.',
    ),
  ];
  return renderPdfDocument(document(title, content));
}

export function renderPortfolioPdf(d: PortfolioData): Promise<Buffer> {
  const title = `Portfolio summary — ${d.today}`;
  const count = (keys: string[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const counts = (head: string, keys: string[]) => table([head, 'Vendors'], count(keys), 'None.');
  const riskRows = count(d.risks.map((r) => `${label(r.category)}|${r.level}`)).map(([k, n]) => [
    ...k.split('|'),
    n,
  ]);
  const content: Content[] = [
    { text: 'Portfolio summary', style: 'h1' },
    {
      text: `${d.organisation} · ${d.vendors.length} vendors · generated ${d.generatedAt}`,
      color: '#495057',
    },
    { text: 'Vendors', style: 'h2' },
    {
      columns: [
        counts(
          'Status',
          d.vendors.map((v) => label(v.status)),
        ),
        counts(
          'Tier',
          d.vendors.map((v) => (v.tier === null ? '—' : `Tier ${v.tier}`)),
        ),
        counts(
          'Country',
          d.vendors.map((v) => v.country),
        ),
      ],
      columnGap: 12,
    },
    { text: `Spend by vendor, ${d.from} to ${d.to}`, style: 'h2' },
    ...spendSection(d.spendByVendor, 'Vendor'),
    { text: `Spend by function, ${d.from} to ${d.to}`, style: 'h2' },
    ...spendSection(d.spendByFunction, 'Function'),
    { text: 'SLA attainment, closed months of the year', style: 'h2' },
    table(
      ['Vendor', 'KPIs met / evaluated', 'Attainment'],
      d.vendors
        .filter((v) => v.kpisEvaluated > 0)
        .map((v) => [v.name, `${v.kpisMet} / ${v.kpisEvaluated}`, percent(v.kpisMet, v.kpisEvaluated)]),
      'No closed SLA month this year.',
    ),
    { text: 'Open risks by category and level', style: 'h2' },
    table(['Category', 'Level (inherent)', 'Risks'], riskRows, 'No open risk.'),
    { text: 'Upcoming renewals (notice deadlines in the next 90 days)', style: 'h2' },
    table(
      ['Engagement', 'Vendor', 'Notice deadline', 'Term ends'],
      d.renewals.map((r) => [r.title, r.vendorName, r.noticeDeadline, r.termEnd]),
      'No renewal notice deadline in the next 90 days.',
    ),
  ];
  return renderPdfDocument(document(title, content));
}

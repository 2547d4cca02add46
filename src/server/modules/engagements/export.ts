/**
 * The SOW as a document to sign: Markdown (text) and PDF (pdfmake with embedded Roboto, so any
 * script the font covers prints correctly). Both render the same sections in the same order.
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Sow, VendorFacingEngagement } from '../../../contracts/engagements';
import { formatMoney } from '../../../contracts/money';
import { renderPdfDocument } from '../../lib/pdf';

const label = (s: string) => s.replace(/_/g, ' ');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

interface Section {
  title: string;
  bullets?: string[];
  table?: { head: string[]; rows: string[][] };
  paragraphs?: string[];
  items?: Array<{ title: string; lines: string[]; bullets: string[] }>;
}

function kpiTarget(k: Sow['kpis'][number]): string {
  if (k.target === null) return '—';
  const op = k.direction === 'at_least' ? '≥' : '≤';
  return `${op} ${k.target}${k.unit ? ` ${k.unit}` : ''}`;
}

/**
 * The document as sections; both renderers walk the same list. It is a document both sides sign,
 * so it takes the vendor-facing engagement: the client's budget and owner never appear in it.
 */
export function sections(
  e: VendorFacingEngagement,
  sow: Sow,
): { title: string; facts: Array<[string, string]>; sections: Section[] } {
  const facts: Array<[string, string]> = [
    ['Vendor', e.vendorName],
    ['Engagement', `${e.title} (${e.id})`],
    [
      'SOW version',
      `${sow.version} — ${sow.status}${sow.approvedAt ? `, approved ${sow.approvedAt.slice(0, 10)}` : ''}`,
    ],
    ['Function', label(e.function)],
    ['Delivery model', e.deliveryModel],
    ['Term', `${e.startDate} to ${e.endDate ?? 'open end'}`],
    ['Time zone', e.timezone],
    ['Monthly fee', formatMoney(e.monthlyFee, e.currency)],
  ];
  if (e.renewalDate)
    facts.push(['Renewal', `${e.renewalDate} (notice ${e.noticePeriodDays} days, by ${e.noticeDeadline})`]);
  const out: Section[] = [
    { title: 'Objectives', bullets: sow.objectives },
    { title: 'In scope', bullets: sow.inScope },
    { title: 'Out of scope', bullets: sow.outOfScope },
    { title: 'Assumptions', bullets: sow.assumptions },
    {
      title: 'Deliverables',
      items: sow.deliverables.map((d, i) => ({
        title: `${i + 1}. ${d.title}`,
        lines: [`Due: ${d.dueDate ?? 'not set'}`, ...(d.description ? [d.description] : [])],
        bullets: d.acceptanceCriteria.map((c) => `Accepted when: ${c}`),
      })),
    },
    {
      title: 'Milestones',
      table: {
        head: ['#', 'Milestone', 'Due', 'Payment'],
        rows: sow.milestones.map((m, i) => [
          String(i + 1),
          m.title,
          m.dueDate ?? '—',
          m.paymentAmount === null ? '—' : formatMoney(m.paymentAmount, e.currency),
        ]),
      },
    },
    {
      title: 'KPIs and service levels',
      table: {
        head: ['KPI', 'Measured as', 'Target', 'Period', 'Credit', 'Weight'],
        rows: sow.kpis.map((k) => [
          k.name,
          k.aggregation === 'percentile' ? `p${k.p}` : k.aggregation,
          kpiTarget(k),
          k.period ?? '—',
          `${k.creditPct}%`,
          String(k.weight),
        ]),
      },
      paragraphs: [
        sow.creditCapPct === null
          ? 'No service-credit cap is set.'
          : `Service credits are capped at ${sow.creditCapPct}% of the monthly fee.`,
      ],
    },
    {
      title: 'Responsibilities (RACI)',
      table: {
        head: ['Activity', 'Responsible', 'Accountable', 'Consulted', 'Informed'],
        rows: sow.raci.map((r) => [
          r.activity,
          r.responsible.join(', '),
          r.accountable.join(', '),
          r.consulted.join(', '),
          r.informed.join(', '),
        ]),
      },
    },
    {
      title: 'Governance',
      paragraphs: [`Reporting cadence: ${sow.reportingCadence ?? 'not set'}.`],
      table: {
        head: ['Forum', 'Cadence', 'Attendees'],
        rows: sow.governanceForums.map((f) => [f.name, f.cadence, f.attendees.join(', ')]),
      },
    },
  ];
  return { title: `Statement of work: ${e.title}`, facts, sections: out };
}

export function renderMarkdown(e: VendorFacingEngagement, sow: Sow): string {
  const doc = sections(e, sow);
  const lines: string[] = [`# ${doc.title}`, '', '| | |', '| --- | --- |'];
  for (const [k, v] of doc.facts) lines.push(`| ${k} | ${cell(v)} |`);
  for (const s of doc.sections) {
    lines.push('', `## ${s.title}`, '');
    const empty = !s.bullets?.length && !s.table?.rows.length && !s.items?.length;
    for (const b of s.bullets ?? []) lines.push(`- ${b}`);
    for (const item of s.items ?? []) {
      lines.push(`### ${item.title}`, '', ...item.lines.flatMap((l) => [l, '']));
      for (const b of item.bullets) lines.push(`- ${b}`);
      lines.push('');
    }
    for (const p of s.paragraphs ?? []) lines.push(p, '');
    if (s.table?.rows.length) {
      lines.push(`| ${s.table.head.join(' | ')} |`, `| ${s.table.head.map(() => '---').join(' | ')} |`);
      for (const r of s.table.rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
    }
    if (empty && !s.paragraphs?.length) lines.push('_None._');
  }
  lines.push(
    '',
    '## Signatures',
    '',
    '| | Client | Vendor |',
    '| --- | --- | --- |',
    '| Name | | |',
    '| Signature | | |',
    '| Date | | |',
    '',
  );
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

export async function renderPdf(e: VendorFacingEngagement, sow: Sow): Promise<Buffer> {
  const doc = sections(e, sow);
  const content: Content[] = [
    { text: doc.title, style: 'h1' },
    {
      table: { widths: [110, '*'], body: doc.facts.map(([k, v]) => [{ text: k, bold: true }, v]) },
      layout: 'lightHorizontalLines',
      margin: [0, 0, 0, 10],
    },
  ];
  for (const s of doc.sections) {
    content.push({ text: s.title, style: 'h2' });
    if (s.bullets?.length) content.push({ ul: s.bullets, margin: [0, 0, 0, 6] });
    for (const item of s.items ?? []) {
      content.push({ text: item.title, style: 'h3' });
      for (const l of item.lines) content.push({ text: l, margin: [0, 0, 0, 2] });
      if (item.bullets.length) content.push({ ul: item.bullets, margin: [0, 0, 0, 6] });
    }
    for (const p of s.paragraphs ?? []) content.push({ text: p, margin: [0, 2, 0, 4] });
    if (s.table?.rows.length) {
      content.push({
        table: {
          headerRows: 1,
          widths: s.table.head.map((_, i) => (i === 1 || s.table!.head.length <= 3 ? '*' : 'auto')),
          body: [s.table.head.map((h) => ({ text: h, bold: true })), ...s.table.rows],
        },
        layout: 'lightHorizontalLines',
        margin: [0, 0, 0, 8],
      });
    }
    const empty = !s.bullets?.length && !s.table?.rows.length && !s.items?.length && !s.paragraphs?.length;
    if (empty) content.push({ text: 'None.', italics: true, margin: [0, 0, 0, 6] });
  }
  content.push({ text: 'Signatures', style: 'h2' });
  content.push({
    table: {
      widths: [80, '*', '*'],
      body: [
        ['', { text: 'Client', bold: true }, { text: 'Vendor', bold: true }],
        ['Name', '', ''],
        ['Signature', '\n\n', ''],
        ['Date', '', ''],
      ],
    },
  });
  const definition: TDocumentDefinitions = {
    info: { title: doc.title, subject: `SOW version ${sow.version}`, creator: 'Outpost' },
    content,
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    styles: {
      h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 10] },
      h2: { fontSize: 13, bold: true, margin: [0, 10, 0, 4] },
      h3: { fontSize: 11, bold: true, margin: [0, 4, 0, 2] },
    },
    footer: (page, pages) => ({
      text: `${doc.title} — version ${sow.version} — page ${page} of ${pages}`,
      alignment: 'center',
      fontSize: 8,
      margin: [0, 10, 0, 0],
    }),
  };
  return renderPdfDocument(definition);
}

/**
 * The demo's eighteen months, as plain values: which engagements run with which SOW, what their
 * KPIs measured each day, what was invoiced, which cases, risks, findings, questionnaires,
 * scorecards, meetings and threads the team kept. Everything is placed relative to `today` (the
 * project's clock), and drawn from a seeded PRNG, so the same day always gives the same story.
 * load-story.ts plays it through the services, in the order of the story's own time.
 */
import type { EngagementStatus, SowDocumentInput } from '../../contracts/engagements';
import { toMajor, toMinor } from '../../contracts/money';
import type { MeasurementItem } from '../../contracts/quality';
import { DEMO_SEED } from './catalogue';
import { mulberry32, type Prng } from './prng';

const DAY = 86_400_000;

/** Calendar helpers on UTC dates (`YYYY-MM-DD`). */
export const iso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (date: string, days: number) =>
  iso(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY));
/** The first day of the month `monthsBack` months before the month of `today` (negative: ahead). */
export function monthStart(today: string, monthsBack: number): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return iso(new Date(Date.UTC(y, m - 1 - monthsBack, 1)));
}
/** The last day of the month that starts on `start`. */
export const monthEnd = (start: string) => addDays(monthStart(start, -1), -1);
/** An instant on a date at a UTC hour and minute. */
export const at = (date: string, hour = 9, minute = 0) =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`);

export type StoryKey = 'manila' | 'vistula' | 'bengaluru' | 'saigon' | 'harbor' | 'cape' | 'tejo';

interface StoryKpi {
  name: string;
  unit: string;
  aggregation: 'ratio' | 'mean';
  direction: 'at_least' | 'at_most';
  target: number;
  creditPct: number;
  weight: number;
}

interface StoryEngagement {
  key: StoryKey;
  /** The vendor's key in the catalogue. */
  vendorKey: string;
  title: string;
  function: 'customer_service' | 'accounting' | 'payroll' | 'marketing' | 'it';
  currency: string;
  /** Minor units of `currency`. */
  monthlyFee: number;
  startDate: string;
  endDate: string | null;
  renewalDate: string | null;
  noticePeriodDays: number;
  ownerEmail: string;
  /** Where the engagement stands today, and from when. */
  status: EngagementStatus;
  statusFrom: string | null;
  /** Drafted and (unless the engagement is a draft) approved before the start. */
  sow: SowDocumentInput;
  sowApproved: boolean;
  /** Months (by their first day) in which the first KPI misses its target. */
  breachedMonths: string[];
  earnBack: boolean;
}

interface MeasuredMonth {
  engagement: StoryKey;
  month: string;
  /** Measurements by KPI name. */
  items: Array<Omit<MeasurementItem, 'kpiId'> & { kpi: string }>;
}

interface StoryInvoice {
  engagement: StoryKey;
  number: string;
  periodStart: string;
  periodEnd: string;
  amount: number;
  currency: string;
  /** Where it ends up; received → approved → paid, or disputed. */
  status: 'received' | 'approved' | 'paid' | 'disputed';
  receivedOn: string;
  note: string | null;
}

export interface DemoStory {
  today: string;
  /** The day the organisation started using Outpost: users and vendors come first. */
  setUpOn: string;
  engagements: StoryEngagement[];
  measurements: MeasuredMonth[];
  invoices: StoryInvoice[];
  /** Units of EUR per one unit of each currency, from the set-up day on. */
  rates: Record<string, number>;
}

const demoEmail = (local: string) => `${local}@demo.outpost.local`;

function governance(
  vendorRole: string,
): Pick<SowDocumentInput, 'raci' | 'reportingCadence' | 'governanceForums'> {
  return {
    raci: [
      {
        activity: 'Monthly capacity and staffing plan',
        responsible: [`${vendorRole} delivery manager`],
        accountable: ['Northwind service owner'],
        consulted: ['Northwind finance'],
        informed: ['Northwind procurement'],
      },
      {
        activity: 'Incident escalation and root-cause report',
        responsible: [`${vendorRole} operations lead`],
        accountable: [`${vendorRole} account manager`],
        consulted: ['Northwind service owner'],
        informed: ['Northwind information security'],
      },
    ],
    reportingCadence: 'monthly',
    governanceForums: [
      { name: 'Monthly service review', cadence: 'monthly', attendees: ['Service owner', 'Account manager'] },
      {
        name: 'Quarterly business review',
        cadence: 'quarterly',
        attendees: ['Head of operations', 'Vendor director'],
      },
    ],
  };
}

function kpiDoc(kpis: StoryKpi[]): SowDocumentInput['kpis'] {
  return kpis.map((k) => ({ ...k, period: 'month' as const, p: null }));
}

const MANILA_KPIS: StoryKpi[] = [
  {
    name: 'Calls answered within 20 seconds',
    unit: '%',
    aggregation: 'ratio',
    direction: 'at_least',
    target: 80,
    creditPct: 5,
    weight: 2,
  },
  {
    name: 'Average speed of answer',
    unit: 's',
    aggregation: 'mean',
    direction: 'at_most',
    target: 30,
    creditPct: 3,
    weight: 1,
  },
];
const VISTULA_KPIS: StoryKpi[] = [
  {
    name: 'Payslips without error',
    unit: '%',
    aggregation: 'ratio',
    direction: 'at_least',
    target: 99.5,
    creditPct: 4,
    weight: 2,
  },
  {
    name: 'Days from cut-off to payroll file',
    unit: 'days',
    aggregation: 'mean',
    direction: 'at_most',
    target: 3,
    creditPct: 2,
    weight: 1,
  },
];
const BENGALURU_KPIS: StoryKpi[] = [
  {
    name: 'Supplier invoices posted within 3 working days',
    unit: '%',
    aggregation: 'ratio',
    direction: 'at_least',
    target: 95,
    creditPct: 3,
    weight: 2,
  },
  {
    name: 'Average invoice cycle time',
    unit: 'days',
    aggregation: 'mean',
    direction: 'at_most',
    target: 4,
    creditPct: 2,
    weight: 1,
  },
];
const KPIS_BY_KEY: Partial<Record<StoryKey, StoryKpi[]>> = {
  manila: MANILA_KPIS,
  vistula: VISTULA_KPIS,
  bengaluru: BENGALURU_KPIS,
};

function sowFor(
  e: { title: string; startDate: string },
  body: {
    objectives: string[];
    inScope: string[];
    outOfScope: string[];
    assumptions: string[];
    deliverable: string;
    vendorRole: string;
    kpis: StoryKpi[];
    goLiveFee: number;
  },
): SowDocumentInput {
  return {
    objectives: body.objectives,
    inScope: body.inScope,
    outOfScope: body.outOfScope,
    assumptions: body.assumptions,
    deliverables: [
      {
        title: body.deliverable,
        description: `Prepared for ${e.title} before go-live.`,
        acceptanceCriteria: [
          'Signed off by the Northwind service owner',
          'Reviewed in the monthly service review',
        ],
        dueDate: addDays(e.startDate, 14),
      },
      {
        title: 'Monthly performance report',
        description: 'KPI results, root causes of misses and the improvement plan.',
        acceptanceCriteria: ['Delivered by the 5th working day of the month'],
        dueDate: addDays(e.startDate, 35),
      },
    ],
    milestones: [
      { title: 'Knowledge transfer complete', dueDate: addDays(e.startDate, 21), paymentAmount: null },
      { title: 'Go-live', dueDate: addDays(e.startDate, 30), paymentAmount: body.goLiveFee },
    ],
    kpis: kpiDoc(body.kpis),
    creditCapPct: 10,
    ...governance(body.vendorRole),
  };
}

/** The engagements, one in every state, relative to today. */
function engagements(today: string): StoryEngagement[] {
  const m = (n: number) => monthStart(today, n);
  const manilaStart = m(18);
  const vistulaStart = m(15);
  const bengaluruStart = m(18);
  const saigonStart = m(10);
  const harborStart = m(14);
  const capeStart = m(17);
  const tejoStart = m(-1);
  const renewal = addDays(today, 40);
  return [
    {
      key: 'manila',
      vendorKey: 'manila',
      title: 'Customer service hotline DACH',
      function: 'customer_service',
      currency: 'USD',
      monthlyFee: 8_600_000,
      startDate: manilaStart,
      endDate: renewal,
      renewalDate: renewal,
      noticePeriodDays: 60,
      ownerEmail: demoEmail('manager'),
      status: 'active',
      statusFrom: manilaStart,
      sow: sowFor(
        { title: 'Customer service hotline DACH', startDate: manilaStart },
        {
          objectives: [
            'Answer 80% of customer calls within 20 seconds every month from go-live',
            'Keep the average speed of answer at or below 30 seconds',
          ],
          inScope: [
            'Inbound voice support for retail customers in German and English, 07:00–20:00 CET',
            'Order status, returns and delivery questions in Salesforce Service Cloud',
          ],
          outOfScope: ['Outbound sales calls', 'Complaints that need a legal answer'],
          assumptions: [
            'Northwind provides Salesforce and Genesys accounts for every agent two weeks before go-live',
          ],
          deliverable: 'Agent training plan',
          vendorRole: 'Manila Bay',
          kpis: MANILA_KPIS,
          goLiveFee: 2_500_000,
        },
      ),
      sowApproved: true,
      breachedMonths: [m(12), m(2)],
      earnBack: true,
    },
    {
      key: 'vistula',
      vendorKey: 'vistula',
      title: 'Payroll processing Germany and Poland',
      function: 'payroll',
      currency: 'PLN',
      monthlyFee: 14_500_000,
      startDate: vistulaStart,
      endDate: addDays(m(-10), -1),
      renewalDate: addDays(m(-10), -1),
      noticePeriodDays: 90,
      ownerEmail: demoEmail('manager2'),
      status: 'active',
      statusFrom: vistulaStart,
      sow: sowFor(
        { title: 'Payroll processing Germany and Poland', startDate: vistulaStart },
        {
          objectives: [
            'Pay 1,850 employees correctly and on time every month: 99.5% of payslips without error',
            'Deliver the payroll file within 3 days of the monthly cut-off',
          ],
          inScope: [
            'Monthly payroll for German and Polish employees',
            'Year-end tax certificates and social security filings',
          ],
          outOfScope: ['Pension scheme administration', 'Expense reimbursement'],
          assumptions: ['HR sends approved changes by the 20th of each month'],
          deliverable: 'Payroll calendar and cut-off plan',
          vendorRole: 'Vistula',
          kpis: VISTULA_KPIS,
          goLiveFee: 4_000_000,
        },
      ),
      sowApproved: true,
      breachedMonths: [],
      earnBack: false,
    },
    {
      key: 'bengaluru',
      vendorKey: 'bengaluru',
      title: 'Accounts payable and month-end close',
      function: 'accounting',
      currency: 'INR',
      monthlyFee: 420_000_000,
      startDate: bengaluruStart,
      endDate: addDays(m(-5), -1),
      renewalDate: addDays(m(-5), -1),
      noticePeriodDays: 90,
      ownerEmail: demoEmail('manager'),
      status: 'active',
      statusFrom: bengaluruStart,
      sow: sowFor(
        { title: 'Accounts payable and month-end close', startDate: bengaluruStart },
        {
          objectives: [
            'Post 95% of supplier invoices within 3 working days of receipt',
            'Keep the average invoice cycle time at or below 4 days',
          ],
          inScope: [
            'Supplier invoice capture, matching and posting in SAP S/4HANA',
            'Month-end accruals and balance sheet reconciliations',
          ],
          outOfScope: ['Payment runs (approved by Northwind treasury)', 'Statutory audit support'],
          assumptions: ['Invoices arrive through the Northwind scanning service'],
          deliverable: 'Desk procedures for accounts payable',
          vendorRole: 'Bengaluru Ledger',
          kpis: BENGALURU_KPIS,
          goLiveFee: 150_000_000,
        },
      ),
      sowApproved: true,
      breachedMonths: [m(7)],
      earnBack: true,
    },
    {
      key: 'saigon',
      vendorKey: 'saigon',
      title: 'Order management application support',
      function: 'it',
      currency: 'USD',
      monthlyFee: 3_800_000,
      startDate: saigonStart,
      endDate: addDays(m(-14), -1),
      renewalDate: null,
      noticePeriodDays: 60,
      ownerEmail: demoEmail('manager2'),
      status: 'on_hold',
      statusFrom: addDays(m(1), 9),
      sow: {
        objectives: ['Resolve 90% of priority-2 incidents in the order management system within 8 hours'],
        inScope: ['Second-line support and bug fixes for the order management system'],
        outOfScope: ['New features'],
        assumptions: ['Northwind keeps first-line support in-house'],
        deliverables: [
          {
            title: 'Runbook for the order management system',
            description: 'Operational runbook',
            acceptanceCriteria: ['Reviewed by the Northwind IT lead'],
            dueDate: addDays(saigonStart, 20),
          },
        ],
        milestones: [
          { title: 'Support go-live', dueDate: addDays(saigonStart, 30), paymentAmount: 1_000_000 },
        ],
        kpis: [
          {
            name: 'Priority-2 incidents resolved within 8 hours',
            unit: '%',
            aggregation: 'ratio',
            direction: 'at_least',
            target: 90,
            period: 'month',
            creditPct: 4,
            weight: 1,
            p: null,
          },
        ],
        creditCapPct: 10,
        ...governance('Saigon Code Works'),
      },
      sowApproved: true,
      breachedMonths: [],
      earnBack: false,
    },
    {
      key: 'harbor',
      vendorKey: 'harbor',
      title: 'Spring brand campaign, US market',
      function: 'marketing',
      currency: 'USD',
      monthlyFee: 2_500_000,
      startDate: harborStart,
      endDate: addDays(m(3), -1),
      renewalDate: null,
      noticePeriodDays: 30,
      ownerEmail: demoEmail('manager'),
      status: 'completed',
      statusFrom: addDays(m(3), 3),
      sow: {
        objectives: ['Grow US online revenue by 12% during the campaign, measured in Google Analytics'],
        inScope: ['Paid social and search campaigns for the US market'],
        outOfScope: ['Television and print'],
        assumptions: ['Northwind approves creative within 3 working days'],
        deliverables: [
          {
            title: 'Campaign plan and media budget',
            description: 'Channel plan',
            acceptanceCriteria: ['Approved by the head of marketing'],
            dueDate: addDays(harborStart, 14),
          },
        ],
        milestones: [{ title: 'Campaign launch', dueDate: addDays(harborStart, 30), paymentAmount: 500_000 }],
        kpis: [
          {
            name: 'Return on ad spend',
            unit: 'ratio',
            aggregation: 'mean',
            direction: 'at_least',
            target: 3,
            period: 'month',
            creditPct: 0,
            weight: 1,
            p: null,
          },
        ],
        creditCapPct: 5,
        ...governance('Harbor'),
      },
      sowApproved: true,
      breachedMonths: [],
      earnBack: false,
    },
    {
      key: 'cape',
      vendorKey: 'cape',
      title: 'Customer service overflow, English',
      function: 'customer_service',
      currency: 'EUR',
      monthlyFee: 5_200_000,
      startDate: capeStart,
      endDate: addDays(m(-7), -1),
      renewalDate: null,
      noticePeriodDays: 90,
      ownerEmail: demoEmail('manager'),
      status: 'terminated',
      statusFrom: addDays(m(4), 10),
      sow: {
        ...sowFor(
          { title: 'Customer service overflow, English', startDate: capeStart },
          {
            objectives: ['Answer 80% of overflow calls within 20 seconds every month'],
            inScope: ['English-language overflow calls from the DACH hotline'],
            outOfScope: ['German-language calls'],
            assumptions: ['Calls overflow after 40 seconds in the Manila queue'],
            deliverable: 'Overflow routing plan',
            vendorRole: 'Cape',
            kpis: [MANILA_KPIS[0]!],
            goLiveFee: 1_000_000,
          },
        ),
      },
      sowApproved: true,
      breachedMonths: [],
      earnBack: false,
    },
    {
      key: 'tejo',
      vendorKey: 'tejo',
      title: 'Social media content production',
      function: 'marketing',
      currency: 'EUR',
      monthlyFee: 1_800_000,
      startDate: tejoStart,
      endDate: addDays(monthStart(today, -13), -1),
      renewalDate: null,
      noticePeriodDays: 30,
      ownerEmail: demoEmail('manager2'),
      status: 'draft',
      statusFrom: null,
      sow: {
        objectives: [
          'Publish 20 posts a month in German and Portuguese with an engagement rate of at least 3%',
        ],
        inScope: ['Instagram and LinkedIn content for the DACH and Portuguese markets'],
        outOfScope: ['Paid advertising'],
        assumptions: [],
        deliverables: [],
        milestones: [],
        kpis: [],
        creditCapPct: null,
        raci: [],
        reportingCadence: null,
        governanceForums: [],
      },
      sowApproved: false,
      breachedMonths: [],
      earnBack: false,
    },
  ];
}

/** Whole months an engagement ran for, by their first day, up to the month before today's. */
function runMonths(e: StoryEngagement, today: string): string[] {
  const out: string[] = [];
  const last = monthStart(today, 1);
  const until = e.status === 'terminated' || e.status === 'completed' ? monthStart(e.statusFrom!, 1) : last;
  for (let month = e.startDate; month <= until && month <= last; month = monthStart(month, -1))
    out.push(month);
  return out;
}

/** A month of daily client measurements for an engagement's KPIs. */
function measureMonth(rng: Prng, e: StoryEngagement, kpis: StoryKpi[], month: string): MeasuredMonth {
  const breached = e.breachedMonths.includes(month);
  const items: MeasuredMonth['items'] = [];
  for (let date = month; date < monthStart(month, -1); date = addDays(date, 1)) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const when = at(date, 4).toISOString();
    for (const [i, k] of kpis.entries()) {
      const external = `${k.name.slice(0, 24)}-${date}`;
      if (k.aggregation === 'ratio') {
        const offered = weekend ? rng.int(250, 420) : rng.int(800, 1_400);
        // Comfortably above the target in a normal month, clearly below it in a breached one.
        const gap = 100 - k.target;
        const sharePct =
          i === 0 && breached
            ? k.target - gap * (0.6 + rng.next() * 0.6)
            : k.target + gap * (0.2 + rng.next() * 0.35);
        const share = sharePct / 100;
        items.push({
          kpi: k.name,
          at: when,
          numerator: Math.round(offered * share),
          denominator: offered,
          externalId: external,
        });
      } else {
        const base =
          k.direction === 'at_most'
            ? k.target * (0.7 + rng.next() * 0.2)
            : k.target * (1.1 + rng.next() * 0.2);
        items.push({ kpi: k.name, at: when, value: Math.round(base * 10) / 10, externalId: external });
      }
    }
  }
  return { engagement: e.key, month, items };
}

/** The monthly invoices: the fee with some variable volume, in the engagement's currency. */
function invoicesOf(rng: Prng, e: StoryEngagement, months: string[], today: string): StoryInvoice[] {
  const prefix = {
    manila: 'MBC',
    vistula: 'VPP',
    bengaluru: 'BLS',
    saigon: 'SCW',
    harbor: 'HMG',
    cape: 'CSC',
    tejo: 'TD',
  }[e.key];
  return months.map((month, i) => {
    const variable = 1 + (rng.next() * 0.12 - 0.03);
    const amount = toMinor(Math.round(toMajor(e.monthlyFee * variable, e.currency)), e.currency);
    const receivedOn = addDays(monthEnd(month), 4);
    const age = months.length - 1 - i;
    const disputed = e.key === 'bengaluru' && month === monthStart(today, 5);
    return {
      engagement: e.key,
      number: `${prefix}-${month.slice(0, 4)}-${String(i + 101).padStart(4, '0')}`,
      periodStart: month,
      periodEnd: monthEnd(month),
      amount,
      currency: e.currency,
      status: disputed ? 'disputed' : age === 0 ? 'received' : age === 1 ? 'approved' : 'paid',
      receivedOn,
      note: disputed ? 'Includes a second charge for the March payment run.' : null,
    };
  });
}

/** Plan the story for a day; the same day (and seed) always gives the same story. */
export function buildDemoStory(today: string, seed = DEMO_SEED): DemoStory {
  const rng = mulberry32(seed ^ 0x5eed);
  const all = engagements(today);
  const measurements: MeasuredMonth[] = [];
  const invoices: StoryInvoice[] = [];
  for (const e of all) {
    if (e.status === 'draft') continue;
    const months = runMonths(e, today);
    const kpis = KPIS_BY_KEY[e.key];
    if (kpis) for (const month of months) measurements.push(measureMonth(rng, e, kpis, month));
    invoices.push(...invoicesOf(rng, e, months, today));
  }
  return {
    today,
    setUpOn: addDays(monthStart(today, 19), 6),
    engagements: all,
    measurements,
    invoices,
    rates: { USD: 0.92, PLN: 0.23, INR: 0.011 },
  };
}

/**
 * Play the demo story (story.ts) through the services, each step at its own moment of the story:
 * the services run on a clock the loader moves forward, so records, audit entries and events carry
 * the dates on which they happened. Events published more than a week before today are past the
 * notification consumer's look-back, so the history does not flood anyone's inbox; the last days'
 * steps (a mention, a submitted questionnaire, a disputed scorecard, a change request) notify as
 * they would have.
 */
import type { Role } from '../../contracts/accounts';
import { BusinessCaseBody, type BusinessCaseInput } from '../../contracts/business-cases';
import { AgreementBody, DataFlowBody } from '../../contracts/data-sharing';
import { CreateChangeRequestBody } from '../../contracts/engagements';
import { PutEscalationMatrixBody } from '../../contracts/escalations';
import { CreateActionBody, CreateMeetingSeriesBody, PutMeetingBody } from '../../contracts/meetings';
import { CreateMessageBody } from '../../contracts/messaging';
import { ReviewBody, type TemplateContentInput } from '../../contracts/questionnaires';
import { RiskBody } from '../../contracts/risks';
import { SourcingEventBody } from '../../contracts/sourcing';
import { ExitPlanBody, InvoiceBody } from '../../contracts/spend';
import type { Actor } from '../policy';
import type { Services } from '../services';
import { addDays, at, buildDemoStory, type DemoStory, monthEnd, monthStart, type StoryKey } from './story';

/** A clock the loader moves through the story; never past the real "now". */
interface StoryClock {
  now(): Date;
  set(when: Date): void;
}

export function storyClock(base: { now(): Date }): StoryClock {
  let current: Date | null = null;
  return {
    now: () => {
      const real = base.now();
      return current && current.getTime() < real.getTime() ? current : real;
    },
    set: (when) => {
      current = when;
    },
  };
}

interface Step {
  when: Date;
  label: string;
  run: () => Promise<void>;
}

interface StoryCounts {
  engagements: number;
  measurements: number;
  invoices: number;
}

const demoEmail = (local: string) => `${local}@demo.outpost.local`;

/** The story's first engagement; when it exists, the story was played before. */
export const STORY_MARKER = 'Customer service hotline DACH';

const SECURITY_TEMPLATE: TemplateContentInput = {
  name: 'Information security baseline',
  description: 'Yearly review of the controls that protect Northwind customer and employee data.',
  sections: [
    {
      id: 'access',
      title: 'Access control',
      questions: [
        {
          id: 'mfa',
          text: 'Is multi-factor authentication enforced for every account that reaches Northwind data?',
          type: 'yes_no',
          required: true,
          weight: 3,
        },
        {
          id: 'joiners',
          text: 'How many hours after a leaver’s last day is their access removed?',
          type: 'number',
          required: true,
          weight: 1,
        },
        {
          id: 'review',
          text: 'How often are user access rights reviewed?',
          type: 'single_choice',
          required: true,
          weight: 2,
          options: [
            { id: 'quarterly', label: 'Every quarter', score: 2 },
            { id: 'yearly', label: 'Once a year', score: 1 },
            { id: 'never', label: 'Not reviewed', score: 0 },
          ],
        },
      ],
    },
    {
      id: 'continuity',
      title: 'Continuity and incidents',
      questions: [
        {
          id: 'bcp',
          text: 'Was the business continuity plan tested in the last twelve months?',
          type: 'yes_no',
          required: true,
          weight: 2,
        },
        {
          id: 'incident',
          text: 'Describe how you would tell Northwind about a security incident.',
          type: 'text',
          required: true,
          weight: 0,
        },
      ],
    },
  ],
  flags: [
    {
      id: 'no-mfa',
      condition: 'mfa/no',
      severity: 'high',
      title: 'No multi-factor authentication',
      message: 'Ask for a date by which MFA is enforced.',
    },
  ],
};

const PRIVACY_TEMPLATE: TemplateContentInput = {
  name: 'Data protection (GDPR Art. 28)',
  description: 'What a processor of Northwind personal data must confirm.',
  sections: [
    {
      id: 'processing',
      title: 'Processing',
      questions: [
        {
          id: 'subprocessors',
          text: 'Do you use sub-processors for Northwind data?',
          type: 'yes_no',
          required: true,
          weight: 1,
        },
        {
          id: 'list',
          text: 'List the sub-processors and where they process the data.',
          type: 'text',
          required: true,
          weight: 1,
          condition: 'subprocessors/yes',
        },
        {
          id: 'breach',
          text: 'Within how many hours would you notify us of a personal data breach?',
          type: 'number',
          required: true,
          weight: 2,
        },
        {
          id: 'transfer',
          text: 'Are transfers outside the EEA covered by standard contractual clauses?',
          type: 'yes_no',
          required: true,
          weight: 2,
        },
      ],
    },
  ],
  flags: [],
};

const GOOD_SECURITY = {
  mfa: 'yes',
  joiners: 4,
  review: 'quarterly',
  bcp: 'yes',
  incident:
    'Our security officer calls the Northwind service owner within 2 hours and follows up in writing within 24 hours.',
};

/** First weekday `weekday` (0 Sunday … 6 Saturday) of the month starting on `month`. */
function nthWeekday(month: string, weekday: number): string {
  let date = month;
  while (new Date(`${date}T00:00:00Z`).getUTCDay() !== weekday) date = addDays(date, 1);
  return date;
}

export async function loadStory(
  services: Services,
  clock: StoryClock,
  today: string,
  options: { onStep?: (label: string, remaining: number) => void } = {},
): Promise<StoryCounts> {
  const story: DemoStory = buildDemoStory(today);
  const counts: StoryCounts = { engagements: 0, measurements: 0, invoices: 0 };
  const steps: Step[] = [];
  const step = (when: Date, label: string, run: () => Promise<void>) => steps.push({ when, label, run });

  // People, looked up once: the story acts as them, so the audit trail names real people.
  const actors = new Map<string, Actor>();
  async function actor(local: string): Promise<Actor> {
    const found = actors.get(local);
    if (found) return found;
    const user = await services.accounts.findUserByEmail(demoEmail(local));
    if (!user) throw new Error(`the demo user ${local} is missing`);
    const a: Actor = {
      id: user.id,
      name: user.name,
      role: user.role as Role,
      vendorId: user.vendorId ?? null,
      requestId: null,
      ip: null,
    };
    actors.set(local, a);
    return a;
  }
  const owner = () => actor('owner');
  const manager = () => actor('manager');
  const manager2 = () => actor('manager2');

  const vendorIds = new Map<string, string>();
  for (const v of (await services.vendors.list(await owner(), { limit: 200, sort: 'name' })).items)
    vendorIds.set(v.name, v.id);
  const vendorId = (name: string) => {
    const id = vendorIds.get(name);
    if (!id) throw new Error(`the demo vendor ${name} is missing`);
    return id;
  };
  const VENDOR_NAMES: Record<string, string> = {
    manila: 'Manila Bay Contact Solutions',
    vistula: 'Vistula Payroll Partners',
    bengaluru: 'Bengaluru Ledger Services',
    saigon: 'Saigon Code Works',
    harbor: 'Harbor Marketing Group',
    cape: 'Cape Service Centre',
    tejo: 'Tejo Digital',
    carpathia: 'Carpathia Finance Hub',
    monterrey: 'Monterrey Nearshore IT',
    dnipro: 'Dnipro Software Studio',
  };
  const vendorOf = (key: string) => vendorId(VENDOR_NAMES[key]!);

  const engagementIds = new Map<StoryKey, string>();
  const kpiIds = new Map<StoryKey, Map<string, string>>();
  const eng = (key: StoryKey) => engagementIds.get(key)!;
  const m = (n: number) => monthStart(today, n);
  const ago = (days: number, hour = 9, minute = 0) => at(addDays(today, -days), hour, minute);

  // Exchange rates, the day Outpost was set up.
  step(at(story.setUpOn, 10), 'exchange rates', async () => {
    const home = (await services.settings.organisation()).currency;
    for (const [currency, rate] of Object.entries(story.rates))
      if (currency !== home)
        await services.spend.rates.put(await owner(), { currency, date: story.setUpOn, rate });
  });

  // The people with a portal login are contacts of their vendor too: meeting actions given to
  // that contact are the vendor user's tasks.
  const portalContacts = new Map<string, string>();
  step(at(story.setUpOn, 12), 'portal contacts', async () => {
    for (const [key, local, role] of [
      ['manila', 'vendor.manila', 'Service delivery manager'],
      ['vistula', 'vendor.vistula', 'Payroll operations lead'],
    ] as const) {
      const user = await actor(local);
      const contact = await services.vendors.addContact(await owner(), vendorOf(key), {
        name: user.name,
        email: demoEmail(local),
        role,
      });
      portalContacts.set(key, contact.id);
    }
  });

  // Questionnaire templates.
  const templates = new Map<string, string>();
  step(at(story.setUpOn, 11), 'questionnaire templates', async () => {
    for (const t of [SECURITY_TEMPLATE, PRIVACY_TEMPLATE])
      templates.set(t.name, (await services.questionnaires.templates.create(await owner(), t)).id);
  });

  // Engagements: drafted a month before they start, SOW approved, then run.
  for (const e of story.engagements) {
    const who = e.ownerEmail.startsWith('manager2') ? manager2 : manager;
    step(at(addDays(e.startDate, -35), 9), `engagement ${e.title}`, async () => {
      const ownerUser = await services.accounts.findUserByEmail(e.ownerEmail);
      const created = await services.engagements.create(await who(), {
        vendorId: vendorOf(e.vendorKey),
        title: e.title,
        function: e.function,
        startDate: e.startDate,
        endDate: e.endDate,
        currency: e.currency,
        monthlyFee: e.monthlyFee,
        budget: e.monthlyFee * 12,
        renewalDate: e.renewalDate,
        noticePeriodDays: e.noticePeriodDays,
        ownerId: ownerUser?.id ?? null,
      });
      engagementIds.set(e.key, created.id);
      counts.engagements++;
      await services.sows.saveDraft(await who(), created.id, e.sow);
    });
    if (!e.sowApproved) continue;
    step(at(addDays(e.startDate, -20), 14), `SOW of ${e.title}`, async () => {
      const sow = await services.sows.approve(await owner(), eng(e.key));
      kpiIds.set(e.key, new Map(sow.kpis.map((k) => [k.name, k.id])));
      if (e.earnBack)
        await services.quality.measurements.saveSettings(await who(), eng(e.key), {
          earnBack: { enabled: true, periods: 3 },
          graceHours: 48,
        });
    });
    step(at(e.startDate, 7), `start of ${e.title}`, async () => {
      const current = await services.engagements.get(await who(), eng(e.key));
      if (current.status === 'draft')
        await services.engagements.update(await who(), eng(e.key), { status: 'active' });
    });
    if (e.status !== 'active' && e.statusFrom)
      step(at(e.statusFrom, 10), `${e.title} ${e.status}`, async () => {
        await services.engagements.update(await who(), eng(e.key), { status: e.status });
      });
  }

  // Measurements: each month's figures arrive two days after it ends, as one batch.
  for (const month of story.measurements) {
    step(
      at(addDays(monthEnd(month.month), 2), 6),
      `measurements ${month.engagement} ${month.month}`,
      async () => {
        const ids = kpiIds.get(month.engagement)!;
        const items = month.items.map(({ kpi, ...item }) => ({ ...item, kpiId: ids.get(kpi)! }));
        const { inserted } = await services.quality.measurements.addMeasurements(
          await manager(),
          eng(month.engagement),
          {
            items,
          },
        );
        counts.measurements += inserted;
      },
    );
  }
  // The scheduler's closing job, run once for the whole history (one pass closes every month
  // that has ended, in order, with earn-back), a week ago: its breach events stay in the past.
  step(ago(8, 4), 'closing', async () => {
    await services.quality.closing.run();
  });
  // And once more today, as the scheduler would on its next run: the latest month, past its grace,
  // is closed too (the story keeps it within target, so no breach is announced).
  step(ago(-1, 0), 'closing today', async () => {
    await services.quality.closing.run();
  });

  // Invoices: received a few days after the month, approved within a week, paid within three.
  for (const inv of story.invoices) {
    step(at(inv.receivedOn, 10), `invoice ${inv.number}`, async () => {
      const body = InvoiceBody.parse({
        engagementId: eng(inv.engagement),
        number: inv.number,
        periodStart: inv.periodStart,
        periodEnd: inv.periodEnd,
        amount: inv.amount,
        currency: inv.currency,
        note: inv.note,
      });
      const created = await services.spend.invoices.create(await manager(), body);
      counts.invoices++;
      const me = await manager();
      if (inv.status === 'disputed') {
        step(at(addDays(inv.receivedOn, 3), 11), `dispute ${inv.number}`, async () => {
          await services.spend.invoices.update(me, created.id, {
            status: 'disputed',
            disputeReason: 'The March payment run is charged twice; please send a credit note.',
          });
        });
      }
      if (inv.status === 'approved' || inv.status === 'paid')
        step(at(addDays(inv.receivedOn, 6), 11), `approve ${inv.number}`, async () => {
          await services.spend.invoices.update(me, created.id, { status: 'approved' });
        });
      if (inv.status === 'paid')
        step(at(addDays(inv.receivedOn, 20), 11), `pay ${inv.number}`, async () => {
          await services.spend.invoices.update(await owner(), created.id, { status: 'paid' });
        });
    });
  }

  // Change requests on the hotline: weekend chat approved mid-way, later hours proposed this week.
  step(at(addDays(m(9), 5), 10), 'change request: weekend chat', async () => {
    const cr = await services.changeRequests.create(
      await manager(),
      eng('manila'),
      CreateChangeRequestBody.parse({
        title: 'Add weekend chat coverage',
        reason: 'Chat volume on Saturdays doubled since the web shop relaunch; customers wait until Monday.',
        changes: {
          inScope: [
            'Inbound voice support for retail customers in German and English, 07:00–20:00 CET',
            'Order status, returns and delivery questions in Salesforce Service Cloud',
            'Web chat on Saturdays and Sundays, 09:00–18:00 CET',
          ],
        },
        costImpact: 650_000,
        scheduleImpactDays: 14,
        submit: true,
      }),
    );
    step(at(addDays(m(9), 8), 15), 'approve weekend chat', async () => {
      await services.changeRequests.approve(
        await owner(),
        cr.id,
        'Within the budget agreed in the business case.',
      );
    });
  });
  step(ago(2, 8, 30), 'change request: peak hours', async () => {
    await services.changeRequests.create(
      await actor('vendor.manila'),
      eng('manila'),
      CreateChangeRequestBody.parse({
        title: 'Extend hotline hours to 22:00 CET in the peak season',
        reason:
          'Calls after 20:00 grew by a third in the last peak; we propose a late shift from November to January.',
        changes: {
          assumptions: [
            'Northwind provides Salesforce and Genesys accounts for every agent two weeks before go-live',
            'Late shift 20:00–22:00 CET from 1 November to 31 January',
          ],
        },
        costImpact: 1_200_000,
        scheduleImpactDays: 21,
        submit: true,
      }),
    );
  });

  // Business cases, decided before the engagements and linked to them once signed.
  const cases: Array<{ key: StoryKey; body: BusinessCaseInput }> = [
    {
      key: 'manila',
      body: {
        name: 'Customer service: in-house or offshore',
        function: 'customer_service',
        currency: 'EUR',
        horizonYears: 3,
        discountRatePct: 8,
        fxRates: { USD: 0.92 },
        inHouse: {
          roles: [
            {
              title: 'Customer service agent',
              fte: 24,
              annualSalary: 3_800_000,
              benefitsPct: 28,
              overheadPerFte: 650_000,
            },
            { title: 'Team lead', fte: 3, annualSalary: 5_200_000, benefitsPct: 28, overheadPerFte: 650_000 },
          ],
          otherAnnualCosts: 9_000_000,
          salaryEscalationPct: 3,
        },
        options: [
          {
            name: 'Manila Bay Contact Solutions',
            vendorId: vendorOf('manila'),
            deliveryModel: 'offshore',
            currency: 'USD',
            pricing: { model: 'per_fte_month', ratePerFteMonth: 320_000, fte: 27 },
            transitionCost: 6_000_000,
            governancePct: 6,
            retainedAnnualCosts: 2_000_000,
            annualEscalationPct: 3,
          },
          {
            name: 'Cape Service Centre',
            vendorId: vendorOf('cape'),
            deliveryModel: 'offshore',
            currency: 'EUR',
            pricing: { model: 'per_fte_month', ratePerFteMonth: 340_000, fte: 27 },
            transitionCost: 5_000_000,
            governancePct: 6,
            retainedAnnualCosts: 2_000_000,
            annualEscalationPct: 4,
          },
        ],
      },
    },
    {
      key: 'bengaluru',
      body: {
        name: 'Accounts payable: shared service or partner',
        function: 'accounting',
        currency: 'EUR',
        horizonYears: 5,
        discountRatePct: 8,
        fxRates: { INR: 0.011 },
        inHouse: {
          roles: [
            {
              title: 'Accounts payable clerk',
              fte: 9,
              annualSalary: 4_600_000,
              benefitsPct: 30,
              overheadPerFte: 600_000,
            },
            {
              title: 'AP team lead',
              fte: 1,
              annualSalary: 6_400_000,
              benefitsPct: 30,
              overheadPerFte: 600_000,
            },
          ],
          otherAnnualCosts: 4_000_000,
          salaryEscalationPct: 3,
        },
        options: [
          {
            name: 'Bengaluru Ledger Services',
            vendorId: vendorOf('bengaluru'),
            deliveryModel: 'offshore',
            currency: 'INR',
            pricing: { model: 'fixed_monthly', monthlyFee: 420_000_000 },
            transitionCost: 3_500_000,
            governancePct: 5,
            retainedAnnualCosts: 6_400_000,
            annualEscalationPct: 5,
          },
          {
            name: 'Carpathia Finance Hub',
            vendorId: vendorOf('carpathia'),
            deliveryModel: 'nearshore',
            currency: 'EUR',
            pricing: { model: 'fixed_monthly', monthlyFee: 3_900_000 },
            transitionCost: 2_500_000,
            governancePct: 4,
            retainedAnnualCosts: 6_400_000,
            annualEscalationPct: 3,
          },
        ],
      },
    },
    {
      key: 'vistula',
      body: {
        name: 'Payroll for Germany and Poland',
        function: 'payroll',
        currency: 'EUR',
        horizonYears: 3,
        discountRatePct: 8,
        fxRates: { PLN: 0.23 },
        inHouse: {
          roles: [
            {
              title: 'Payroll specialist',
              fte: 6,
              annualSalary: 5_400_000,
              benefitsPct: 30,
              overheadPerFte: 700_000,
            },
          ],
          otherAnnualCosts: 12_000_000,
          salaryEscalationPct: 3,
        },
        options: [
          {
            name: 'Vistula Payroll Partners',
            vendorId: vendorOf('vistula'),
            deliveryModel: 'nearshore',
            currency: 'PLN',
            pricing: { model: 'per_unit', unitPrice: 7_600, unitsPerYear: 22_200 },
            transitionCost: 4_000_000,
            governancePct: 5,
            retainedAnnualCosts: 5_400_000,
            annualEscalationPct: 4,
          },
        ],
      },
    },
  ];
  for (const c of cases) {
    const e = story.engagements.find((x) => x.key === c.key)!;
    let caseId = '';
    step(at(addDays(e.startDate, -60), 9), `business case ${c.body.name}`, async () => {
      caseId = (await services.businessCases.create(await manager(), BusinessCaseBody.parse(c.body))).id;
    });
    step(at(addDays(e.startDate, -19), 9), `link ${c.body.name}`, async () => {
      const current = await services.businessCases.get(await manager(), caseId);
      const body = BusinessCaseBody.parse({
        ...c.body,
        seed: current.seed,
        options: current.options.map((o, i) => ({
          ...c.body.options![i],
          id: o.id,
          engagementId: i === 0 ? eng(c.key) : null,
        })),
      });
      await services.businessCases.replace(await manager(), caseId, body);
    });
  }

  // Risks entered by hand; the automatic signals are evaluated a week ago and by the scheduler.
  const risks: Array<{ when: Date; body: Record<string, unknown>; status?: 'mitigating' }> = [
    {
      when: at(addDays(m(14), 3), 9),
      body: {
        vendorId: vendorOf('manila'),
        engagementId: 'manila',
        title: 'Typhoon season interrupts the Manila contact centre',
        description: 'Two typhoon days in the last season closed the site; calls overflowed to Cape Town.',
        category: 'geopolitical',
        likelihood: 4,
        impact: 4,
        controls: [
          { description: 'Work-from-home kits for 40% of agents', dueOn: addDays(m(12), 0), done: true },
          {
            description: 'Overflow to a second site tested twice a year',
            dueOn: addDays(m(1), 14),
            done: false,
          },
        ],
        residualLikelihood: 3,
        residualImpact: 3,
        reviewOn: addDays(today, 20),
      },
      status: 'mitigating',
    },
    {
      when: at(addDays(m(4), 12), 9),
      body: {
        vendorId: vendorOf('manila'),
        title: 'Customer service depends on one partner since Cape Town ended',
        description: 'All German and English calls now go to Manila; no second source is under contract.',
        category: 'concentration',
        likelihood: 3,
        impact: 5,
        controls: [
          {
            description: 'Qualify a second partner in Latin America (Medellín Voice)',
            dueOn: addDays(today, 75),
            done: false,
          },
        ],
        reviewOn: addDays(today, 30),
      },
    },
    {
      when: at(addDays(m(11), 8), 9),
      body: {
        vendorId: vendorOf('bengaluru'),
        engagementId: 'bengaluru',
        title: 'Supplier bank details changed without a call-back',
        description:
          'Payment fraud risk: bank detail changes must be confirmed by phone with a known contact.',
        category: 'financial',
        likelihood: 2,
        impact: 5,
        controls: [{ description: 'Four-eyes call-back procedure for every bank detail change', done: true }],
        residualLikelihood: 1,
        residualImpact: 4,
        reviewOn: addDays(today, 60),
      },
      status: 'mitigating',
    },
    {
      when: at(addDays(m(1), 12), 9),
      body: {
        vendorId: vendorOf('saigon'),
        engagementId: 'saigon',
        title: 'Order system knowledge sits with two engineers in Saigon',
        description:
          'The engagement is on hold; if the team is reassigned, nobody can maintain the order system.',
        category: 'exit_lock_in',
        likelihood: 3,
        impact: 4,
        controls: [
          {
            description: 'Record knowledge-transfer sessions before the pause ends',
            dueOn: addDays(today, 21),
            done: false,
          },
        ],
        reviewOn: addDays(today, 14),
      },
    },
    {
      when: at(addDays(m(6), 2), 9),
      body: {
        vendorId: vendorOf('vistula'),
        engagementId: 'vistula',
        title: 'Payroll data processed without enforced MFA',
        description:
          'The payroll portal accepts password-only sign-in for Vistula staff (see the open finding).',
        category: 'security_privacy',
        likelihood: 3,
        impact: 4,
        reviewOn: addDays(today, -5),
      },
    },
  ];
  for (const r of risks)
    step(r.when, `risk ${String(r.body.title)}`, async () => {
      const body = RiskBody.parse({
        ...r.body,
        engagementId: r.body.engagementId ? eng(r.body.engagementId as StoryKey) : null,
        ownerId: (await manager()).id,
      });
      const created = await services.risks.create(await manager(), body);
      if (r.status) await services.risks.update(await manager(), created.id, { status: r.status });
    });
  step(ago(8, 5), 'risk signals', async () => {
    await services.risks.signals.run();
  });

  // The DORA register: two functions the organisation identified, supported by engagements, so the
  // register page shows rows and what is still missing (LEIs, ICT service types).
  step(ago(45, 10), 'DORA functions', async () => {
    const me = await manager();
    await services.registers.createFunction(me, {
      identifier: 'F-CS-01',
      name: 'Customer service hotline',
      licensedActivity: null,
      criticality: 'yes',
      criticalityReasons: 'Customers report card fraud and payment failures through the hotline.',
      lastAssessedOn: addDays(today, -45),
      rtoHours: 4,
      rpoHours: 1,
      discontinuingImpact: null,
      engagementIds: [eng('manila')],
    });
    await services.registers.createFunction(me, {
      identifier: 'F-PAY-01',
      name: 'Payroll for Germany and Poland',
      licensedActivity: null,
      criticality: 'no',
      criticalityReasons: null,
      lastAssessedOn: addDays(today, -45),
      rtoHours: 72,
      rpoHours: 24,
      discontinuingImpact: null,
      engagementIds: [eng('vistula')],
    });
  });

  // Sanctions screening: a small list in the UK's consolidated-list format, made up for the demo
  // and named so (never an official list), whose one entity is close enough to a partner's name to
  // raise a hit that waits for a reviewer's decision.
  step(ago(3, 8), 'sanctions list', async () => {
    const published = addDays(today, -4).split('-').reverse().join('/');
    await services.screening.lists.load(await owner(), 'uk', {
      format: 'uk_csv',
      files: {
        main: [
          `Last Updated,${published}`,
          'Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Country,Group Type,Alias Type,Regime,Group ID',
          'HARBOUR MARKETING GROUP LTD,,,,,,,,Entity,Primary name,Demo regime (fictitious),90001',
          'VOLKOV,Arkadiy,,,,,Mr,Russia,Individual,Primary name,Demo regime (fictitious),90002',
        ].join('\r\n'),
      },
      fileNames: ['demo-sample-not-an-official-list.csv'],
    });
  });

  // Findings: one overdue, one being fixed, one closed with evidence.
  step(ago(55, 10), 'findings', async () => {
    const me = await manager2();
    await services.assurance.findings.create(me, {
      vendorId: vendorOf('vistula'),
      title: 'MFA is not enforced on the payroll portal',
      description: 'Found in the yearly security review: staff can sign in with a password alone.',
      severity: 'high',
      dueOn: addDays(today, -10),
    });
    const fixing = await services.assurance.findings.create(me, {
      vendorId: vendorOf('vistula'),
      title: 'Sub-processor list is out of date',
      description: 'The list attached to the DPA still names a print shop that was replaced.',
      severity: 'medium',
      dueOn: addDays(today, 25),
    });
    await services.assurance.findings.start(me, fixing.id);
    const closed = await services.assurance.findings.create(await manager(), {
      vendorId: vendorOf('manila'),
      title: 'Clean-desk policy not followed on floor 3',
      description: 'Customer order printouts were left on desks during the site visit.',
      severity: 'low',
      dueOn: addDays(today, -20),
    });
    await services.assurance.findings.start(await manager(), closed.id);
    step(ago(30, 10), 'resolve clean desk', async () => {
      await services.assurance.findings.resolve(await manager(), closed.id, {
        evidence:
          'Photos of floor 3 from the unannounced check on two days; printers now release on badge only.',
      });
    });
  });

  // Access to Northwind systems, and the review that is due.
  step(at(addDays(m(18), -5), 9), 'access grants', async () => {
    const me = await manager();
    const grantsFor = async (
      key: string,
      engagement: StoryKey,
      systems: Array<[string, 'read' | 'write' | 'admin']>,
    ) => {
      const contacts = await services.vendors.listContacts(me, vendorOf(key));
      for (const [i, [system, level]] of systems.entries()) {
        const contact = contacts[i % contacts.length]!;
        await services.assurance.grants.create(me, {
          vendorId: vendorOf(key),
          engagementId: eng(engagement),
          contactId: contact.id,
          system,
          accessLevel: level,
          grantedOn: addDays(m(18), -5),
          expiresOn: level === 'admin' ? addDays(today, 45) : null,
          justification: `Needed to deliver ${system === 'SAP S/4HANA' ? 'accounts payable' : 'the service'} under the SOW.`,
        });
      }
    };
    await grantsFor('manila', 'manila', [
      ['Salesforce Service Cloud', 'write'],
      ['Genesys Cloud CX', 'admin'],
      ['Zendesk knowledge base', 'read'],
    ]);
    await grantsFor('bengaluru', 'bengaluru', [
      ['SAP S/4HANA', 'write'],
      ['Coupa supplier portal', 'read'],
    ]);
  });
  step(ago(20, 9), 'access review', async () => {
    await services.assurance.reviews.create(await manager(), {
      scope: 'engagement',
      engagementId: eng('manila'),
      reviewerId: (await manager()).id,
      dueOn: addDays(today, 9),
    });
  });

  // The exit from Cape Town, and the data it still holds.
  const cape = story.engagements.find((e) => e.key === 'cape')!;
  step(at(addDays(cape.statusFrom!, 1), 9), 'exit plan', async () => {
    const owner = 'Miriam Schulz';
    await services.spend.exitPlans.put(
      await manager(),
      eng('cape'),
      ExitPlanBody.parse({
        steps: [
          { title: 'Give written notice of termination', owner, dueDate: cape.statusFrom, done: true },
          {
            title: 'Move English overflow calls to Manila',
            owner,
            dueDate: addDays(cape.statusFrom!, 30),
            done: true,
          },
          {
            title: 'Final invoice and credit reconciliation',
            owner: 'Northwind finance',
            dueDate: addDays(today, 10),
            done: false,
          },
        ],
        dataItems: [
          {
            description: 'Call recordings since go-live',
            action: 'delete',
            owner: 'Cape security officer',
            dueDate: addDays(today, 14),
            done: false,
          },
          {
            description: 'Customer contact history exported from the CRM',
            action: 'return_and_delete',
            owner: 'Cape operations lead',
            dueDate: addDays(cape.statusFrom!, 45),
            done: true,
          },
        ],
        knowledgeItems: [
          {
            topic: 'Overflow routing rules and call scripts',
            owner,
            dueDate: addDays(cape.statusFrom!, 20),
            done: true,
          },
        ],
        accessItems: [
          {
            system: 'Salesforce Service Cloud',
            owner: 'Northwind IT',
            dueDate: addDays(today, 5),
            done: false,
          },
        ],
      }),
    );
  });

  // Questionnaires at every status.
  const security = () => templates.get(SECURITY_TEMPLATE.name)!;
  const privacy = () => templates.get(PRIVACY_TEMPLATE.name)!;
  const send = async (template: string, vendor: string, dueDate: string) =>
    services.questionnaires.assessments.send(await manager(), {
      templateId: template,
      vendorId: vendorOf(vendor),
      dueDate,
    });
  step(at(addDays(m(11), 3), 9), 'questionnaire: Manila security (completed)', async () => {
    const a = await send(security(), 'manila', addDays(m(11), 30));
    step(at(addDays(m(11), 12), 9), 'Manila answers', async () => {
      const andrea = await actor('vendor.manila');
      await services.questionnaires.assessments.answer(andrea, a.id, { answers: GOOD_SECURITY });
      await services.questionnaires.assessments.submit(andrea, a.id);
    });
    step(at(addDays(m(11), 16), 9), 'Manila reviewed', async () => {
      await services.questionnaires.assessments.review(
        await manager(),
        a.id,
        ReviewBody.parse({ decision: 'complete' }),
      );
    });
  });
  step(ago(40, 9), 'questionnaire: Vistula security (clarification)', async () => {
    const a = await send(security(), 'vistula', addDays(today, -10));
    step(ago(22, 11), 'Vistula answers', async () => {
      const piotr = await actor('vendor.vistula');
      await services.questionnaires.assessments.answer(piotr, a.id, {
        answers: { ...GOOD_SECURITY, mfa: 'no', review: 'yearly', joiners: 48 },
      });
      await services.questionnaires.assessments.submit(piotr, a.id);
    });
    step(ago(15, 14), 'Vistula clarification', async () => {
      await services.questionnaires.assessments.review(
        await manager2(),
        a.id,
        ReviewBody.parse({
          decision: 'clarify',
          comments: [
            {
              questionId: 'mfa',
              comment: 'By when will MFA be enforced on the payroll portal? Please give a date.',
            },
            {
              questionId: 'joiners',
              comment: '48 hours is long for payroll data; can leavers lose access on their last day?',
            },
          ],
        }),
      );
    });
  });
  step(ago(12, 9), 'questionnaire: Vistula privacy (in progress)', async () => {
    const a = await send(privacy(), 'vistula', addDays(today, 18));
    step(ago(5, 13), 'Vistula starts answering', async () => {
      await services.questionnaires.assessments.answer(await actor('vendor.vistula'), a.id, {
        answers: { subprocessors: 'yes', breach: 24 },
      });
    });
  });
  step(ago(9, 9), 'questionnaire: Manila privacy (submitted)', async () => {
    const a = await send(privacy(), 'manila', addDays(today, 21));
    step(ago(1, 7), 'Manila submits privacy', async () => {
      const andrea = await actor('vendor.manila');
      await services.questionnaires.assessments.answer(andrea, a.id, {
        answers: {
          subprocessors: 'yes',
          list: 'Genesys (call recording, EU region); Iron Mountain (paper archive, Manila).',
          breach: 24,
          transfer: 'yes',
        },
      });
      await services.questionnaires.assessments.submit(andrea, a.id);
    });
  });
  step(ago(6, 9), 'questionnaire: Bengaluru security (sent)', async () => {
    await send(security(), 'bengaluru', addDays(today, 24));
  });
  step(ago(4, 9), 'questionnaire: Tejo security (sent)', async () => {
    await send(security(), 'tejo', addDays(today, 26));
  });

  // Scorecards: the last three months of the hotline and two of payroll; one disputed.
  const scorecards: Array<{ key: StoryKey; month: string; scores: Record<string, number>; summary: string }> =
    [
      {
        key: 'manila',
        month: m(3),
        scores: { quality: 4, timeliness: 4, communication: 5, cost: 3, security: 4 },
        summary: 'A steady month; the new chat team settled in well.',
      },
      {
        key: 'manila',
        month: m(2),
        scores: { quality: 2, timeliness: 3, communication: 4, cost: 3, security: 4 },
        summary: 'The service level missed its target after the telecom outage; the credit applies.',
      },
      {
        key: 'manila',
        month: m(1),
        scores: { quality: 4, timeliness: 4, communication: 4, cost: 3, security: 4 },
        summary: 'Back on target; keep the overflow plan ready for the peak.',
      },
      {
        key: 'vistula',
        month: m(2),
        scores: { quality: 5, timeliness: 4, communication: 4, cost: 4, security: 2 },
        summary: 'Accurate payroll; MFA on the portal is still open.',
      },
      {
        key: 'vistula',
        month: m(1),
        scores: { quality: 5, timeliness: 5, communication: 4, cost: 4, security: 2 },
        summary: 'Year-end preparation on plan.',
      },
    ];
  for (const s of scorecards) {
    const who = s.key === 'vistula' ? manager2 : manager;
    step(at(addDays(monthEnd(s.month), 5), 9), `scorecard ${s.key} ${s.month}`, async () => {
      const card = await services.scorecards.create(await who(), eng(s.key), s.month.slice(0, 7));
      await services.scorecards.update(await who(), card.id, {
        lines: Object.entries(s.scores).map(([criterion, score]) => ({
          criterion: criterion as 'quality',
          score,
        })),
        summary: s.summary,
      });
      await services.scorecards.publish(await who(), card.id);
      if (s.key === 'manila' && s.month === m(2))
        step(ago(4, 6), 'scorecard dispute', async () => {
          await services.scorecards.respond(await actor('vendor.manila'), card.id, {
            kind: 'dispute',
            criterion: 'quality',
            comment:
              'The miss came from the carrier outage on the 14th, which the SOW treats as force majeure; we ask for quality to be scored 3.',
          });
        });
    });
  }

  // Meetings: the hotline's monthly service review, with minutes and actions.
  step(at(addDays(m(17), -3), 9), 'meeting series', async () => {
    const me = await manager();
    const contacts = await services.vendors.listContacts(me, vendorOf('manila'));
    const series = await services.meetings.createSeries(
      me,
      eng('manila'),
      CreateMeetingSeriesBody.parse({
        title: 'Hotline monthly service review',
        kind: 'monthly_service_review',
        recurrence: { frequency: 'monthly', nth: 1, weekday: 'tue' },
        startDate: m(17),
        startTime: '10:00',
        durationMinutes: 60,
        timezone: 'Europe/Berlin',
        attendees: [
          { type: 'user', id: me.id },
          { type: 'user', id: (await owner()).id },
          ...contacts.slice(0, 2).map((c) => ({ type: 'contact' as const, id: c.id })),
        ],
      }),
    );
    const contact = { id: portalContacts.get('manila')! };
    const minutes = [
      {
        month: m(3),
        agenda: '1. KPI results\n2. Weekend chat ramp-up\n3. Peak season staffing',
        minutes:
          '- Service level 86%, average speed of answer 21 s: both on target.\n- Weekend chat: 1,900 chats, satisfaction 4.5.\n- Peak plan: Manila Bay adds 12 agents from 1 November.',
        actions: [
          {
            title: 'Send the peak season staffing forecast',
            owner: { type: 'contact' as const, id: contact.id },
            due: 10,
            done: true,
          },
        ],
      },
      {
        month: m(2),
        agenda: '1. KPI results\n2. Carrier outage on the 14th\n3. Access review preparation',
        minutes:
          '- Service level missed (76%) after the carrier outage; credit of 5% applies unless earned back.\n- Manila Bay to send the root-cause report and the carrier’s statement.\n- Access review opens next month; Henrik collects the evidence.',
        actions: [
          {
            title: 'Root-cause report for the carrier outage',
            owner: { type: 'contact' as const, id: contact.id },
            due: 7,
            done: false,
          },
          {
            title: 'Collect the access-review evidence for the auditors',
            owner: { type: 'user' as const, id: (await actor('auditor')).id },
            due: 40,
            done: false,
          },
        ],
      },
      {
        month: m(1),
        agenda: '1. KPI results\n2. Renewal: notice deadline\n3. Late shift proposal',
        minutes:
          '- Service level back to 84%.\n- Renewal decision needed before the notice deadline; business case to be refreshed.\n- Manila Bay will raise a change request for a late shift in the peak.',
        actions: [
          {
            title: 'Refresh the business case with this year’s volumes',
            owner: { type: 'user' as const, id: me.id },
            due: 14,
            done: false,
          },
          {
            title: 'Raise the change request for the late shift',
            owner: { type: 'contact' as const, id: contact.id },
            due: 10,
            done: true,
          },
          {
            title: 'Agree the renewal terms before the notice deadline',
            owner: { type: 'user' as const, id: (await owner()).id },
            due: 21,
            done: false,
          },
        ],
      },
    ];
    for (const mtg of minutes) {
      const date = nthWeekday(mtg.month, 2);
      const key = `${series.id}@${date}`;
      step(at(date, 12), `minutes ${date}`, async () => {
        await services.meetings.putMeeting(
          await manager(),
          key,
          PutMeetingBody.parse({ agenda: mtg.agenda, minutes: mtg.minutes }),
        );
        for (const a of mtg.actions) {
          const action = await services.meetings.addAction(
            await manager(),
            key,
            CreateActionBody.parse({ title: a.title, owner: a.owner, dueDate: addDays(date, a.due) }),
          );
          if (a.done)
            step(at(addDays(date, a.due - 1), 12), `done ${a.title}`, async () => {
              await services.meetings.updateAction(await manager(), action.id, { status: 'done' });
            });
        }
      });
    }
  });

  // Threads with mentions: the last days' conversations.
  const thread = (
    key: StoryKey,
    title: string,
    visibility: 'internal' | 'shared',
    opener: string,
    messages: Array<{ daysAgo: number; hour: number; who: string; body: string }>,
  ) => {
    const first = messages[0]!;
    step(ago(first.daysAgo, first.hour), `thread ${title}`, async () => {
      const t = await services.messaging.createThread(await actor(opener), eng(key), { title, visibility });
      for (const msg of messages)
        step(ago(msg.daysAgo, msg.hour), `message in ${title}`, async () => {
          await services.messaging.postMessage(
            await actor(msg.who),
            t.id,
            CreateMessageBody.parse({ body: msg.body }),
          );
        });
    });
  };
  thread('manila', 'Peak season staffing', 'shared', 'manager', [
    {
      daysAgo: 16,
      hour: 8,
      who: 'manager',
      body: '@Andrea could you confirm the **12 extra agents** for the peak, with their start dates?',
    },
    {
      daysAgo: 15,
      hour: 3,
      who: 'vendor.manila',
      body: 'Confirmed: 8 start on the 1st, 4 on the 15th. Training plan attached to the next service review.',
    },
    {
      daysAgo: 3,
      hour: 2,
      who: 'vendor.manila',
      body: '@Miriam the late-shift change request is in; can we discuss it at the next review?',
    },
    { daysAgo: 1, hour: 9, who: 'manager', body: 'Thanks, Andrea. On the agenda for Tuesday.' },
  ]);
  thread('manila', 'Renewal of the hotline contract', 'internal', 'manager', [
    {
      daysAgo: 13,
      hour: 10,
      who: 'manager',
      body: 'Notice deadline is close. @Katrin do we renew as is, or renegotiate the per-agent rate?',
    },
    {
      daysAgo: 2,
      hour: 15,
      who: 'owner',
      body: 'Renegotiate: ask for 4% off the rate in exchange for a two-year term. @Miriam please update the business case.',
    },
  ]);
  thread('vistula', 'Year-end payroll calendar', 'shared', 'manager2', [
    {
      daysAgo: 20,
      hour: 9,
      who: 'manager2',
      body: '@Piotr please share the year-end cut-off dates for Germany and Poland.',
    },
    {
      daysAgo: 19,
      hour: 12,
      who: 'vendor.vistula',
      body: 'Cut-off is 15 December for both countries; the 13th salary runs with the December payroll.',
    },
  ]);

  // Due diligence on the hotline partner: certificates, reference checks, past clients.
  step(at(addDays(story.setUpOn, 2), 10), 'diligence', async () => {
    const me = await manager();
    const manila = vendorOf('manila');
    await services.diligence.certifications.create(me, manila, {
      standard: 'iso27001',
      certificateNumber: 'IS 741552',
      issuer: 'BSI Group',
      scope: 'Contact centre operations, Manila (Bonifacio Global City)',
      issuedOn: addDays(today, -700),
      expiresOn: addDays(today, 395),
    });
    await services.diligence.certifications.create(me, manila, {
      standard: 'pci_dss',
      issuer: 'Trustwave',
      scope: 'Card payments taken by phone',
      issuedOn: addDays(today, -300),
      expiresOn: addDays(today, 65),
    });
    await services.diligence.references.create(me, manila, {
      refereeOrganisation: 'Alpenland Mobile GmbH',
      relationship: 'German-language hotline for a telecom operator since 2019',
      verdict: 'positive',
      notes: 'Stable team, low attrition; escalations answered the same day.',
    });
    await services.diligence.references.create(me, manila, {
      refereeOrganisation: 'Nordic Home Retail AB',
      relationship: 'Seasonal overflow support, two peak seasons',
      verdict: 'neutral',
      notes: 'Good quality once ramped up; the first peak started a week late.',
    });
    await services.diligence.references.addPastClient(await actor('vendor.manila'), manila, {
      client: 'Alpenland Mobile GmbH',
      country: 'AT',
      service: 'Customer service hotline',
      from: '2019-03-01',
      description: 'German and English voice and chat support, 60 agents.',
    });
  });

  // Who to call when the hotline is in trouble, level by level.
  const manilaStart = story.engagements.find((e) => e.key === 'manila')!.startDate;
  step(at(addDays(manilaStart, -7), 10), 'escalation matrix', async () => {
    const me = await manager();
    const contacts = await services.vendors.listContacts(me, vendorOf('manila'));
    const [first, second] = [contacts[0]!, contacts[1] ?? contacts[0]!];
    await services.escalations.put(
      me,
      eng('manila'),
      PutEscalationMatrixBody.parse({
        levels: [
          {
            level: 1,
            title: 'Team leads',
            channel: 'chat',
            responseTime: { value: 30, unit: 'minutes' },
            internalContacts: [me.id],
            vendorContacts: [portalContacts.get('manila')!],
            notes: 'Queue above 60 seconds or a system down on the floor.',
          },
          {
            level: 2,
            title: 'Service owners',
            channel: 'phone',
            responseTime: { value: 2, unit: 'hours' },
            internalContacts: [me.id, (await owner()).id],
            vendorContacts: [first.id],
            notes: 'Service level below 70% for a day, or a data incident.',
          },
          {
            level: 3,
            title: 'Executives',
            channel: 'meeting',
            responseTime: { value: 1, unit: 'hours' },
            internalContacts: [(await owner()).id],
            vendorContacts: [second.id],
            notes: 'A site closed (typhoon, outage) or a breach of the SOW.',
          },
        ],
      }),
    );
  });

  // Holiday calendars of the organisation and of the two vendors with portal users.
  step(at(addDays(story.setUpOn, 1), 10), 'holiday calendars', async () => {
    const me = await owner();
    await services.calendars.create(me, {
      name: 'Northwind head office (Berlin)',
      country: 'DE',
      region: 'BE',
    });
    await services.calendars.create(me, {
      name: 'Manila contact centre',
      vendorId: vendorOf('manila'),
      country: 'PH',
    });
    await services.calendars.create(me, {
      name: 'Kraków payroll centre',
      vendorId: vendorOf('vistula'),
      country: 'PL',
    });
  });

  // The data-protection register: what each partner processes, and the DPAs on file.
  const flows: Array<{ key: StoryKey; vendor: string; body: Record<string, unknown> }> = [
    {
      key: 'manila',
      vendor: 'manila',
      body: {
        categories: ['personal_basic'],
        classification: 'confidential',
        dataSubjects: ['customers'],
        recordVolume: 1_400_000,
        purpose: 'Answering customer calls and chats about orders, returns and deliveries',
        processingCountries: ['PH'],
        storageCountries: ['DE'],
        subProcessors: [{ name: 'Genesys', country: 'IE', purpose: 'Call routing and recording' }],
        transferMechanism: 'scc',
        legalBasis: 'contract',
        retention: 'P2Y',
        exitHandling: { action: 'delete', certificate: true },
        encryptionAtRest: true,
        encryptionInTransit: true,
      },
    },
    {
      key: 'vistula',
      vendor: 'vistula',
      body: {
        categories: ['personal_basic', 'financial'],
        classification: 'restricted',
        dataSubjects: ['employees'],
        recordVolume: 1_850,
        purpose: 'Monthly payroll, payslips and statutory filings',
        processingCountries: ['PL'],
        storageCountries: ['PL'],
        transferMechanism: 'none',
        legalBasis: 'legal_obligation',
        retention: 'P10Y',
        exitHandling: { action: 'return', certificate: true },
        encryptionAtRest: true,
        encryptionInTransit: true,
      },
    },
    {
      key: 'bengaluru',
      vendor: 'bengaluru',
      body: {
        categories: ['personal_basic', 'financial'],
        classification: 'confidential',
        dataSubjects: ['suppliers'],
        recordVolume: 9_000,
        purpose: 'Posting supplier invoices and keeping supplier master data',
        processingCountries: ['IN'],
        storageCountries: ['DE'],
        transferMechanism: 'scc',
        legalBasis: 'contract',
        retention: 'P10Y',
        exitHandling: { action: 'return', certificate: true },
        encryptionAtRest: true,
        encryptionInTransit: true,
      },
    },
  ];
  for (const f of flows) {
    const e = story.engagements.find((x) => x.key === f.key)!;
    step(at(addDays(e.startDate, -10), 11), `data flow ${f.key}`, async () => {
      const me = await manager();
      const flow = await services.dataSharing.flows.create(me, eng(f.key), DataFlowBody.parse(f.body));
      await services.dataSharing.agreements.create(
        me,
        vendorOf(f.vendor),
        AgreementBody.parse({
          type: 'dpa',
          title: 'Data processing agreement (GDPR Art. 28)',
          signedOn: addDays(e.startDate, -12),
          reviewOn: addDays(today, 120),
          dataFlowIds: [flow.id],
        }),
      );
      await services.dataSharing.agreements.create(
        me,
        vendorOf(f.vendor),
        AgreementBody.parse({ type: 'nda', title: 'Mutual NDA', signedOn: addDays(e.startDate, -90) }),
      );
    });
  }

  // Security assessments planned from each partner's tier.
  step(ago(45, 9), 'security assessments', async () => {
    const me = await manager();
    for (const [key, type, due] of [
      ['manila', 'onsite_audit', 30],
      ['manila', 'pentest_review', 75],
      ['vistula', 'document_review', 20],
      ['bengaluru', 'certification_check', 50],
    ] as const)
      await services.assurance.assessments.create(me, {
        vendorId: vendorOf(key),
        type,
        ownerId: me.id,
        dueOn: addDays(today, due),
      });
  });

  // Sourcing: a partner to take over order-system support after the pause.
  step(ago(25, 9), 'sourcing', async () => {
    await services.sourcing.create(
      await manager2(),
      SourcingEventBody.parse({
        title: 'Order management support from next year',
        function: 'it',
        scopeSummary: 'Second-line support and bug fixes for the order management system, 8×5 with on-call.',
        candidates: [vendorOf('monterrey'), vendorOf('dnipro'), vendorOf('saigon')],
        criteria: [
          { name: 'Cost', weight: 35, source: 'cost' },
          { name: 'Security certification', weight: 25, source: 'certification' },
          { name: 'Order-system experience', weight: 25 },
          { name: 'Time-zone overlap with Berlin', weight: 15 },
        ],
        evaluators: [(await manager()).id],
      }),
    );
  });

  // API tokens: each person's integration (a report refresh, an evidence export, a KPI upload).
  step(ago(30, 9), 'api tokens', async () => {
    for (const [local, name, scope] of [
      ['owner', 'HR system sync', 'write'],
      ['admin', 'Backup monitoring', 'read'],
      ['manager', 'Power BI spend refresh', 'read'],
      ['manager2', 'Payroll KPI import', 'write'],
      ['viewer', 'Weekly Excel report', 'read'],
      ['auditor', 'Evidence export for the ISAE 3402 audit', 'read'],
      ['vendor.manila', 'Genesys KPI upload', 'write'],
      ['vendor.vistula', 'Payroll KPI upload', 'write'],
    ] as const)
      await services.accounts.createToken(await actor(local), { name, scope });
  });

  // Play the story in its own order (a stable sort keeps the order of steps at the same moment).
  // A step added while playing for a moment already past runs now: time never goes back.
  let last = 0;
  while (steps.length) {
    steps.sort((a, b) => a.when.getTime() - b.when.getTime());
    const next = steps.shift()!;
    last = Math.max(last, next.when.getTime());
    clock.set(new Date(last));
    await next.run();
    options.onStep?.(next.label, steps.length);
  }
  clock.set(new Date(8.64e15));
  return counts;
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessReviewListQuery, FindingListQuery } from '../../src/contracts/assurance';
import { AuditQuery } from '../../src/contracts/audit';
import { BusinessCaseListQuery } from '../../src/contracts/business-cases';
import { ChangeRequestListQuery, ENGAGEMENT_STATUSES } from '../../src/contracts/engagements';
import { ActionListQuery } from '../../src/contracts/meetings';
import { MessageListQuery, ThreadListQuery } from '../../src/contracts/messaging';
import { NotificationListQuery } from '../../src/contracts/notifications';
import { ASSESSMENT_STATUSES, AssessmentListQuery } from '../../src/contracts/questionnaires';
import { RiskListQuery } from '../../src/contracts/risks';
import { HitListQuery } from '../../src/contracts/screening';
import { SourcingListQuery } from '../../src/contracts/sourcing';
import { InvoiceListQuery } from '../../src/contracts/spend';
import { loadConfig } from '../../src/server/config';
import { loadDemo } from '../../src/server/demo/load';
import { buildDemoPlan } from '../../src/server/demo/plan';
import { buildDemoStory } from '../../src/server/demo/story';
import type { Clock } from '../../src/server/lib/clock';
import { type Actor, systemActor } from '../../src/server/policy';
import { createServices, type Services } from '../../src/server/services';
import { createTestDatabase, dialects, type TestDatabase } from '../helpers/databases';

/** "Today" for the story, pinned: the demo is generated relative to the project's clock. */
const TODAY = new Date('2026-06-17T10:30:00.000Z');
const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const daysFromToday = (date: string) =>
  Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(dayOf(TODAY))) / DAY);

describe.each(dialects)('demo loader on %s', (dialect) => {
  let db: TestDatabase;
  let services: Services;
  let core: Parameters<typeof loadDemo>[0];
  const actor = systemActor('test');
  const clock: Clock = { now: () => TODAY };

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    const config = loadConfig({ OUTPOST_DATA_DIR: db.dataDir } as NodeJS.ProcessEnv, {
      secret: 'test-secret-test-secret-test-secret-1234',
    });
    core = { database: db.database, clock, config };
    services = createServices(core);
  });
  afterEach(() => db?.cleanup());

  async function allVendors() {
    return (await services.vendors.list(actor, { limit: 200, sort: 'name' })).items;
  }
  async function allEngagements() {
    return (await services.engagements.list(actor, { limit: 200, sort: 'title' })).items;
  }
  async function userActor(email: string): Promise<Actor> {
    const u = (await services.accounts.findUserByEmail(email))!;
    return {
      id: u.id,
      name: u.name,
      role: u.role as Actor['role'],
      vendorId: u.vendorId ?? null,
      requestId: null,
      ip: null,
    };
  }

  it('sets up an empty database through the services, audited, and a second run adds nothing', async () => {
    const plan = buildDemoPlan();
    const first = await loadDemo(core);
    expect(first.setUp).toBe(true);
    expect(first.created.users).toBe(plan.staff.length + plan.vendorUsers.length);
    expect(first.created.vendors).toBe(plan.vendors.length);

    const org = await services.settings.organisation();
    expect(org).toMatchObject({ name: 'Northwind Retail', country: 'DE', currency: 'EUR' });

    const vendors = await allVendors();
    expect(vendors).toHaveLength(plan.vendors.length);
    const byName = new Map(vendors.map((v) => [v.name, v]));
    for (const p of plan.vendors) {
      const v = byName.get(p.body.name)!;
      expect(v.status).toBe(p.statusPath.at(-1) ?? 'prospect');
      expect(v.ownerId).toMatch(/^usr_/);
      const contacts = await services.vendors.listContacts(actor, v.id);
      expect(contacts.map((c) => c.name)).toEqual(
        expect.arrayContaining(p.body.contacts!.map((c) => c.name)),
      );
    }

    const users = (await services.accounts.listUsers(actor, { limit: 200 })).items;
    const vendorUsers = users.filter((u) => u.role === 'vendor');
    expect(vendorUsers).toHaveLength(2);
    expect(new Set(vendorUsers.map((u) => u.vendorId)).size).toBe(2);

    const login = await services.accounts.login('manager@demo.outpost.local', plan.password, {
      requestId: null,
      ip: '127.0.0.1',
    });
    expect(login.user.role).toBe('manager');

    const statusEvents = await services.audit.list(actor, { limit: 200, action: 'vendor.status' });
    expect(statusEvents.items.length).toBe(plan.vendors.reduce((n, v) => n + v.statusPath.length, 0));
    expect((await services.audit.verify(actor)).ok).toBe(true);

    const engagementsBefore = (await allEngagements()).length;
    const second = await loadDemo(core);
    expect(second.setUp).toBe(false);
    expect(second.created).toEqual({
      users: 0,
      vendors: 0,
      contacts: 0,
      statusChanges: 0,
      engagements: 0,
      measurements: 0,
      invoices: 0,
    });
    expect(second.existing).toEqual({ users: first.created.users, vendors: plan.vendors.length });
    expect(await allVendors()).toHaveLength(plan.vendors.length);
    expect((await services.accounts.listUsers(actor, { limit: 200 })).items).toHaveLength(users.length);
    expect(await allEngagements()).toHaveLength(engagementsBefore);
  }, 180_000);

  it('tells an eighteen-month story ending today, with every capability showing data', async () => {
    const result = await loadDemo(core);
    const manager = await userActor('manager@demo.outpost.local');

    // Engagements in every state; all but the draft run under an approved SOW.
    const engagements = await allEngagements();
    expect(result.created.engagements).toBe(engagements.length);
    expect(new Set(engagements.map((e) => e.status))).toEqual(new Set(ENGAGEMENT_STATUSES));
    for (const e of engagements) {
      if (e.status === 'draft') expect(e.baselineVersion).toBeNull();
      else expect(e.baselineVersion, e.title).toBeGreaterThanOrEqual(1);
    }
    // The story starts eighteen months back and ends today.
    const starts = engagements.map((e) => daysFromToday(e.startDate));
    expect(Math.min(...starts)).toBeLessThanOrEqual(-540);
    expect(Math.min(...starts)).toBeGreaterThan(-600);

    // A change request approved (a second SOW version) and one waiting for a decision.
    const requests = (
      await Promise.all(
        engagements.map(
          async (e) =>
            (
              await services.changeRequests.list(actor, e.id, ChangeRequestListQuery.parse({ limit: 50 }))
            ).items,
        ),
      )
    ).flat();
    expect(requests.map((r) => r.status).sort()).toEqual(['approved', 'submitted']);
    const hotline = engagements.find((e) => e.id === requests[0]!.engagementId)!;
    expect(hotline.baselineVersion).toBe(2);

    // Measurements and a breached month: the ratio computed here from the story's own figures,
    // the credit from the SOW's rule (credit % of the monthly fee).
    const story = buildDemoStory(dayOf(TODAY));
    const sow = await services.sows.get(actor, hotline.id);
    const kpi = sow.kpis.find((k) => k.aggregation === 'ratio')!;
    expect(kpi.creditPct).toBeGreaterThan(0);
    const history = await services.quality.measurements.history(actor, hotline.id, {
      granularity: 'month',
      periods: 20,
      source: 'client',
    });
    const closed = history.periods.filter((p) => p.status === 'closed');
    expect(closed.length).toBeGreaterThanOrEqual(15);
    const breached = closed.filter((p) => p.kpis.find((k) => k.kpiId === kpi.id)?.met === false);
    expect(breached.length).toBe(2);
    const expectedCredit = Math.round((kpi.creditPct / 100) * hotline.monthlyFee);
    for (const month of breached) {
      const figures = story.measurements.find(
        (m) => m.engagement === 'manila' && m.month.startsWith(month.period),
      )!;
      const rows = figures.items.filter((i) => i.kpi === kpi.name);
      const ratio =
        (rows.reduce((n, r) => n + r.numerator!, 0) / rows.reduce((n, r) => n + r.denominator!, 0)) * 100;
      expect(ratio).toBeLessThan(kpi.target!);
      expect(month.kpis.find((k) => k.kpiId === kpi.id)!.actual).toBeCloseTo(ratio, 6);
    }
    // The earlier breach was earned back (met in the three months after it); the recent one is due.
    const [earlier, recent] = breached;
    expect(earlier!.credit).toMatchObject({ amount: 0, waivedByEarnBack: expectedCredit });
    expect(recent!.credit).toMatchObject({ amount: expectedCredit, waivedByEarnBack: 0 });
    expect(result.created.measurements).toBe(story.measurements.reduce((n, m) => n + m.items.length, 0));

    // Invoices in at least three currencies, in every state.
    const invoices = (await services.spend.invoices.list(actor, InvoiceListQuery.parse({ limit: 200 })))
      .items;
    expect(invoices.length).toBe(result.created.invoices);
    expect(new Set(invoices.map((i) => i.currency)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(invoices.map((i) => i.status))).toEqual(
      new Set(['received', 'approved', 'paid', 'disputed']),
    );

    // Business cases linked to engagements: planned and realised savings month by month.
    const cases = (await services.businessCases.list(actor, BusinessCaseListQuery.parse({ limit: 50 })))
      .items;
    expect(cases.length).toBeGreaterThanOrEqual(3);
    const savings = await services.spend.savings(actor, hotline.id);
    expect(savings.link?.businessCaseName).toBeTruthy();
    expect(savings.months.filter((m) => m.actualCost !== null).length).toBeGreaterThanOrEqual(12);

    // Risks by hand and from the automatic signals; findings, one overdue; an access review due;
    // a renewal coming up; an exit plan for the terminated engagement.
    const risks = (await services.risks.list(actor, RiskListQuery.parse({ limit: 100 }))).items;
    expect(new Set(risks.map((r) => r.kind))).toEqual(new Set(['manual', 'signal']));
    const findings = (await services.assurance.findings.list(actor, FindingListQuery.parse({ limit: 50 })))
      .items;
    expect(new Set(findings.map((f) => f.status)).size).toBeGreaterThanOrEqual(3);
    expect(findings.some((f) => f.overdue)).toBe(true);
    const reviews = (await services.assurance.reviews.list(actor, AccessReviewListQuery.parse({ limit: 50 })))
      .items;
    expect(reviews.some((r) => r.status !== 'completed' && daysFromToday(r.dueOn) > 0)).toBe(true);
    const renewals = (await services.spend.renewals.list(actor, {})).items;
    expect(renewals.some((r) => r.inNoticePeriod && daysFromToday(r.renewalDate!) <= 60)).toBe(true);
    const terminated = engagements.find((e) => e.status === 'terminated')!;
    const exit = await services.spend.exitPlans.get(actor, terminated.id);
    expect(exit.steps.length).toBeGreaterThanOrEqual(3);
    expect(exit.steps.some((s) => s.done) && exit.steps.some((s) => !s.done)).toBe(true);

    // Threads with mentions, shared and internal.
    const threads = (
      await services.messaging.listThreads(manager, hotline.id, ThreadListQuery.parse({ limit: 50 }))
    ).items;
    expect(new Set(threads.map((t) => t.visibility))).toEqual(new Set(['internal', 'shared']));
    const messages = (
      await services.messaging.listMessages(manager, threads[0]!.id, MessageListQuery.parse({ limit: 50 }))
    ).items;
    expect(messages.some((m) => m.mentions.length > 0)).toBe(true);

    // Questionnaires at every status; scorecards with an open dispute.
    const assessments = (
      await services.questionnaires.assessments.list(actor, AssessmentListQuery.parse({ limit: 100 }))
    ).items;
    expect(new Set(assessments.map((a) => a.status))).toEqual(new Set(ASSESSMENT_STATUSES));
    const cards = (await services.scorecards.list(actor, hotline.id)).items;
    expect(cards.filter((c) => c.status === 'published').length).toBeGreaterThanOrEqual(3);
    expect(cards.some((c) => c.openDisputes > 0)).toBe(true);

    // A meeting series with minutes and actions, some still open; the vendor user has tasks.
    const series = (await services.meetings.listSeries(actor, hotline.id)).items;
    expect(series).toHaveLength(1);
    const mine = (await services.meetings.listActions(manager, ActionListQuery.parse({}))).items;
    expect(mine.length).toBeGreaterThanOrEqual(1);
    const meeting = await services.meetings.getMeeting(actor, mine[0]!.meetingId);
    expect(meeting.minutes.length).toBeGreaterThan(50);
    const andrea = await userActor('vendor.manila@demo.outpost.local');
    const theirs = (await services.meetings.listActions(andrea, ActionListQuery.parse({}))).items;
    expect(theirs.some((a) => a.status === 'open') && theirs.some((a) => a.status === 'done')).toBe(true);

    // The data-protection register with DPAs on file, holiday calendars, a sourcing event, and
    // the hotline's escalation matrix.
    expect((await services.dataSharing.flows.list(actor, hotline.id)).length).toBeGreaterThanOrEqual(1);
    const agreements = await services.dataSharing.agreements.list(actor, hotline.vendorId);
    expect(agreements.map((a) => a.type)).toContain('dpa');
    expect((await services.calendars.list(actor, { limit: 20 })).items.length).toBeGreaterThanOrEqual(3);
    expect((await services.sourcing.list(actor, SourcingListQuery.parse({}))).items.length).toBe(1);
    expect((await services.escalations.get(actor, hotline.id)).levels).toHaveLength(3);

    // The DORA register has its functions, each supported by an engagement; the demo's made-up
    // sanctions list (never an official one) raises one hit on a partner's name, waiting for review.
    const functions = await services.registers.listFunctions(actor);
    expect(functions.map((f) => f.identifier).sort()).toEqual(['F-CS-01', 'F-PAY-01']);
    expect(functions.every((f) => f.engagementIds.length === 1)).toBe(true);
    const hits = (await services.screening.listHits(actor, HitListQuery.parse({ status: 'open' }))).items;
    expect(hits.length).toBeGreaterThanOrEqual(1);

    // The audit trail tells the story on its days, and the chain verifies.
    const early = await services.audit.list(
      actor,
      AuditQuery.parse({ limit: 5, to: new Date(TODAY.getTime() - 540 * DAY).toISOString() }),
    );
    expect(early.items.length).toBeGreaterThan(0);
    expect((await services.audit.verify(actor)).ok).toBe(true);

    // Quiet: the set-up notifies nobody; the last week's events read as sentences, a few each.
    await services.notificationDelivery.consume();
    for (const email of ['owner', 'manager', 'manager2', 'vendor.manila', 'vendor.vistula', 'auditor']) {
      const person = await userActor(`${email}@demo.outpost.local`);
      const items = (await services.notifications.list(person, NotificationListQuery.parse({ limit: 100 })))
        .items;
      expect(items.length, email).toBeLessThanOrEqual(5);
      for (const n of items) {
        expect(`${n.title} ${n.body}`, email).not.toMatch(/\b[a-z]+_[a-z_]+\b|\*\*|\b(usr|eng|vnd)_/);
      }
    }
  }, 180_000);

  it('added to a database that already has an owner, keeps that organisation', async () => {
    await services.accounts.setup(
      {
        name: 'Real Owner',
        email: 'real@example.com',
        password: 'a-real-password-1',
        organisation: { name: 'Real Co' },
      },
      { requestId: null, ip: null },
    );
    const result = await loadDemo(core);
    expect(result.setUp).toBe(false);
    expect((await services.settings.organisation()).name).toBe('Real Co');
    expect(await allVendors()).toHaveLength(buildDemoPlan().vendors.length);
  }, 180_000);
});

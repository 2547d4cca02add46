import { describe, expect, it } from 'vitest';
import { CreateUserBody, ROLES } from '../../src/contracts/accounts';
import { SowDocument } from '../../src/contracts/engagements';
import { toMajor } from '../../src/contracts/money';
import { VENDOR_STATUSES } from '../../src/contracts/vendor-values';
import { CreateVendorBody } from '../../src/contracts/vendors';
import { DEMO_PASSWORD } from '../../src/server/demo/catalogue';
import { buildDemoPlan } from '../../src/server/demo/plan';
import { mulberry32 } from '../../src/server/demo/prng';
import { buildDemoStory } from '../../src/server/demo/story';
import { canTransition } from '../../src/server/modules/vendors/rules';

describe('demo plan', () => {
  it('is the same on every run with the same seed', () => {
    expect(buildDemoPlan(42)).toEqual(buildDemoPlan(42));
    expect(buildDemoPlan()).toEqual(buildDemoPlan());
  });

  it('draws different details from a different seed but keeps the same vendors and users', () => {
    const a = buildDemoPlan(1);
    const b = buildDemoPlan(2);
    expect(a.vendors.map((v) => v.body.name)).toEqual(b.vendors.map((v) => v.body.name));
    expect(a.staff).toEqual(b.staff);
    expect(a.vendors.map((v) => v.body.contacts)).not.toEqual(b.vendors.map((v) => v.body.contacts));
  });

  it('has users of every role, all valid for the user contract and with the documented password', () => {
    const plan = buildDemoPlan();
    const users = [...plan.staff, ...plan.vendorUsers];
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(ROLES));
    expect(new Set(plan.vendorUsers.map((u) => u.vendorKey)).size).toBe(2);
    expect(new Set(users.map((u) => u.email)).size).toBe(users.length);
    for (const u of users) {
      expect(u.email).toMatch(/@demo\.outpost\.local$/);
      const body = {
        name: u.name,
        email: u.email,
        password: plan.password,
        role: u.role,
        ...(u.role === 'vendor' ? { vendorId: 'vnd_01JD3ZQ8N00000000000000000' } : {}),
      };
      expect(CreateUserBody.safeParse(body).error?.issues).toBeUndefined();
    }
    expect(plan.password).toBe(DEMO_PASSWORD);
    expect(plan.password.length).toBeGreaterThanOrEqual(12);
  });

  it('plans valid vendors in many countries, covering the whole life cycle by allowed moves', () => {
    const plan = buildDemoPlan();
    expect(plan.vendors.length).toBeGreaterThanOrEqual(12);
    expect(new Set(plan.vendors.map((v) => v.body.country)).size).toBeGreaterThanOrEqual(10);
    const finals = new Set<string>();
    for (const v of plan.vendors) {
      const parsed = CreateVendorBody.safeParse(v.body);
      expect(parsed.error?.issues, v.body.name).toBeUndefined();
      expect(v.body.contacts!.length).toBeGreaterThanOrEqual(1);
      expect(v.body.contacts!.length).toBeLessThanOrEqual(3);
      let status = 'prospect' as (typeof VENDOR_STATUSES)[number];
      for (const next of v.statusPath) {
        expect(canTransition(status, next), `${v.body.name}: ${status} -> ${next}`).toBe(true);
        status = next;
      }
      finals.add(status);
    }
    expect(finals).toEqual(new Set(VENDOR_STATUSES));
    expect(new Set(plan.vendors.map((v) => v.body.criticality)).size).toBeGreaterThanOrEqual(3);
  });

  it('plans the story relative to today: the same day gives the same story, another day shifts it', () => {
    const a = buildDemoStory('2027-03-15');
    expect(buildDemoStory('2027-03-15')).toEqual(a);
    const b = buildDemoStory('2027-04-20');
    expect(b.engagements.map((e) => e.title)).toEqual(a.engagements.map((e) => e.title));
    // Every date moves with today: the first engagement starts eighteen months back, in both.
    for (const story of [a, b]) {
      const first = story.engagements.map((e) => e.startDate).sort()[0]!;
      const days = (Date.parse(story.today) - Date.parse(first)) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(540);
      expect(days).toBeLessThan(580);
      // Nothing measured or invoiced after today.
      for (const m of story.measurements)
        for (const i of m.items) expect(i.at < `${story.today}T00:00`).toBe(true);
      for (const i of story.invoices) expect(i.periodEnd < story.today).toBe(true);
      // Every SOW is a valid document; monthly invoices are worth €10,000–€150,000 at the story's rates.
      for (const e of story.engagements) expect(SowDocument.safeParse(e.sow).error?.issues).toBeUndefined();
      for (const i of story.invoices) {
        const eur = toMajor(i.amount, i.currency) * (i.currency === 'EUR' ? 1 : story.rates[i.currency]!);
        expect(eur, i.number).toBeGreaterThan(10_000);
        expect(eur, i.number).toBeLessThan(150_000);
      }
    }
  });

  it('mulberry32 gives a fixed sequence for a seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const seq = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seq);
    expect(seq.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(seq).size).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { CreateUserBody, ROLES } from '../../src/contracts/accounts';
import { VENDOR_STATUSES } from '../../src/contracts/vendor-values';
import { CreateVendorBody } from '../../src/contracts/vendors';
import { DEMO_PASSWORD } from '../../src/server/demo/catalogue';
import { buildDemoPlan } from '../../src/server/demo/plan';
import { mulberry32 } from '../../src/server/demo/prng';
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

  it('mulberry32 gives a fixed sequence for a seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const seq = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seq);
    expect(seq.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(seq).size).toBe(5);
  });
});

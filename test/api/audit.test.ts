import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';
import { expectProblem } from '../helpers/problem';

interface Event {
  id: string;
  seq: number;
  at: string;
  action: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
}

describe.each(dialects)('audit trail on %s', (dialect) => {
  const clock = fakeClock('2026-12-01T08:00:00.000Z');
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let auditor: Session;

  const countEvents = async () =>
    Number(
      (
        await t.db.database.db
          .selectFrom('auditEvents')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const verify = async (as: Session = auditor) =>
    (await t.call('GET', '/api/v1/audit-events/verify', { as })).body;
  const allEvents = async (query = ''): Promise<Event[]> =>
    (await t.call('GET', `/api/v1/audit-events?limit=200${query}`, { as: owner })).body.items;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    owner = await t.owner();
    manager = await t.user('manager');
    auditor = await t.user('auditor');
  });
  afterAll(() => t?.close());

  it('records who did what, from which request', async () => {
    const res = await t.call('POST', '/api/v1/vendors', {
      as: manager,
      headers: { 'x-request-id': 'req-audit-test-1' },
      body: { name: 'Audited Ltd', country: 'GB', notes: 'secret' },
    });
    const [event] = await allEvents(`&entityId=${res.body.id}`);
    expect(event).toMatchObject({
      action: 'vendor.create',
      entityType: 'vendor',
      entityId: res.body.id,
      actorId: manager.userId,
      actorName: expect.stringMatching(/manager/),
      requestId: 'req-audit-test-1',
      ip: '127.0.0.1',
      at: clock.now().toISOString(),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      changes: { name: { after: 'Audited Ltd' }, country: { after: 'GB' }, status: { after: 'prospect' } },
    });
  });

  it('writes nothing when a change fails', async () => {
    const vendor = await t.vendor({ name: 'Unchanged Ltd' });
    const before = await countEvents();
    expect(
      (await t.call('POST', '/api/v1/vendors', { as: owner, body: { name: '', country: 'XX' } })).status,
    ).toBe(422);
    expect(
      (await t.call('PATCH', `/api/v1/vendors/${vendor.id}`, { as: owner, body: { status: 'active' } }))
        .status,
    ).toBe(409);
    const csv = 'name,country\nGood One,DE\nBad One,XX\nGood Two,FR\n';
    const imported = await t.call('POST', '/api/v1/vendors/import', {
      as: owner,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(422);
    expect(await countEvents()).toBe(before);
  });

  it('writes the event in the same transaction as the change: no event, no change', async () => {
    const db = t.db.database.db;
    if (dialect === 'sqlite') {
      await sql`create trigger block_audit before insert on audit_events begin select raise(abort, 'audit blocked'); end`.execute(
        db,
      );
    } else {
      await sql`create function block_audit() returns trigger language plpgsql as $$ begin raise exception 'audit blocked'; end $$`.execute(
        db,
      );
      await sql`create trigger block_audit before insert on audit_events for each row execute function block_audit()`.execute(
        db,
      );
    }
    try {
      const res = await t.call('POST', '/api/v1/vendors', {
        as: owner,
        body: { name: 'Never Written', country: 'DE' },
      });
      expectProblem(res, 500);
      expect(res.body.detail).not.toContain('audit blocked');
      const rows = await db.selectFrom('vendors').select('id').where('name', '=', 'Never Written').execute();
      expect(rows).toEqual([]);
    } finally {
      await sql`drop trigger block_audit${sql.raw(dialect === 'postgres' ? ' on audit_events' : '')}`.execute(
        db,
      );
      if (dialect === 'postgres') await sql`drop function block_audit()`.execute(db);
    }
    expect((await verify()).ok).toBe(true);
  });

  it('filters by entity, actor, action and time range', async () => {
    const a = await t.vendor({ name: 'Filter A' });
    clock.advance(10 * 60_000);
    const middle = clock.now().toISOString();
    await t.call('PATCH', `/api/v1/vendors/${a.id}`, {
      as: manager,
      body: { website: 'https://a.example.com' },
    });
    clock.advance(10 * 60_000);
    const late = clock.now().toISOString();
    await t.call('PATCH', `/api/v1/vendors/${a.id}`, { as: owner, body: { status: 'under_review' } });

    const byEntity = await allEvents(`&entityType=vendor&entityId=${a.id}`);
    expect(byEntity.map((e) => e.action)).toEqual(['vendor.status', 'vendor.update', 'vendor.create']);
    expect(byEntity.map((e) => e.seq)).toEqual([...byEntity.map((e) => e.seq)].sort((x, y) => y - x));

    const byActor = await allEvents(`&actorId=${manager.userId}`);
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e) => e.actorId === manager.userId)).toBe(true);
    expect(byActor.map((e) => e.entityId)).toContain(a.id);

    expect((await allEvents(`&entityId=${a.id}&action=vendor.status`)).map((e) => e.action)).toEqual([
      'vendor.status',
    ]);

    const window = await allEvents(
      `&entityId=${a.id}&from=${encodeURIComponent(middle)}&to=${encodeURIComponent(late)}`,
    );
    expect(window.map((e) => e.action)).toEqual(['vendor.update']);
    expect(
      (await allEvents(`&entityId=${a.id}&from=${encodeURIComponent(late)}`)).map((e) => e.action),
    ).toEqual(['vendor.status']);
    // The same instant without milliseconds, or with an offset, selects the same events.
    const plain = `${middle.slice(0, 19)}Z`;
    const shifted = `${new Date(Date.parse(middle) + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`;
    for (const from of [plain, shifted]) {
      const events = await allEvents(`&entityId=${a.id}&from=${encodeURIComponent(from)}`);
      expect(
        events.map((e) => e.action),
        from,
      ).toEqual(['vendor.status', 'vendor.update']);
    }
  });

  it('pages through every event exactly once, newest first', async () => {
    const everything = await allEvents();
    expect(everything.length).toBeGreaterThan(8);
    const seen: Event[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.call(
        'GET',
        `/api/v1/audit-events?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        {
          as: auditor,
        },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((e) => e.id)).toEqual(everything.map((e) => e.id));
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
  });

  it('verifies an intact chain', async () => {
    const result = await verify();
    expect(result).toEqual({
      ok: true,
      checked: await countEvents(),
      firstBrokenId: null,
      reason: null,
      checkpoints: { checked: 0, furthest: null, recorded: 0 },
    });
    expect((await verify(owner)).ok).toBe(true);
  });

  it('catches an audit row edited in the database', async () => {
    const db = t.db.database.db;
    const events = await allEvents();
    const victim = events[Math.floor(events.length / 2)]!;
    const original = await db
      .selectFrom('auditEvents')
      .select('changes')
      .where('id', '=', victim.id)
      .executeTakeFirstOrThrow();
    await sql`update audit_events set changes = ${'{"name":{"after":"forged"}}'} where id = ${victim.id}`.execute(
      db,
    );
    try {
      const result = await verify();
      expect(result).toMatchObject({ ok: false, firstBrokenId: victim.id });
      expect(result.reason).toMatch(/hash/);
      expect(result.checked).toBe(victim.seq - 1);
    } finally {
      await sql`update audit_events set changes = ${original.changes} where id = ${victim.id}`.execute(db);
    }
    expect((await verify()).ok).toBe(true);

    await sql`update audit_events set actor_name = ${'Mallory'} where id = ${victim.id}`.execute(db);
    try {
      expect(await verify()).toMatchObject({ ok: false, firstBrokenId: victim.id });
    } finally {
      await sql`update audit_events set actor_name = ${(victim as any).actorName} where id = ${victim.id}`.execute(
        db,
      );
    }
  });

  it('catches a deleted middle row and a deleted last row', async () => {
    const db = t.db.database.db;
    const chain = (await allEvents()).reverse();
    for (const [index, expectedBroken] of [
      [Math.floor(chain.length / 2), (i: number) => chain[i + 1]!.id],
      [chain.length - 1, (i: number) => chain[i - 1]!.id],
    ] as const) {
      const victim = chain[index]!;
      const row = await db
        .selectFrom('auditEvents')
        .selectAll()
        .where('id', '=', victim.id)
        .executeTakeFirstOrThrow();
      await sql`delete from audit_events where id = ${victim.id}`.execute(db);
      try {
        const result = await verify();
        expect(result.ok).toBe(false);
        expect(result.firstBrokenId).toBe(expectedBroken(index));
        expect(result.reason).toMatch(/missing/);
      } finally {
        await db.insertInto('auditEvents').values(row).execute();
      }
    }
    expect((await verify()).ok).toBe(true);
  });

  it('lets only owners, admins and auditors read and verify', async () => {
    for (const role of ['manager', 'viewer'] as const) {
      const s = role === 'manager' ? manager : await t.user(role);
      expectProblem(await t.call('GET', '/api/v1/audit-events', { as: s }), 403);
      expectProblem(await t.call('GET', '/api/v1/audit-events/verify', { as: s }), 403);
    }
    const vendorUser = await t.user('vendor', (await t.vendor()).id);
    expectProblem(await t.call('GET', '/api/v1/audit-events', { as: vendorUser }), 404);
    expectProblem(await t.call('GET', '/api/v1/audit-events/verify', { as: vendorUser }), 404);
    const admin = await t.user('admin');
    expect((await t.call('GET', '/api/v1/audit-events/verify', { as: admin })).status).toBe(200);
    expectProblem(await t.call('GET', '/api/v1/audit-events/verify'), 401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../fixtures/sow';
import { createTestApp, fakeClock, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';

/** A small RFC 5545 reader for the test: checks the physical lines, unfolds, splits properties. */
function parseIcs(text: string) {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    expect(line.includes('\n') || line.includes('\r')).toBe(false);
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  }
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ')) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  const unescapeText = (v: string) =>
    v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
  const events: Array<Record<string, string>> = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = null;
    } else if (current) current[name] = name.startsWith('DT') ? value : unescapeText(value);
  }
  return { lines, events };
}

describe.each(dialects)('governance meetings on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let vendorUser: Session;
  let otherVendorUser: Session;
  let vendorId: string;
  let otherVendorId: string;
  let engagementId: string;
  let otherEngagementId: string;
  let contactId: string;
  let seriesId: string;
  const clock = fakeClock('2027-01-10T08:00:00Z');

  const weekly = (extra: Record<string, unknown> = {}) => ({
    title: 'Weekly operations; team, sync',
    kind: 'weekly_operations',
    recurrence: { frequency: 'weekly', weekday: 'mon' },
    startDate: '2027-03-01',
    startTime: '09:00',
    durationMinutes: 45,
    timezone: 'Europe/Berlin',
    attendees: [
      { type: 'user', id: manager.userId },
      { type: 'contact', id: contactId },
    ],
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    owner = await t.owner();
    const vendor = await t.vendor({ contacts: [{ name: 'Ana Reyes', email: 'ana@vendor.example' }] });
    const other = await t.vendor({ contacts: [{ name: 'Otto Other' }] });
    vendorId = vendor.id;
    otherVendorId = other.id;
    const contacts = (await t.call('GET', `${V1}/vendors/${vendorId}/contacts`, { as: owner })).body;
    contactId = (contacts.items ?? contacts)[0].id;
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    vendorUser = await t.user('vendor', vendorId);
    otherVendorUser = await t.user('vendor', otherVendorId);
    const make = async (vid: string, title: string, ownerId: string) => {
      const e = await t.call('POST', `${V1}/engagements`, {
        as: owner,
        body: {
          vendorId: vid,
          title,
          function: 'customer_service',
          startDate: '2027-01-01',
          renewalDate: '2027-06-30',
          budget: 1_000_000,
          ownerId,
        },
      });
      expect(e.status, e.text).toBe(201);
      await t.call('PUT', `${V1}/engagements/${e.body.id}/sow`, { as: owner, body: GOOD_SOW });
      const sow = await t.call('POST', `${V1}/engagements/${e.body.id}/sow/approve`, { as: owner });
      expect(sow.status, sow.text).toBe(200);
      return e.body.id as string;
    };
    engagementId = await make(vendorId, 'Customer service, EMEA', manager.userId);
    otherEngagementId = await make(otherVendorId, 'Other vendor work', manager.userId);
    for (const [vid, standard] of [
      [vendorId, 'iso27001'],
      [otherVendorId, 'soc2_type2'],
    ] as const) {
      const c = await t.call('POST', `${V1}/vendors/${vid}/certifications`, {
        as: owner,
        body: { standard, expiresOn: '2027-09-15' },
      });
      expect(c.status, c.text).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('creates a weekly series that keeps 09:00 Berlin across the March daylight-saving change', async () => {
    const res = await t.call('POST', `${V1}/engagements/${engagementId}/meeting-series`, {
      as: manager,
      body: weekly(),
    });
    expect(res.status, res.text).toBe(201);
    seriesId = res.body.id;
    expect(res.body.attendees).toEqual([
      expect.objectContaining({ type: 'user', id: manager.userId }),
      { type: 'contact', id: contactId, name: 'Ana Reyes', email: 'ana@vendor.example' },
    ]);
    const occ = await t.call(
      'GET',
      `${V1}/meeting-series/${seriesId}/occurrences?from=2027-03-15&to=2027-04-05`,
      {
        as: viewer,
      },
    );
    expect(occ.status, occ.text).toBe(200);
    // Berlin moves to summer time on 28 March 2027: 08:00Z before, 07:00Z after.
    expect(occ.body.items.map((o: any) => [o.date, o.startsAt, o.localStart])).toEqual([
      ['2027-03-15', '2027-03-15T08:00:00Z', '09:00'],
      ['2027-03-22', '2027-03-22T08:00:00Z', '09:00'],
      ['2027-03-29', '2027-03-29T07:00:00Z', '09:00'],
      ['2027-04-05', '2027-04-05T07:00:00Z', '09:00'],
    ]);
    expect(occ.body.items[0].endsAt).toBe('2027-03-15T08:45:00Z');
  });

  it('computes monthly and quarterly series (nth weekday, last weekday, day of month)', async () => {
    const make = async (recurrence: unknown, startDate = '2027-01-01') =>
      t.call('POST', `${V1}/engagements/${engagementId}/meeting-series`, {
        as: owner,
        body: { ...weekly({ recurrence, startDate, attendees: [] }), kind: 'monthly_service_review' },
      });
    const second = await make({ frequency: 'monthly', nth: 2, weekday: 'tue' });
    const occ = await t.call(
      'GET',
      `${V1}/meeting-series/${second.body.id}/occurrences?from=2027-01-01&to=2027-03-31`,
      {
        as: owner,
      },
    );
    expect(occ.body.items.map((o: any) => o.date)).toEqual(['2027-01-12', '2027-02-09', '2027-03-09']);
    const last = await make({ frequency: 'quarterly', nth: -1, weekday: 'fri' });
    const q = await t.call(
      'GET',
      `${V1}/meeting-series/${last.body.id}/occurrences?from=2027-01-01&to=2027-12-31`,
      {
        as: owner,
      },
    );
    expect(q.body.items.map((o: any) => o.date)).toEqual([
      '2027-01-29',
      '2027-04-30',
      '2027-07-30',
      '2027-10-29',
    ]);
    const dom = await make({ frequency: 'monthly', dayOfMonth: 31 });
    const d = await t.call(
      'GET',
      `${V1}/meeting-series/${dom.body.id}/occurrences?from=2027-01-01&to=2027-04-30`,
      {
        as: owner,
      },
    );
    expect(d.body.items.map((o: any) => o.date)).toEqual([
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
    ]);
  });

  it('refuses bad input naming the field', async () => {
    const url = `${V1}/engagements/${engagementId}/meeting-series`;
    const bad = await t.call('POST', url, { as: owner, body: weekly({ timezone: 'Mars/Olympus' }) });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('timezone');
    const month = await t.call('POST', url, {
      as: owner,
      body: weekly({ recurrence: { frequency: 'monthly', nth: 2 } }),
    });
    expect(month.status).toBe(422);
    expect(month.body.errors[0].field).toBe('recurrence.weekday');
    const foreign = await t.call('POST', url, {
      as: owner,
      body: weekly({ attendees: [{ type: 'contact', id: 'vct_NOPE' }] }),
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].field).toBe('attendees.0.id');
    const range = await t.call(
      'GET',
      `${V1}/meeting-series/${seriesId}/occurrences?from=2027-01-01&to=2028-12-31`,
      {
        as: owner,
      },
    );
    expect(range.status).toBe(422);
  });

  it('writes agenda and minutes (sanitised) and action items that show in the owner’s task list', async () => {
    const key = `${seriesId}@2027-03-29`;
    const before = await t.call('GET', `${V1}/meetings/${key}`, { as: viewer });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ agenda: '', minutes: '', actions: [], updatedAt: null });
    const put = await t.call('PUT', `${V1}/meetings/${key}`, {
      as: manager,
      body: {
        agenda: '1. Backlog',
        minutes: 'Agreed **overtime**. <script>alert(1)</script> [x](javascript:alert(1))',
      },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.minutesHtml).toContain('<strong>overtime</strong>');
    expect(put.body.minutesHtml).not.toContain('<script>');
    expect(put.body.minutesHtml).not.toContain('href="javascript');
    expect(put.body.updatedBy).toBe(manager.userId);
    // Not a date of the series, and a viewer who may not write.
    expect(
      (await t.call('PUT', `${V1}/meetings/${seriesId}@2027-03-30`, { as: manager, body: {} })).status,
    ).toBe(404);
    expect((await t.call('PUT', `${V1}/meetings/${key}`, { as: viewer, body: {} })).status).toBe(403);

    const a1 = await t.call('POST', `${V1}/meetings/${key}/actions`, {
      as: manager,
      body: {
        title: 'Send staffing plan',
        owner: { type: 'user', id: manager.userId },
        dueDate: '2027-04-02',
      },
    });
    expect(a1.status, a1.text).toBe(201);
    const a2 = await t.call('POST', `${V1}/meetings/${key}/actions`, {
      as: manager,
      body: { title: 'Share rota', owner: { type: 'contact', id: contactId } },
    });
    expect(a2.status).toBe(201);
    expect(a2.body.owner).toMatchObject({ type: 'contact', name: 'Ana Reyes' });
    const badOwner = await t.call('POST', `${V1}/meetings/${key}/actions`, {
      as: manager,
      body: { title: 'x', owner: { type: 'user', id: vendorUser.userId } },
    });
    expect(badOwner.status).toBe(422);
    expect(badOwner.body.errors[0].field).toBe('owner.id');

    // An action on a meeting nobody wrote in yet materialises that meeting.
    const a3 = await t.call('POST', `${V1}/meetings/${seriesId}@2027-04-05/actions`, {
      as: owner,
      body: { title: 'Review KPIs', owner: { type: 'user', id: manager.userId }, dueDate: '2027-04-01' },
    });
    expect(a3.status).toBe(201);

    const mine = await t.call('GET', `${V1}/action-items?owner=me&status=open`, { as: manager });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((a: any) => a.title)).toEqual(['Review KPIs', 'Send staffing plan']);
    expect(mine.body.items[1]).toMatchObject({ meetingId: key, meetingDate: '2027-03-29', seriesId });

    const done = await t.call('PATCH', `${V1}/action-items/${a1.body.id}`, {
      as: manager,
      body: { status: 'done' },
    });
    expect(done.status).toBe(200);
    expect(done.body.doneAt).not.toBeNull();
    const open = await t.call('GET', `${V1}/action-items?owner=me&status=open`, { as: manager });
    expect(open.body.items.map((a: any) => a.title)).toEqual(['Review KPIs']);
    const all = await t.call('GET', `${V1}/action-items?owner=me`, { as: manager });
    expect(all.body.items).toHaveLength(2);

    const occ = await t.call(
      'GET',
      `${V1}/meeting-series/${seriesId}/occurrences?from=2027-03-29&to=2027-04-05`,
      {
        as: viewer,
      },
    );
    expect(occ.body.items[0].actions.map((a: any) => a.title)).toEqual(['Send staffing plan', 'Share rota']);
    expect(occ.body.items[0].minutes).toContain('overtime');
  });

  it('lets the engagement’s vendor read everything and nobody else’s (404 by any route)', async () => {
    const key = `${seriesId}@2027-03-29`;
    const own = await t.call('GET', `${V1}/engagements/${engagementId}/meeting-series`, { as: vendorUser });
    expect(own.status).toBe(200);
    expect(own.body.items.map((s: any) => s.id)).toContain(seriesId);
    expect((await t.call('GET', `${V1}/meetings/${key}`, { as: vendorUser })).body.actions).toHaveLength(2);
    expect((await t.call('PUT', `${V1}/meetings/${key}`, { as: vendorUser, body: {} })).status).toBe(404);
    const as = { as: otherVendorUser };
    expect((await t.call('GET', `${V1}/engagements/${engagementId}/meeting-series`, as)).status).toBe(404);
    expect((await t.call('GET', `${V1}/meeting-series/${seriesId}`, as)).status).toBe(404);
    expect(
      (await t.call('GET', `${V1}/meeting-series/${seriesId}/occurrences?from=2027-03-01&to=2027-03-31`, as))
        .status,
    ).toBe(404);
    expect((await t.call('GET', `${V1}/meetings/${key}`, as)).status).toBe(404);
    const action = (await t.call('GET', `${V1}/meetings/${key}`, { as: owner })).body.actions[0].id;
    expect(
      (await t.call('PATCH', `${V1}/action-items/${action}`, { ...as, body: { status: 'done' } })).status,
    ).toBe(404);
    expect((await t.call('GET', `${V1}/action-items?owner=${manager.userId}`, as)).body.items).toEqual([]);

    // A vendor user's tasks: those given to their vendor's contact with the user's email.
    const c = await t.call('POST', `${V1}/vendors/${vendorId}/contacts`, {
      as: owner,
      body: { name: 'Vera Vendor', email: vendorUser.email },
    });
    expect(c.status, c.text).toBe(201);
    const given = await t.call('POST', `${V1}/meetings/${key}/actions`, {
      as: owner,
      body: { title: 'Confirm the rota', owner: { type: 'contact', id: c.body.id }, dueDate: '2027-04-09' },
    });
    expect(given.status).toBe(201);
    const theirs = await t.call('GET', `${V1}/action-items?owner=me&status=open`, { as: vendorUser });
    expect(theirs.body.items.map((x: any) => x.title)).toEqual(['Confirm the rota']);
    expect((await t.call('GET', `${V1}/action-items?owner=me`, as)).body.items).toEqual([]);
  });

  it('serves a calendar feed by secret token: meetings, due dates, certificates, renewals', async () => {
    expect((await t.call('GET', `${V1}/calendar/nope-nope-nope-nope-nope.ics`)).status).toBe(404);
    const made = await t.call('POST', `${V1}/calendar/token`, { as: manager });
    expect(made.status, made.text).toBe(201);
    // Without OUTPOST_PUBLIC_URL the answer is the path (test/api/public-links.test.ts).
    const path = made.body.url;
    expect(path).toMatch(/^\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await t.call('GET', path);
    expect(feed.status).toBe(200);
    expect(String(feed.headers['content-type'])).toMatch(/^text\/calendar/);
    const { lines, events } = parseIcs(feed.text);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    const uids = events.map((e) => e.UID!);
    expect(new Set(uids).size).toBe(uids.length);
    const meeting = events.find((e) => e.UID === `meeting-${seriesId}-2027-03-29@outpost`)!;
    expect(meeting).toMatchObject({
      DTSTART: '20270329T070000Z',
      DTEND: '20270329T074500Z',
      SUMMARY: 'Weekly operations; team, sync',
    });
    // Escaped on the wire, folded when long.
    expect(feed.text).toContain('SUMMARY:Weekly operations\\; team\\, sync');
    expect(meeting.DESCRIPTION).toContain('09:00–09:45 Europe/Berlin\nAttendees:');
    expect(feed.text).toMatch(/\r\n /);
    const summaries = events.map((e) => e.SUMMARY);
    expect(summaries).toContain('Deliverable due: Agent training plan (Customer service, EMEA)');
    expect(summaries).toContain('Milestone: Go-live (Customer service, EMEA)');
    expect(events.find((e) => e.SUMMARY === 'Renewal: Customer service, EMEA')!['DTSTART;VALUE=DATE']).toBe(
      '20270630',
    );
    expect(summaries.filter((s) => s?.startsWith('Certificate expires'))).toHaveLength(2);
    // The same UID on the next fetch.
    const again = parseIcs((await t.call('GET', path)).text).events.map((e) => e.UID);
    expect(again).toEqual(uids);

    // Regenerating retires the old address.
    const next = await t.call('POST', `${V1}/calendar/token`, { as: manager });
    expect((await t.call('GET', path)).status).toBe(404);
    expect((await t.call('GET', new URL(next.body.url, 'http://outpost.test').pathname)).status).toBe(200);
    expect((await t.call('DELETE', `${V1}/calendar/token`, { as: manager })).status).toBe(204);
    expect((await t.call('GET', new URL(next.body.url, 'http://outpost.test').pathname)).status).toBe(404);
  });

  it('gives a vendor user a feed of their own vendor only', async () => {
    const made = await t.call('POST', `${V1}/calendar/token`, { as: vendorUser });
    expect(made.status).toBe(201);
    const feed = await t.call('GET', new URL(made.body.url, 'http://outpost.test').pathname);
    const { events } = parseIcs(feed.text);
    const text = events.map((e) => `${e.UID} ${e.SUMMARY}`).join('\n');
    expect(text).toContain(seriesId);
    expect(text).toContain('Customer service, EMEA');
    expect(text).not.toContain('Other vendor work');
    expect(text).not.toContain(otherEngagementId);
    expect(text).not.toContain('SOC');
    expect(text).not.toContain('Renewal');
    expect(events.filter((e) => e.SUMMARY?.startsWith('Certificate expires'))).toHaveLength(1);
  });

  it('lists the inbox across engagements with unread counts; vendor users see their shared threads only', async () => {
    const thread = async (eid: string, title: string, visibility: string) => {
      const r = await t.call('POST', `${V1}/engagements/${eid}/threads`, {
        as: owner,
        body: { title, visibility },
      });
      expect(r.status, r.text).toBe(201);
      return r.body.id as string;
    };
    const shared = await thread(engagementId, 'Rota questions', 'shared');
    const internal = await thread(engagementId, 'Renewal tactics', 'internal');
    const otherShared = await thread(otherEngagementId, 'Other vendor thread', 'shared');
    const post = async (as: Session, id: string, body: string) => {
      clock.advance(1000);
      const r = await t.call('POST', `${V1}/threads/${id}/messages`, { as, body: { body } });
      expect(r.status, r.text).toBe(201);
    };
    await post(owner, shared, 'Hello');
    await post(owner, shared, 'Anyone?');
    await post(owner, internal, 'Internal note');
    await post(owner, otherShared, 'Other vendor');

    const m = await t.call('GET', `${V1}/inbox`, { as: manager });
    expect(m.status).toBe(200);
    expect(m.body.items.map((x: any) => [x.title, x.unreadCount])).toEqual([
      ['Other vendor thread', 1],
      ['Renewal tactics', 1],
      ['Rota questions', 2],
    ]);
    expect(m.body).toMatchObject({ totalUnread: 4, unreadThreads: 3 });
    expect(m.body.items[2]).toMatchObject({
      engagementTitle: 'Customer service, EMEA',
      visibility: 'shared',
    });

    // Reading a thread clears its count; the author has nothing unread.
    await t.call('GET', `${V1}/threads/${shared}/messages`, { as: manager });
    const after = await t.call('GET', `${V1}/inbox`, { as: manager });
    expect(after.body).toMatchObject({ totalUnread: 2, unreadThreads: 2 });
    expect((await t.call('GET', `${V1}/inbox`, { as: owner })).body.totalUnread).toBe(0);

    const v = await t.call('GET', `${V1}/inbox`, { as: vendorUser });
    expect(v.body.items.map((x: any) => x.id)).toEqual([shared]);
    expect(v.body).toMatchObject({ totalUnread: 2, unreadThreads: 1 });
    const ov = await t.call('GET', `${V1}/inbox`, { as: otherVendorUser });
    expect(ov.body.items.map((x: any) => x.id)).toEqual([otherShared]);
    expect((await t.call('GET', `${V1}/inbox`)).status).toBe(401);
  });

  it('exports and erases a vendor contact named in meetings (attendee, action owner)', async () => {
    const c = await t.call('POST', `${V1}/vendors/${vendorId}/contacts`, {
      as: owner,
      body: { name: 'Pat Private', email: 'pat@vendor.example' },
    });
    expect(c.status, c.text).toBe(201);
    const s = await t.call('POST', `${V1}/engagements/${engagementId}/meeting-series`, {
      as: owner,
      body: weekly({ title: 'Privacy check', attendees: [{ type: 'contact', id: c.body.id }] }),
    });
    expect(s.status).toBe(201);
    const key = `${s.body.id}@2027-03-01`;
    const a = await t.call('POST', `${V1}/meetings/${key}/actions`, {
      as: owner,
      body: { title: 'Send the list', owner: { type: 'contact', id: c.body.id } },
    });
    expect(a.status).toBe(201);
    const exported = await t.call('GET', `${V1}/privacy/people/${c.body.id}/export`, { as: owner });
    expect(exported.status, exported.text).toBe(200);
    const held = exported.body.holders.find((h: any) => h.holder === 'meetings');
    expect(held.records.map((r: any) => r.kind).sort()).toEqual(['action_item', 'meeting_series_attendee']);
    const erased = await t.call('POST', `${V1}/privacy/people/${c.body.id}/erase`, { as: owner });
    expect(erased.status, erased.text).toBe(200);
    const after = await t.call('GET', `${V1}/meeting-series/${s.body.id}`, { as: owner });
    expect(after.body.attendees[0]).toMatchObject({ id: c.body.id, name: 'Erased person', email: null });
    const m = await t.call('GET', `${V1}/meetings/${key}`, { as: owner });
    expect(m.body.actions[0].owner).toMatchObject({ name: 'Erased person', email: null });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { dialects } from '../helpers/databases';

const V1 = '/api/v1';

function multipart(filename: string, content: string) {
  const boundary = '----outpostthreads';
  return {
    raw: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        `Content-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`,
    ),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.each(dialects)('threads and messages on %s', (dialect) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let vendorUser: Session;
  let otherVendorUser: Session;
  let engagementId: string;
  let otherEngagementId: string;
  let internalThread: string;
  let sharedThread: string;
  let internalMessage: string;

  const engagement = async (vendorId: string) => {
    const res = await t.call('POST', `${V1}/engagements`, {
      as: owner,
      body: {
        vendorId,
        title: 'Customer service DACH',
        function: 'customer_service',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        budget: 1_000_000,
      },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  const post = async (as: Session, threadId: string, body: string, attachments?: string[]) => {
    const res = await t.call('POST', `${V1}/threads/${threadId}/messages`, {
      as,
      body: { body, attachments },
    });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const threadsOf = async (as: Session, id = engagementId) =>
    (await t.call('GET', `${V1}/engagements/${id}/threads`, { as })).body.items as Array<{
      id: string;
      unreadCount: number;
      messageCount: number;
    }>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    owner = await t.owner();
    manager = await t.user('manager');
    viewer = await t.user('viewer');
    const vendor = await t.vendor({ name: 'Manila Support' });
    const other = await t.vendor({ name: 'Other Vendor' });
    vendorUser = await t.user('vendor', vendor.id);
    otherVendorUser = await t.user('vendor', other.id);
    engagementId = await engagement(vendor.id);
    otherEngagementId = await engagement(other.id);
    const a = await t.call('POST', `${V1}/engagements/${engagementId}/threads`, {
      as: manager,
      body: { title: 'Pricing strategy (internal)', visibility: 'internal' },
    });
    expect(a.status, a.text).toBe(201);
    internalThread = a.body.id;
    const b = await t.call('POST', `${V1}/engagements/${engagementId}/threads`, {
      as: manager,
      body: { title: 'Weekly operations', visibility: 'shared' },
    });
    sharedThread = b.body.id;
    expect(b.body).toMatchObject({ engagementId, visibility: 'shared', messageCount: 0, unreadCount: 0 });
    internalMessage = (await post(manager, internalThread, 'We could push for 5% less')).id;
  });
  afterAll(() => t.close());

  it('never shows an internal thread to a vendor user, by any route', async () => {
    const ids = (await threadsOf(vendorUser)).map((x) => x.id);
    expect(ids).toEqual([sharedThread]);
    expect((await threadsOf(manager)).map((x) => x.id).sort()).toEqual([internalThread, sharedThread].sort());
    const as = { as: vendorUser };
    expect((await t.call('GET', `${V1}/threads/${internalThread}`, as)).status).toBe(404);
    expect((await t.call('GET', `${V1}/threads/${internalThread}/messages`, as)).status).toBe(404);
    expect((await t.call('GET', `${V1}/threads/${internalThread}/messages?q=push`, as)).status).toBe(404);
    expect(
      (await t.call('POST', `${V1}/threads/${internalThread}/messages`, { ...as, body: { body: 'hi' } }))
        .status,
    ).toBe(404);
    expect(
      (await t.call('PATCH', `${V1}/messages/${internalMessage}`, { ...as, body: { body: 'x' } })).status,
    ).toBe(404);
    expect((await t.call('DELETE', `${V1}/messages/${internalMessage}`, as)).status).toBe(404);
    // Nor a vendor user of another vendor a shared one.
    const other = { as: otherVendorUser };
    expect((await t.call('GET', `${V1}/threads/${sharedThread}`, other)).status).toBe(404);
    expect((await t.call('GET', `${V1}/engagements/${engagementId}/threads`, other)).status).toBe(404);
    expect(
      (
        await t.call('POST', `${V1}/engagements/${engagementId}/threads`, {
          ...other,
          body: { title: 'x', visibility: 'shared' },
        })
      ).status,
    ).toBe(404);
    // A vendor user may only open shared threads.
    const internal = await t.call('POST', `${V1}/engagements/${engagementId}/threads`, {
      ...as,
      body: { title: 'Secret', visibility: 'internal' },
    });
    expect(internal.status).toBe(422);
    expect(internal.body.errors[0].field).toBe('visibility');
    expect((await threadsOf(otherVendorUser, otherEngagementId)).map((x) => x.id)).toEqual([]);
  });

  it('renders Markdown without raw HTML and resolves mentions of people who may read the thread', async () => {
    const m = await post(
      manager,
      sharedThread,
      '**Agenda** <script>alert(1)</script> [click](javascript:alert(1)) https://example.com @' +
        vendorUser.email,
    );
    expect(m.html).toContain('<strong>Agenda</strong>');
    expect(m.html).toContain('&lt;script&gt;');
    expect(m.html).not.toContain('<script');
    expect(m.html).not.toContain('href="javascript');
    expect(m.html).toContain('href="https://example.com"');
    expect(m.mentions).toEqual([{ userId: vendorUser.userId, name: expect.any(String) }]);
    // A vendor user cannot be mentioned in an internal thread.
    const hidden = await post(manager, internalThread, `@${vendorUser.email} should not see this`);
    expect(hidden.mentions).toEqual([]);
  });

  it('counts unread messages per user, and reading marks them read', async () => {
    const before = (await threadsOf(vendorUser)).find((x) => x.id === sharedThread)!;
    expect(before.unreadCount).toBe(1);
    await post(owner, sharedThread, 'Second note');
    expect((await threadsOf(vendorUser))[0]!.unreadCount).toBe(2);
    const read = await t.call('GET', `${V1}/threads/${sharedThread}/messages`, { as: vendorUser });
    expect(read.status).toBe(200);
    expect(read.body.items).toHaveLength(2);
    expect((await t.call('GET', `${V1}/threads/${sharedThread}`, { as: vendorUser })).body.unreadCount).toBe(
      0,
    );
    await post(vendorUser, sharedThread, 'Thanks, confirmed for Tuesday');
    const forManager = (await threadsOf(manager)).find((x) => x.id === sharedThread)!;
    expect(forManager.messageCount).toBe(3);
    // The manager wrote the first message (read), the owner's and the vendor's are new to them.
    expect(forManager.unreadCount).toBe(2);
    expect((await t.call('GET', `${V1}/threads/${sharedThread}`, { as: vendorUser })).body.unreadCount).toBe(
      0,
    );
  });

  it('searches text literally', async () => {
    const hit = await t.call(
      'GET',
      `${V1}/threads/${internalThread}/messages?q=${encodeURIComponent('5%')}`,
      {
        as: manager,
      },
    );
    expect(hit.body.items.map((m: { id: string }) => m.id)).toEqual([internalMessage]);
    const none = await t.call(
      'GET',
      `${V1}/threads/${internalThread}/messages?q=${encodeURIComponent('%')}x`,
      {
        as: manager,
      },
    );
    expect(none.body.items).toEqual([]);
  });

  it('keeps the history of edits and leaves a tombstone on delete', async () => {
    const m = await post(vendorUser, sharedThread, 'Meeting at 10');
    expect(
      (await t.call('PATCH', `${V1}/messages/${m.id}`, { as: manager, body: { body: 'hijack' } })).status,
    ).toBe(403);
    const edited = await t.call('PATCH', `${V1}/messages/${m.id}`, {
      as: vendorUser,
      body: { body: 'Meeting at *11*' },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.html).toContain('<em>11</em>');
    expect(edited.body.editedAt).toBeTruthy();
    const history = await t.db.database.db
      .selectFrom('messageEdits')
      .selectAll()
      .where('messageId', '=', m.id)
      .execute();
    expect(history.map((h) => h.body)).toEqual(['Meeting at 10']);

    expect((await t.call('DELETE', `${V1}/messages/${m.id}`, { as: manager })).status).toBe(403);
    expect((await t.call('DELETE', `${V1}/messages/${m.id}`, { as: owner })).status).toBe(204);
    const list = await t.call('GET', `${V1}/threads/${sharedThread}/messages`, { as: vendorUser });
    const tomb = list.body.items.find((x: { id: string }) => x.id === m.id);
    expect(tomb).toMatchObject({ body: '', html: '', deletedAt: expect.any(String) });
    expect(
      (await t.call('PATCH', `${V1}/messages/${m.id}`, { as: vendorUser, body: { body: 'again' } })).status,
    ).toBe(409);
  });

  it('attaches uploads; files of an internal thread stay hidden from vendor users', async () => {
    const upload = async (as: Session, name: string) => {
      const res = await t.call('POST', `${V1}/files`, { as, ...multipart(name, `content of ${name}\n`) });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    const mine = await upload(vendorUser, 'report.txt');
    const shared = await post(vendorUser, sharedThread, 'Report attached', [mine]);
    expect(shared.attachments).toEqual([expect.objectContaining({ id: mine, name: 'report.txt' })]);
    expect((await t.call('GET', `${V1}/files/${mine}`, { as: manager })).status).toBe(200);

    const secret = await upload(manager, 'numbers.txt');
    await post(manager, internalThread, 'Our numbers', [secret]);
    expect((await t.call('GET', `${V1}/files/${secret}`, { as: vendorUser })).status).toBe(404);
    // A file already given to a message cannot be attached again.
    const again = await t.call('POST', `${V1}/threads/${sharedThread}/messages`, {
      as: manager,
      body: { body: 'x', attachments: [secret] },
    });
    expect(again.status).toBe(422);
    expect(again.body.errors[0].field).toBe('attachments.0');
  });

  it('answers read-only roles 403 on writes and bad input 422', async () => {
    expect((await t.call('GET', `${V1}/threads/${internalThread}/messages`, { as: viewer })).status).toBe(
      200,
    );
    expect(
      (await t.call('POST', `${V1}/threads/${sharedThread}/messages`, { as: viewer, body: { body: 'hi' } }))
        .status,
    ).toBe(403);
    const empty = await t.call('POST', `${V1}/threads/${sharedThread}/messages`, {
      as: manager,
      body: { body: '  ' },
    });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].field).toBe('body');
    const bad = await t.call('POST', `${V1}/engagements/${engagementId}/threads`, {
      as: manager,
      body: { title: 'x', visibility: 'public' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('visibility');
    expect((await t.call('GET', `${V1}/threads/thr_01JD3ZQ8N0000000000000000`, { as: manager })).status).toBe(
      404,
    );
  });
});

import { createHmac, hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChainLink,
  type Checkpoint,
  checkChain,
  checkpointKey,
  checkpointLine,
  diff,
  eventHash,
  GENESIS_HASH,
  type HashedEvent,
  readCheckpointLine,
  signCheckpoint,
} from './rules';

function event(seq: number, changes: HashedEvent['changes'] = {}): HashedEvent {
  return {
    id: `aud_${String(seq).padStart(26, '0')}`,
    seq,
    at: new Date(Date.UTC(2026, 11, 1, 10, 0, seq)).toISOString(),
    actorId: 'usr_1',
    actorName: 'Olga',
    action: 'vendor.update',
    entityType: 'vendor',
    entityId: 'vnd_1',
    changes,
    requestId: `req_${seq}`,
    ip: '127.0.0.1',
  };
}

/** A well-formed chain of `n` events, as the audit service writes it. */
function chain(n: number): ChainLink[] {
  const links: ChainLink[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = event(seq, { name: { before: `v${seq - 1}`, after: `v${seq}` } });
    const hash = eventHash(prev, e);
    links.push({ id: e.id, seq, prevHash: prev, hash, event: e });
    prev = hash;
  }
  return links;
}

describe('eventHash', () => {
  it('is a SHA-256 hex digest that depends on the previous hash', () => {
    const e = event(1);
    const h = eventHash(GENESIS_HASH, e);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(GENESIS_HASH, e)).toBe(h);
    expect(eventHash('1'.repeat(64), e)).not.toBe(h);
  });

  it('does not depend on the order of keys', () => {
    const e = event(1, { b: { before: 1, after: 2 }, a: { after: { y: 1, x: 2 } } });
    const shuffled = JSON.parse(
      JSON.stringify({ ...e, changes: { a: { after: { x: 2, y: 1 } }, b: { after: 2, before: 1 } } }),
    );
    const reordered = Object.fromEntries(Object.entries(shuffled).reverse()) as unknown as HashedEvent;
    expect(eventHash(GENESIS_HASH, reordered)).toBe(eventHash(GENESIS_HASH, e));
  });

  it('changes when any field changes (property)', () => {
    const base = event(3, { name: { before: 'a', after: 'b' } });
    const baseHash = eventHash(GENESIS_HASH, base);
    const fields = [
      'id',
      'at',
      'actorId',
      'actorName',
      'action',
      'entityType',
      'entityId',
      'requestId',
      'ip',
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.string({ minLength: 1 }), (field, value) => {
        fc.pre(base[field] !== value);
        expect(eventHash(GENESIS_HASH, { ...base, [field]: value })).not.toBe(baseHash);
      }),
    );
    expect(eventHash(GENESIS_HASH, { ...base, seq: 4 })).not.toBe(baseHash);
    expect(eventHash(GENESIS_HASH, { ...base, changes: { name: { before: 'a', after: 'c' } } })).not.toBe(
      baseHash,
    );
  });
});

describe('diff', () => {
  it('lists only the fields that changed, with before and after', () => {
    expect(
      diff({ name: 'A', country: 'DE', tags: ['x'] }, { name: 'B', country: 'DE', tags: ['x'] }),
    ).toEqual({
      name: { before: 'A', after: 'B' },
    });
  });

  it('records a creation as after-values and a deletion as before-values', () => {
    expect(diff(null, { name: 'A', notes: null })).toEqual({ name: { after: 'A' } });
    expect(diff({ name: 'A' }, null)).toEqual({ name: { before: 'A' } });
  });

  it('treats a missing field and null alike, and compares nested values by content', () => {
    expect(diff({ a: null }, {})).toEqual({});
    expect(diff({ o: { x: 1, y: 2 } }, { o: { y: 2, x: 1 } })).toEqual({});
    expect(diff({ list: [1, 2] }, { list: [2, 1] })).toEqual({ list: { before: [1, 2], after: [2, 1] } });
    expect(diff({ a: 1 }, { b: 2 })).toEqual({
      a: { before: 1, after: null },
      b: { before: null, after: 2 },
    });
  });

  it('is empty for equal snapshots and names exactly the differing keys (property)', () => {
    const snapshot = fc.dictionary(
      fc.constantFrom('a', 'b', 'c', 'd'),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 })),
    );
    fc.assert(
      fc.property(snapshot, snapshot, (before, after) => {
        expect(diff(before, structuredClone(before))).toEqual({});
        const changed = Object.keys(diff(before, after)).sort();
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
        const expected = keys.filter(
          (k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
        );
        expect(changed).toEqual(expected.sort());
      }),
    );
  });
});

describe('checkChain', () => {
  it('accepts an intact chain and reports where it ends', () => {
    const links = chain(5);
    expect(checkChain(links, GENESIS_HASH, 0)).toEqual({
      ok: true,
      lastHash: links[4]!.hash,
      lastSeq: 5,
      brokenId: null,
      reason: null,
    });
  });

  it('continues from a previous batch', () => {
    const links = chain(6);
    const first = checkChain(links.slice(0, 3), GENESIS_HASH, 0);
    expect(checkChain(links.slice(3), first.lastHash, first.lastSeq).ok).toBe(true);
  });

  it('detects an edited event', () => {
    const links = chain(5);
    links[2] = { ...links[2]!, event: { ...links[2]!.event, changes: { name: { after: 'forged' } } } };
    const result = checkChain(links, GENESIS_HASH, 0);
    expect(result).toMatchObject({ ok: false, brokenId: links[2]!.id, lastSeq: 2 });
    expect(result.reason).toMatch(/does not match its hash/);
  });

  it('detects an edited event even when its own hash is recomputed', () => {
    const links = chain(5);
    const forged = { ...links[1]!.event, actorName: 'Mallory' };
    links[1] = { ...links[1]!, event: forged, hash: eventHash(links[1]!.prevHash, forged) };
    const result = checkChain(links, GENESIS_HASH, 0);
    // The next event still links to the original hash.
    expect(result).toMatchObject({ ok: false, brokenId: links[2]!.id });
    expect(result.reason).toMatch(/link/);
  });

  it('detects a deleted middle event', () => {
    const links = chain(5);
    const withoutThird = [...links.slice(0, 2), ...links.slice(3)];
    const result = checkChain(withoutThird, GENESIS_HASH, 0);
    expect(result).toMatchObject({ ok: false, brokenId: links[3]!.id });
    expect(result.reason).toMatch(/event 3 is missing/);
  });

  it('detects a broken link even when the sequence is renumbered', () => {
    const links = chain(4);
    const renumbered = [links[0]!, { ...links[2]!, seq: 2 }, { ...links[3]!, seq: 3 }];
    const result = checkChain(renumbered, GENESIS_HASH, 0);
    expect(result).toMatchObject({ ok: false, brokenId: links[2]!.id });
    expect(result.reason).toMatch(/link to the previous event is broken/);
  });

  it('finds any single tampered event (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), fc.string({ minLength: 1 }), (n, pick, text) => {
        const links = chain(n);
        const i = pick % n;
        fc.pre(links[i]!.event.action !== text);
        links[i] = { ...links[i]!, event: { ...links[i]!.event, action: text } };
        const result = checkChain(links, GENESIS_HASH, 0);
        expect(result.ok).toBe(false);
        expect(result.brokenId).toBe(links[i]!.id);
      }),
    );
  });
});

describe('checkpoint lines', () => {
  const secret = 'checkpoint-secret-checkpoint-secret-0123';
  const key = checkpointKey(secret);
  const unsigned = {
    seq: 42,
    hash: 'a'.repeat(64),
    at: '2026-12-07T20:00:00.000Z',
    reason: 'scheduled' as const,
  };
  const signed: Checkpoint = { ...unsigned, mac: signCheckpoint(key, unsigned) };

  it('signs with HMAC-SHA256 under HKDF(secret, "outpost", "audit-checkpoints") over the documented text', () => {
    const independentKey = Buffer.from(hkdfSync('sha256', secret, 'outpost', 'audit-checkpoints', 32));
    const expected = createHmac('sha256', independentKey)
      .update('outpost-audit-checkpoint/v1\n42\n' + 'a'.repeat(64) + '\n2026-12-07T20:00:00.000Z\nscheduled')
      .digest('hex');
    expect(signed.mac).toBe(expected);
    expect(checkpointLine(signed)).toBe(
      `{"v":1,"seq":42,"hash":"${'a'.repeat(64)}","at":"2026-12-07T20:00:00.000Z","reason":"scheduled","mac":"${expected}"}`,
    );
    expect(readCheckpointLine(key, checkpointLine(signed))).toEqual({ checkpoint: signed });
  });

  it('refuses a line with any field changed, or signed with another secret', () => {
    const changes: Array<Partial<Record<keyof Checkpoint | 'v', unknown>>> = [
      { seq: 43 },
      { hash: 'b'.repeat(64) },
      { at: '2026-12-07T20:00:00.001Z' },
      { reason: 'backup' },
      { mac: 'c'.repeat(64) },
    ];
    for (const change of changes)
      expect(
        readCheckpointLine(key, JSON.stringify({ ...JSON.parse(checkpointLine(signed)), ...change })),
      ).toEqual({
        problem: 'has a signature that does not verify (forged, edited, or signed with another secret)',
      });
    expect(readCheckpointLine(checkpointKey(`${secret}!`), checkpointLine(signed))).toHaveProperty('problem');
  });

  it('names a malformed line rather than throwing', () => {
    const base = JSON.parse(checkpointLine(signed));
    for (const line of [
      'not json',
      'null',
      '[]',
      JSON.stringify({ ...base, v: 2 }),
      JSON.stringify({ ...base, seq: -1 }),
      JSON.stringify({ ...base, seq: '42' }),
      JSON.stringify({ ...base, hash: 'A'.repeat(64) }),
      JSON.stringify({ ...base, at: 'yesterday' }),
      JSON.stringify({ ...base, reason: 'whim' }),
      JSON.stringify({ ...base, mac: 'short' }),
    ])
      expect(readCheckpointLine(key, line), line).toEqual({
        problem: expect.stringMatching(/^is not a checkpoint/),
      });
    fc.assert(
      fc.property(fc.string(), (text) => {
        const read = readCheckpointLine(key, text);
        expect('problem' in read).toBe(true);
      }),
    );
  });
});

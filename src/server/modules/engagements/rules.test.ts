import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SowDocument } from '../../../contracts/engagements';
import {
  canTransition,
  deriveDeliveryModel,
  diffSow,
  inNoticePeriod,
  mergePatch,
  noticeDeadline,
  TRANSITIONS,
  withItemIds,
} from './rules';

describe('engagement life cycle', () => {
  it('follows draft → active → on_hold → completed | terminated', () => {
    expect(canTransition('draft', 'active')).toBe(true);
    expect(canTransition('active', 'on_hold')).toBe(true);
    expect(canTransition('on_hold', 'completed')).toBe(true);
    expect(canTransition('completed', 'active')).toBe(false);
    expect(canTransition('draft', 'completed')).toBe(false);
    expect(TRANSITIONS.terminated).toEqual([]);
  });
});

describe('delivery model', () => {
  const home = { country: 'DE', timezone: 'Europe/Berlin' };
  it('is onshore in the same country, nearshore within 3 hours, offshore beyond', () => {
    expect(deriveDeliveryModel(home, { country: 'DE', timezone: 'Europe/Berlin' })).toBe('onshore');
    expect(deriveDeliveryModel(home, { country: 'PL', timezone: 'Europe/Warsaw' })).toBe('nearshore');
    expect(deriveDeliveryModel(home, { country: 'EG', timezone: 'Africa/Cairo' })).toBe('nearshore');
    expect(deriveDeliveryModel(home, { country: 'IN', timezone: 'Asia/Kolkata' })).toBe('offshore');
    expect(deriveDeliveryModel(home, { country: 'PH', timezone: 'Asia/Manila' })).toBe('offshore');
    expect(
      deriveDeliveryModel(
        { country: 'US', timezone: 'America/New_York' },
        { country: 'MX', timezone: 'America/Mexico_City' },
      ),
    ).toBe('nearshore');
  });
});

describe('notice period', () => {
  it('the deadline is the renewal date minus the notice period', () => {
    expect(noticeDeadline('2027-06-30', 90)).toBe('2027-04-01');
    expect(noticeDeadline(null, 90)).toBeNull();
  });
  it('is in force from the deadline to the renewal date, in the engagement time zone', () => {
    expect(inNoticePeriod('2027-06-30', 90, new Date('2027-04-01T12:00:00Z'), 'UTC')).toBe(true);
    expect(inNoticePeriod('2027-06-30', 90, new Date('2027-03-31T12:00:00Z'), 'UTC')).toBe(false);
    // 31 March 23:30 UTC is already 1 April in Manila.
    expect(inNoticePeriod('2027-06-30', 90, new Date('2027-03-31T23:30:00Z'), 'Asia/Manila')).toBe(true);
    expect(inNoticePeriod('2027-06-30', 90, new Date('2027-07-01T12:00:00Z'), 'UTC')).toBe(false);
  });
});

describe('JSON Merge Patch (RFC 7396)', () => {
  it('passes the RFC’s examples', () => {
    const cases: Array<[unknown, unknown, unknown]> = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [
        ['a', 'b'],
        ['c', 'd'],
        ['c', 'd'],
      ],
      [{ a: 'b' }, ['c'], ['c']],
      [{ a: 'foo' }, null, null],
      [{ a: 'foo' }, 'bar', 'bar'],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [target, patch, result] of cases) expect(mergePatch(target, patch)).toEqual(result);
  });

  it('keeps a member named __proto__ a member, never the prototype', () => {
    const patched = mergePatch({ a: 1 }, JSON.parse('{"__proto__":{"polluted":true}}')) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(patched)).toBe(Object.prototype);
    expect((patched as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(patched)).toBe('{"a":1,"__proto__":{"polluted":true}}');
  });

  it('an empty patch changes nothing, and patching twice is the same as once', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue()), (target, patch) => {
        expect(mergePatch(target, {})).toEqual(
          target !== null && typeof target === 'object' && !Array.isArray(target) ? target : {},
        );
        const once = mergePatch(target, patch);
        expect(mergePatch(once, patch)).toEqual(once);
      }),
    );
  });
});

describe('SOW diff', () => {
  const base = withItemIds(
    SowDocument.parse({
      objectives: ['Cut cost'],
      deliverables: [{ title: 'Plan', acceptanceCriteria: ['Signed'], dueDate: '2027-01-01' }],
      creditCapPct: 10,
    }),
    (p) => `${p}_01JD3ZQ8N00000000000000000`,
  );

  it('reports added, removed and changed items by field', () => {
    const next = SowDocument.parse({
      ...base,
      objectives: ['Cut cost', 'Raise CSAT'],
      deliverables: [{ ...base.deliverables[0]!, dueDate: '2027-02-01' }],
      creditCapPct: 12,
    });
    expect(diffSow(base, next)).toEqual([
      { section: 'objectives', kind: 'added', key: 'Raise CSAT', label: 'Raise CSAT' },
      {
        section: 'deliverables',
        kind: 'changed',
        key: base.deliverables[0]!.id,
        label: 'Plan',
        fields: [{ field: 'dueDate', before: '2027-01-01', after: '2027-02-01' }],
      },
      {
        section: 'creditCapPct',
        kind: 'changed',
        key: 'creditCapPct',
        label: 'creditCapPct',
        fields: [{ field: 'creditCapPct', before: 10, after: 12 }],
      },
    ]);
    expect(diffSow(next, base).map((c) => c.kind)).toEqual(['removed', 'changed', 'changed']);
  });

  it('a document compared with itself has no changes', () => {
    expect(diffSow(base, base)).toEqual([]);
  });

  it('keeps item ids and gives new items one', () => {
    let n = 0;
    const doc = withItemIds(
      SowDocument.parse({ ...base, kpis: [{ name: 'AHT', aggregation: 'mean', direction: 'at_most' }] }),
      (p) => `${p}_${++n}`,
    );
    expect(doc.deliverables[0]!.id).toBe(base.deliverables[0]!.id);
    expect(doc.kpis[0]!.id).toBe('kpi_1');
  });
});

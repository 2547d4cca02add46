import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GOOD_SOW } from '../../../../test/fixtures/sow';
import { type JsonObject, jsonEqual, mergePatchDiff } from './merge-patch';

/** RFC 7396 section 2, as written: the reference the patch is checked against. */
function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else
      Object.defineProperty(result, key, {
        value: applyMergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return result;
}

/** What RFC 7396 can express: an object member that is null is the same as a missing one. */
function withoutNullMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNullMembers(v)]),
  );
}

const clone = <T>(v: T): T => structuredClone(v);

describe('mergePatchDiff', () => {
  it('is empty when nothing changed, whatever the member order', () => {
    const reordered = Object.fromEntries(Object.entries(GOOD_SOW).reverse());
    expect(mergePatchDiff(GOOD_SOW as JsonObject, reordered as JsonObject)).toEqual({});
  });

  it('replaces a changed array whole and leaves the rest out', () => {
    const after = clone(GOOD_SOW);
    after.inScope = [...after.inScope, 'Email support in German'];
    const patch = mergePatchDiff(GOOD_SOW as JsonObject, after as JsonObject);
    expect(patch).toEqual({ inScope: after.inScope });
    expect(applyMergePatch(GOOD_SOW, patch)).toEqual(after);
  });

  it('sends a removed or nulled member as null and a new one as its value', () => {
    const before = { a: 1, b: { c: 2, d: 3 }, e: 'x' } as JsonObject;
    const after = { a: 1, b: { c: 2 }, e: null, f: [1, null] } as JsonObject;
    const patch = mergePatchDiff(before, after);
    expect(patch).toEqual({ b: { d: null }, e: null, f: [1, null] });
    expect(applyMergePatch(before, patch)).toEqual(withoutNullMembers(after));
  });

  it('leaves a member that was null and stays null alone', () => {
    expect(mergePatchDiff({ a: { x: null }, b: null }, { a: { x: null }, b: null })).toEqual({});
  });

  it('turns a scalar into an object and back', () => {
    const patch = mergePatchDiff({ a: 5 }, { a: { b: 1, c: null } });
    expect(applyMergePatch({ a: 5 }, patch)).toEqual({ a: { b: 1 } });
    expect(applyMergePatch({ a: { b: 1 } }, mergePatchDiff({ a: { b: 1 } }, { a: 7 }))).toEqual({ a: 7 });
  });

  it('edits of the SOW document round-trip through the patch', () => {
    const after = clone(GOOD_SOW) as Record<string, unknown>;
    after.creditCapPct = 15;
    after.outOfScope = [];
    after.deliverables = [{ ...GOOD_SOW.deliverables[0], acceptanceCriteria: ['Signed off', 'Tested'] }];
    delete after.governanceForums;
    const patch = mergePatchDiff(GOOD_SOW as JsonObject, after as JsonObject);
    expect(Object.keys(patch).sort()).toEqual([
      'creditCapPct',
      'deliverables',
      'governanceForums',
      'outOfScope',
    ]);
    expect(applyMergePatch(GOOD_SOW, patch)).toEqual(after);
  });

  it('treats a member named __proto__ as a member (the counterexample fast-check found)', () => {
    const after = JSON.parse('{"":{"__proto__":""}}') as JsonObject;
    const patch = mergePatchDiff({}, after);
    expect(JSON.stringify(patch)).toBe('{"":{"__proto__":""}}');
    expect(jsonEqual(applyMergePatch({}, patch), after)).toBe(true);
  });

  it('applying the patch to before gives after, for any two JSON objects', () => {
    const object = fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
    fc.assert(
      fc.property(object, object, (before, after) => {
        const patch = mergePatchDiff(before as JsonObject, after as JsonObject);
        const applied = applyMergePatch(before, patch);
        // Applying keeps null members `before` already had; they read as missing, like in `after`.
        return jsonEqual(withoutNullMembers(applied), withoutNullMembers(after));
      }),
      { numRuns: 500 },
    );
  });
});

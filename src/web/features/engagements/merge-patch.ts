/**
 * JSON Merge Patch (RFC 7396) between two documents: what a change request sends as `changes`.
 * Objects are compared member by member, arrays and other values replace whole. RFC 7396 cannot
 * say "set to null" (null means remove), so a member that became null is sent as a removal; the
 * SOW's schema reads a missing member as its default (null or empty), which is the same thing.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values (member order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]))
    );
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]))
    );
  }
  return false;
}

/** The merge patch that turns `before` into `after`; `{}` when nothing changed. */
export function mergePatchDiff(before: JsonObject, after: JsonObject): JsonObject {
  const patch: JsonObject = {};
  // Own members only, set as own members: a key named `__proto__` (JSON may hold one) would
  // otherwise read the prototype or set it.
  const set = (key: string, value: Json) =>
    Object.defineProperty(patch, key, { value, enumerable: true, writable: true, configurable: true });
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key) || (after[key] === null && before[key] !== null)) set(key, null);
  }
  for (const [key, value] of Object.entries(after)) {
    if (value === null || value === undefined) continue;
    const old = Object.hasOwn(before, key) ? before[key] : undefined;
    if (isObject(value) && isObject(old)) {
      const inner = mergePatchDiff(old, value);
      if (Object.keys(inner).length > 0) set(key, inner);
    } else if (isObject(value)) {
      // Applied onto a non-object, the patch starts from {}: nulls inside would be lost, so drop them.
      set(key, mergePatchDiff({}, value));
    } else if (!jsonEqual(old, value)) {
      set(key, value);
    }
  }
  return patch;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursors', () => {
  it('round-trip a sort value and id (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
        fc.string(),
        (value, id) => {
          const cursor = encodeCursor(value, id);
          expect(cursor).toMatch(/^[A-Za-z0-9_-]*$/);
          // JSON has no -0; it comes back as 0.
          expect(decodeCursor(cursor)).toEqual([Object.is(value, -0) ? 0 : value, id]);
        },
      ),
    );
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['JSON of the wrong shape', Buffer.from('{"a":1}').toString('base64url')],
    ['a three-element array', Buffer.from('["a","b","c"]').toString('base64url')],
    ['an object as the value', Buffer.from('[{},"id"]').toString('base64url')],
    ['a number as the id', Buffer.from('["a",1]').toString('base64url')],
    ['empty', ''],
  ])('refuses %s with a 400 naming the cursor', (_what, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).errors).toEqual([{ field: 'cursor', message: 'is not valid' }]);
  });
});

describe('toPage', () => {
  const rows = [1, 2, 3, 4].map((n) => ({ id: `r${n}`, name: `n${n}` }));

  it('cuts the extra row and points the cursor at the last row kept', () => {
    const page = toPage(
      rows,
      3,
      (r) => [r.name, r.id],
      (r) => r.id,
    );
    expect(page.items).toEqual(['r1', 'r2', 'r3']);
    expect(decodeCursor(page.nextCursor!)).toEqual(['n3', 'r3']);
  });

  it('has no next cursor on the last page', () => {
    expect(
      toPage(
        rows,
        4,
        (r) => [r.name, r.id],
        (r) => r.id,
      ),
    ).toEqual({
      items: ['r1', 'r2', 'r3', 'r4'],
      nextCursor: null,
    });
    expect(
      toPage(
        [],
        10,
        () => ['', ''],
        (r) => r,
      ),
    ).toEqual({ items: [], nextCursor: null });
  });
});

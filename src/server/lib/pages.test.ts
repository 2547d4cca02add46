import { describe, expect, it } from 'vitest';
import { allPages } from './pages';

/** A list of numbers served in pages of `size`, its cursor the index of the next item. */
function pagesOf(items: number[], size: number) {
  const calls: Array<string | undefined> = [];
  const fetch = async (cursor?: string) => {
    calls.push(cursor);
    const from = cursor ? Number(cursor) : 0;
    const next = from + size;
    return { items: items.slice(from, next), nextCursor: next < items.length ? String(next) : null };
  };
  return { fetch, calls };
}

describe('allPages', () => {
  it('concatenates every page in order, asking with each cursor once', async () => {
    const { fetch, calls } = pagesOf([1, 2, 3, 4, 5, 6, 7], 3);
    expect(await allPages(fetch)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(calls).toEqual([undefined, '3', '6']);
  });

  it('asks once for a list that fits in one page, and once for an empty list', async () => {
    const one = pagesOf([1, 2], 3);
    expect(await allPages(one.fetch)).toEqual([1, 2]);
    expect(one.calls).toEqual([undefined]);
    const none = pagesOf([], 3);
    expect(await allPages(none.fetch)).toEqual([]);
    expect(none.calls).toEqual([undefined]);
  });

  it('stops at an empty cursor as at a null one', async () => {
    const fetch = async (cursor?: string) =>
      cursor ? { items: ['b'], nextCursor: '' } : { items: ['a'], nextCursor: 'x' };
    expect(await allPages(fetch)).toEqual(['a', 'b']);
  });

  it('passes a failing page on', async () => {
    await expect(allPages(() => Promise.reject(new Error('down')))).rejects.toThrow('down');
  });
});

/**
 * Walking every page of a keyset-paginated list. Each page is bounded by the list's own limit;
 * the caller decides that walking them all is fine (the system's scheduled reads, the reports).
 */

/** One page of a list, as every list of the API answers it. */
export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every item of a list, fetching page after page until no cursor is left. */
export async function allPages<T>(fetch: (cursor?: string) => Promise<PageOf<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

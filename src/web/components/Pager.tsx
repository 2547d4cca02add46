import { Button, Group, Text } from '@mantine/core';
import { useCallback, useState } from 'react';

/**
 * Cursor paging with a stack of the cursors behind us, so "Previous" works too. A new `key`
 * (the filters) starts again at page one at once, so no request mixes old cursors and new filters.
 */
export function useCursorPager(key: string) {
  const [state, setState] = useState<{ key: string; stack: string[] }>({ key, stack: [] });
  const stack = state.key === key ? state.stack : [];
  const cursor = stack.at(-1);
  return {
    cursor,
    page: stack.length + 1,
    next: useCallback(
      (nextCursor: string) =>
        setState((s) => ({ key, stack: s.key === key ? [...s.stack, nextCursor] : [nextCursor] })),
      [key],
    ),
    previous: useCallback(
      () => setState((s) => ({ key, stack: s.key === key ? s.stack.slice(0, -1) : [] })),
      [key],
    ),
  };
}

/** "Previous" and "Next" under a list. */
export function PagerControls({
  pager,
  nextCursor,
  loading,
}: {
  pager: ReturnType<typeof useCursorPager>;
  nextCursor: string | null | undefined;
  loading?: boolean;
}) {
  if (pager.page === 1 && !nextCursor) return null;
  return (
    <Group justify="space-between" mt="md">
      <Text size="sm" c="dimmed">
        Page {pager.page}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={pager.page === 1 || loading} onClick={pager.previous}>
          Previous
        </Button>
        <Button
          variant="default"
          size="xs"
          disabled={!nextCursor || loading}
          onClick={() => nextCursor && pager.next(nextCursor)}
        >
          Next
        </Button>
      </Group>
    </Group>
  );
}

import { Group, type GroupProps, Paper, Table, type TableProps, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Fragment, type ReactNode, useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { SearchIcon } from './icons';
import { PagerControls, type useCursorPager } from './Pager';
import { LoadError, LoadingBlock } from './QueryState';

/** What a search box holds, and the same trimmed and debounced (300 ms) for the query. */
export function useDebouncedSearch(initial = '') {
  const [search, setSearch] = useState(initial);
  const [q] = useDebouncedValue(search.trim(), 300);
  return { search, setSearch, q };
}

/**
 * Filters kept in the address (`?q=…&status=…`), so a filtered list can be linked and survives a
 * reload: `setParam` sets or clears one (replacing the history entry), and the debounced search
 * goes to `q`.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const { search, setSearch, q } = useDebouncedSearch(params.get('q') ?? '');
  const setParam = useCallback(
    (key: string, value: string | null) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  useEffect(() => setParam('q', q || null), [q, setParam]);
  return { params, setParam, search, setSearch, q };
}

/** The bordered bar of filters above a list. */
export function FilterBar({ children, ...group }: GroupProps) {
  return (
    <Paper withBorder p="sm" mb="md">
      <Group gap="sm" {...group}>
        {children}
      </Group>
    </Paper>
  );
}

/** The search box of a filter bar. */
export function SearchInput({
  label,
  placeholder,
  value,
  onChange,
  w = 260,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  w?: number;
}) {
  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      leftSection={<SearchIcon />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      w={w}
    />
  );
}

/** A column heading: its text, or a heading element of its own (a sortable one, say); null or false leaves it out. */
export type Column = string | { label: string; ta: 'right' } | { th: ReactNode } | null | false;

/**
 * A table: the headings, then the rows. `minWidth` scrolls it sideways on a narrow screen;
 * `dimmed` greys the rows while the next page loads. The empty heading `''` sits over row actions.
 */
export function DataTable({
  testId,
  columns,
  minWidth,
  dimmed,
  children,
  ...table
}: Omit<TableProps, 'children'> & {
  testId?: string;
  columns: Column[];
  minWidth?: number;
  dimmed?: boolean;
  children: ReactNode;
}) {
  const inner = (
    <Table data-testid={testId} {...table}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c, i) =>
            !c && c !== '' ? null : typeof c === 'string' ? (
              <Table.Th key={c}>{c}</Table.Th>
            ) : 'th' in c ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
              <Fragment key={i}>{c.th}</Fragment>
            ) : (
              <Table.Th key={c.label} ta={c.ta}>
                {c.label}
              </Table.Th>
            ),
          )}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody style={dimmed === undefined ? undefined : { opacity: dimmed ? 0.6 : 1 }}>
        {children}
      </Table.Tbody>
    </Table>
  );
  return minWidth ? <Table.ScrollContainer minWidth={minWidth}>{inner}</Table.ScrollContainer> : inner;
}

/** A list's table in a bordered card (see `DataTable`). */
export function ListTable(props: Parameters<typeof DataTable>[0]) {
  return (
    <Paper withBorder>
      <DataTable {...props} />
    </Paper>
  );
}

/**
 * A paged list's states: loading, the error, nothing at all (`empty`), nothing that matches the
 * filters (`noMatch`, when `filtered`), or the items; and the pager under it.
 */
export function PagedList<T>({
  query,
  pager,
  rows,
  filtered,
  noMatch,
  empty,
  children,
}: {
  query: {
    data: { items: T[]; nextCursor?: string | null } | undefined;
    error: unknown;
    isPending: boolean;
    isFetching: boolean;
    refetch: () => unknown;
  };
  pager: ReturnType<typeof useCursorPager>;
  rows?: number;
  filtered: boolean;
  noMatch: ReactNode;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <>
      {query.isPending ? (
        <LoadingBlock rows={rows} />
      ) : query.error || !query.data ? (
        <LoadError error={query.error} onRetry={() => query.refetch()} />
      ) : query.data.items.length === 0 ? (
        filtered ? (
          noMatch
        ) : (
          empty
        )
      ) : (
        children(query.data.items)
      )}
      <PagerControls pager={pager} nextCursor={query.data?.nextCursor} loading={query.isFetching} />
    </>
  );
}

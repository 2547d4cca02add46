import { Anchor, Button, Select, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { FUNCTIONS } from '../../../../contracts/engagements';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { EmptyState } from '../../../components/EmptyState';
import { humanise, humanOptions } from '../../../components/format';
import { PlusIcon } from '../../../components/icons';
import {
  FilterBar,
  ListTable,
  PagedList,
  SearchInput,
  useDebouncedSearch,
} from '../../../components/ListPage';
import { PageHeader } from '../../../components/PageHeader';
import { useCursorPager } from '../../../components/Pager';
import { formatInstant } from '../../../components/reference-data';
import { type CaseFilters, useBusinessCases } from '../api';

/** Every business case: does outsourcing this function pay? */
export function BusinessCaseListPage() {
  const user = useUser();
  const canWrite = permissions.writeBusinessCases(user);
  const { search, setSearch, q } = useDebouncedSearch();
  const [fn, setFn] = useState<string | null>(null);
  const filters: CaseFilters = { q: q || undefined, function: (fn ?? undefined) as CaseFilters['function'] };
  const pager = useCursorPager(JSON.stringify(filters));
  const cases = useBusinessCases({ ...filters, cursor: pager.cursor });
  const newButton = canWrite ? (
    <Button component={Link} to="/business-cases/new" leftSection={<PlusIcon />}>
      New business case
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Business cases"
        description="Today's in-house cost of a function against each partner's bid: savings, NPV, payback and risk."
        actions={newButton}
      />
      <FilterBar>
        <SearchInput
          label="Search business cases"
          placeholder="Search by name"
          value={search}
          onChange={setSearch}
        />
        <Select
          aria-label="Function"
          placeholder="Any function"
          clearable
          data={humanOptions(FUNCTIONS)}
          value={fn}
          onChange={setFn}
          w={200}
        />
      </FilterBar>
      <PagedList
        query={cases}
        pager={pager}
        filtered={Boolean(filters.q || filters.function)}
        noMatch={
          <EmptyState title="No business case matches">Try another search or clear the filter.</EmptyState>
        }
        empty={
          <EmptyState title="No business cases yet" actions={newButton}>
            {canWrite
              ? 'Start one: describe what the function costs in-house today and add each partner’s bid.'
              : 'A manager starts one by describing the in-house cost and the partners’ bids.'}
          </EmptyState>
        }
      >
        {(items) => (
          <ListTable
            testId="case-list"
            highlightOnHover
            columns={['Name', 'Function', 'Options', 'Horizon', 'Updated']}
          >
            {items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/business-cases/${c.id}`} fw={600}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{humanise(c.function)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{c.options.map((o) => o.name).join(', ') || '—'}</Text>
                </Table.Td>
                <Table.Td>
                  {c.horizonYears} years, {c.currency}
                </Table.Td>
                <Table.Td>{formatInstant(c.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </PagedList>
    </>
  );
}

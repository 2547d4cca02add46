import { Anchor, Badge, Button, SegmentedControl, Table } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { SourcingStatus } from '../../../../contracts/sourcing';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { EmptyState } from '../../../components/EmptyState';
import { humanise } from '../../../components/format';
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
import { type SourcingFilters, useSourcingEvents } from '../api';

export const STATUS_COLOURS: Record<SourcingStatus, string> = {
  open: 'blue',
  awarded: 'teal',
  cancelled: 'gray',
};

/** Every sourcing event: which partner should get the work? */
export function SourcingListPage() {
  const user = useUser();
  const canWrite = permissions.writeEngagements(user);
  const { search, setSearch, q } = useDebouncedSearch();
  const [status, setStatus] = useState('all');
  const filters: SourcingFilters = {
    q: q || undefined,
    status: status === 'all' ? undefined : (status as SourcingStatus),
  };
  const pager = useCursorPager(JSON.stringify(filters));
  const events = useSourcingEvents({ ...filters, cursor: pager.cursor });
  const newButton = canWrite ? (
    <Button component={Link} to="/sourcing/new" leftSection={<PlusIcon />}>
      New sourcing event
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Sourcing"
        description="Compare candidate partners on weighted criteria, scored by your evaluators, and award the work."
        actions={newButton}
      />
      <FilterBar>
        <SearchInput
          label="Search sourcing events"
          placeholder="Search by title"
          value={search}
          onChange={setSearch}
        />
        <SegmentedControl
          aria-label="Status"
          value={status}
          onChange={setStatus}
          data={[
            { value: 'all', label: 'All' },
            { value: 'open', label: 'Open' },
            { value: 'awarded', label: 'Awarded' },
            { value: 'cancelled', label: 'Cancelled' },
          ]}
        />
      </FilterBar>
      <PagedList
        query={events}
        pager={pager}
        filtered={Boolean(filters.q || filters.status)}
        noMatch={<EmptyState title="No sourcing event matches">Try another search or status.</EmptyState>}
        empty={
          <EmptyState title="No sourcing events yet" actions={newButton}>
            Open one to compare the partners bidding for a piece of work.
          </EmptyState>
        }
      >
        {(items) => (
          <ListTable
            testId="sourcing-list"
            highlightOnHover
            columns={['Title', 'Function', 'Candidates', 'Status', 'Opened']}
          >
            {items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/sourcing/${e.id}`} fw={600}>
                    {e.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{humanise(e.function)}</Table.Td>
                <Table.Td>{e.candidates.map((c) => c.vendorName).join(', ')}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOURS[e.status]} variant="light">
                    {e.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{formatInstant(e.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </PagedList>
    </>
  );
}

import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import type { SourcingStatus } from '../../../../contracts/sourcing';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { EmptyState } from '../../../components/EmptyState';
import { PlusIcon, SearchIcon } from '../../../components/icons';
import { PageHeader } from '../../../components/PageHeader';
import { PagerControls, useCursorPager } from '../../../components/Pager';
import { LoadError, LoadingBlock } from '../../../components/QueryState';
import { formatInstant } from '../../../components/reference-data';
import { type SourcingFilters, useSourcingEvents } from '../api';

export const label = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');
export const STATUS_COLOURS: Record<SourcingStatus, string> = {
  open: 'blue',
  awarded: 'teal',
  cancelled: 'gray',
};

/** Every sourcing event: which partner should get the work? */
export function SourcingListPage() {
  const user = useUser();
  const canWrite = permissions.writeEngagements(user.role);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
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
      <Paper withBorder p="sm" mb="md">
        <Group gap="sm">
          <TextInput
            aria-label="Search sourcing events"
            placeholder="Search by title"
            leftSection={<SearchIcon />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={260}
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
        </Group>
      </Paper>
      {events.isPending ? (
        <LoadingBlock />
      ) : events.error ? (
        <LoadError error={events.error} onRetry={() => events.refetch()} />
      ) : events.data.items.length === 0 ? (
        filters.q || filters.status ? (
          <EmptyState title="No sourcing event matches">Try another search or status.</EmptyState>
        ) : (
          <EmptyState title="No sourcing events yet" actions={newButton}>
            Open one to compare the partners bidding for a piece of work.
          </EmptyState>
        )
      ) : (
        <Paper withBorder>
          <Table highlightOnHover data-testid="sourcing-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Title</Table.Th>
                <Table.Th>Function</Table.Th>
                <Table.Th>Candidates</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Opened</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.data.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/sourcing/${e.id}`} fw={600}>
                      {e.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{label(e.function)}</Table.Td>
                  <Table.Td>{e.candidates.map((c) => c.vendorName).join(', ')}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[e.status]} variant="light">
                      {e.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatInstant(e.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <PagerControls pager={pager} nextCursor={events.data?.nextCursor} loading={events.isFetching} />
    </>
  );
}

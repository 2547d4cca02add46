import { Anchor, Button, Group, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { FUNCTIONS } from '../../../../contracts/engagements';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { EmptyState } from '../../../components/EmptyState';
import { PlusIcon, SearchIcon } from '../../../components/icons';
import { PageHeader } from '../../../components/PageHeader';
import { PagerControls, useCursorPager } from '../../../components/Pager';
import { LoadError, LoadingBlock } from '../../../components/QueryState';
import { formatInstant } from '../../../components/reference-data';
import { type CaseFilters, useBusinessCases } from '../api';

const label = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');

/** Every business case: does outsourcing this function pay? */
export function BusinessCaseListPage() {
  const user = useUser();
  const canWrite = permissions.writeBusinessCases(user.role);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
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
      <Paper withBorder p="sm" mb="md">
        <Group gap="sm">
          <TextInput
            aria-label="Search business cases"
            placeholder="Search by name"
            leftSection={<SearchIcon />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={260}
          />
          <Select
            aria-label="Function"
            placeholder="Any function"
            clearable
            data={FUNCTIONS.map((f) => ({ value: f, label: label(f) }))}
            value={fn}
            onChange={setFn}
            w={200}
          />
        </Group>
      </Paper>
      {cases.isPending ? (
        <LoadingBlock />
      ) : cases.error ? (
        <LoadError error={cases.error} onRetry={() => cases.refetch()} />
      ) : cases.data.items.length === 0 ? (
        filters.q || filters.function ? (
          <EmptyState title="No business case matches">Try another search or clear the filter.</EmptyState>
        ) : (
          <EmptyState title="No business cases yet" actions={newButton}>
            {canWrite
              ? 'Start one: describe what the function costs in-house today and add each partner’s bid.'
              : 'A manager starts one by describing the in-house cost and the partners’ bids.'}
          </EmptyState>
        )
      ) : (
        <Paper withBorder>
          <Table highlightOnHover data-testid="case-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Function</Table.Th>
                <Table.Th>Options</Table.Th>
                <Table.Th>Horizon</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cases.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/business-cases/${c.id}`} fw={600}>
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{label(c.function)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.options.map((o) => o.name).join(', ') || '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    {c.horizonYears} years, {c.currency}
                  </Table.Td>
                  <Table.Td>{formatInstant(c.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <PagerControls pager={pager} nextCursor={cases.data?.nextCursor} loading={cases.isFetching} />
    </>
  );
}

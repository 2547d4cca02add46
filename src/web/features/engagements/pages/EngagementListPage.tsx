import { Anchor, Button, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ENGAGEMENT_STATUSES, FUNCTIONS } from '../../../../contracts/engagements';
import { formatMoney } from '../../../../contracts/money';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { EmptyState } from '../../../components/EmptyState';
import { humanise } from '../../../components/format';
import { PlusIcon, SearchIcon } from '../../../components/icons';
import { useVendorOptions } from '../../../components/options';
import { PageHeader } from '../../../components/PageHeader';
import { PagerControls, useCursorPager } from '../../../components/Pager';
import { LoadError, LoadingBlock } from '../../../components/QueryState';
import { type EngagementFilters, useEngagements } from '../api';
import { EngagementStatusBadge, formatDay, NoticeBadge } from '../components/badges';

const SORTS = [
  { value: 'title', label: 'Title A–Z' },
  { value: 'startDate', label: 'Starting first' },
  { value: 'renewalDate', label: 'Renewing soonest' },
  { value: '-renewalDate', label: 'Renewing latest' },
] as const;

/** Every engagement: filter by vendor, status and function, with renewals that need a decision flagged. */
export function EngagementListPage() {
  const user = useUser();
  const canWrite = permissions.writeEngagements(user.role);
  const internal = permissions.isInternal(user.role);
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  const vendors = useVendorOptions();

  const filters: EngagementFilters = {
    q: q || undefined,
    vendorId: params.get('vendorId') || undefined,
    status: (params.get('status') || undefined) as EngagementFilters['status'],
    function: (params.get('function') || undefined) as EngagementFilters['function'],
    sort: (params.get('sort') || 'title') as EngagementFilters['sort'],
  };
  const pager = useCursorPager(JSON.stringify(filters));
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

  const engagements = useEngagements({ ...filters, cursor: pager.cursor });
  const filtered = Boolean(filters.q || filters.vendorId || filters.status || filters.function);
  const newButton = canWrite ? (
    <Button component={Link} to="/engagements/new" leftSection={<PlusIcon />}>
      New engagement
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Engagements"
        description="Each outsourced service, its vendor, its statement of work and when it renews."
        actions={newButton}
      />
      <Paper withBorder p="sm" mb="md">
        <Group gap="sm" wrap="wrap">
          <TextInput
            aria-label="Search engagements"
            placeholder="Search by title"
            leftSection={<SearchIcon />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={240}
          />
          {internal ? (
            <Select
              aria-label="Vendor"
              placeholder="Any vendor"
              searchable
              clearable
              data={vendors.data ?? []}
              value={filters.vendorId ?? null}
              onChange={(v) => setParam('vendorId', v)}
              w={200}
            />
          ) : null}
          <Select
            aria-label="Status"
            placeholder="Any status"
            clearable
            data={ENGAGEMENT_STATUSES.map((s) => ({ value: s, label: humanise(s) }))}
            value={filters.status ?? null}
            onChange={(v) => setParam('status', v)}
            w={150}
          />
          <Select
            aria-label="Function"
            placeholder="Any function"
            clearable
            data={FUNCTIONS.map((f) => ({ value: f, label: humanise(f) }))}
            value={filters.function ?? null}
            onChange={(v) => setParam('function', v)}
            w={170}
          />
          <Select
            aria-label="Sort"
            data={[...SORTS]}
            value={filters.sort ?? 'title'}
            allowDeselect={false}
            onChange={(v) => setParam('sort', v === 'title' ? null : v)}
            w={180}
            ml="auto"
          />
        </Group>
      </Paper>

      {engagements.isPending ? (
        <LoadingBlock rows={6} />
      ) : engagements.error ? (
        <LoadError error={engagements.error} onRetry={() => engagements.refetch()} />
      ) : engagements.data.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No engagement matches these filters">
            Try a shorter search or clear a filter.
          </EmptyState>
        ) : (
          <EmptyState
            title="No engagements yet — open one for a vendor"
            actions={newButton ? <Group mt="xs">{newButton}</Group> : null}
          >
            An engagement is one outsourced service delivered by one vendor under a statement of work.
          </EmptyState>
        )
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={900}>
            <Table data-testid="engagement-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Vendor</Table.Th>
                  <Table.Th>Function</Table.Th>
                  <Table.Th>Delivery</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Monthly fee</Table.Th>
                  <Table.Th>Renewal</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody style={{ opacity: engagements.isPlaceholderData ? 0.6 : 1 }}>
                {engagements.data.items.map((e) => (
                  <Table.Tr key={e.id} data-testid="engagement-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/engagements/${e.id}`} fw={600} fz="sm">
                        {e.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/vendors/${e.vendorId}`} fz="sm" c="inherit">
                        {e.vendorName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{humanise(e.function)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{humanise(e.deliveryModel)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <EngagementStatusBadge status={e.status} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{formatMoney(e.monthlyFee, e.currency)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2} align="flex-start">
                        <Text size="sm">{formatDay(e.renewalDate)}</Text>
                        {e.inNoticePeriod ? <NoticeBadge deadline={e.noticeDeadline} /> : null}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <PagerControls
        pager={pager}
        nextCursor={engagements.data?.nextCursor}
        loading={engagements.isFetching}
      />
    </>
  );
}

import { Anchor, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ENGAGEMENT_STATUSES, FUNCTIONS } from '../../../../contracts/engagements';
import { formatMoney } from '../../../../contracts/money';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { EmptyState } from '../../../components/EmptyState';
import { humanise, humanOptions } from '../../../components/format';
import { PlusIcon } from '../../../components/icons';
import { FilterBar, ListTable, PagedList, SearchInput, useUrlFilters } from '../../../components/ListPage';
import { useVendorOptions } from '../../../components/options';
import { PageHeader } from '../../../components/PageHeader';
import { useCursorPager } from '../../../components/Pager';
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
  const canWrite = permissions.writeEngagements(user);
  const internal = permissions.isInternal(user);
  const { params, setParam, search, setSearch, q } = useUrlFilters();
  const vendors = useVendorOptions();

  const filters: EngagementFilters = {
    q: q || undefined,
    vendorId: params.get('vendorId') || undefined,
    status: (params.get('status') || undefined) as EngagementFilters['status'],
    function: (params.get('function') || undefined) as EngagementFilters['function'],
    sort: (params.get('sort') || 'title') as EngagementFilters['sort'],
  };
  const pager = useCursorPager(JSON.stringify(filters));
  const engagements = useEngagements({ ...filters, cursor: pager.cursor });
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
      <FilterBar>
        <SearchInput
          label="Search engagements"
          placeholder="Search by title"
          value={search}
          onChange={setSearch}
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
          data={humanOptions(ENGAGEMENT_STATUSES)}
          value={filters.status ?? null}
          onChange={(v) => setParam('status', v)}
          w={150}
        />
        <Select
          aria-label="Function"
          placeholder="Any function"
          clearable
          data={humanOptions(FUNCTIONS)}
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
      </FilterBar>

      <PagedList
        query={engagements}
        pager={pager}
        rows={6}
        filtered={Boolean(filters.q || filters.vendorId || filters.status || filters.function)}
        noMatch={
          <EmptyState title="No engagement matches these filters">
            Try a shorter search or clear a filter.
          </EmptyState>
        }
        empty={
          <EmptyState
            title="No engagements yet — open one for a vendor"
            actions={newButton ? <Group mt="xs">{newButton}</Group> : null}
          >
            An engagement is one outsourced service delivered by one vendor under a statement of work.
          </EmptyState>
        }
      >
        {(items) => (
          <ListTable
            testId="engagement-table"
            minWidth={900}
            dimmed={engagements.isPlaceholderData}
            columns={[
              'Title',
              'Vendor',
              'Function',
              'Delivery',
              'Status',
              { label: 'Monthly fee', ta: 'right' },
              'Renewal',
            ]}
          >
            {items.map((e) => (
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
                    {'inNoticePeriod' in e && e.inNoticePeriod ? (
                      <NoticeBadge deadline={e.noticeDeadline} />
                    ) : null}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </PagedList>
    </>
  );
}

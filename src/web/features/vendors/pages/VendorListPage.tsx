import { Anchor, Button, Group, Select, Table, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { Link } from 'react-router';
import { CRITICALITIES, VENDOR_SORTS, VENDOR_STATUSES } from '../../../../contracts/vendor-values';
import { lazyNamed } from '../../../app/lazy';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { EmptyState } from '../../../components/EmptyState';
import { CountrySelect } from '../../../components/FormParts';

import { humanise, humanOptions } from '../../../components/format';
import { PlusIcon } from '../../../components/icons';
import { FilterBar, ListTable, PagedList, SearchInput, useUrlFilters } from '../../../components/ListPage';
import { PageHeader } from '../../../components/PageHeader';
import { useCursorPager } from '../../../components/Pager';
import { countryName, formatDate } from '../../../components/reference-data';
import { EXPORT_URL, useVendors, type VendorFilters } from '../api';
import { CriticalityBadge, StatusBadge } from '../components/badges';

/** The import dialog (a file input and its result table) loads when it is first opened. */
const ImportCsvModal = lazyNamed(() => import('../components/ImportCsvModal'), 'ImportCsvModal');

type Sort = (typeof VENDOR_SORTS)[number];
const SORT_LABELS: Record<Sort, string> = {
  name: 'Name A–Z',
  '-name': 'Name Z–A',
  country: 'Country A–Z',
  '-country': 'Country Z–A',
  createdAt: 'Oldest first',
  '-createdAt': 'Newest first',
  status: 'Status (life cycle)',
  '-status': 'Status (reverse)',
};

function SortableTh({
  label,
  field,
  sort,
  onSort,
}: {
  label: string;
  field: string;
  sort: Sort;
  onSort: (s: Sort) => void;
}) {
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  const next = (active && !descending ? `-${field}` : field) as Sort;
  return (
    <Table.Th aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => onSort(next)} fw={600} fz="sm">
        {label}{' '}
        {active ? (
          descending ? (
            '↓'
          ) : (
            '↑'
          )
        ) : (
          <Text span c="dimmed">
            ↕
          </Text>
        )}
      </UnstyledButton>
    </Table.Th>
  );
}

/** The vendor directory: search, filter, sort and page through every vendor. */
export function VendorListPage() {
  const user = useUser();
  const canWrite = permissions.writeVendors(user);
  const { params, setParam, search, setSearch, q } = useUrlFilters();
  const [importing, importModal] = useDisclosure(false);

  const filters: VendorFilters = {
    q: q || undefined,
    country: params.get('country') || undefined,
    status: (params.get('status') || undefined) as VendorFilters['status'],
    criticality: (params.get('criticality') || undefined) as VendorFilters['criticality'],
    sort: (params.get('sort') || 'name') as Sort,
  };
  const pager = useCursorPager(JSON.stringify(filters));
  const vendors = useVendors({ ...filters, cursor: pager.cursor });
  const sort = filters.sort as Sort;
  const sortable = (label: string, field: string) => ({
    th: <SortableTh label={label} field={field} sort={sort} onSort={(s) => setParam('sort', s)} />,
  });

  return (
    <>
      <PageHeader
        title="Vendors"
        description="Every partner you work with or consider, with their status and how critical they are."
        actions={
          <>
            {permissions.exportVendors(user) ? (
              <Button component="a" href={EXPORT_URL} variant="default" download>
                Export CSV
              </Button>
            ) : null}
            {canWrite ? (
              <>
                <Button variant="default" onClick={importModal.open}>
                  Import CSV
                </Button>
                <Button component={Link} to="/vendors/new" leftSection={<PlusIcon />}>
                  Add vendor
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <FilterBar>
        <SearchInput
          label="Search vendors"
          placeholder="Search by name"
          value={search}
          onChange={setSearch}
        />
        <CountrySelect
          aria-label="Country"
          placeholder="Any country"
          clearable
          value={filters.country ?? null}
          onChange={(v) => setParam('country', v)}
          w={200}
        />
        <Select
          aria-label="Status"
          placeholder="Any status"
          clearable
          data={humanOptions(VENDOR_STATUSES)}
          value={filters.status ?? null}
          onChange={(v) => setParam('status', v)}
          w={160}
        />
        <Select
          aria-label="Criticality"
          placeholder="Any criticality"
          clearable
          data={humanOptions(CRITICALITIES)}
          value={filters.criticality ?? null}
          onChange={(v) => setParam('criticality', v)}
          w={160}
        />
        <Select
          aria-label="Sort"
          data={VENDOR_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
          value={sort}
          allowDeselect={false}
          onChange={(v) => setParam('sort', v === 'name' ? null : v)}
          w={180}
          ml="auto"
        />
      </FilterBar>

      <PagedList
        query={vendors}
        pager={pager}
        rows={6}
        filtered={Boolean(filters.q || filters.country || filters.status || filters.criticality)}
        noMatch={
          <EmptyState title="No vendor matches these filters">
            Try a shorter search or clear a filter.
          </EmptyState>
        }
        empty={
          <EmptyState
            title={
              canWrite
                ? 'No vendors yet — add your first vendor or import a CSV'
                : 'No vendors yet — a manager or administrator adds them'
            }
            actions={
              canWrite ? (
                <Group gap="sm" mt="xs">
                  <Button component={Link} to="/vendors/new" leftSection={<PlusIcon />}>
                    Add vendor
                  </Button>
                  <Button variant="default" onClick={importModal.open}>
                    Import CSV
                  </Button>
                </Group>
              ) : null
            }
          >
            Vendors are the partners you outsource to, or are thinking of. Each one gets a profile, contacts,
            a status in its life cycle and a criticality.
          </EmptyState>
        }
      >
        {(items) => (
          <ListTable
            testId="vendor-table"
            minWidth={760}
            dimmed={vendors.isPlaceholderData}
            columns={[
              sortable('Name', 'name'),
              sortable('Country', 'country'),
              sortable('Status', 'status'),
              'Criticality',
              'Services',
              sortable('Added', 'createdAt'),
            ]}
          >
            {items.map((v) => (
              <Table.Tr key={v.id} data-testid="vendor-row">
                <Table.Td>
                  <Anchor component={Link} to={`/vendors/${v.id}`} fw={600} fz="sm">
                    {v.name}
                  </Anchor>
                  {v.legalName ? (
                    <Text size="xs" c="dimmed">
                      {v.legalName}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{countryName(v.country)}</Text>
                  <Text size="xs" c="dimmed">
                    {v.timezone}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={v.status} />
                </Table.Td>
                <Table.Td>
                  <CriticalityBadge criticality={v.criticality} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={1}>
                    {v.services.map(humanise).join(', ') || '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDate(v.createdAt)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </PagedList>
      {canWrite && importing ? (
        <Suspense fallback={null}>
          <ImportCsvModal opened onClose={importModal.close} />
        </Suspense>
      ) : null}
    </>
  );
}

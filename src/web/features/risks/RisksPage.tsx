import {
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  CATEGORY_LABELS,
  RISK_CATEGORIES,
  RISK_STATUSES,
  type Risk,
  type RiskCategory,
  type RiskKind,
  type RiskStatus,
} from '../../../contracts/risks';
import { permissions } from '../../app/permissions';
import { useUser } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { notifyError, notifySuccess } from '../../components/form-errors';
import { PlusIcon } from '../../components/icons';
import { FilterBar, ListTable, PagedList } from '../../components/ListPage';
import { PageHeader } from '../../components/PageHeader';
import { useCursorPager } from '../../components/Pager';
import { LoadError } from '../../components/QueryState';
import { type RiskListFilters, useHeatmap, useRefreshSignals, useRisks, useRiskVendors } from './api';
import { type Cell, HeatMap, type HeatView } from './HeatMap';
import { RiskForm, STATUS_LABELS } from './RiskForm';

const STATUS_COLOURS: Record<RiskStatus, string> = {
  open: 'red',
  mitigating: 'orange',
  accepted: 'blue',
  closed: 'gray',
};

function ScoreBadge({ value }: { value: number }) {
  const colour = value >= 15 ? 'red' : value >= 8 ? 'orange' : value >= 4 ? 'yellow' : 'green';
  return (
    <Badge color={colour} variant="light">
      {value}
    </Badge>
  );
}

/** The risk register: filters, the 5×5 heat map (a cell filters the list), the list, and the form. */
export function RisksPage() {
  const user = useUser();
  const canWrite = permissions.writeEngagements(user);
  const isAdmin = permissions.manageOrganisation(user);
  const [kind, setKind] = useState('all');
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [view, setView] = useState<HeatView>('inherent');
  const [cell, setCell] = useState<Cell | null>(null);
  const [editing, setEditing] = useState<Risk | 'new' | null>(null);
  const vendors = useRiskVendors();
  const refresh = useRefreshSignals();

  const base = {
    kind: kind === 'all' ? undefined : (kind as RiskKind),
    vendorId: vendorId ?? undefined,
    category: (category as RiskCategory | null) ?? undefined,
    status: (status as RiskStatus | null) ?? undefined,
  };
  const cellFilter: RiskListFilters = !cell
    ? {}
    : cell.view === 'inherent'
      ? { likelihood: cell.likelihood, impact: cell.impact }
      : { residualLikelihood: cell.likelihood, residualImpact: cell.impact };
  const filters: RiskListFilters = { ...base, ...cellFilter };
  const pager = useCursorPager(JSON.stringify(filters));
  const risks = useRisks({ ...filters, cursor: pager.cursor });
  const heat = useHeatmap(base);

  const actions = (
    <Group gap="sm">
      {isAdmin ? (
        <Button
          variant="default"
          loading={refresh.isPending}
          onClick={() =>
            refresh.mutate(undefined, {
              onSuccess: (r) =>
                notifySuccess(
                  `Signals refreshed: ${r.opened} opened, ${r.updated} updated, ${r.closed} closed.`,
                ),
              onError: (e) => notifyError(e),
            })
          }
        >
          Refresh signals
        </Button>
      ) : null}
      {canWrite ? (
        <Button leftSection={<PlusIcon />} onClick={() => setEditing('new')}>
          New risk
        </Button>
      ) : null}
    </Group>
  );

  return (
    <>
      <PageHeader
        title="Risks"
        description="The risk register: risks entered by hand and signals raised automatically from certificates, SLAs, renewals, spend, findings and data sharing."
        actions={actions}
      />
      <FilterBar>
        <SegmentedControl
          aria-label="Kind"
          value={kind}
          onChange={setKind}
          data={[
            { value: 'all', label: 'All' },
            { value: 'manual', label: 'Entered' },
            { value: 'signal', label: 'Signals' },
          ]}
        />
        <Select
          aria-label="Vendor"
          placeholder="Any vendor"
          clearable
          searchable
          data={(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
          value={vendorId}
          onChange={setVendorId}
          w={220}
        />
        <Select
          aria-label="Category"
          placeholder="Any category"
          clearable
          data={RISK_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
          value={category}
          onChange={setCategory}
          w={200}
        />
        <Select
          aria-label="Status"
          placeholder="Not closed"
          clearable
          data={RISK_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          value={status}
          onChange={setStatus}
          w={160}
        />
      </FilterBar>
      <Stack gap="md">
        {heat.data ? (
          <HeatMap data={heat.data} view={view} onView={setView} selected={cell} onSelect={setCell} />
        ) : heat.error ? (
          <LoadError error={heat.error} onRetry={() => heat.refetch()} />
        ) : null}
        {cell ? (
          <Group gap="xs" data-testid="cell-filter">
            <Badge size="lg" variant="outline">
              {cell.view === 'inherent' ? 'Inherent' : 'Residual'} likelihood {cell.likelihood} × impact{' '}
              {cell.impact}
            </Badge>
            <CloseButton aria-label="Clear the heat map cell" onClick={() => setCell(null)} />
          </Group>
        ) : null}
        <PagedList
          query={risks}
          pager={pager}
          filtered={Object.values(filters).some((x) => x !== undefined)}
          noMatch={
            <EmptyState title="No risk matches">Try other filters, or clear the heat map cell.</EmptyState>
          }
          empty={
            <EmptyState title="No risks yet" actions={canWrite ? actions : null}>
              Enter the risks you know of; signals appear here by themselves when a certificate lapses, an SLA
              keeps breaching or a renewal waits for a decision.
            </EmptyState>
          }
        >
          {(items) => (
            <ListTable
              testId="risk-register"
              striped
              highlightOnHover
              columns={['Risk', 'Vendor', 'Category', 'Inherent', 'Residual', 'Status', 'Owner', 'Review']}
            >
              {items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      {r.kind === 'signal' ? (
                        <Badge color="grape" size="sm" title={r.signalKey ?? undefined}>
                          Signal
                        </Badge>
                      ) : null}
                      <Anchor component="button" type="button" onClick={() => setEditing(r)} ta="left">
                        {r.title}
                      </Anchor>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {r.vendorId ? (
                      <Anchor component={Link} to={`/vendors/${r.vendorId}`}>
                        {r.vendorName}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Portfolio
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{CATEGORY_LABELS[r.category]}</Table.Td>
                  <Table.Td>
                    <ScoreBadge value={r.inherentScore} />
                  </Table.Td>
                  <Table.Td>
                    <ScoreBadge value={r.residualScore} />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[r.status]} variant="light">
                      {STATUS_LABELS[r.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{r.ownerName ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={r.reviewOverdue ? 'red' : undefined}>
                      {r.reviewOn ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </ListTable>
          )}
        </PagedList>
      </Stack>
      {editing ? (
        <RiskForm
          key={editing === 'new' ? 'new' : editing.id}
          risk={editing === 'new' ? null : editing}
          userId={user.id}
          isAdmin={isAdmin}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

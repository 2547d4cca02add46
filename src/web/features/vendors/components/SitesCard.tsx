import { Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { Suspense, useState } from 'react';
import type { VendorSite } from '../../../../contracts/vendors';
import { lazyNamed } from '../../../app/lazy';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { PlusIcon } from '../../../components/icons';
import { DataTable } from '../../../components/ListPage';
import { QueryState } from '../../../components/QueryState';
import { countryName } from '../../../components/reference-data';
import { useRemoveSite, useVendorSites } from '../api';
import { DAYS, type Day } from './site-days';

const SiteModal = lazyNamed(() => import('./SiteModal'), 'SiteModal');

const dayName = Object.fromEntries(DAYS) as Record<Day, string>;

function RemoveButton({ vendorId, site }: { vendorId: string; site: VendorSite }) {
  const remove = useRemoveSite(vendorId);
  return (
    <ConfirmButton
      label="Remove"
      confirmLabel="Remove"
      loading={remove.isPending}
      group={{ gap: 4, wrap: 'nowrap' }}
      onConfirm={() =>
        remove.mutate(site.id, {
          onSuccess: () => notifySuccess(`${site.name} removed.`),
          onError: (e) => notifyError(e),
        })
      }
    />
  );
}

/** Where a vendor delivers from: each site's place, time zone, work week, hours and calendar. */
export function SitesCard({ vendorId, editable }: { vendorId: string; editable: boolean }) {
  const sites = useVendorSites(vendorId);
  const [editing, setEditing] = useState<VendorSite | null | undefined>(undefined);
  return (
    <Paper withBorder p="lg" data-testid="sites">
      <Group justify="space-between" mb="md">
        <Title order={4}>Delivery sites</Title>
        {editable ? (
          <Button size="xs" variant="light" leftSection={<PlusIcon />} onClick={() => setEditing(null)}>
            Add site
          </Button>
        ) : null}
      </Group>
      <QueryState query={sites} what="Delivery sites" rows={2}>
        {({ items }) =>
          items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No delivery sites yet.
              {editable ? ' Add each place the vendor works from; the partner brief covers each one.' : ''}
            </Text>
          ) : (
            <DataTable minWidth={640} columns={['Site', 'Time zone', 'Work week and hours', editable && '']}>
              {items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {s.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {countryName(s.country)}
                      {s.region ? ` (${s.region})` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{s.timezone}</Table.Td>
                  <Table.Td>
                    {s.workdays.map((d) => dayName[d]).join(', ')} · {s.hours.start}–{s.hours.end}
                  </Table.Td>
                  {editable ? (
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setEditing(s)}>
                          Edit
                        </Button>
                        <RemoveButton vendorId={vendorId} site={s} />
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryState>
      {editing !== undefined ? (
        <Suspense fallback={null}>
          <SiteModal vendorId={vendorId} site={editing} onClose={() => setEditing(undefined)} />
        </Suspense>
      ) : null}
    </Paper>
  );
}

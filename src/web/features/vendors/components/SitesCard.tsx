import {
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { VendorSite } from '../../../../contracts/vendors';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { CountrySelect, FormActions, TimeZoneSelect } from '../../../components/FormParts';
import { notifyError, notifySuccess, showApiError } from '../../../components/form-errors';
import { PlusIcon } from '../../../components/icons';
import { DataTable } from '../../../components/ListPage';
import { QueryState } from '../../../components/QueryState';
import { countryName } from '../../../components/reference-data';
import { useRemoveSite, useSaveSite, useVendorCalendarOptions, useVendorSites } from '../api';

const DAYS = [
  ['mon', 'Mon'],
  ['tue', 'Tue'],
  ['wed', 'Wed'],
  ['thu', 'Thu'],
  ['fri', 'Fri'],
  ['sat', 'Sat'],
  ['sun', 'Sun'],
] as const;
type Day = (typeof DAYS)[number][0];
const dayName = Object.fromEntries(DAYS) as Record<Day, string>;

function SiteModal({
  vendorId,
  site,
  onClose,
}: {
  vendorId: string;
  /** null: a new site. */
  site: VendorSite | null;
  onClose: () => void;
}) {
  const save = useSaveSite(vendorId);
  const calendars = useVendorCalendarOptions(vendorId);
  const form = useForm({
    initialValues: {
      name: site?.name ?? '',
      country: site?.country ?? (null as string | null),
      region: site?.region ?? '',
      timezone: site?.timezone ?? (null as string | null),
      workdays: (site?.workdays ?? ['mon', 'tue', 'wed', 'thu', 'fri']) as string[],
      hours: site?.hours ?? { start: '09:00', end: '17:00' },
      calendarId: site?.calendarId ?? (null as string | null),
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the site’s name'),
      country: (v) => (v ? null : 'Choose the site’s country'),
      timezone: (v) => (v ? null : 'Choose the site’s time zone'),
      workdays: (v) => (v.length ? null : 'Choose at least one working day'),
    },
  });
  const submit = form.onSubmit((values) => {
    const body = {
      name: values.name.trim(),
      country: values.country ?? '',
      region: values.region.trim() || null,
      timezone: values.timezone ?? '',
      // In week order, whatever order they were ticked in.
      workdays: DAYS.map(([d]) => d).filter((d) => values.workdays.includes(d)),
      hours: values.hours,
      calendarId: values.calendarId || null,
    };
    save.mutate(
      { id: site?.id ?? null, ...body },
      {
        onSuccess: () => {
          notifySuccess(site ? 'Site saved.' : `${body.name} added.`);
          onClose();
        },
        onError: (error: unknown) => showApiError(error, form),
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title={site ? `Edit ${site.name}` : 'New delivery site'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <Group grow align="flex-start">
            <CountrySelect label="Country" required {...form.getInputProps('country')} />
            <TextInput
              label="Region"
              description="State or province code, e.g. KA"
              {...form.getInputProps('region')}
            />
          </Group>
          <TimeZoneSelect label="Time zone" required {...form.getInputProps('timezone')} />
          <Checkbox.Group label="Working days" {...form.getInputProps('workdays')}>
            <Group mt="xs">
              {DAYS.map(([d, label]) => (
                <Checkbox key={d} value={d} label={label} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group>
            <TimeInput label="Working hours start" w={160} {...form.getInputProps('hours.start')} />
            <TimeInput label="Working hours end" w={160} {...form.getInputProps('hours.end')} />
          </Group>
          <Select
            label="Holiday calendar"
            placeholder="The national holidays of the site’s country"
            clearable
            data={(calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            {...form.getInputProps('calendarId')}
          />
          <FormActions
            submitLabel={site ? 'Save site' : 'Add site'}
            submitting={save.isPending}
            onCancel={onClose}
            mt="sm"
          />
        </Stack>
      </form>
    </Modal>
  );
}

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
        <SiteModal vendorId={vendorId} site={editing} onClose={() => setEditing(undefined)} />
      ) : null}
    </Paper>
  );
}

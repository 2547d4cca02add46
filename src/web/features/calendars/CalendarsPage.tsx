import { Anchor, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useNavigate } from 'react-router';
import { useUser } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { showApiError } from '../../components/form-errors';
import { useVendorOptions } from '../../components/options';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, LoadingBlock } from '../../components/QueryState';
import { countryOptions } from '../../components/reference-data';
import { useCreateHolidayCalendar, useHolidayCalendars } from './api';

const ORGANISATION = 'organisation';

/** Make a calendar: the organisation's or a vendor's (a vendor user's is always their own vendor's). */
function CreateForm({ canPickOwner }: { canPickOwner: boolean }) {
  const create = useCreateHolidayCalendar();
  const navigate = useNavigate();
  const vendors = useVendorOptions(canPickOwner);
  const form = useForm({
    initialValues: { name: '', owner: ORGANISATION, country: '', region: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Give the calendar a name, such as the site'),
      country: (v) => (v ? null : 'Pick the country whose national holidays it starts from'),
    },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        name: v.name.trim(),
        country: v.country,
        ...(v.region.trim() ? { region: v.region.trim() } : {}),
        ...(canPickOwner && v.owner !== ORGANISATION ? { vendorId: v.owner } : {}),
      },
      { onSuccess: (c) => navigate(`/calendars/${c.id}`), onError: (e) => showApiError(e, form) },
    ),
  );
  return (
    <Paper withBorder p="lg" component="form" onSubmit={submit} aria-label="New holiday calendar">
      <Title order={5} mb="sm">
        New holiday calendar
      </Title>
      <Stack gap="sm">
        <TextInput label="Name" placeholder="Acme Bangalore" required {...form.getInputProps('name')} />
        {canPickOwner ? (
          <Select
            label="Whose"
            data={[{ value: ORGANISATION, label: 'Our organisation' }, ...(vendors.data ?? [])]}
            searchable
            allowDeselect={false}
            {...form.getInputProps('owner')}
          />
        ) : null}
        <Select
          label="Country"
          data={countryOptions()}
          searchable
          required
          {...form.getInputProps('country')}
        />
        <TextInput
          label="Region"
          description="A state or province code (KA for Karnataka, BY for Bavaria); leave empty for national days only."
          {...form.getInputProps('region')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            Create
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Holiday calendars of the organisation and of vendors: list and create. */
export function CalendarsPage() {
  const user = useUser();
  const list = useHolidayCalendars();
  const vendors = useVendorOptions();
  const vendorName = new Map((vendors.data ?? []).map((v) => [v.value, v.label]));
  const canKeep = user.role !== 'viewer' && user.role !== 'auditor';
  return (
    <>
      <PageHeader
        title="Holiday calendars"
        description="The days off a site really keeps: national holidays, plus the days it adds, less the ones it works. The planner and meetings use them."
      />
      <Stack gap="md">
        {list.isPending ? (
          <LoadingBlock />
        ) : list.error ? (
          <LoadError error={list.error} what="the holiday calendars" onRetry={() => list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title="No holiday calendars yet" testId="calendars-empty">
            Create one per site, then import its .ics or CSV file or add its days by hand.
          </EmptyState>
        ) : (
          <Table striped withTableBorder data-testid="calendars-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Calendar</Table.Th>
                <Table.Th>Whose</Table.Th>
                <Table.Th>Days added / removed</Table.Th>
                <Table.Th>Years</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/calendars/${c.id}`}>
                      {c.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {c.label}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {c.vendorId ? (vendorName.get(c.vendorId) ?? c.vendorId) : 'Our organisation'}
                  </Table.Td>
                  <Table.Td>
                    {c.added} / {c.removed}
                  </Table.Td>
                  <Table.Td>{c.years.join(', ') || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {canKeep ? <CreateForm canPickOwner={user.role !== 'vendor'} /> : null}
      </Stack>
    </>
  );
}

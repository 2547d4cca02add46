import {
  Accordion,
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link } from 'react-router';
import type { DoraFunction, DoraFunctionBody, DoraSettings, RegisterView } from '../../../contracts/dora';
import { CRITICALITY_ASSESSMENT, DISCONTINUING_IMPACT, ENTITY_TYPES } from '../../../contracts/dora-values';
import { permissions } from '../../app/permissions';
import { useUser } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { notifyError, notifySuccess, showApiError } from '../../components/form-errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import {
  useEngagementOptions,
  useFunctions,
  useRegisterSettings,
  useRegisterView,
  useRemoveFunction,
  useSaveFunction,
  useSaveSettings,
} from './api';

const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));

function Issues({ view }: { view: RegisterView }) {
  if (!view.issues.length)
    return (
      <Text c="green" data-testid="register-clean">
        Nothing to fix: every template is complete and every link resolves.
      </Text>
    );
  return (
    <Stack gap={4} data-testid="register-issues">
      {view.issues.map((i, n) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: issues have no identity of their own
        <Group key={n} gap="xs" wrap="nowrap" align="flex-start">
          <Badge color={i.severity === 'error' ? 'red' : 'orange'} variant="light" tt="none" w={80}>
            {i.severity === 'error' ? 'Error' : 'Warning'}
          </Badge>
          <Badge variant="outline" w={110}>
            {i.template} {i.column ?? ''}
          </Badge>
          <Text size="sm" style={{ flex: 1 }}>
            {i.message}{' '}
            {i.record ? (
              <Anchor component={Link} to={i.record.href} size="sm">
                Fix on {i.record.label}
              </Anchor>
            ) : null}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function Templates({ view }: { view: RegisterView }) {
  return (
    <Accordion multiple variant="contained" data-testid="register-templates">
      {view.templates.map((t) => (
        <Accordion.Item key={t.code} value={t.code}>
          <Accordion.Control>
            <Group gap="xs">
              <Text fw={600}>{t.code}</Text>
              <Text size="sm">{t.name}</Text>
              <Badge variant="light">{t.rows.length} row(s)</Badge>
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <ScrollArea>
              <Table striped withTableBorder fz="xs" data-testid={`template-${t.code}`}>
                <Table.Thead>
                  <Table.Tr>
                    {t.columns.map((c) => (
                      <Table.Th key={c.code} title={c.name}>
                        {c.code}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {t.rows.map((r, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                    <Table.Tr key={i}>
                      {r.map((cell, j) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                        <Table.Td key={j}>{cell}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}

function SettingsForm({ settings, canEdit }: { settings: DoraSettings; canEdit: boolean }) {
  const save = useSaveSettings();
  const form = useForm({
    initialValues: {
      entityType: settings.entityType as string | null,
      competentAuthority: settings.competentAuthority ?? '',
      level: settings.level as string,
    },
  });
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        entityType: (v.entityType || null) as DoraSettings['entityType'],
        competentAuthority: v.competentAuthority.trim() || null,
        level: v.level as DoraSettings['level'],
      },
      { onSuccess: () => notifySuccess('Register settings saved.'), onError: (e) => showApiError(e, form) },
    ),
  );
  return (
    <form onSubmit={submit} noValidate data-testid="register-settings">
      <Group align="flex-end">
        <Select
          label="Type of financial entity (B_01.01)"
          data={options(ENTITY_TYPES)}
          searchable
          disabled={!canEdit}
          w={320}
          {...form.getInputProps('entityType')}
        />
        <TextInput
          label="Competent authority"
          placeholder="BaFin"
          disabled={!canEdit}
          {...form.getInputProps('competentAuthority')}
        />
        <Select
          label="Level"
          data={[
            { value: 'IND', label: 'Individual (IND)' },
            { value: 'CON', label: 'Consolidated (CON)' },
          ]}
          allowDeselect={false}
          disabled={!canEdit}
          {...form.getInputProps('level')}
        />
        {canEdit ? (
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
        ) : null}
      </Group>
    </form>
  );
}

const blankFunction = {
  identifier: '',
  name: '',
  licensedActivity: '',
  criticality: 'yes',
  criticalityReasons: '',
  lastAssessedOn: '',
  rtoHours: '' as number | string,
  rpoHours: '' as number | string,
  discontinuingImpact: null as string | null,
  engagementIds: [] as string[],
};

function FunctionForm({ fn, onDone }: { fn?: DoraFunction; onDone: () => void }) {
  const save = useSaveFunction();
  const engagements = useEngagementOptions();
  const form = useForm({
    initialValues: fn
      ? {
          ...blankFunction,
          ...fn,
          licensedActivity: fn.licensedActivity ?? '',
          criticalityReasons: fn.criticalityReasons ?? '',
          lastAssessedOn: fn.lastAssessedOn ?? '',
          rtoHours: fn.rtoHours ?? '',
          rpoHours: fn.rpoHours ?? '',
        }
      : blankFunction,
  });
  const hours = (v: number | string) => (typeof v === 'number' ? v : null);
  const submit = form.onSubmit((v) => {
    const body: DoraFunctionBody = {
      identifier: v.identifier.trim(),
      name: v.name.trim(),
      licensedActivity: v.licensedActivity.trim() || null,
      criticality: v.criticality as DoraFunctionBody['criticality'],
      criticalityReasons: v.criticalityReasons.trim() || null,
      lastAssessedOn: v.lastAssessedOn || null,
      rtoHours: hours(v.rtoHours),
      rpoHours: hours(v.rpoHours),
      discontinuingImpact: (v.discontinuingImpact || null) as DoraFunctionBody['discontinuingImpact'],
      engagementIds: v.engagementIds,
    };
    save.mutate(
      { id: fn?.id, body },
      {
        onSuccess: () => {
          notifySuccess(`Function ${body.identifier} saved.`);
          onDone();
        },
        onError: (e) => showApiError(e, form),
      },
    );
  });
  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit} noValidate data-testid="function-form">
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Function identifier" required {...form.getInputProps('identifier')} />
            <TextInput label="Function name" required {...form.getInputProps('name')} />
            <TextInput label="Licensed activity" {...form.getInputProps('licensedActivity')} />
            <Select
              label="Critical or important"
              data={options(CRITICALITY_ASSESSMENT)}
              allowDeselect={false}
              {...form.getInputProps('criticality')}
            />
            <TextInput label="Last assessed on" type="date" {...form.getInputProps('lastAssessedOn')} />
            <Select
              label="Impact of discontinuing"
              data={options(DISCONTINUING_IMPACT)}
              clearable
              {...form.getInputProps('discontinuingImpact')}
            />
            <NumberInput label="RTO (hours)" min={0} {...form.getInputProps('rtoHours')} />
            <NumberInput label="RPO (hours)" min={0} {...form.getInputProps('rpoHours')} />
            <TextInput label="Reasons for the assessment" {...form.getInputProps('criticalityReasons')} />
          </SimpleGrid>
          <MultiSelect
            label="Engagements that support it"
            searchable
            data={engagements.data ?? []}
            {...form.getInputProps('engagementIds')}
          />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save function
            </Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function Functions({ canEdit }: { canEdit: boolean }) {
  const query = useFunctions();
  const remove = useRemoveFunction();
  const [editing, setEditing] = useState<DoraFunction | 'new' | null>(null);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Functions (B_06.01)</Title>
        {canEdit && !editing ? <Button onClick={() => setEditing('new')}>Add a function</Button> : null}
      </Group>
      {editing ? (
        <FunctionForm
          key={editing === 'new' ? 'new' : editing.id}
          fn={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      ) : null}
      <QueryState query={query} what="functions">
        {(fns) =>
          fns.length ? (
            <Table data-testid="functions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Identifier</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Critical or important</Table.Th>
                  <Table.Th>Engagements</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {fns.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td>{f.identifier}</Table.Td>
                    <Table.Td>{f.name}</Table.Td>
                    <Table.Td>{CRITICALITY_ASSESSMENT[f.criticality]}</Table.Td>
                    <Table.Td>{f.engagementIds.length}</Table.Td>
                    <Table.Td>
                      {canEdit ? (
                        <Group gap="xs">
                          <Button size="compact-sm" variant="subtle" onClick={() => setEditing(f)}>
                            Edit
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="red"
                            onClick={() =>
                              remove.mutate(f.id, {
                                onSuccess: () => notifySuccess(`Function ${f.identifier} removed.`),
                                onError: (e) => notifyError(e, 'Function not removed'),
                              })
                            }
                          >
                            Remove
                          </Button>
                        </Group>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <EmptyState title="No functions yet">
              Add the functions your engagements support (payments, lending, customer service…): B_06.01 lists
              them and each arrangement in B_02.02 names one.
            </EmptyState>
          )
        }
      </QueryState>
    </Stack>
  );
}

/** The DORA register of information: what would be submitted, what is missing, and the package. */
export function DoraRegisterPage() {
  const user = useUser();
  const [date, setDate] = useState('');
  const view = useRegisterView(date);
  const settings = useRegisterSettings();
  const canEdit = permissions.writeVendors(user);
  const canSet = permissions.manageOrganisation(user);
  const query = date ? `?referenceDate=${date}` : '';
  return (
    <Stack gap="lg">
      <PageHeader
        title="DORA register of information"
        description="The templates of Regulation (EU) 2024/2956 from your vendors, engagements, data flows and exit plans"
        actions={
          <Group align="flex-end">
            <TextInput
              label="Reference date"
              type="date"
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              data-testid="reference-date"
            />
            <Button
              component="a"
              href={`/api/v1/registers/dora${query}`}
              download
              data-testid="download-package"
            >
              Download the package
            </Button>
          </Group>
        }
      />
      <QueryState query={settings} what="register settings">
        {(s) => <SettingsForm settings={s} canEdit={canSet} />}
      </QueryState>
      <QueryState query={view} what="register">
        {(v) => (
          <Stack>
            <Title order={3}>To fix before submitting ({v.issues.length})</Title>
            <Issues view={v} />
            <Text size="sm" c="dimmed">
              Package: {v.fileName}
              {v.reconstructed ? ` · ${v.reconstructed} value(s) taken back from the audit trail` : ''}
            </Text>
            <Title order={3}>Templates</Title>
            <Templates view={v} />
          </Stack>
        )}
      </QueryState>
      <Functions canEdit={canEdit} />
    </Stack>
  );
}

import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  CHANNELS,
  type Channel,
  type EscalationLevel,
  type EscalationMatrix,
  type EscalationPerson,
  type ResponseUnit,
} from '../../../contracts/escalations';
import { ApiError } from '../../app/api';
import { EmptyState } from '../../components/EmptyState';
import { notifyError, notifySuccess } from '../../components/form-errors';
import { DataTable } from '../../components/ListPage';
import { QueryState } from '../../components/QueryState';
import { useEscalationCandidates, useEscalationMatrix, useSaveEscalationMatrix } from './api';

const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'Email',
  phone: 'Phone',
  chat: 'Chat',
  meeting: 'Meeting',
  ticket: 'Ticket',
  other: 'Other',
};

const responseLabel = (l: EscalationLevel['responseTime']) =>
  `within ${l.value} ${l.value === 1 ? l.unit.replace(/s$/, '') : l.unit}`;

function People({ people }: { people: EscalationPerson[] }) {
  return (
    <Stack gap={4}>
      {people.map((p) => (
        <div key={p.id}>
          <Text size="sm" fw={500} td={p.active ? undefined : 'line-through'}>
            {p.name}
            {p.role ? ` · ${p.role}` : ''}
          </Text>
          <Text size="xs" c="dimmed">
            {[p.email, p.phone].filter(Boolean).join(' · ') || (p.active ? '' : 'no longer available')}
          </Text>
        </div>
      ))}
    </Stack>
  );
}

function MatrixView({ matrix }: { matrix: EscalationMatrix }) {
  return (
    <DataTable
      testId="escalation-matrix"
      verticalSpacing="sm"
      minWidth={760}
      columns={['Level', 'Channel and response', 'Our side', 'Vendor side']}
    >
      {matrix.levels.map((l) => (
        <Table.Tr key={l.level}>
          <Table.Td>
            <Badge variant="light">Level {l.level}</Badge>
            {l.title ? (
              <Text size="sm" mt={4}>
                {l.title}
              </Text>
            ) : null}
          </Table.Td>
          <Table.Td>
            <Text size="sm">{CHANNEL_LABELS[l.channel]}</Text>
            <Text size="xs" c="dimmed">
              {responseLabel(l.responseTime)}
            </Text>
            {l.notes ? (
              <Text size="xs" mt={4}>
                {l.notes}
              </Text>
            ) : null}
          </Table.Td>
          <Table.Td>
            <People people={l.internalContacts} />
          </Table.Td>
          <Table.Td>
            <People people={l.vendorContacts} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

interface Draft {
  title: string;
  channel: Channel;
  value: number;
  unit: ResponseUnit;
  internalContacts: string[];
  vendorContacts: string[];
  notes: string;
}

const toDraft = (l: EscalationLevel): Draft => ({
  title: l.title,
  channel: l.channel,
  value: l.responseTime.value,
  unit: l.responseTime.unit,
  internalContacts: l.internalContacts.filter((p) => p.active).map((p) => p.id),
  vendorContacts: l.vendorContacts.filter((p) => p.active).map((p) => p.id),
  notes: l.notes,
});
const blank = (): Draft => ({
  title: '',
  channel: 'email',
  value: 4,
  unit: 'hours',
  internalContacts: [],
  vendorContacts: [],
  notes: '',
});

function MatrixEditor({
  engagementId,
  matrix,
  onDone,
}: {
  engagementId: string;
  matrix: EscalationMatrix;
  onDone: () => void;
}) {
  const candidates = useEscalationCandidates(engagementId, true);
  const save = useSaveEscalationMatrix(engagementId);
  const [levels, setLevels] = useState<Draft[]>(
    matrix.levels.length ? matrix.levels.map(toDraft) : [blank()],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (i: number, patch: Partial<Draft>) =>
    setLevels((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const err = (i: number, field: string) =>
    Object.entries(errors).find(
      ([k]) => k === `levels.${i}.${field}` || k.startsWith(`levels.${i}.${field}.`),
    )?.[1];

  const submit = () =>
    save.mutate(
      {
        levels: levels.map((l, i) => ({
          level: i + 1,
          title: l.title,
          channel: l.channel,
          responseTime: { value: l.value, unit: l.unit },
          internalContacts: l.internalContacts,
          vendorContacts: l.vendorContacts,
          notes: l.notes,
        })),
      },
      {
        onSuccess: () => {
          notifySuccess('Escalation matrix saved.');
          onDone();
        },
        onError: (e) => {
          if (e instanceof ApiError && e.errors.length)
            setErrors(Object.fromEntries(e.errors.map((x) => [x.field, x.message])));
          notifyError(e, 'Matrix not saved');
        },
      },
    );

  return (
    <QueryState query={candidates} what="Contacts" rows={4}>
      {(c) => {
        const users = c.users.map((u) => ({ value: u.id, label: u.name }));
        const contacts = c.vendorContacts.map((v) => ({
          value: v.id,
          label: v.role ? `${v.name} (${v.role})` : v.name,
        }));
        return (
          <Stack data-testid="escalation-editor">
            {contacts.length === 0 ? (
              <Alert color="yellow" variant="light">
                The vendor has no contacts yet: add them on the vendor’s page first.
              </Alert>
            ) : null}
            {levels.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: levels are positions, renumbered on removal
              <Paper key={i} withBorder p="md" aria-label={`Level ${i + 1}`}>
                <Group justify="space-between" mb="xs">
                  <Title order={6}>Level {i + 1}</Title>
                  {levels.length > 1 ? (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove level ${i + 1}`}
                      onClick={() => setLevels((ls) => ls.filter((_, j) => j !== i))}
                    >
                      ×
                    </ActionIcon>
                  ) : null}
                </Group>
                <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
                  <TextInput
                    label="Title"
                    placeholder="e.g. Service delivery"
                    value={l.title}
                    onChange={(e) => set(i, { title: e.currentTarget.value })}
                  />
                  <Select
                    label="Channel"
                    data={CHANNELS.map((ch) => ({ value: ch, label: CHANNEL_LABELS[ch] }))}
                    value={l.channel}
                    allowDeselect={false}
                    onChange={(v) => v && set(i, { channel: v as Channel })}
                    error={err(i, 'channel')}
                  />
                  <Group grow align="flex-start">
                    <NumberInput
                      label="Respond within"
                      min={1}
                      value={l.value}
                      onChange={(v) => set(i, { value: Number(v) || 0 })}
                      error={err(i, 'responseTime')}
                    />
                    <Select
                      label="Unit"
                      data={[
                        { value: 'minutes', label: 'minutes' },
                        { value: 'hours', label: 'hours' },
                      ]}
                      value={l.unit}
                      allowDeselect={false}
                      onChange={(v) => v && set(i, { unit: v as ResponseUnit })}
                    />
                  </Group>
                  <TextInput
                    label="Notes"
                    value={l.notes}
                    onChange={(e) => set(i, { notes: e.currentTarget.value })}
                  />
                  <MultiSelect
                    label="Our contacts"
                    data={users}
                    searchable
                    value={l.internalContacts}
                    onChange={(v) => set(i, { internalContacts: v })}
                    error={err(i, 'internalContacts')}
                  />
                  <MultiSelect
                    label="Vendor contacts"
                    data={contacts}
                    searchable
                    value={l.vendorContacts}
                    onChange={(v) => set(i, { vendorContacts: v })}
                    error={err(i, 'vendorContacts')}
                  />
                </SimpleGrid>
              </Paper>
            ))}
            <Group justify="space-between">
              <Button
                variant="light"
                onClick={() => setLevels((ls) => [...ls, blank()])}
                disabled={levels.length >= 20}
              >
                Add level
              </Button>
              <Group>
                <Button variant="default" onClick={onDone}>
                  Cancel
                </Button>
                <Button onClick={submit} loading={save.isPending}>
                  Save matrix
                </Button>
              </Group>
            </Group>
          </Stack>
        );
      }}
    </QueryState>
  );
}

/** The engagement's escalation matrix: who to call at each level, on both sides, and how fast. */
export function EscalationMatrixTab({ engagementId, canEdit }: { engagementId: string; canEdit: boolean }) {
  const matrix = useEscalationMatrix(engagementId);
  const [editing, setEditing] = useState(false);
  return (
    <QueryState query={matrix} what="Escalation matrix" rows={4}>
      {(m) =>
        editing ? (
          <MatrixEditor engagementId={engagementId} matrix={m} onDone={() => setEditing(false)} />
        ) : (
          <Stack>
            {canEdit ? (
              <Group justify="flex-end">
                <Button variant="light" onClick={() => setEditing(true)}>
                  {m.levels.length ? 'Edit matrix' : 'Set up the matrix'}
                </Button>
              </Group>
            ) : null}
            {m.levels.length === 0 ? (
              <EmptyState title="No escalation matrix yet" testId="escalation-empty">
                {canEdit
                  ? 'Name who to call at each level on both sides, the channel and how fast they answer.'
                  : 'The engagement’s managers have not set one up yet.'}
              </EmptyState>
            ) : (
              <Paper withBorder>
                <MatrixView matrix={m} />
              </Paper>
            )}
          </Stack>
        )
      }
    </QueryState>
  );
}

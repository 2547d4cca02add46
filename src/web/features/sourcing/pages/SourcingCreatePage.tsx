import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import { FUNCTIONS } from '../../../../contracts/engagements';
import type { CriterionSource } from '../../../../contracts/sourcing';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { showApiError } from '../../../components/form-errors';
import { humanOptions } from '../../../components/format';
import { PlusIcon } from '../../../components/icons';
import { useInternalUserOptions, useVendorOptions } from '../../../components/options';
import { PageHeader } from '../../../components/PageHeader';
import { type NewSourcingEvent, useCaseOptions, useCreateEvent } from '../api';

interface CriterionValues {
  name: string;
  weight: number;
  source: CriterionSource | '';
}
interface Values {
  title: string;
  function: string;
  scopeSummary: string;
  candidates: string[];
  criteria: CriterionValues[];
  evaluators: string[];
  businessCaseId: string | null;
}

/** Where a criterion's suggested score comes from. */
const SOURCE_OPTIONS = [
  { value: '', label: 'Scored by hand' },
  { value: 'cost', label: 'Cost (from a business case)' },
  { value: 'certification', label: 'Certificates on file' },
  { value: 'questionnaire', label: 'Security questionnaire' },
];

const DEFAULT_CRITERIA: CriterionValues[] = [
  { name: 'Cost', weight: 30, source: 'cost' },
  { name: 'Quality of proposal', weight: 25, source: '' },
  { name: 'Security posture', weight: 20, source: 'certification' },
  { name: 'References', weight: 10, source: '' },
  { name: 'Time-zone overlap', weight: 10, source: '' },
  { name: 'Cultural and language fit', weight: 5, source: '' },
];

/** Open a sourcing event: the work, the candidates, the criteria with weights, the evaluators. */
export function SourcingCreatePage() {
  const user = useUser();
  const navigate = useNavigate();
  const canPickEvaluators = permissions.manageUsers(user);
  const vendors = useVendorOptions();
  const cases = useCaseOptions();
  const users = useInternalUserOptions(canPickEvaluators);
  const create = useCreateEvent();
  const form = useForm<Values>({
    initialValues: {
      title: '',
      function: 'customer_service',
      scopeSummary: '',
      candidates: [],
      criteria: DEFAULT_CRITERIA,
      evaluators: [],
      businessCaseId: null,
    },
    validate: {
      title: (v) => (v.trim() ? null : 'Give the event a title'),
      candidates: (v) => (v.length ? null : 'Pick at least one candidate vendor'),
    },
  });
  const total = form.values.criteria.reduce((s, c) => s + (Number(c.weight) || 0), 0);

  const submit = form.onSubmit((v) => {
    const body: NewSourcingEvent = {
      title: v.title,
      function: v.function as NewSourcingEvent['function'],
      scopeSummary: v.scopeSummary.trim() || null,
      candidates: v.candidates,
      criteria: v.criteria.map((c) => ({ name: c.name, weight: Number(c.weight), source: c.source || null })),
      evaluators: v.evaluators.filter((id) => id !== user.id),
      businessCaseId: v.businessCaseId,
    };
    create.mutate(body, {
      onSuccess: (e) => navigate(`/sourcing/${e.id}`),
      onError: (error) => showApiError(error, form),
    });
  });

  return (
    <>
      <PageHeader title="New sourcing event" description="You are an evaluator of the events you open." />
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={900}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <TextInput label="Title" required {...form.getInputProps('title')} />
              <Select
                label="Function"
                data={humanOptions(FUNCTIONS)}
                allowDeselect={false}
                {...form.getInputProps('function')}
              />
              <Textarea label="Scope summary" autosize minRows={2} {...form.getInputProps('scopeSummary')} />
              <MultiSelect
                label="Candidate vendors"
                required
                searchable
                data={vendors.data ?? []}
                {...form.getInputProps('candidates')}
              />
              <Select
                label="Business case (suggests the cost scores from each vendor's option)"
                clearable
                data={cases.data ?? []}
                {...form.getInputProps('businessCaseId')}
              />
              {canPickEvaluators ? (
                <MultiSelect
                  label="Other evaluators"
                  searchable
                  data={(users.data ?? []).filter((u) => u.value !== user.id)}
                  {...form.getInputProps('evaluators')}
                />
              ) : (
                <Text size="sm" c="dimmed">
                  An administrator can add other evaluators once the event is open.
                </Text>
              )}
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Group justify="space-between" mb="xs">
              <Title order={4}>Criteria</Title>
              <Text size="sm" c="dimmed">
                Weights total {total}; the ranking scales them to 100.
              </Text>
            </Group>
            <Stack gap="xs">
              {form.values.criteria.map((_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place by position
                <Group key={i} align="flex-end" gap="xs" wrap="nowrap">
                  <TextInput
                    label={i === 0 ? 'Criterion' : undefined}
                    aria-label={`Criterion ${i + 1}`}
                    style={{ flex: 2 }}
                    {...form.getInputProps(`criteria.${i}.name`)}
                  />
                  <NumberInput
                    label={i === 0 ? 'Weight' : undefined}
                    aria-label={`Weight ${i + 1}`}
                    min={0}
                    w={100}
                    {...form.getInputProps(`criteria.${i}.weight`)}
                  />
                  <Select
                    label={i === 0 ? 'Suggested from' : undefined}
                    aria-label={`Suggested from ${i + 1}`}
                    data={SOURCE_OPTIONS}
                    allowDeselect={false}
                    w={240}
                    {...form.getInputProps(`criteria.${i}.source`)}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove criterion ${i + 1}`}
                    onClick={() => form.removeListItem('criteria', i)}
                    disabled={form.values.criteria.length === 1}
                  >
                    ×
                  </ActionIcon>
                </Group>
              ))}
              <Group>
                <Button
                  variant="light"
                  leftSection={<PlusIcon />}
                  onClick={() => form.insertListItem('criteria', { name: '', weight: 10, source: '' })}
                >
                  Add criterion
                </Button>
              </Group>
            </Stack>
          </Paper>
          <Group>
            <Button type="submit" loading={create.isPending}>
              Open the sourcing event
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

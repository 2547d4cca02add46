import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  CATEGORY_LABELS,
  CLASSIFICATIONS,
  DATA_CATEGORIES,
  type DataFlow,
  EXIT_ACTIONS,
  LEGAL_BASES,
  TRANSFER_MECHANISMS,
} from '../../../../contracts/data-sharing';
import { FormActions } from '../../../components/FormParts';
import { notifySuccess, showApiError } from '../../../components/form-errors';
import { humanise } from '../../../components/format';
import { countryOptions } from '../../../components/reference-data';
import { type FlowInput, useSaveFlow } from '../api';
import { MECHANISM_LABELS } from './labels';

const opts = (values: readonly string[], labels?: Record<string, string>) =>
  values.map((v) => ({ value: v, label: labels?.[v] ?? humanise(v) }));

/** Add or edit a register entry of an engagement; the server answers with the entry's flags. */
export function FlowModal({
  engagementId,
  flow,
  onClose,
}: {
  engagementId: string;
  flow: DataFlow | null;
  onClose: () => void;
}) {
  const save = useSaveFlow(engagementId);
  const form = useForm({
    initialValues: {
      categories: flow?.categories ?? ([] as string[]),
      classification: flow?.classification ?? 'confidential',
      dataSubjects: flow?.dataSubjects ?? ([] as string[]),
      recordVolume: flow?.recordVolume ?? 0,
      purpose: flow?.purpose ?? '',
      processingCountries: flow?.processingCountries ?? ([] as string[]),
      storageCountries: flow?.storageCountries ?? ([] as string[]),
      subProcessors:
        flow?.subProcessors ??
        ([] as Array<{ name: string; country: string; purpose: string; lei: string | null; rank: number }>),
      transferMechanism: flow?.transferMechanism ?? 'none',
      legalBasis: flow?.legalBasis ?? 'contract',
      retention: flow?.retention ?? 'P1Y',
      exitAction: flow?.exitHandling.action ?? 'return_and_delete',
      exitCertificate: flow?.exitHandling.certificate ?? true,
      encryptionAtRest: flow?.encryptionAtRest ?? false,
      encryptionInTransit: flow?.encryptionInTransit ?? false,
    },
    validate: {
      categories: (v) => (v.length ? null : 'Choose at least one category'),
      dataSubjects: (v) => (v.length ? null : 'Name whose data it is (customers, employees…)'),
      purpose: (v) => (v.trim() ? null : 'Say what the vendor does with the data'),
      processingCountries: (v) => (v.length ? null : 'Choose where it is processed'),
      storageCountries: (v) => (v.length ? null : 'Choose where it is stored'),
    },
  });
  const submit = form.onSubmit((v) => {
    const body = {
      id: flow?.id,
      categories: v.categories as FlowInput['categories'],
      classification: v.classification as FlowInput['classification'],
      dataSubjects: v.dataSubjects,
      recordVolume: Number(v.recordVolume) || 0,
      purpose: v.purpose,
      processingCountries: v.processingCountries,
      storageCountries: v.storageCountries,
      subProcessors: v.subProcessors.map((s) => ({
        ...s,
        lei: s.lei?.trim() ? s.lei.trim().toUpperCase() : null,
        rank: Number(s.rank) || 2,
      })),
      transferMechanism: v.transferMechanism as FlowInput['transferMechanism'],
      legalBasis: v.legalBasis as FlowInput['legalBasis'],
      retention: v.retention.trim(),
      exitHandling: {
        action: v.exitAction as FlowInput['exitHandling']['action'],
        certificate: v.exitCertificate,
      },
      encryptionAtRest: v.encryptionAtRest,
      encryptionInTransit: v.encryptionInTransit,
    };
    save.mutate(body, {
      onSuccess: (saved) => {
        notifySuccess(
          saved.flags.length
            ? `Entry saved with ${saved.flags.length} flag${saved.flags.length === 1 ? '' : 's'} to look at.`
            : 'Entry saved.',
        );
        onClose();
      },
      onError: (error) => showApiError(error, form, { exitHandling: 'exitAction' }),
    });
  });
  const countries = countryOptions();
  return (
    <Modal opened onClose={onClose} title={flow ? 'Edit register entry' : 'Add a register entry'} size="xl">
      <form onSubmit={submit} noValidate data-testid="flow-form">
        <Stack>
          <MultiSelect
            label="Data categories"
            required
            data={opts(DATA_CATEGORIES, CATEGORY_LABELS)}
            {...form.getInputProps('categories')}
          />
          <Group grow align="flex-start">
            <Select
              label="Classification"
              allowDeselect={false}
              data={opts(CLASSIFICATIONS)}
              {...form.getInputProps('classification')}
            />
            <NumberInput
              label="Approximate records"
              min={0}
              thousandSeparator=","
              {...form.getInputProps('recordVolume')}
            />
          </Group>
          <TagsInput
            label="Data subjects"
            description="Whose data: customers, employees, patients… (Enter after each)"
            required
            {...form.getInputProps('dataSubjects')}
          />
          <Textarea label="Purpose" required autosize minRows={2} {...form.getInputProps('purpose')} />
          <Group grow align="flex-start">
            <MultiSelect
              label="Processed in"
              required
              searchable
              data={countries}
              data-testid="processing-countries"
              {...form.getInputProps('processingCountries')}
            />
            <MultiSelect
              label="Stored in"
              required
              searchable
              data={countries}
              {...form.getInputProps('storageCountries')}
            />
          </Group>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Sub-processors (the vendor's own vendors)
            </Text>
            {form.values.subProcessors.map((_s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
              <Group key={i} grow align="flex-end" wrap="nowrap">
                <TextInput placeholder="Name" {...form.getInputProps(`subProcessors.${i}.name`)} />
                <Select
                  placeholder="Country"
                  searchable
                  data={countries}
                  {...form.getInputProps(`subProcessors.${i}.country`)}
                />
                <TextInput placeholder="Purpose" {...form.getInputProps(`subProcessors.${i}.purpose`)} />
                <TextInput
                  placeholder="LEI"
                  aria-label="Sub-processor LEI"
                  {...form.getInputProps(`subProcessors.${i}.lei`)}
                  value={form.values.subProcessors[i]?.lei ?? ''}
                />
                <NumberInput
                  aria-label="Rank in the supply chain"
                  title="Rank in the supply chain: 2 for the vendor's subcontractor, 3 for theirs"
                  min={2}
                  max={20}
                  {...form.getInputProps(`subProcessors.${i}.rank`)}
                  style={{ maxWidth: 70 }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label="Remove sub-processor"
                  onClick={() => form.removeListItem('subProcessors', i)}
                  style={{ flexGrow: 0 }}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                onClick={() =>
                  form.insertListItem('subProcessors', {
                    name: '',
                    country: '',
                    purpose: '',
                    lei: null,
                    rank: 2,
                  })
                }
              >
                Add a sub-processor
              </Button>
            </Group>
          </Stack>
          <Group grow align="flex-start">
            <Select
              label="Transfer mechanism"
              allowDeselect={false}
              data={opts(TRANSFER_MECHANISMS, MECHANISM_LABELS)}
              {...form.getInputProps('transferMechanism')}
            />
            <Select
              label="Legal basis"
              allowDeselect={false}
              data={opts(LEGAL_BASES)}
              {...form.getInputProps('legalBasis')}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label="Retention"
              description="ISO 8601 duration: P7Y is seven years, P18M eighteen months"
              {...form.getInputProps('retention')}
            />
            <Select
              label="At exit"
              allowDeselect={false}
              data={opts(EXIT_ACTIONS)}
              {...form.getInputProps('exitAction')}
            />
          </Group>
          <Checkbox
            label="The vendor certifies the return or deletion at exit"
            {...form.getInputProps('exitCertificate', { type: 'checkbox' })}
          />
          <Group>
            <Checkbox
              label="Vendor commits to encryption at rest"
              {...form.getInputProps('encryptionAtRest', { type: 'checkbox' })}
            />
            <Checkbox
              label="Vendor commits to encryption in transit"
              {...form.getInputProps('encryptionInTransit', { type: 'checkbox' })}
            />
          </Group>
          <FormActions
            submitLabel={flow ? 'Save' : 'Add entry'}
            submitting={save.isPending}
            onCancel={onClose}
            mt="sm"
          />
        </Stack>
      </form>
    </Modal>
  );
}

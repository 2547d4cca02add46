import {
  Button,
  Group,
  Modal,
  Rating,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { DEFAULT_REFERENCE_QUESTIONS, type Reference, VERDICTS } from '../../../../contracts/diligence';
import { FormActions } from '../../../components/FormParts';
import { notifyError, notifySuccess, showApiError } from '../../../components/form-errors';
import { orNull } from '../../../components/form-values';
import { ListCard } from '../../../components/ListCard';
import { DataTable } from '../../../components/ListPage';
import { type ReferenceInput, useReferences, useRemoveReference, useSaveReference } from '../api';
import { VerdictBadge } from './badges';

function ReferenceModal({
  vendorId,
  reference,
  onClose,
}: {
  vendorId: string;
  reference: Reference | null;
  onClose: () => void;
}) {
  const save = useSaveReference(vendorId);
  const form = useForm({
    initialValues: {
      refereeOrganisation: reference?.refereeOrganisation ?? '',
      contactName: reference?.contact.name ?? '',
      contactEmail: reference?.contact.email ?? '',
      contactPhone: reference?.contact.phone ?? '',
      relationship: reference?.relationship ?? '',
      from: reference?.period.from ?? '',
      to: reference?.period.to ?? '',
      checkedOn: reference?.checkedOn ?? '',
      questions:
        reference?.questions ??
        DEFAULT_REFERENCE_QUESTIONS.map((question) => ({
          question,
          answer: '',
          rating: null as number | null,
        })),
      verdict: reference?.verdict ?? 'positive',
      notes: reference?.notes ?? '',
    },
    validate: { refereeOrganisation: (v) => (v.trim() ? null : 'Name the referee’s organisation') },
  });
  const submit = form.onSubmit((v) => {
    const body: ReferenceInput & { id?: string } = {
      id: reference?.id,
      refereeOrganisation: v.refereeOrganisation.trim(),
      contact: { name: orNull(v.contactName), email: orNull(v.contactEmail), phone: orNull(v.contactPhone) },
      relationship: orNull(v.relationship),
      period: { from: orNull(v.from), to: orNull(v.to) },
      ...(v.checkedOn ? { checkedOn: v.checkedOn } : {}),
      questions: v.questions.map((q) => ({
        question: q.question,
        answer: q.answer.trim(),
        rating: q.rating,
      })),
      verdict: v.verdict as ReferenceInput['verdict'],
      notes: orNull(v.notes),
    };
    save.mutate(body, {
      onSuccess: () => {
        notifySuccess(reference ? 'Reference saved.' : 'Reference check recorded.');
        onClose();
      },
      onError: (error) =>
        showApiError(error, form, {
          'contact.email': 'contactEmail',
          'contact.phone': 'contactPhone',
          'period.to': 'to',
        }),
    });
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={reference ? 'Edit reference check' : 'Record a reference check'}
      size="xl"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group grow>
            <TextInput
              label="Referee organisation"
              required
              data-autofocus
              {...form.getInputProps('refereeOrganisation')}
            />
            <TextInput
              label="Relationship"
              placeholder="Client for payroll since 2021"
              {...form.getInputProps('relationship')}
            />
          </Group>
          <Group grow>
            <TextInput label="Contact name" {...form.getInputProps('contactName')} />
            <TextInput label="Contact email" type="email" {...form.getInputProps('contactEmail')} />
            <TextInput label="Contact phone" {...form.getInputProps('contactPhone')} />
          </Group>
          <Group grow>
            <TextInput label="Worked together from" type="date" {...form.getInputProps('from')} />
            <TextInput label="until" type="date" {...form.getInputProps('to')} />
            <TextInput
              label="Checked on"
              type="date"
              description="Today if empty"
              {...form.getInputProps('checkedOn')}
            />
          </Group>
          <Title order={5}>Questions</Title>
          {form.values.questions.map((q, i) => (
            <Stack key={q.question} gap={4}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600}>
                  {q.question}
                </Text>
                <Group gap={6} wrap="nowrap">
                  <Rating
                    value={q.rating ?? 0}
                    onChange={(r) => form.setFieldValue(`questions.${i}.rating`, r)}
                    aria-label={`Rating for ${q.question}`}
                  />
                  {q.rating ? (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => form.setFieldValue(`questions.${i}.rating`, null)}
                    >
                      Clear
                    </Button>
                  ) : null}
                </Group>
              </Group>
              <Textarea
                aria-label={`Answer to ${q.question}`}
                placeholder="What the referee said"
                autosize
                minRows={1}
                {...form.getInputProps(`questions.${i}.answer`)}
              />
            </Stack>
          ))}
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Verdict
            </Text>
            <SegmentedControl data={[...VERDICTS]} {...form.getInputProps('verdict')} aria-label="Verdict" />
          </Stack>
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
          <FormActions
            submitLabel={reference ? 'Save' : 'Record reference'}
            submitting={save.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** Structured reference checks: internal only, a referee's candour depends on it. */
export function ReferencesCard({ vendorId, editable }: { vendorId: string; editable: boolean }) {
  const list = useReferences(vendorId, true);
  const remove = useRemoveReference(vendorId);
  return (
    <ListCard
      testId="references"
      title="Reference checks"
      addLabel="Add reference"
      editable={editable}
      query={list}
      what="References"
      empty={{
        title: 'No reference checks yet',
        text: 'Call two or three of the vendor’s clients and record what they said, question by question.',
      }}
      onRemove={(r) => remove.mutate(r.id, { onError: (e) => notifyError(e, 'Not removed') })}
      editor={(reference, close) => (
        <ReferenceModal vendorId={vendorId} reference={reference} onClose={close} />
      )}
    >
      {(items, actions) => (
        <DataTable verticalSpacing="sm" columns={['Referee', 'Checked', 'Average rating', 'Verdict', '']}>
          {items.map((r) => (
            <Table.Tr key={r.id} data-testid="reference-row">
              <Table.Td>
                <Text size="sm" fw={600}>
                  {r.refereeOrganisation}
                </Text>
                <Text size="xs" c="dimmed">
                  {[r.contact.name, r.relationship].filter(Boolean).join(' · ') || '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{r.checkedOn}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{r.averageRating === null ? 'Not rated' : `${r.averageRating} / 5`}</Text>
              </Table.Td>
              <Table.Td>
                <VerdictBadge verdict={r.verdict} />
              </Table.Td>
              <Table.Td>{actions(r)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </ListCard>
  );
}

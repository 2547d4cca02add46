import { Group, Modal, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { PastClient } from '../../../../contracts/diligence';
import { CountrySelect, FormActions } from '../../../components/FormParts';
import { notifyError, notifySuccess, showApiError } from '../../../components/form-errors';
import { orNull } from '../../../components/form-values';
import { ListCard } from '../../../components/ListCard';
import { countryName } from '../../../components/reference-data';
import { type PastClientInput, usePastClients, useRemovePastClient, useSavePastClient } from '../api';

function PastClientModal({
  vendorId,
  client,
  onClose,
}: {
  vendorId: string;
  client: PastClient | null;
  onClose: () => void;
}) {
  const save = useSavePastClient(vendorId);
  const form = useForm({
    initialValues: {
      client: client?.client ?? '',
      country: client?.country ?? (null as string | null),
      service: client?.service ?? '',
      from: client?.from ?? '',
      to: client?.to ?? '',
      description: client?.description ?? '',
    },
    validate: { client: (v) => (v.trim() ? null : 'Name the client') },
  });
  const submit = form.onSubmit((v) => {
    const body: PastClientInput & { id?: string } = {
      id: client?.id,
      client: v.client.trim(),
      country: v.country || null,
      service: orNull(v.service),
      from: orNull(v.from),
      to: orNull(v.to),
      description: orNull(v.description),
    };
    save.mutate(body, {
      onSuccess: () => {
        notifySuccess(client ? 'Saved.' : `${body.client} added.`);
        onClose();
      },
      onError: (error) => showApiError(error, form),
    });
  });
  return (
    <Modal opened onClose={onClose} title={client ? `Edit ${client.client}` : 'Add a past client'}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Client" required data-autofocus {...form.getInputProps('client')} />
          <CountrySelect label="Country" clearable {...form.getInputProps('country')} />
          <TextInput
            label="Service"
            placeholder="Payroll for 1,200 staff"
            {...form.getInputProps('service')}
          />
          <Group grow>
            <TextInput label="From" type="date" {...form.getInputProps('from')} />
            <TextInput label="To" type="date" {...form.getInputProps('to')} />
          </Group>
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <FormActions submitLabel="Save" submitting={save.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Past clients as the vendor declares them (not checked: reference checks are where claims are tested). */
export function PastClientsCard({ vendorId, editable }: { vendorId: string; editable: boolean }) {
  const list = usePastClients(vendorId);
  const remove = useRemovePastClient(vendorId);
  return (
    <ListCard
      testId="past-clients"
      title="Past clients"
      subtitle="Declared by the vendor"
      addLabel="Add past client"
      editable={editable}
      query={list}
      what="Past clients"
      empty={{
        title: 'No past clients declared',
        text: editable
          ? 'List clients you have served, with the service and the period.'
          : 'The vendor has not listed any.',
      }}
      onRemove={(c) => remove.mutate(c.id, { onError: (e) => notifyError(e, 'Not removed') })}
      editor={(client, close) => <PastClientModal vendorId={vendorId} client={client} onClose={close} />}
    >
      {(items, actions) => (
        <Table verticalSpacing="sm">
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {c.client}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {[c.country ? countryName(c.country) : null, c.service].filter(Boolean).join(' · ') ||
                      '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{c.from || c.to ? `${c.from ?? '?'} – ${c.to ?? 'now'}` : '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{c.description ?? ''}</Text>
                </Table.Td>
                <Table.Td>{actions(c)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </ListCard>
  );
}

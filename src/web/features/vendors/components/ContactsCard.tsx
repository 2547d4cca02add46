import { Anchor, Button, Group, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { FormActions, TimeZoneSelect } from '../../../components/FormParts';

import { notifyError, notifySuccess, showApiError } from '../../../components/form-errors';
import { PlusIcon } from '../../../components/icons';
import { DataTable } from '../../../components/ListPage';
import { useAddContact, useRemoveContact, useUpdateContact, type VendorContact } from '../api';

function ContactModal({
  vendorId,
  contact,
  onClose,
}: {
  vendorId: string;
  /** null: a new contact. */
  contact: VendorContact | null;
  onClose: () => void;
}) {
  const add = useAddContact(vendorId);
  const update = useUpdateContact(vendorId);
  const form = useForm({
    initialValues: {
      name: contact?.name ?? '',
      role: contact?.role ?? '',
      email: contact?.email ?? '',
      phone: contact?.phone ?? '',
      timezone: contact?.timezone ?? (null as string | null),
    },
    validate: { name: (v) => (v.trim() ? null : 'Enter the contact’s name') },
  });
  const submit = form.onSubmit((values) => {
    const empty = (s: string) => (s.trim() === '' ? null : s.trim());
    const body = {
      name: values.name.trim(),
      role: empty(values.role),
      email: empty(values.email),
      phone: empty(values.phone),
      timezone: values.timezone || null,
    };
    const handlers = {
      onSuccess: () => {
        notifySuccess(contact ? 'Contact saved.' : `${body.name} added.`);
        onClose();
      },
      onError: (error: unknown) => showApiError(error, form),
    };
    if (contact) update.mutate({ id: contact.id, ...body }, handlers);
    else add.mutate(body, handlers);
  });
  return (
    <Modal opened onClose={onClose} title={contact ? `Edit ${contact.name}` : 'New contact'}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Role" placeholder="Account manager" {...form.getInputProps('role')} />
          <TextInput label="Email" type="email" {...form.getInputProps('email')} />
          <TextInput label="Phone" placeholder="+63 2 8123 4567" {...form.getInputProps('phone')} />
          <TimeZoneSelect
            label="Time zone"
            placeholder="Same as the vendor"
            clearable
            {...form.getInputProps('timezone')}
          />
          <FormActions
            submitLabel={contact ? 'Save contact' : 'Add contact'}
            submitting={add.isPending || update.isPending}
            onCancel={onClose}
            mt="sm"
          />
        </Stack>
      </form>
    </Modal>
  );
}

function RemoveButton({ vendorId, contact }: { vendorId: string; contact: VendorContact }) {
  const remove = useRemoveContact(vendorId);
  return (
    <ConfirmButton
      label="Remove"
      confirmLabel="Remove"
      loading={remove.isPending}
      group={{ gap: 4, wrap: 'nowrap' }}
      onConfirm={() =>
        remove.mutate(contact.id, {
          onSuccess: () => notifySuccess(`${contact.name} removed.`),
          onError: (e) => notifyError(e),
        })
      }
    />
  );
}

/** The people to talk to at a vendor. */
export function ContactsCard({
  vendorId,
  contacts,
  editable,
}: {
  vendorId: string;
  contacts: VendorContact[];
  editable: boolean;
}) {
  const [editing, setEditing] = useState<VendorContact | null | undefined>(undefined);
  return (
    <Paper withBorder p="lg" data-testid="contacts">
      <Group justify="space-between" mb="md">
        <Title order={4}>Contacts</Title>
        {editable ? (
          <Button size="xs" variant="light" leftSection={<PlusIcon />} onClick={() => setEditing(null)}>
            Add contact
          </Button>
        ) : null}
      </Group>
      {contacts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No contacts yet.{editable ? ' Add the people you talk to at this vendor.' : ''}
        </Text>
      ) : (
        <DataTable minWidth={560} columns={['Name', 'Email', 'Phone', 'Time zone', editable && '']}>
          {contacts.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {c.name}
                </Text>
                {c.role ? (
                  <Text size="xs" c="dimmed">
                    {c.role}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                {c.email ? (
                  <Anchor href={`mailto:${c.email}`} size="sm">
                    {c.email}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>{c.phone ?? '—'}</Table.Td>
              <Table.Td>{c.timezone ?? '—'}</Table.Td>
              {editable ? (
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="subtle" onClick={() => setEditing(c)}>
                      Edit
                    </Button>
                    <RemoveButton vendorId={vendorId} contact={c} />
                  </Group>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {editing !== undefined ? (
        <ContactModal vendorId={vendorId} contact={editing} onClose={() => setEditing(undefined)} />
      ) : null}
    </Paper>
  );
}

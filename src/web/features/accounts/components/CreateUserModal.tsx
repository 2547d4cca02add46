import { Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ROLES, type Role } from '../../../../contracts/accounts';
import { ROLE_LABELS } from '../../../app/permissions';
import { FormActions } from '../../../components/FormParts';
import { notifySuccess, showApiError } from '../../../components/form-errors';
import { useVendorOptions } from '../../../components/options';
import { newPasswordError, PASSWORD_RULE } from '../../../components/password';
import { useCreateUser } from '../api';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** Create a user; a vendor user must be bound to one vendor. */
export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateUser();
  const form = useForm({
    initialValues: {
      name: '',
      email: '',
      password: '',
      role: 'viewer' as Role,
      vendorId: null as string | null,
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name'),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : 'Enter an email address'),
      password: newPasswordError,
      vendorId: (v, values) =>
        values.role === 'vendor' && !v ? 'Choose the vendor this user works for' : null,
    },
  });
  const isVendor = form.getValues().role === 'vendor';
  const vendors = useVendorOptions(opened && isVendor);

  const close = () => {
    form.reset();
    onClose();
  };
  const submit = form.onSubmit((values) => {
    create.mutate(
      {
        name: values.name,
        email: values.email,
        password: values.password,
        role: values.role,
        ...(values.role === 'vendor' && values.vendorId ? { vendorId: values.vendorId } : {}),
      },
      {
        onSuccess: (user) => {
          notifySuccess(`${user.name} can now sign in.`);
          close();
        },
        onError: (error) => showApiError(error, form),
      },
    );
  });

  return (
    <Modal opened={opened} onClose={close} title="New user">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
          <PasswordInput
            label="Initial password"
            description={`${PASSWORD_RULE} Tell the user to change it.`}
            required
            {...form.getInputProps('password')}
          />
          <Select
            label="Role"
            data={ROLE_OPTIONS}
            allowDeselect={false}
            required
            {...form.getInputProps('role')}
          />
          {isVendor ? (
            <Select
              label="Vendor"
              placeholder={vendors.isPending ? 'Loading vendors…' : 'Choose a vendor'}
              searchable
              data={vendors.data ?? []}
              nothingFoundMessage="No vendor by that name"
              required
              {...form.getInputProps('vendorId')}
            />
          ) : null}
          <FormActions submitLabel="Create user" submitting={create.isPending} onCancel={close} mt="sm" />
        </Stack>
      </form>
    </Modal>
  );
}

import { Alert, Button, Text } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Vendor } from '../../../../contracts/vendors';
import { ApiError } from '../../../app/api';
import { ActionModal } from '../../../components/ActionModal';
import { notifySuccess } from '../../../components/form-errors';
import { errorMessage } from '../../../components/QueryState';
import { StatusMenu } from '../../../components/StatusMenu';
import { useDeleteVendor, useUpdateVendor } from '../api';

/** Move a vendor along its life cycle: only the transitions the API allows are offered. */
export function StatusControl({ vendor }: { vendor: Vendor }) {
  const update = useUpdateVendor(vendor.id);
  return <StatusMenu name={vendor.name} transitions={vendor.allowedTransitions} update={update} />;
}

/** Delete a vendor created by mistake, after saying what that means. */
export function DeleteVendorButton({ vendor }: { vendor: Vendor }) {
  const remove = useDeleteVendor(vendor.id);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const close = () => {
    remove.reset();
    setOpen(false);
  };
  const conflict = remove.error instanceof ApiError && remove.error.status === 409;
  return (
    <>
      <Button variant="subtle" color="red" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ActionModal
        opened={open}
        title={`Delete ${vendor.name}?`}
        onClose={close}
        cancelLabel="Keep vendor"
        action={{
          label: 'Delete vendor',
          color: 'red',
          loading: remove.isPending,
          onClick: () =>
            remove.mutate(undefined, {
              onSuccess: () => {
                notifySuccess(`${vendor.name} deleted.`);
                navigate('/vendors', { replace: true });
              },
            }),
        }}
      >
        <Text size="sm">
          Deleting removes the vendor and its contacts for good. For a vendor you worked with, offboard it
          instead so its history stays.
        </Text>
        {remove.error ? (
          <Alert
            color={conflict ? 'orange' : 'red'}
            variant="light"
            title="Not deleted"
            data-testid="delete-error"
          >
            {errorMessage(remove.error)}
          </Alert>
        ) : null}
      </ActionModal>
    </>
  );
}

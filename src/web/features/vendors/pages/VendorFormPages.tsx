import { useNavigate, useParams } from 'react-router';
import type { Vendor, VendorFacingVendor } from '../../../../contracts/vendors';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { Crumbs } from '../../../components/Crumbs';
import { notifySuccess, showApiError } from '../../../components/form-errors';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { useCreateVendor, useUpdateVendor, useVendor } from '../api';
import { useVendorForm, VendorFormFields, vendorBody } from '../components/VendorForm';

/** A new vendor; it starts as a prospect. */
export function VendorCreatePage() {
  const user = useUser();
  const navigate = useNavigate();
  const create = useCreateVendor();
  const form = useVendorForm();
  const withOwner = permissions.manageUsers(user);
  return (
    <>
      <Crumbs trail={[{ label: 'Vendors', to: '/vendors' }]} trailingSeparator />
      <PageHeader
        title="Add vendor"
        description="New vendors start as prospects; move them on from their page."
      />
      <VendorFormFields
        form={form}
        internal
        withOwner={withOwner}
        submitLabel="Create vendor"
        submitting={create.isPending}
        onCancel={() => navigate('/vendors')}
        onSubmit={(values) => {
          const body = vendorBody(values, { internal: true, withOwner });
          create.mutate(
            { ...body, name: values.name.trim(), country: values.country ?? '' },
            {
              onSuccess: (vendor) => {
                notifySuccess(`${vendor.name} added.`);
                navigate(`/vendors/${vendor.id}`);
              },
              onError: (error) => showApiError(error, form),
            },
          );
        }}
      />
    </>
  );
}

function EditForm({ vendor }: { vendor: Vendor | VendorFacingVendor }) {
  const user = useUser();
  const navigate = useNavigate();
  const update = useUpdateVendor(vendor.id);
  const form = useVendorForm(vendor);
  const internal = permissions.isInternal(user);
  const withOwner = internal && permissions.manageUsers(user);
  const back = () => navigate(`/vendors/${vendor.id}`);
  return (
    <>
      <Crumbs
        trail={[
          internal && { label: 'Vendors', to: '/vendors' },
          { label: vendor.name, to: `/vendors/${vendor.id}` },
        ]}
      />
      <PageHeader title={`Edit ${vendor.name}`} />
      <VendorFormFields
        form={form}
        internal={internal}
        withOwner={withOwner}
        submitLabel="Save changes"
        submitting={update.isPending}
        onCancel={back}
        onSubmit={(values) =>
          update.mutate(vendorBody(values, { internal, withOwner }), {
            onSuccess: () => {
              notifySuccess('Changes saved.');
              back();
            },
            onError: (error) => showApiError(error, form),
          })
        }
      />
    </>
  );
}

/** Edit a vendor's fields (status moves on the vendor's page). */
export function VendorEditPage() {
  const { id = '' } = useParams();
  const vendor = useVendor(id);
  return (
    <QueryState query={vendor} what="Vendor">
      {(v) => <EditForm key={v.id} vendor={v} />}
    </QueryState>
  );
}

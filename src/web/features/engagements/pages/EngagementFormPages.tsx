import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { Engagement } from '../../../../contracts/engagements';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { Crumbs } from '../../../components/Crumbs';
import { notifySuccess, showApiError } from '../../../components/form-errors';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { useCreateEngagement, useEngagement, useUpdateEngagement } from '../api';
import { EngagementFormFields, engagementBody, useEngagementForm } from '../components/EngagementForm';

/** Open an engagement; ?vendorId= preselects the vendor (from a vendor's page). */
export function EngagementCreatePage() {
  const user = useUser();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const create = useCreateEngagement();
  const form = useEngagementForm(undefined, params.get('vendorId'));
  const withOwner = permissions.manageUsers(user);
  return (
    <>
      <Crumbs trail={[{ label: 'Engagements', to: '/engagements' }]} trailingSeparator />
      <PageHeader
        title="New engagement"
        description="It starts as a draft; it becomes active once its statement of work is approved."
      />
      <EngagementFormFields
        form={form}
        withOwner={withOwner}
        submitLabel="Open engagement"
        submitting={create.isPending}
        onCancel={() => navigate('/engagements')}
        onSubmit={(values) => {
          const body = engagementBody(values, { creating: true, withOwner });
          create.mutate(
            { ...body, vendorId: values.vendorId ?? '', function: body.function ?? 'other' },
            {
              onSuccess: (e) => {
                notifySuccess(`${e.title} opened.`);
                navigate(`/engagements/${e.id}?tab=sow`);
              },
              onError: (error) => showApiError(error, form),
            },
          );
        }}
      />
    </>
  );
}

function EditForm({ engagement }: { engagement: Engagement }) {
  const user = useUser();
  const navigate = useNavigate();
  const update = useUpdateEngagement(engagement.id);
  const form = useEngagementForm(engagement);
  const withOwner = permissions.manageUsers(user);
  const back = () => navigate(`/engagements/${engagement.id}`);
  return (
    <>
      <Crumbs
        trail={[
          { label: 'Engagements', to: '/engagements' },
          { label: engagement.title, to: `/engagements/${engagement.id}` },
        ]}
      />
      <PageHeader title={`Edit ${engagement.title}`} />
      <EngagementFormFields
        form={form}
        engagement={engagement}
        withOwner={withOwner}
        submitLabel="Save changes"
        submitting={update.isPending}
        onCancel={back}
        onSubmit={(values) =>
          update.mutate(engagementBody(values, { creating: false, withOwner }), {
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

/** Edit an engagement's fields (status moves on its page). */
export function EngagementEditPage() {
  const { id = '' } = useParams();
  const engagement = useEngagement(id);
  return (
    <QueryState query={engagement} what="Engagement">
      {(e) => ('budget' in e ? <EditForm key={e.id} engagement={e} /> : null)}
    </QueryState>
  );
}

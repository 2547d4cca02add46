import { Stack, Title } from '@mantine/core';
import { useParams } from 'react-router';
import type { VendorFacingEngagement } from '../../../../contracts/engagements';
import { can } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { Crumbs } from '../../../components/Crumbs';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { useEngagementSummary } from '../api';
import { DeliverablesCard } from '../components/DeliverablesCard';
import { MeasurementEntry } from '../components/MeasurementEntry';
import { ScorecardsCard } from '../components/ScorecardsCard';
import { SlaDashboard } from '../components/SlaDashboard';

function QualityView({ engagement }: { engagement: VendorFacingEngagement }) {
  const user = useUser();
  const vendor = user.role === 'vendor';
  return (
    <>
      <Crumbs
        trail={[
          { label: 'Engagements', to: '/engagements' },
          { label: engagement.title, to: `/engagements/${engagement.id}` },
        ]}
        here="Quality"
      />
      <PageHeader
        title={<span data-testid="quality-title">Quality: {engagement.title}</span>}
        description={`${engagement.vendorName} · periods and due dates in ${engagement.timezone}`}
      />
      <Stack gap="xl">
        <Stack gap="sm">
          <Title order={3}>Service levels</Title>
          <SlaDashboard engagementId={engagement.id} />
          {/* Vendor users enter their own engagement's figures: the policy table already allows it. */}
          {can(user, 'measurement', 'create') ? <MeasurementEntry engagementId={engagement.id} /> : null}
        </Stack>
        <DeliverablesCard
          engagementId={engagement.id}
          canSubmit={can(user, 'deliverable', 'submit')}
          canReview={can(user, 'deliverable', 'decide')}
        />
        <ScorecardsCard
          engagementId={engagement.id}
          canWrite={can(user, 'scorecard', 'create')}
          isVendor={vendor}
        />
      </Stack>
    </>
  );
}

/** An engagement's quality: SLA charts, deliverable acceptance and scorecards. */
export function EngagementQualityPage() {
  const { id = '' } = useParams();
  const engagement = useEngagementSummary(id);
  return (
    <QueryState query={engagement} what="Engagement" rows={8}>
      {(e) => <QualityView engagement={e} />}
    </QueryState>
  );
}

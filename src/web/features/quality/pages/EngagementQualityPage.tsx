import { Anchor, Breadcrumbs, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import type { Engagement } from '../../../../contracts/engagements';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { useEngagementSummary } from '../api';
import { DeliverablesCard } from '../components/DeliverablesCard';
import { ScorecardsCard } from '../components/ScorecardsCard';
import { SlaDashboard } from '../components/SlaDashboard';

const WRITERS = ['owner', 'admin', 'manager'];

function QualityView({ engagement }: { engagement: Engagement }) {
  const user = useUser();
  const writer = WRITERS.includes(user.role);
  const vendor = !permissions.isInternal(user.role);
  return (
    <>
      <Breadcrumbs mb="xs">
        <Anchor component={Link} to="/engagements" size="sm">
          Engagements
        </Anchor>
        <Anchor component={Link} to={`/engagements/${engagement.id}`} size="sm">
          {engagement.title}
        </Anchor>
        <Text size="sm">Quality</Text>
      </Breadcrumbs>
      <PageHeader
        title={<span data-testid="quality-title">Quality: {engagement.title}</span>}
        description={`${engagement.vendorName} · periods and due dates in ${engagement.timezone}`}
      />
      <Stack gap="xl">
        <Stack gap="sm">
          <Title order={3}>Service levels</Title>
          <SlaDashboard engagementId={engagement.id} />
        </Stack>
        <DeliverablesCard engagementId={engagement.id} canSubmit={writer || vendor} canReview={writer} />
        <ScorecardsCard engagementId={engagement.id} canWrite={writer} isVendor={vendor} />
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

import { Anchor, Button, Paper, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Engagement, VendorFacingEngagement } from '../../../../contracts/engagements';
import { formatMoney } from '../../../../contracts/money';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { Crumbs } from '../../../components/Crumbs';
import { Field } from '../../../components/Field';
import { humanise } from '../../../components/format';
import { useInternalUserOptions } from '../../../components/options';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { formatInstant } from '../../../components/reference-data';
import { StatusMenu } from '../../../components/StatusMenu';
import { useEngagement, useUpdateEngagement } from '../api';
import { EngagementStatusBadge, formatDay, NoticeBadge } from '../components/badges';
import { ChangeRequestsTab } from '../components/ChangeRequestsTab';
import { SowTab } from '../components/SowTab';

/** Move along the life cycle: only the transitions the API allows; a refusal is explained. */
function StatusControl({ engagement }: { engagement: Engagement }) {
  const update = useUpdateEngagement(engagement.id);
  return <StatusMenu name={engagement.title} transitions={engagement.allowedTransitions} update={update} />;
}

function Overview({ engagement: e }: { engagement: Engagement | VendorFacingEngagement }) {
  const user = useUser();
  // A vendor user receives the vendor-facing engagement: no budget, owner or classification.
  const full = 'budget' in e ? e : null;
  const owners = useInternalUserOptions(full !== null && permissions.manageUsers(user));
  const owner = full?.ownerId
    ? (owners.data?.find((o) => o.value === full.ownerId)?.label ?? 'Assigned')
    : 'Nobody yet';
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" data-testid="engagement-overview">
      <Paper withBorder p="lg">
        <Title order={5} mb="md">
          Service
        </Title>
        <SimpleGrid cols={2} spacing="md">
          <Field label="Vendor">
            <Anchor component={Link} to={`/vendors/${e.vendorId}`} size="sm">
              {e.vendorName}
            </Anchor>
          </Field>
          <Field label="Function">{humanise(e.function)}</Field>
          <Field label="Delivery model">
            {full
              ? `${humanise(e.deliveryModel)} ${full.deliveryModelOverridden ? `(set; derived would be ${humanise(full.derivedDeliveryModel).toLowerCase()})` : '(derived from the countries)'}`
              : humanise(e.deliveryModel)}
          </Field>
          {full ? <Field label="Owner">{owner}</Field> : null}
          <Field label="Status">
            <EngagementStatusBadge status={e.status} />
          </Field>
          <Field label="Approved SOW">
            {e.baselineVersion ? `Version ${e.baselineVersion}` : 'None yet'}
          </Field>
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="lg">
        <Title order={5} mb="md">
          Dates and money
        </Title>
        <SimpleGrid cols={2} spacing="md">
          <Field label="Start">{formatDay(e.startDate)}</Field>
          <Field label="End">{e.endDate ? formatDay(e.endDate) : 'Open end'}</Field>
          <Field label="Time zone">{e.timezone}</Field>
          <Field label="Currency">{e.currency}</Field>
          <Field label="Monthly fee">{formatMoney(e.monthlyFee, e.currency)}</Field>
          {full ? <Field label="Budget">{formatMoney(full.budget, e.currency)}</Field> : null}
          <Field label="Renewal">
            <Stack gap={4} align="flex-start">
              <Text size="sm">
                {formatDay(e.renewalDate)} · {e.noticePeriodDays} days’ notice
              </Text>
              {full?.inNoticePeriod ? <NoticeBadge deadline={e.noticeDeadline} /> : null}
            </Stack>
          </Field>
          <Field label="Opened · updated">{`${formatInstant(e.createdAt)} · ${formatInstant(e.updatedAt)}`}</Field>
        </SimpleGrid>
      </Paper>
    </SimpleGrid>
  );
}

/**
 * A tab another feature adds to the engagement page (escalation, data & access, spend, messages). The app
 * layer (app/composition.tsx) passes them in: features do not import each other.
 */
export interface EngagementTab {
  value: string;
  label: string;
  /** The fields every viewer receives (a vendor user gets the vendor-facing engagement). */
  render: (props: { engagement: VendorFacingEngagement; canWrite: boolean }) => ReactNode;
}

const OWN_TABS = ['overview', 'sow', 'changes'];

function EngagementView({
  engagement,
  tabs,
}: {
  engagement: Engagement | VendorFacingEngagement;
  tabs: readonly EngagementTab[];
}) {
  const user = useUser();
  const writer = permissions.writeEngagements(user);
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab') ?? '';
  const tab =
    OWN_TABS.includes(requested) || tabs.some((t) => t.value === requested) ? requested : 'overview';
  const [raising, setRaising] = useState(false);
  const navigate = useNavigate();
  const go = (next: string | null) =>
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        if (next && next !== 'overview') p.set('tab', next);
        else p.delete('tab');
        return p;
      },
      { replace: true },
    );

  return (
    <>
      <Crumbs trail={[{ label: 'Engagements', to: '/engagements' }]} here={engagement.title} />
      <PageHeader
        title={<span data-testid="engagement-title">{engagement.title}</span>}
        badge={<EngagementStatusBadge status={engagement.status} />}
        description={`${engagement.vendorName} · ${humanise(engagement.function)} · ${humanise(engagement.deliveryModel)}`}
        actions={
          writer && 'allowedTransitions' in engagement ? (
            <>
              <StatusControl engagement={engagement} />
              <Button component={Link} to={`/engagements/${engagement.id}/edit`} variant="default">
                Edit
              </Button>
            </>
          ) : null
        }
      />
      <Tabs value={tab} onChange={go} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="sow">Statement of work</Tabs.Tab>
          <Tabs.Tab value="changes">Change requests</Tabs.Tab>
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
          {/* Quality (SLA charts, deliverables, scorecards) is its own page in the quality feature. */}
          <Tabs.Tab value="quality" onClick={() => navigate(`/engagements/${engagement.id}/quality`)}>
            Quality
          </Tabs.Tab>
          {/* Governance meetings (series, minutes, actions) are their own page in the meetings feature. */}
          <Tabs.Tab value="meetings" onClick={() => navigate(`/engagements/${engagement.id}/meetings`)}>
            Meetings
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Overview engagement={engagement} />
        </Tabs.Panel>
        <Tabs.Panel value="sow">
          <SowTab
            engagement={engagement}
            canWrite={writer}
            onRaiseChange={() => {
              setRaising(true);
              go('changes');
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="changes">
          <ChangeRequestsTab
            engagement={engagement}
            canDecide={writer}
            raising={raising}
            setRaising={setRaising}
          />
        </Tabs.Panel>
        {tabs.map((t) => (
          <Tabs.Panel key={t.value} value={t.value}>
            {t.render({ engagement, canWrite: writer })}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}

/** One engagement: overview, its statement of work, the change requests against it, and the tabs of other features. */
export function EngagementPage({ tabs = [] }: { tabs?: readonly EngagementTab[] }) {
  const { id = '' } = useParams();
  const engagement = useEngagement(id);
  return (
    <QueryState query={engagement} what="Engagement" rows={8}>
      {(e) => <EngagementView engagement={e} tabs={tabs} />}
    </QueryState>
  );
}

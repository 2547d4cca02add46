/**
 * Where one feature's page shows another feature's parts. Features never import each other: a
 * page that shows what another feature owns declares a slot (a prop typed by the page's own
 * feature), and the router fills it from here. Only the app layer imports across features.
 *
 * Each part is loaded from its own chunk when it first shows (like the pages in router.tsx), with
 * its own small loader, so a tab that opens does not blank the whole page.
 */
import { Center, Loader } from '@mantine/core';
import { type ComponentProps, type ReactNode, Suspense } from 'react';
import type { AccessSections as AccessSectionsType } from '../features/assurance/components/AccessSections';
import type { EngagementTab } from '../features/engagements/pages/EngagementPage';
import type { VendorNotice, VendorSection } from '../features/vendors/pages/VendorDetailPage';
import { lazyNamed } from './lazy';

const AccessSections = lazyNamed(
  () => import('../features/assurance/components/AccessSections'),
  'AccessSections',
);
const OpenGrantsNotice = lazyNamed(
  () => import('../features/assurance/components/AccessSections'),
  'OpenGrantsNotice',
);
const VendorScreeningNotice = lazyNamed(
  () => import('../features/screening/VendorScreeningNotice'),
  'VendorScreeningNotice',
);
const PartnerBrief = lazyNamed(() => import('../features/briefs/PartnerBrief'), 'PartnerBrief');
const DataAccessTab = lazyNamed(() => import('../features/data-sharing/DataAccessTab'), 'DataAccessTab');
const EscalationMatrixTab = lazyNamed(
  () => import('../features/escalations/EscalationMatrixTab'),
  'EscalationMatrixTab',
);
const EngagementMessages = lazyNamed(
  () => import('../features/messaging/EngagementMessages'),
  'EngagementMessages',
);
const EngagementSpendTab = lazyNamed(
  () => import('../features/spend/EngagementSpendTab'),
  'EngagementSpendTab',
);

function Part({ children, quiet = false }: { children: ReactNode; quiet?: boolean }) {
  const fallback = quiet ? null : (
    <Center py="lg">
      <Loader size="sm" aria-label="Loading" />
    </Center>
  );
  return <Suspense fallback={fallback}>{children}</Suspense>;
}

/** Below the data-sharing sections of a vendor or an engagement: assurance's access grants and reviews. */
export const DataAccessSections = (scope: ComponentProps<typeof AccessSectionsType>) => (
  <Part>
    <AccessSections {...scope} />
  </Part>
);

/** The engagement page's tabs from other features, after its own (overview, SOW, change requests); messages among them, so a conversation stays beside its engagement. */
export const engagementTabs: readonly EngagementTab[] = [
  {
    value: 'escalation',
    label: 'Escalation',
    render: ({ engagement, canWrite }) => (
      <Part>
        <EscalationMatrixTab engagementId={engagement.id} canEdit={canWrite} />
      </Part>
    ),
  },
  {
    value: 'data',
    label: 'Data & access',
    render: ({ engagement }) => (
      <Part>
        <DataAccessTab
          engagementId={engagement.id}
          vendorId={engagement.vendorId}
          Extra={DataAccessSections}
        />
      </Part>
    ),
  },
  {
    value: 'spend',
    label: 'Spend',
    render: ({ engagement }) => (
      <Part>
        <EngagementSpendTab engagementId={engagement.id} currency={engagement.currency} />
      </Part>
    ),
  },
  {
    value: 'messages',
    label: 'Messages',
    render: ({ engagement }) => (
      <Part>
        <EngagementMessages engagementId={engagement.id} />
      </Part>
    ),
  },
];

/**
 * On the vendor page, for internal users: screening's status, aliases and "screen again", and
 * assurance's notice of the access grants still open, so offboarding forgets none.
 */
export const VendorInternalNotices: VendorNotice = ({ vendor }) => (
  <>
    <Part quiet>
      <VendorScreeningNotice vendorId={vendor.id} />
    </Part>
    <Part quiet>
      <OpenGrantsNotice vendorId={vendor.id} status={vendor.status} />
    </Part>
  </>
);

/** On the vendor page, for everyone who sees it (a vendor user too): the partner brief. */
export const VendorPartnerBrief: VendorSection = ({ vendor }) => (
  <Part>
    <PartnerBrief vendorId={vendor.id} />
  </Part>
);

/**
 * Where one feature's page shows another feature's parts. Features never import each other: a
 * page that shows what another feature owns declares a slot (a prop typed by the page's own
 * feature), and the router fills it from here. Only the app layer imports across features.
 */
import { AccessSections, OpenGrantsNotice } from '../features/assurance/components/AccessSections';
import { PartnerBrief } from '../features/briefs/PartnerBrief';
import { DataAccessTab } from '../features/data-sharing/DataAccessTab';
import type { EngagementTab } from '../features/engagements/pages/EngagementPage';
import { EscalationMatrixTab } from '../features/escalations/EscalationMatrixTab';
import { EngagementSpendTab } from '../features/spend/EngagementSpendTab';
import type { VendorNotice, VendorSection } from '../features/vendors/pages/VendorDetailPage';

/** Below the data-sharing sections of a vendor or an engagement: assurance's access grants and reviews. */
export const DataAccessSections = AccessSections;

/** The engagement page's tabs from other features, after its own (overview, SOW, change requests). */
export const engagementTabs: readonly EngagementTab[] = [
  {
    value: 'escalation',
    label: 'Escalation',
    render: ({ engagement, canWrite }) => (
      <EscalationMatrixTab engagementId={engagement.id} canEdit={canWrite} />
    ),
  },
  {
    value: 'data',
    label: 'Data & access',
    render: ({ engagement }) => (
      <DataAccessTab engagementId={engagement.id} vendorId={engagement.vendorId} Extra={DataAccessSections} />
    ),
  },
  {
    value: 'spend',
    label: 'Spend',
    render: ({ engagement }) => (
      <EngagementSpendTab engagementId={engagement.id} currency={engagement.currency} />
    ),
  },
];

/** On the vendor page: assurance's notice of the access grants still open, so offboarding forgets none. */
export const VendorOpenGrants: VendorNotice = ({ vendor }) => (
  <OpenGrantsNotice vendorId={vendor.id} status={vendor.status} />
);

/** On the vendor page, for everyone who sees it (a vendor user too): the partner brief. */
export const VendorPartnerBrief: VendorSection = ({ vendor }) => <PartnerBrief vendorId={vendor.id} />;

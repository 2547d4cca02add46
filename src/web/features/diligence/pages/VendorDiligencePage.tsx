import { Badge, Button, Stack } from '@mantine/core';
import { Link, useParams } from 'react-router';
import type { Vendor, VendorFacingVendor } from '../../../../contracts/vendors';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { Crumbs } from '../../../components/Crumbs';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { useDiligenceVendor } from '../api';
import { CertificationsCard } from '../components/CertificationsCard';
import { ChecklistCard } from '../components/ChecklistCard';
import { PastClientsCard } from '../components/PastClientsCard';
import { ReferencesCard } from '../components/ReferencesCard';
import { TrackRecordCard } from '../components/TrackRecordCard';

function DiligenceView({ vendor }: { vendor: Vendor | VendorFacingVendor }) {
  const user = useUser();
  // A vendor user receives the vendor-facing profile: no status, and no checklist.
  const full = 'status' in vendor ? vendor : null;
  const internal = permissions.isInternal(user) && full !== null;
  const writer = permissions.writeVendors(user);
  return (
    <>
      <Crumbs
        trail={[
          internal && { label: 'Vendors', to: '/vendors' },
          { label: vendor.name, to: `/vendors/${vendor.id}` },
        ]}
        here="Due diligence"
      />
      <PageHeader
        title={`Due diligence: ${vendor.name}`}
        badge={
          full ? (
            <Badge variant="light" data-testid="diligence-vendor-status">
              {full.status.replace('_', ' ')}
            </Badge>
          ) : null
        }
        description={
          internal
            ? 'Certificates, reference checks and track record; approval waits for the checklist.'
            : 'Keep your certificates and past clients up to date; your contact reviews and verifies them.'
        }
        actions={
          <Button component={Link} to={`/vendors/${vendor.id}`} variant="default">
            Back to vendor
          </Button>
        }
      />
      <Stack gap="lg">
        {full && internal ? (
          <ChecklistCard
            vendor={full}
            canApprove={writer}
            canOverride={permissions.manageOrganisation(user)}
          />
        ) : null}
        <CertificationsCard
          vendorId={vendor.id}
          editable={writer || user.role === 'vendor'}
          canVerify={writer}
        />
        {internal ? <ReferencesCard vendorId={vendor.id} editable={writer} /> : null}
        {internal ? <TrackRecordCard vendorId={vendor.id} /> : null}
        <PastClientsCard vendorId={vendor.id} editable={writer || user.role === 'vendor'} />
      </Stack>
    </>
  );
}

/** A vendor's due diligence: checklist and approval, certificates, references, track record, past clients. */
export function VendorDiligencePage() {
  const { id = '' } = useParams();
  const vendor = useDiligenceVendor(id);
  return (
    <QueryState query={vendor} what="Vendor" rows={8}>
      {(v) => <DiligenceView vendor={v} />}
    </QueryState>
  );
}

import { Anchor, Breadcrumbs, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { useVendorName } from '../api';
import { type DataAccessExtra, DataAccessTab } from '../DataAccessTab';

/** The vendor's "Data & access": the register across its engagements, its agreements and its tier. */
export function VendorDataPage({ Extra }: { Extra?: DataAccessExtra }) {
  const { id = '' } = useParams();
  const vendor = useVendorName(id);
  return (
    <QueryState query={vendor} what="the vendor">
      {(v) => (
        <>
          <Breadcrumbs mb="xs">
            <Anchor component={Link} to={`/vendors/${v.id}`} size="sm">
              {v.name}
            </Anchor>
            <Text size="sm">Data &amp; access</Text>
          </Breadcrumbs>
          <PageHeader title="Data & access" description={`What ${v.name} receives, under which agreements`} />
          <DataAccessTab vendorId={v.id} Extra={Extra} />
        </>
      )}
    </QueryState>
  );
}

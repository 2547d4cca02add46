import { useParams } from 'react-router';
import { Crumbs } from '../../../components/Crumbs';
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
          <Crumbs trail={[{ label: v.name, to: `/vendors/${v.id}` }]} here="Data & access" />
          <PageHeader title="Data & access" description={`What ${v.name} receives, under which agreements`} />
          <DataAccessTab vendorId={v.id} Extra={Extra} />
        </>
      )}
    </QueryState>
  );
}

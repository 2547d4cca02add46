import { Badge } from '@mantine/core';
import type { Vendor, VendorStatus } from '../../../../contracts/vendors';
import { humanise } from '../../../components/format';

const STATUS_COLORS: Record<VendorStatus, string> = {
  prospect: 'gray',
  under_review: 'yellow',
  approved: 'cyan',
  active: 'teal',
  suspended: 'orange',
  offboarded: 'dark',
};

const CRITICALITY_COLORS: Record<Vendor['criticality'], string> = {
  low: 'gray',
  medium: 'blue',
  high: 'orange',
  critical: 'red',
};

export function StatusBadge({ status }: { status: VendorStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} data-testid="status-badge">
      {humanise(status)}
    </Badge>
  );
}

export function CriticalityBadge({ criticality }: { criticality: Vendor['criticality'] }) {
  return (
    <Badge color={CRITICALITY_COLORS[criticality]} variant="dot">
      {humanise(criticality)}
    </Badge>
  );
}

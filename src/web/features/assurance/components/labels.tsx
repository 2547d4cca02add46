import { Badge } from '@mantine/core';
import type { FindingStatus, Severity } from '../../../../contracts/assurance';

const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'gray',
};
export const SeverityBadge = ({ severity }: { severity: Severity }) => (
  <Badge color={SEVERITY_COLOURS[severity]} variant="light">
    {severity}
  </Badge>
);

const STATUS_COLOURS: Record<string, string> = {
  open: 'blue',
  in_progress: 'grape',
  resolved: 'green',
  risk_accepted: 'gray',
  scheduled: 'blue',
  completed: 'green',
  revoked: 'gray',
};
export const StatusBadge = ({ status }: { status: FindingStatus | string }) => (
  <Badge color={STATUS_COLOURS[status] ?? 'gray'} variant="light" tt="none">
    {status.replace('_', ' ')}
  </Badge>
);

export const OverdueBadge = ({ overdue, label = 'Overdue' }: { overdue: boolean; label?: string }) =>
  overdue ? (
    <Badge color="red" variant="filled" size="sm">
      {label}
    </Badge>
  ) : null;

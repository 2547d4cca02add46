import { Badge } from '@mantine/core';
import {
  type Certification,
  type CertStatus,
  STANDARD_LABELS,
  type Verdict,
} from '../../../../contracts/diligence';

const STATUS_COLOR: Record<CertStatus, string> = { valid: 'teal', expiring: 'orange', expired: 'red' };
const VERDICT_COLOR: Record<Verdict, string> = { positive: 'teal', neutral: 'gray', negative: 'red' };

/** Valid, expiring or expired, with the days left in words. */
export function CertStatusBadge({ cert }: { cert: Pick<Certification, 'status' | 'daysToExpiry'> }) {
  const days = cert.daysToExpiry;
  const words =
    cert.status === 'expired'
      ? `expired ${-days} day${days === -1 ? '' : 's'} ago`
      : days === 0
        ? 'expires today'
        : `${days} day${days === 1 ? '' : 's'} left`;
  return (
    <Badge color={STATUS_COLOR[cert.status]} variant="light" tt="none" data-testid="cert-status">
      {cert.status} · {words}
    </Badge>
  );
}

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <Badge color={VERDICT_COLOR[verdict]} variant="light">
      {verdict}
    </Badge>
  );
}

export const standardName = (c: Pick<Certification, 'standard' | 'standardName'>) =>
  c.standard === 'other' ? (c.standardName ?? 'Other') : STANDARD_LABELS[c.standard];

import { Badge } from '@mantine/core';
import type { ChangeRequest, EngagementStatus, Sow } from '../../../../contracts/engagements';
import { humanise } from '../../../components/format';

/** "2027-03-01" → "1 Mar 2027", read as a calendar date (no time-zone shift). */
export function formatDay(date: string | null | undefined): string {
  if (!date) return '—';
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).toLocaleDateString('en-GB', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  });
}

const ENGAGEMENT_COLORS: Record<EngagementStatus, string> = {
  draft: 'gray',
  active: 'teal',
  on_hold: 'orange',
  completed: 'blue',
  terminated: 'dark',
};

export function EngagementStatusBadge({ status }: { status: EngagementStatus }) {
  return (
    <Badge color={ENGAGEMENT_COLORS[status]} data-testid="engagement-status">
      {humanise(status)}
    </Badge>
  );
}

const SOW_COLORS: Record<Sow['status'], string> = { draft: 'gray', approved: 'teal', superseded: 'dark' };

export function SowStatusBadge({ status }: { status: Sow['status'] }) {
  return (
    <Badge color={SOW_COLORS[status]} variant="light" data-testid="sow-status">
      {humanise(status)}
    </Badge>
  );
}

const CR_COLORS: Record<ChangeRequest['status'], string> = {
  draft: 'gray',
  submitted: 'yellow',
  approved: 'teal',
  rejected: 'red',
};

export function ChangeRequestStatusBadge({ status }: { status: ChangeRequest['status'] }) {
  return (
    <Badge color={CR_COLORS[status]} variant="light" data-testid="change-request-status">
      {humanise(status)}
    </Badge>
  );
}

/** The renewal date, flagged while the notice period runs. */
export function NoticeBadge({ deadline }: { deadline: string | null }) {
  return (
    <Badge color="orange" variant="light" tt="none" data-testid="notice-period">
      notice period: decide by {formatDay(deadline)}
    </Badge>
  );
}

import { Anchor, Paper, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/EmptyState';
import { PagerControls, useCursorPager } from '../../../components/Pager';
import { LoadError, LoadingBlock } from '../../../components/QueryState';
import { formatDate } from '../../../components/reference-data';
import { useAssessments } from '../api';
import { AssessmentStatusBadge, scoreLabel } from './labels';

/** Assessments, newest first (a vendor's when `vendorId` is given). */
export function AssessmentList({
  vendorId,
  showVendor,
  empty,
}: {
  vendorId?: string;
  showVendor: boolean;
  empty: ReactNode;
}) {
  const pager = useCursorPager(vendorId ?? '');
  const list = useAssessments({ vendorId, cursor: pager.cursor });
  if (list.isPending) return <LoadingBlock />;
  if (list.error) return <LoadError error={list.error} onRetry={() => list.refetch()} />;
  if (!list.data.items.length) return <>{empty}</>;
  // Internal reviewers see the score and flags; a vendor user's answers carry neither.
  const scored = list.data.items.some((a) => 'score' in a);
  return (
    <>
      <Paper withBorder>
        <Table highlightOnHover data-testid="assessment-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Questionnaire</Table.Th>
              {showVendor ? <Table.Th>Vendor</Table.Th> : null}
              <Table.Th>Due</Table.Th>
              <Table.Th>Status</Table.Th>
              {scored ? <Table.Th>Score</Table.Th> : null}
              {scored ? <Table.Th>Flags</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/assessments/${a.id}`} fw={600}>
                    {a.templateName}
                  </Anchor>
                  <Text span size="xs" c="dimmed">
                    {' '}
                    v{a.templateVersion}
                  </Text>
                </Table.Td>
                {showVendor ? <Table.Td>{a.vendorName}</Table.Td> : null}
                <Table.Td>{formatDate(a.dueDate)}</Table.Td>
                <Table.Td>
                  <AssessmentStatusBadge status={a.status} />
                </Table.Td>
                {scored && 'score' in a ? <Table.Td>{scoreLabel(a)}</Table.Td> : null}
                {scored && 'flags' in a ? <Table.Td>{a.flags.length || '—'}</Table.Td> : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <PagerControls pager={pager} nextCursor={list.data.nextCursor} loading={list.isFetching} />
    </>
  );
}

export function NoAssessments({ internal }: { internal: boolean }) {
  return (
    <EmptyState title="No assessments yet">
      {internal
        ? 'Send a questionnaire to a vendor from its page (Questionnaires) to ask for answers.'
        : 'When your customer sends you a questionnaire, it appears here to answer.'}
    </EmptyState>
  );
}

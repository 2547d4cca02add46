/** One access review campaign: the reviewer keeps or revokes each grant with a comment. */
import { Alert, Button, Group, Paper, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { AccessReview, Decision, ReviewItem } from '../../../../contracts/assurance';
import { useUser } from '../../../app/session';
import { Crumbs } from '../../../components/Crumbs';
import { notifyError } from '../../../components/form-errors';
import { DataTable } from '../../../components/ListPage';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { useDecide, useReview } from '../api';
import { OverdueBadge, StatusBadge } from '../components/labels';

function ItemRow({ review, item, mine }: { review: AccessReview; item: ReviewItem; mine: boolean }) {
  const decide = useDecide(review.id);
  const [comment, setComment] = useState('');
  const act = (decision: Decision) =>
    decide.mutate(
      { grantId: item.grantId, decision, comment },
      { onError: (e) => notifyError(e, 'Not recorded') },
    );
  return (
    <Table.Tr data-testid="review-item">
      <Table.Td data-testid="review-person">{item.personName ?? 'removed contact'}</Table.Td>
      <Table.Td>{item.system}</Table.Td>
      <Table.Td>{item.accessLevel}</Table.Td>
      <Table.Td>{item.expiresOn ?? '—'}</Table.Td>
      <Table.Td>
        {item.decision ? (
          <>
            <StatusBadge status={item.decision === 'keep' ? 'kept' : 'revoked'} />
            <Text size="xs" c="dimmed">
              {item.comment} — {item.decidedBy}
            </Text>
          </>
        ) : mine && review.status === 'open' ? (
          <Group gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              placeholder="Comment (required)"
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              data-testid="review-comment"
              w={220}
            />
            <Button
              size="xs"
              variant="light"
              loading={decide.isPending}
              onClick={() => act('keep')}
              data-testid="review-keep"
            >
              Keep
            </Button>
            <Button
              size="xs"
              color="red"
              variant="light"
              loading={decide.isPending}
              onClick={() => act('revoke')}
              data-testid="review-revoke"
            >
              Revoke
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            Waiting for the reviewer
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function ReviewView({ review }: { review: AccessReview }) {
  const user = useUser();
  const mine = review.reviewerId === user.id;
  const back = review.engagementId
    ? `/engagements/${review.engagementId}`
    : review.vendorId
      ? `/vendors/${review.vendorId}/data`
      : '/vendors';
  return (
    <>
      <Crumbs trail={[{ label: 'Data & access', to: back }]} here="Access review" />
      <PageHeader
        title={`Access review due ${review.dueOn}`}
        badge={
          <span data-testid="review-status">
            <StatusBadge status={review.status} />
          </span>
        }
        description={`Reviewer: ${review.reviewerName ?? review.reviewerId} · ${review.decided} of ${review.total} decided`}
        actions={<OverdueBadge overdue={review.overdue} />}
      />
      {!mine && review.status === 'open' ? (
        <Alert mb="md" color="blue">
          Only {review.reviewerName ?? 'the named reviewer'} decides on these grants.
        </Alert>
      ) : null}
      <Paper withBorder p="lg">
        <DataTable
          verticalSpacing="sm"
          minWidth={800}
          columns={['Person', 'System', 'Level', 'Expires', 'Decision']}
        >
          {(review.items ?? []).map((i) => (
            <ItemRow key={i.grantId} review={review} item={i} mine={mine} />
          ))}
        </DataTable>
      </Paper>
    </>
  );
}

export function AccessReviewPage() {
  const { id = '' } = useParams();
  const review = useReview(id);
  return (
    <QueryState query={review} what="Access review" rows={6}>
      {(r) => <ReviewView review={r} />}
    </QueryState>
  );
}

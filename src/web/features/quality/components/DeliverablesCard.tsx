import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  FileInput,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { DeliverableState, Submission } from '../../../../contracts/quality-reviews';
import { ActionModal } from '../../../components/ActionModal';
import { EmptyState } from '../../../components/EmptyState';
import { notifySuccess, showApiError } from '../../../components/form-errors';
import { QueryState } from '../../../components/QueryState';
import { formatInstant } from '../../../components/reference-data';
import { useDeliverableStats, useDeliverables, useReviewDeliverable, useSubmitDeliverable } from '../api';

const STATUS_COLORS = {
  not_submitted: 'gray',
  submitted: 'blue',
  accepted: 'teal',
  rejected: 'red',
} as const;

function DeliverableStatusBadge({ status }: { status: DeliverableState['status'] }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="deliverable-status">
      {status.replace('_', ' ')}
    </Badge>
  );
}

const onTimeText = (v: boolean | null) => (v === null ? '—' : v ? 'On time' : 'Late');

function SubmitModal({
  engagementId,
  deliverable,
  onClose,
}: {
  engagementId: string;
  deliverable: DeliverableState;
  onClose: () => void;
}) {
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const submit = useSubmitDeliverable(engagementId);
  return (
    <ActionModal
      title={`Hand in: ${deliverable.title}`}
      size="lg"
      onClose={onClose}
      action={{
        label: 'Hand in',
        loading: submit.isPending,
        onClick: () =>
          submit.mutate(
            { deliverableId: deliverable.id, note, files },
            {
              onSuccess: () => {
                notifySuccess('Handed in for review');
                onClose();
              },
              onError: (e) => showApiError(e),
            },
          ),
      }}
    >
      <Text size="sm" c="dimmed">
        Cycle {deliverable.cycles + 1}. Due {deliverable.dueDate ?? 'without a date'}; the reviewer checks:
      </Text>
      <Stack gap={2}>
        {deliverable.acceptanceCriteria.map((c) => (
          <Text key={c} size="sm">
            • {c}
          </Text>
        ))}
      </Stack>
      <FileInput
        label="Files"
        placeholder="Choose files"
        multiple
        clearable
        value={files}
        onChange={setFiles}
        description="PDF, Office, images, CSV or text"
      />
      <Textarea
        label="Note to the reviewer"
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        autosize
        minRows={2}
      />
    </ActionModal>
  );
}

function ReviewModal({
  engagementId,
  deliverable,
  submission,
  onClose,
}: {
  engagementId: string;
  deliverable: DeliverableState;
  submission: Submission;
  onClose: () => void;
}) {
  const [verdicts, setVerdicts] = useState(
    deliverable.acceptanceCriteria.map((_, index) => ({ index, passed: true, comment: '' })),
  );
  const [decision, setDecision] = useState<'accepted' | 'rejected'>('accepted');
  const [comment, setComment] = useState('');
  const review = useReviewDeliverable(engagementId);
  const set = (i: number, change: Partial<(typeof verdicts)[number]>) =>
    setVerdicts((v) => v.map((x, j) => (j === i ? { ...x, ...change } : x)));
  return (
    <ActionModal
      title={`Review cycle ${submission.cycle}: ${deliverable.title}`}
      size="lg"
      onClose={onClose}
      action={{
        label: decision === 'accepted' ? 'Accept deliverable' : 'Reject deliverable',
        color: decision === 'accepted' ? 'teal' : 'red',
        loading: review.isPending,
        onClick: () =>
          review.mutate(
            {
              deliverableId: deliverable.id,
              submissionId: submission.id,
              body: { criteria: verdicts, decision, comment },
            },
            {
              onSuccess: () => {
                notifySuccess(decision === 'accepted' ? 'Deliverable accepted' : 'Sent back to the vendor');
                onClose();
              },
              onError: (e) => showApiError(e),
            },
          ),
      }}
    >
      <Text size="sm">{submission.note || 'No note.'}</Text>
      {submission.files.map((f) => (
        <Anchor key={f.id} href={`/api/v1/files/${f.id}`} size="sm">
          {f.name}
        </Anchor>
      ))}
      {deliverable.acceptanceCriteria.map((criterion, i) => (
        <Paper key={criterion} withBorder p="sm" radius="md" data-testid="criterion">
          <Checkbox
            label={criterion}
            checked={verdicts[i]!.passed}
            onChange={(e) => {
              const passed = e.currentTarget.checked;
              set(i, { passed });
              if (!passed) setDecision('rejected');
            }}
            description={verdicts[i]!.passed ? 'Passed' : 'Failed'}
          />
          <TextInput
            mt="xs"
            size="xs"
            placeholder="Comment on this criterion"
            aria-label={`Comment on ${criterion}`}
            value={verdicts[i]!.comment}
            onChange={(e) => set(i, { comment: e.currentTarget.value })}
          />
        </Paper>
      ))}
      <SegmentedControl
        value={decision}
        onChange={(v) => setDecision(v as 'accepted' | 'rejected')}
        data={[
          { value: 'accepted', label: 'Accept' },
          { value: 'rejected', label: 'Reject' },
        ]}
      />
      <Textarea
        label="Comment"
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        autosize
        minRows={2}
      />
    </ActionModal>
  );
}

function Rates({ engagementId }: { engagementId: string }) {
  const stats = useDeliverableStats(engagementId);
  const s = stats.data;
  const fmt = (v: number | null | undefined, n?: number) =>
    v === null || v === undefined ? '—' : `${v}%${n ? ` of ${n}` : ''}`;
  return (
    <SimpleGrid cols={2} mb="md">
      <Paper withBorder p="sm" radius="md">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          On-time delivery
        </Text>
        <Title order={4} data-testid="on-time-rate">
          {fmt(s?.onTimeRate, s?.onTimeCounted)}
        </Title>
      </Paper>
      <Paper withBorder p="sm" radius="md">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          First-pass acceptance
        </Text>
        <Title order={4} data-testid="first-pass-rate">
          {fmt(s?.firstPassRate, s?.firstPassCounted)}
        </Title>
      </Paper>
    </SimpleGrid>
  );
}

/** The SOW's deliverables with hand-in and review actions for whoever may take them. */
export function DeliverablesCard({
  engagementId,
  canSubmit,
  canReview,
}: {
  engagementId: string;
  canSubmit: boolean;
  canReview: boolean;
}) {
  const list = useDeliverables(engagementId);
  const [submitting, setSubmitting] = useState<DeliverableState | null>(null);
  const [reviewing, setReviewing] = useState<{ d: DeliverableState; s: Submission } | null>(null);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={3} mb="sm">
        Deliverables
      </Title>
      <Rates engagementId={engagementId} />
      <QueryState query={list} what="Deliverables">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No deliverables to accept">
              {data.sowVersion === null
                ? 'Approve the statement of work first: its deliverables appear here.'
                : 'The approved statement of work lists no deliverables; add them with a change request.'}
            </EmptyState>
          ) : (
            <Table verticalSpacing="sm" data-testid="deliverables">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Deliverable</Table.Th>
                  <Table.Th>Due ({data.timezone})</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Cycles</Table.Th>
                  <Table.Th>On time</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((d) => {
                  const last = d.submissions.at(-1);
                  return (
                    <Table.Tr key={d.id} data-testid={`deliverable-${d.title}`}>
                      <Table.Td>
                        <Text fw={500}>{d.title}</Text>
                        {last?.review ? (
                          <Text size="xs" c="dimmed">
                            Cycle {last.cycle} {last.review.decision} by {last.review.reviewerName}
                            {last.review.comment ? `: ${last.review.comment}` : ''}
                            {last.review.criteria
                              .filter((c) => !c.passed)
                              .map((c) => ` · failed “${c.criterion}”${c.comment ? ` (${c.comment})` : ''}`)
                              .join('')}
                          </Text>
                        ) : last ? (
                          <Text size="xs" c="dimmed">
                            Cycle {last.cycle} handed in {formatInstant(last.submittedAt)} by{' '}
                            {last.submittedByName}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{d.dueDate ?? '—'}</Table.Td>
                      <Table.Td>
                        <DeliverableStatusBadge status={d.status} />
                      </Table.Td>
                      <Table.Td>{d.cycles}</Table.Td>
                      <Table.Td>{onTimeText(d.onTime)}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end">
                          {canSubmit && (d.status === 'not_submitted' || d.status === 'rejected') ? (
                            <Button size="xs" onClick={() => setSubmitting(d)}>
                              {d.status === 'rejected' ? 'Hand in again' : 'Hand in'}
                            </Button>
                          ) : null}
                          {canReview && d.status === 'submitted' && last ? (
                            <Button size="xs" variant="light" onClick={() => setReviewing({ d, s: last })}>
                              Review
                            </Button>
                          ) : null}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
      {submitting ? (
        <SubmitModal
          engagementId={engagementId}
          deliverable={submitting}
          onClose={() => setSubmitting(null)}
        />
      ) : null}
      {reviewing ? (
        <ReviewModal
          engagementId={engagementId}
          deliverable={reviewing.d}
          submission={reviewing.s}
          onClose={() => setReviewing(null)}
        />
      ) : null}
    </Paper>
  );
}

import { Alert, Button, Group, Paper, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { ChangeRequest, VendorFacingEngagement } from '../../../../contracts/engagements';
import { formatMoney } from '../../../../contracts/money';
import { ApiError } from '../../../app/api';
import { can } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { ActionModal } from '../../../components/ActionModal';
import { EmptyState } from '../../../components/EmptyState';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { PlusIcon } from '../../../components/icons';
import { DataTable } from '../../../components/ListPage';
import { errorMessage, QueryState } from '../../../components/QueryState';
import { formatInstant } from '../../../components/reference-data';
import { useChangeRequestAction, useChangeRequests } from '../api';
import { ChangeRequestStatusBadge } from './badges';
import { RaiseChangeRequest } from './RaiseChangeRequest';

/** Approve or reject with a comment; a 409 (the baseline moved) stays readable in the dialog. */
function DecisionModal({
  engagementId,
  request,
  outcome,
  onClose,
}: {
  engagementId: string;
  request: ChangeRequest;
  outcome: 'approve' | 'reject';
  onClose: () => void;
}) {
  const decide = useChangeRequestAction(engagementId);
  const [comment, setComment] = useState('');
  const conflict = decide.error instanceof ApiError && decide.error.status === 409;
  return (
    <ActionModal
      title={`${outcome === 'approve' ? 'Approve' : 'Reject'} “${request.title}”?`}
      onClose={onClose}
      action={{
        label: outcome === 'approve' ? 'Approve change' : 'Reject change',
        color: outcome === 'approve' ? undefined : 'red',
        loading: decide.isPending,
        onClick: () =>
          decide.mutate(
            { id: request.id, action: outcome, comment: comment.trim() || undefined },
            {
              onSuccess: (cr) => {
                notifySuccess(
                  cr.status === 'approved'
                    ? `Approved: SOW version ${cr.resultVersion} is the new baseline.`
                    : 'Change request rejected.',
                );
                onClose();
              },
              onError: (e) =>
                notifyError(e, e instanceof ApiError && e.status === 409 ? 'The SOW changed' : 'Not decided'),
            },
          ),
      }}
    >
      {' '}
      <Text size="sm">
        {outcome === 'approve'
          ? `Approving applies the change to version ${request.baseVersion} and makes the result the new baseline.`
          : 'Rejecting closes the request; the SOW stays as it is.'}
      </Text>
      <Textarea
        label="Comment"
        autosize
        minRows={2}
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
      />
      {decide.error ? (
        <Alert
          color={conflict ? 'orange' : 'red'}
          variant="light"
          title={conflict ? 'The SOW changed' : 'Not decided'}
          data-testid="decision-error"
        >
          {errorMessage(decide.error)}
        </Alert>
      ) : null}
    </ActionModal>
  );
}

function changedSections(cr: ChangeRequest): string {
  return Object.keys(cr.changes)
    .map((k) => k.replace(/([A-Z])/g, ' $1').toLowerCase())
    .join(', ');
}

/** Change requests: the list, raising one, and submitting and deciding them. */
export function ChangeRequestsTab({
  engagement,
  canDecide,
  raising,
  setRaising,
}: {
  engagement: VendorFacingEngagement;
  canDecide: boolean;
  raising: boolean;
  setRaising: (open: boolean) => void;
}) {
  const user = useUser();
  const requests = useChangeRequests(engagement.id);
  const act = useChangeRequestAction(engagement.id);
  const [deciding, setDeciding] = useState<{ request: ChangeRequest; outcome: 'approve' | 'reject' } | null>(
    null,
  );

  if (raising) return <RaiseChangeRequest engagement={engagement} onDone={() => setRaising(false)} />;

  const submit = (cr: ChangeRequest) =>
    act.mutate(
      { id: cr.id, action: 'submit' },
      {
        onSuccess: () => notifySuccess(`“${cr.title}” submitted for a decision.`),
        onError: (e) => notifyError(e, 'Not submitted'),
      },
    );
  // Offered only to those the policy lets raise one (not read-only roles).
  const raiseButton =
    engagement.baselineVersion !== null && can(user, 'changeRequest', 'create') ? (
      <Button leftSection={<PlusIcon />} onClick={() => setRaising(true)}>
        Raise change request
      </Button>
    ) : null;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {engagement.baselineVersion === null
            ? 'Change requests change an approved SOW; approve the first version on the SOW tab.'
            : `The approved baseline is version ${engagement.baselineVersion}. An approved change creates the next version.`}
        </Text>
        {raiseButton}
      </Group>
      <QueryState query={requests} what="Change requests">
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No change requests yet" actions={raiseButton}>
              Raise one to change the scope, deliverables or service levels of the approved SOW.
            </EmptyState>
          ) : (
            <Paper withBorder>
              <DataTable
                testId="change-request-table"
                minWidth={820}
                columns={[
                  'Title',
                  'Status',
                  'Base',
                  { label: 'Cost impact', ta: 'right' },
                  { label: 'Schedule', ta: 'right' },
                  'Result',
                  '',
                ]}
              >
                {page.items.map((cr) => (
                  <Table.Tr key={cr.id} data-testid="change-request-row">
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {cr.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        Changes {changedSections(cr)} · raised {formatInstant(cr.createdAt)}
                      </Text>
                      {cr.reason ? <Text size="xs">{cr.reason}</Text> : null}
                      {cr.decisionComment ? (
                        <Text size="xs" fs="italic">
                          Decision: {cr.decisionComment}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <ChangeRequestStatusBadge status={cr.status} />
                    </Table.Td>
                    <Table.Td>v{cr.baseVersion}</Table.Td>
                    <Table.Td ta="right" c={cr.costImpact < 0 ? 'teal' : undefined}>
                      {formatMoney(cr.costImpact, engagement.currency)}
                    </Table.Td>
                    <Table.Td ta="right">
                      {cr.scheduleImpactDays > 0 ? '+' : ''}
                      {cr.scheduleImpactDays} d
                    </Table.Td>
                    <Table.Td data-testid="result-version">
                      {cr.resultVersion ? `v${cr.resultVersion}` : '—'}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} justify="flex-end" wrap="nowrap">
                        {cr.status === 'draft' && (canDecide || cr.createdBy === user.id) ? (
                          <Button
                            size="xs"
                            variant="light"
                            loading={act.isPending}
                            onClick={() => submit(cr)}
                          >
                            Submit
                          </Button>
                        ) : null}
                        {cr.status === 'submitted' && canDecide ? (
                          <>
                            <Button
                              size="xs"
                              onClick={() => setDeciding({ request: cr, outcome: 'approve' })}
                            >
                              Approve
                            </Button>
                            <Button
                              size="xs"
                              variant="light"
                              color="red"
                              onClick={() => setDeciding({ request: cr, outcome: 'reject' })}
                            >
                              Reject
                            </Button>
                          </>
                        ) : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </DataTable>
            </Paper>
          )
        }
      </QueryState>
      {deciding ? (
        <DecisionModal
          engagementId={engagement.id}
          request={deciding.request}
          outcome={deciding.outcome}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </Stack>
  );
}

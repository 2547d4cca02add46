import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Paper,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { Vendor } from '../../../../contracts/vendors';
import { ApiError } from '../../../app/api';
import { ActionModal } from '../../../components/ActionModal';
import { notifySuccess } from '../../../components/form-errors';
import { errorMessage, QueryState } from '../../../components/QueryState';
import { useApproveVendor, useChecklist } from '../api';

const Mark = ({ met }: { met: boolean }) => (
  <ThemeIcon
    size={22}
    radius="xl"
    color={met ? 'teal' : 'red'}
    variant="light"
    aria-label={met ? 'met' : 'missing'}
  >
    <svg
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="3"
      aria-hidden="true"
    >
      {met ? <path d="m5 12 5 5L20 7" /> : <path d="M6 6l12 12M18 6 6 18" />}
    </svg>
  </ThemeIcon>
);

function OverrideModal({ vendor, onClose }: { vendor: Vendor; onClose: () => void }) {
  const approve = useApproveVendor(vendor.id);
  const [reason, setReason] = useState('');
  const short = reason.trim().length < 10;
  const fieldError =
    approve.error instanceof ApiError
      ? approve.error.errors.find((e) => e.field === 'overrideReason')?.message
      : undefined;
  return (
    <ActionModal
      title={`Approve ${vendor.name} despite missing diligence`}
      onClose={onClose}
      action={{
        label: 'Approve with override',
        color: 'orange',
        disabled: short,
        loading: approve.isPending,
        onClick: () =>
          approve.mutate(
            { overrideReason: reason.trim() },
            {
              onSuccess: () => {
                notifySuccess(`${vendor.name} is approved (override recorded).`);
                onClose();
              },
            },
          ),
      }}
    >
      {' '}
      <Text size="sm">
        The reason is kept in the audit trail with what was missing. Write it for someone reading it a year
        from now.
      </Text>
      <Textarea
        label="Reason"
        required
        autosize
        minRows={3}
        data-autofocus
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={fieldError}
        description="At least 10 characters"
      />
      {approve.error && !fieldError ? (
        <Alert color="red" variant="light">
          {errorMessage(approve.error)}
        </Alert>
      ) : null}
    </ActionModal>
  );
}

/** The checklist for the vendor's criticality, what is missing, and the approval it gates. */
export function ChecklistCard({
  vendor,
  canApprove,
  canOverride,
}: {
  vendor: Vendor;
  canApprove: boolean;
  canOverride: boolean;
}) {
  const checklist = useChecklist(vendor.id, true);
  const approve = useApproveVendor(vendor.id);
  const [overriding, setOverriding] = useState(false);
  const approvable = canApprove && vendor.allowedTransitions.includes('approved');
  const blocked = approve.error instanceof ApiError && approve.error.status === 409 ? approve.error : null;
  return (
    <Paper withBorder p="lg" data-testid="checklist">
      <QueryState query={checklist} what="Checklist">
        {(c) => (
          <Stack>
            <Group justify="space-between">
              <Group gap="sm">
                <Title order={4}>Diligence checklist</Title>
                <Badge color={c.complete ? 'teal' : 'orange'} data-testid="checklist-state">
                  {c.complete ? 'Complete' : 'Incomplete'}
                </Badge>
                <Text size="sm" c="dimmed" data-testid="checklist-applied">
                  {c.appliedChecklist === c.criticality
                    ? `for a ${c.criticality} vendor`
                    : `the ${c.appliedChecklist} checklist: a ${c.criticality} vendor at risk tier ${c.tier}`}
                </Text>
              </Group>
              {approvable ? (
                <Group gap="xs">
                  <Button
                    loading={approve.isPending}
                    onClick={() =>
                      approve.mutate({}, { onSuccess: () => notifySuccess(`${vendor.name} is approved.`) })
                    }
                  >
                    Approve vendor
                  </Button>
                  {canOverride && !c.complete ? (
                    <Button variant="outline" color="orange" onClick={() => setOverriding(true)}>
                      Override with reason
                    </Button>
                  ) : null}
                </Group>
              ) : null}
            </Group>
            {c.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing is required for a {c.appliedChecklist} vendor. Administrators set the requirements in
                Diligence settings.
              </Text>
            ) : (
              <Stack gap="xs">
                {c.items.map((item, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: requirements have no id; their order is fixed
                  <Group key={i} gap="sm" wrap="nowrap" data-testid="checklist-item">
                    <Mark met={item.met} />
                    <div>
                      <Text size="sm" fw={600}>
                        {item.label}
                      </Text>
                      <Text size="xs" c={item.met ? 'dimmed' : 'red'}>
                        {item.detail}
                      </Text>
                    </div>
                  </Group>
                ))}
              </Stack>
            )}
            {/* A refusal from before the checklist became complete is stale: show it only while it still holds. */}
            {blocked && !c.complete ? (
              <Alert color="orange" variant="light" title="Not approved" data-testid="approval-blocked">
                <Text size="sm">
                  {blocked.errors.length > 0 ? 'The diligence checklist is incomplete:' : blocked.detail}
                </Text>
                {blocked.errors.length > 0 ? (
                  <List size="sm" mt="xs">
                    {blocked.errors.map((e) => (
                      <List.Item key={e.message}>{e.message}</List.Item>
                    ))}
                  </List>
                ) : null}
              </Alert>
            ) : approve.error && !blocked ? (
              <Alert color="red" variant="light" title="Not approved">
                {errorMessage(approve.error)}
              </Alert>
            ) : null}
          </Stack>
        )}
      </QueryState>
      {overriding ? <OverrideModal vendor={vendor} onClose={() => setOverriding(false)} /> : null}
    </Paper>
  );
}

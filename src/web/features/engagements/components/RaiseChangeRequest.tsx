import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { VendorFacingEngagement } from '../../../../contracts/engagements';
import { notifySuccess, showApiError } from '../../../components/form-errors';
import { LoadError, LoadingBlock } from '../../../components/QueryState';
import { useRaiseChangeRequest, useSow } from '../api';
import { type JsonObject, mergePatchDiff } from '../merge-patch';
import { type Doc, documentOf, prepare } from '../sow-document';
import { MoneyInput } from './MoneyInput';
import { LiveSowEditor } from './SowEditor';

function ChangeForm({
  engagement,
  baseVersion,
  baseline,
  onDone,
}: {
  engagement: VendorFacingEngagement;
  baseVersion: number;
  baseline: Doc;
  onDone: () => void;
}) {
  const raise = useRaiseChangeRequest(engagement.id);
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [cost, setCost] = useState<number | null>(0);
  const [schedule, setSchedule] = useState<number>(0);
  const [submitNow, setSubmitNow] = useState(true);
  const [doc, setDoc] = useState<Doc>(baseline);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);

  const onSubmit = () => {
    setProblem(null);
    const next: Record<string, string> = {};
    if (!title.trim()) next.title = 'Give the change a title';
    if (cost === null) next.costImpact = 'Enter an amount, or 0';
    const prepared = prepare(doc);
    let changes: JsonObject = {};
    if (!prepared.doc) setProblem(prepared.problems.map((p) => p.message).join(' '));
    else {
      changes = mergePatchDiff(prepare(baseline).doc as JsonObject, prepared.doc as JsonObject);
      if (Object.keys(changes).length === 0) setProblem('Change something in the SOW below first.');
    }
    setErrors(next);
    if (Object.keys(next).length || !prepared.doc || Object.keys(changes).length === 0) return;
    raise.mutate(
      {
        title: title.trim(),
        reason: reason.trim(),
        baseVersion,
        changes,
        costImpact: cost ?? 0,
        scheduleImpactDays: schedule,
        submit: submitNow,
      },
      {
        onSuccess: (cr) => {
          notifySuccess(
            `Change request “${cr.title}” ${cr.status === 'submitted' ? 'submitted' : 'saved as a draft'}.`,
          );
          onDone();
        },
        onError: (error) =>
          showApiError(error, {
            getValues: () => ({ title, reason, costImpact: cost, scheduleImpactDays: schedule, changes }),
            setErrors: (e) => setErrors(e),
          }),
      },
    );
  };

  return (
    <Stack gap="md" data-testid="change-request-form">
      <Paper withBorder p="md">
        <Title order={5} mb="sm">
          Raise a change request against version {baseVersion}
        </Title>
        <Stack gap="sm">
          <TextInput
            label="Title"
            required
            value={title}
            error={errors.title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <Textarea
            label="Reason"
            autosize
            minRows={2}
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <MoneyInput
              label="Cost impact"
              description="Negative when the change saves money"
              currency={engagement.currency}
              allowNegative
              value={cost}
              onChange={setCost}
              error={errors.costImpact}
            />
            <NumberInput
              label="Schedule impact (days)"
              description="Negative when it brings dates forward"
              value={schedule}
              allowDecimal={false}
              error={errors.scheduleImpactDays}
              onChange={(v) => setSchedule(typeof v === 'number' ? v : 0)}
            />
          </SimpleGrid>
        </Stack>
      </Paper>
      <LiveSowEditor
        engagementId={engagement.id}
        value={doc}
        onChange={setDoc}
        currency={engagement.currency}
        aside={
          <Paper withBorder p="md">
            <Stack gap="sm">
              {problem || errors.changes ? (
                <Alert color="orange" variant="light" data-testid="change-problem">
                  {problem ?? errors.changes}
                </Alert>
              ) : null}
              <Checkbox
                label="Submit now for a decision"
                checked={submitNow}
                onChange={(e) => setSubmitNow(e.currentTarget.checked)}
              />
              <Group gap="sm">
                <Button variant="default" onClick={onDone}>
                  Cancel
                </Button>
                <Button loading={raise.isPending} onClick={onSubmit}>
                  Raise change request
                </Button>
              </Group>
            </Stack>
          </Paper>
        }
      />
    </Stack>
  );
}

/** Write a change as an edit of the baseline; what is sent is the JSON Merge Patch between the two. */
export function RaiseChangeRequest({
  engagement,
  onDone,
}: {
  engagement: VendorFacingEngagement;
  onDone: () => void;
}) {
  const version = engagement.baselineVersion;
  const baseline = useSow(engagement.id, version ?? 'latest');
  if (version === null) {
    return (
      <Alert color="gray" variant="light">
        There is no approved SOW yet: edit and approve the draft on the SOW tab instead.
      </Alert>
    );
  }
  if (baseline.isPending) return <LoadingBlock rows={4} />;
  if (baseline.error || !baseline.data) {
    return <LoadError error={baseline.error} what="SOW version" onRetry={() => baseline.refetch()} />;
  }
  return (
    <ChangeForm
      engagement={engagement}
      baseVersion={version}
      baseline={documentOf(baseline.data)}
      onDone={onDone}
    />
  );
}

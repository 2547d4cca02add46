import { Alert, Button, Group, List, Modal, Paper, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Sow, VendorFacingEngagement } from '../../../../contracts/engagements';
import { ApiError } from '../../../app/api';
import { can } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { EmptyState } from '../../../components/EmptyState';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { LoadError, LoadingBlock } from '../../../components/QueryState';
import { formatInstant } from '../../../components/reference-data';
import { exportUrl, useApproveSow, useSaveSow, useSow, useSowVersions } from '../api';
import { type Doc, documentOf, emptyDocument, prepare } from '../sow-document';
import { SowStatusBadge } from './badges';
import { SowDiffView } from './SowDiffView';
import { LiveSowEditor } from './SowEditor';
import { SowView } from './SowView';

/** Save the draft, and approve it after saying what approval means. */
function DraftEditor({ engagement, latest }: { engagement: VendorFacingEngagement; latest: Sow | null }) {
  const [doc, setDoc] = useState<Doc>(() => (latest ? documentOf(latest) : emptyDocument()));
  const [confirming, setConfirming] = useState(false);
  const [approvalErrors, setApprovalErrors] = useState<string[]>([]);
  const save = useSaveSow(engagement.id);
  const approve = useApproveSow(engagement.id);

  const send = async (): Promise<boolean> => {
    const prepared = prepare(doc);
    if (!prepared.doc) {
      notifyError(new Error(prepared.problems.map((p) => p.message).join(' ')), 'Not saved');
      return false;
    }
    const sent = doc;
    try {
      const saved = await save.mutateAsync(prepared.doc);
      // Take the stored ids of new items, unless someone kept typing meanwhile.
      setDoc((current) => (current === sent ? documentOf(saved) : current));
      return true;
    } catch (error) {
      notifyError(error, 'Draft not saved');
      return false;
    }
  };

  const onApprove = async () => {
    setApprovalErrors([]);
    if (!(await send())) return;
    approve.mutate(undefined, {
      onSuccess: (sow) => {
        setConfirming(false);
        notifySuccess(
          engagement.status === 'draft'
            ? `Version ${sow.version} approved: it is now the baseline, and the engagement is active.`
            : `Version ${sow.version} approved: it is now the baseline.`,
        );
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 422 && error.errors.length) {
          setApprovalErrors(error.errors.map((e) => e.message));
        } else {
          setApprovalErrors([error instanceof Error ? error.message : 'Approval failed.']);
        }
      },
    });
  };

  const actions = (
    <Paper withBorder p="md">
      <Text size="sm" mb="sm">
        {latest
          ? `Draft version ${latest.version}, saved ${formatInstant(latest.updatedAt)}.`
          : 'Not saved yet.'}
      </Text>
      <Group gap="sm">
        <Button
          variant="default"
          loading={save.isPending && !confirming}
          onClick={() => void send().then((ok) => ok && notifySuccess('Draft saved.'))}
        >
          Save draft
        </Button>
        <Button onClick={() => setConfirming(true)}>Approve</Button>
      </Group>
    </Paper>
  );

  return (
    <>
      <LiveSowEditor
        engagementId={engagement.id}
        value={doc}
        onChange={setDoc}
        currency={engagement.currency}
        aside={actions}
      />
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Approve this SOW?">
        <Stack>
          <Text size="sm">
            Approving freezes this version as the baseline. After that, the scope changes only through change
            requests.
            {engagement.status === 'draft' ? ' The engagement becomes active.' : ''}
          </Text>
          {approvalErrors.length ? (
            <Alert color="red" variant="light" title="Fix these first" data-testid="approval-errors">
              <List size="sm">
                {approvalErrors.map((e) => (
                  <List.Item key={e}>{e}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button loading={save.isPending || approve.isPending} onClick={() => void onApprove()}>
              Approve version
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** The SOW: pick a version, read it, edit the draft, export it and compare versions. */
export function SowTab({
  engagement,
  canWrite,
  onRaiseChange,
}: {
  engagement: VendorFacingEngagement;
  canWrite: boolean;
  onRaiseChange: () => void;
}) {
  const user = useUser();
  const canRaise = can(user, 'changeRequest', 'create');
  const versions = useSowVersions(engagement.id);
  const [picked, setPicked] = useState<number | null>(null);
  const latestNumber = versions.data?.[0]?.version ?? null;
  // The latest stays under one query key, so saving a first draft does not reload the editor.
  const sow = useSow(engagement.id, picked === null || picked === latestNumber ? 'latest' : picked);

  if (versions.isPending || sow.isPending) return <LoadingBlock rows={6} />;
  if (versions.error) return <LoadError error={versions.error} onRetry={() => versions.refetch()} />;
  if (sow.error) return <LoadError error={sow.error} what="SOW version" onRetry={() => sow.refetch()} />;

  const current = sow.data;
  if (!current && !canWrite) {
    return <EmptyState title="No statement of work yet">A manager writes and approves it.</EmptyState>;
  }
  const editing =
    canWrite && (!current || (current.version >= (latestNumber ?? 0) && current.status === 'draft'));

  return (
    <Stack gap="md">
      {current ? (
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Select
              aria-label="SOW version"
              data={(versions.data ?? []).map((v) => ({
                value: String(v.version),
                label: `Version ${v.version} · ${v.status}`,
              }))}
              value={String(current.version)}
              onChange={(v) => setPicked(v ? Number(v) : null)}
              allowDeselect={false}
              w={220}
            />
            <SowStatusBadge status={current.status} />
            {current.approvedAt ? (
              <Text size="sm" c="dimmed">
                approved {formatInstant(current.approvedAt)}
              </Text>
            ) : null}
          </Group>
          <Group gap="xs">
            <Button
              component="a"
              variant="default"
              size="xs"
              href={exportUrl(engagement.id, 'markdown', current.version)}
              download
            >
              Export Markdown
            </Button>
            <Button
              component="a"
              variant="default"
              size="xs"
              href={exportUrl(engagement.id, 'pdf', current.version)}
              download
            >
              Export PDF
            </Button>
          </Group>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          No statement of work yet: write the first draft below. The clarity score on the right updates as you
          type.
        </Text>
      )}
      {current?.status === 'approved' ? (
        <Alert
          color="teal"
          variant="light"
          title={`Version ${current.version} is the approved baseline`}
          data-testid="sow-frozen"
        >
          <Group justify="space-between" align="center">
            <Text size="sm">It is read-only: changes to the scope go through change requests.</Text>
            {canRaise ? (
              <Button size="xs" variant="white" onClick={onRaiseChange}>
                Raise change request
              </Button>
            ) : null}
          </Group>
        </Alert>
      ) : current?.status === 'superseded' ? (
        <Alert color="gray" variant="light">
          Version {current.version} was replaced by a later approved version; it is kept read-only.
        </Alert>
      ) : null}
      {editing ? (
        <DraftEditor engagement={engagement} latest={current ?? null} />
      ) : current ? (
        <SowView doc={documentOf(current)} currency={engagement.currency} />
      ) : null}
      {(versions.data?.length ?? 0) >= 2 ? (
        <SowDiffView engagementId={engagement.id} versions={versions.data ?? []} />
      ) : null}
    </Stack>
  );
}

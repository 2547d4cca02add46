/**
 * A vendor's assessments and findings: the schedule from its tier, the assessments with their due
 * dates, and the findings with remediation deadlines. A vendor user sees only its own findings
 * and answers them (comment, start, propose the resolution with evidence).
 */
import {
  Anchor,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import {
  ASSESSMENT_TYPE_LABELS,
  type Finding,
  SEVERITIES,
  type Severity,
  type VendorFacingFinding,
} from '../../../../contracts/assurance';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { ActionModal } from '../../../components/ActionModal';
import { Crumbs } from '../../../components/Crumbs';
import { EmptyState } from '../../../components/EmptyState';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { DataTable } from '../../../components/ListPage';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import {
  useAssessments,
  useCompleteAssessment,
  useCreateFinding,
  useFinding,
  useFindingAction,
  useFindings,
  useScheduleFromTier,
  useStartAssessment,
  useVendorContacts,
} from '../api';
import { OverdueBadge, SeverityBadge, StatusBadge } from '../components/labels';

function AssessmentsCard({ vendorId }: { vendorId: string }) {
  const user = useUser();
  const writer = permissions.writeVendors(user);
  const list = useAssessments(vendorId);
  const schedule = useScheduleFromTier();
  const start = useStartAssessment();
  const complete = useCompleteAssessment();
  return (
    <QueryState query={list} what="Assessments">
      {(page) => (
        <Paper withBorder p="lg" data-testid="assessments">
          <Group justify="space-between" mb="md">
            <Title order={4}>Assessments</Title>
            {writer ? (
              <Button
                size="xs"
                loading={schedule.isPending}
                onClick={() =>
                  schedule.mutate(
                    { vendorId, ownerId: user.id },
                    {
                      onSuccess: () => notifySuccess('Scheduled from the tier'),
                      onError: (e) => notifyError(e),
                    },
                  )
                }
              >
                Schedule from tier
              </Button>
            ) : null}
          </Group>
          {page.schedule ? (
            <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md" data-testid="assessment-schedule">
              <div>
                <Text size="xs" c="dimmed">
                  Basis
                </Text>
                <Text size="sm">{page.schedule.basis}</Text>
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  Last completed
                </Text>
                <Text size="sm">{page.schedule.lastCompletedOn ?? 'never'}</Text>
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  Next due
                </Text>
                <Text size="sm" data-testid="next-due">
                  {page.schedule.nextDueOn} <OverdueBadge overdue={page.schedule.overdue} />
                </Text>
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  Tier calls for
                </Text>
                <Text size="sm">{page.schedule.types.map((t) => ASSESSMENT_TYPE_LABELS[t]).join(', ')}</Text>
              </div>
            </SimpleGrid>
          ) : null}
          {page.items.length === 0 ? (
            <EmptyState title="No assessments scheduled">
              Schedule from the tier to plan every assessment the vendor’s risk calls for.
            </EmptyState>
          ) : (
            <DataTable
              verticalSpacing="xs"
              columns={['Type', 'Owner', 'Due', 'Status', 'Result', 'Open findings', writer && '']}
            >
              {page.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{ASSESSMENT_TYPE_LABELS[a.type]}</Table.Td>
                  <Table.Td>{a.ownerName ?? '—'}</Table.Td>
                  <Table.Td>
                    {a.dueOn} <OverdueBadge overdue={a.overdue} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={a.status} />
                  </Table.Td>
                  <Table.Td>{a.result ? `${a.result.replace('_', ' ')} (${a.completedOn})` : '—'}</Table.Td>
                  <Table.Td>{a.openFindings}</Table.Td>
                  {writer ? (
                    <Table.Td>
                      {a.status === 'scheduled' ? (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => start.mutate(a.id, { onError: (e) => notifyError(e) })}
                        >
                          Start
                        </Button>
                      ) : null}
                      {a.status === 'in_progress' ? (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => {
                            const summary = window.prompt('Summary of the result');
                            if (summary)
                              complete.mutate(
                                { id: a.id, result: 'satisfactory', summary },
                                { onError: (e) => notifyError(e) },
                              );
                          }}
                        >
                          Complete
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </DataTable>
          )}
        </Paper>
      )}
    </QueryState>
  );
}

function NewFindingModal({ vendorId, onClose }: { vendorId: string; onClose: () => void }) {
  const create = useCreateFinding();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('medium');
  return (
    <ActionModal
      title="Raise a finding"
      onClose={onClose}
      cancellable={false}
      action={{
        label: 'Raise finding',
        loading: create.isPending,
        onClick: () =>
          create.mutate(
            { vendorId, title, severity },
            { onSuccess: onClose, onError: (e) => notifyError(e) },
          ),
      }}
    >
      <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
      <Select
        label="Severity"
        data={[...SEVERITIES]}
        value={severity}
        onChange={(v) => setSeverity((v ?? 'medium') as Severity)}
        allowDeselect={false}
      />
      <Text size="xs" c="dimmed">
        The remediation due date follows from the severity’s deadline (Assurance settings).
      </Text>
    </ActionModal>
  );
}

function FindingModal({ id, onClose }: { id: string; onClose: () => void }) {
  const user = useUser();
  const internal = permissions.isInternal(user);
  const writer = permissions.writeVendors(user);
  const finding = useFinding(id);
  const action = useFindingAction();
  const [text, setText] = useState('');
  const run = (name: string, body?: unknown) =>
    action.mutate(
      { id, action: name, body },
      { onSuccess: () => setText(''), onError: (e) => notifyError(e) },
    );
  return (
    <Modal opened onClose={onClose} title="Finding" size="lg">
      <QueryState query={finding} what="Finding">
        {(f: Finding | VendorFacingFinding) => (
          <Stack>
            <Group>
              <SeverityBadge severity={f.severity} />
              <StatusBadge status={f.status} />
              <Text size="sm">Due {f.dueOn}</Text>
              <OverdueBadge overdue={f.overdue} />
            </Group>
            <Title order={5}>{f.title}</Title>
            {f.description ? <Text size="sm">{f.description}</Text> : null}
            {f.proposedResolution ? (
              <Text size="sm">Proposed resolution: {f.proposedResolution.text}</Text>
            ) : null}
            {f.resolution ? <Text size="sm">Resolved: {f.resolution.text}</Text> : null}
            {f.acceptance && 'reason' in f.acceptance ? (
              <Text size="sm">
                Risk accepted by {f.acceptance.approverName} until {f.acceptance.expiresOn}
                {f.acceptance.expired ? ' (expired)' : ''}: {f.acceptance.reason}
              </Text>
            ) : f.acceptance ? (
              // A vendor user sees that the risk is accepted and until when, not who decided or why.
              <Text size="sm">
                Risk accepted until {f.acceptance.expiresOn}
                {f.acceptance.expired ? ' (expired)' : ''}
              </Text>
            ) : null}
            {(f.comments ?? []).map((c) => (
              <Text key={c.id} size="sm">
                <b>{c.authorName}</b> ({c.side}): {c.body}
              </Text>
            ))}
            <Textarea
              label="Comment or evidence"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
            <Group>
              <Button size="xs" variant="light" onClick={() => run('comments', { body: text })}>
                Comment
              </Button>
              {f.status === 'open' && (writer || !internal) ? (
                <Button size="xs" variant="light" onClick={() => run('start')}>
                  Start work
                </Button>
              ) : null}
              {(f.status === 'open' || f.status === 'in_progress') && (writer || !internal) ? (
                <Button
                  size="xs"
                  color="green"
                  variant="light"
                  onClick={() => run('resolve', text ? { evidence: text } : {})}
                >
                  {internal ? 'Resolve' : 'Propose resolved'}
                </Button>
              ) : null}
              {permissions.manageUsers(user) && (f.status === 'open' || f.status === 'in_progress') ? (
                <Button
                  size="xs"
                  variant="light"
                  color="gray"
                  onClick={() => {
                    const until = window.prompt('Accept the risk until (YYYY-MM-DD)');
                    if (until) run('accept-risk', { reason: text, expiresOn: until });
                  }}
                >
                  Accept risk
                </Button>
              ) : null}
              {writer && f.status !== 'open' ? (
                <Button size="xs" variant="subtle" onClick={() => run('reopen', { comment: text })}>
                  Reopen
                </Button>
              ) : null}
            </Group>
          </Stack>
        )}
      </QueryState>
    </Modal>
  );
}

function FindingsCard({ vendorId }: { vendorId: string }) {
  const user = useUser();
  const writer = permissions.writeVendors(user);
  const findings = useFindings({ vendorId });
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  return (
    <Paper withBorder p="lg" data-testid="findings">
      <Group justify="space-between" mb="md">
        <Title order={4}>Findings</Title>
        {writer ? (
          <Button size="xs" onClick={() => setAdding(true)}>
            Raise finding
          </Button>
        ) : null}
      </Group>
      <QueryState query={findings} what="Findings">
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No findings">
              Findings raised by assessments appear here with their remediation due dates.
            </EmptyState>
          ) : (
            <DataTable verticalSpacing="xs" columns={['Finding', 'Severity', 'Due', 'Status']}>
              {page.items.map((f) => (
                <Table.Tr key={f.id} data-testid="finding-row">
                  <Table.Td>
                    <Anchor component="button" onClick={() => setOpen(f.id)}>
                      {f.title}
                    </Anchor>
                    {f.assessmentType ? (
                      <Text size="xs" c="dimmed">
                        {ASSESSMENT_TYPE_LABELS[f.assessmentType]}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <SeverityBadge severity={f.severity} />
                  </Table.Td>
                  <Table.Td>
                    {f.dueOn} <OverdueBadge overdue={f.overdue} />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={f.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryState>
      {open ? <FindingModal id={open} onClose={() => setOpen(null)} /> : null}
      {adding ? <NewFindingModal vendorId={vendorId} onClose={() => setAdding(false)} /> : null}
    </Paper>
  );
}

export function VendorAssessmentsPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const internal = permissions.isInternal(user);
  const vendor = useVendorContacts(id);
  return (
    <QueryState query={vendor} what="Vendor">
      {(v) => (
        <>
          <Crumbs
            trail={[{ label: v.name, to: `/vendors/${v.id}` }]}
            here={internal ? 'Assessments' : 'Findings'}
          />
          <PageHeader title={`${internal ? 'Assessments' : 'Findings'}: ${v.name}`} />
          <Stack gap="lg">
            {internal ? <AssessmentsCard vendorId={v.id} /> : null}
            <FindingsCard vendorId={v.id} />
          </Stack>
        </>
      )}
    </QueryState>
  );
}

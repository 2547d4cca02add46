/**
 * The "Access grants" and "Access reviews" sections of the Data & access tab, for a vendor or an
 * engagement: who at the vendor can reach which system, revoking, and review campaigns.
 */
import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ACCESS_LEVELS, type AccessGrant, type AccessLevel } from '../../../../contracts/assurance';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { ActionModal } from '../../../components/ActionModal';
import { EmptyState } from '../../../components/EmptyState';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { DataTable } from '../../../components/ListPage';
import { QueryState } from '../../../components/QueryState';
import {
  useCreateGrant,
  useCreateReview,
  useGrants,
  useReviews,
  useRevokeGrant,
  useVendorContacts,
  useWriters,
} from '../api';
import { OverdueBadge, StatusBadge } from './labels';

interface Scope {
  vendorId: string;
  engagementId?: string;
}

function fieldErrors(error: unknown): Record<string, string> {
  const errors = (error as { errors?: Array<{ field: string; message: string }> })?.errors ?? [];
  return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}

function GrantModal({ scope, onClose }: { scope: Scope; onClose: () => void }) {
  const vendor = useVendorContacts(scope.vendorId);
  const create = useCreateGrant();
  const [form, setForm] = useState({
    contactId: '',
    system: '',
    accessLevel: 'read' as AccessLevel,
    grantedOn: new Date().toISOString().slice(0, 10),
    expiresOn: '',
    justification: '',
  });
  const errors = fieldErrors(create.error);
  const set = (key: keyof typeof form) => (value: string | null) =>
    setForm((f) => ({ ...f, [key]: value ?? '' }));
  const submit = () =>
    create.mutate(
      {
        vendorId: scope.vendorId,
        engagementId: scope.engagementId ?? null,
        contactId: form.contactId,
        system: form.system,
        accessLevel: form.accessLevel,
        grantedOn: form.grantedOn,
        expiresOn: form.expiresOn || null,
        justification: form.justification,
      },
      {
        onSuccess: () => {
          notifySuccess('Access grant recorded');
          onClose();
        },
      },
    );
  return (
    <ActionModal
      title="Record access grant"
      onClose={onClose}
      action={{ label: 'Record grant', onClick: submit, loading: create.isPending, testId: 'grant-save' }}
    >
      <Select
        label="Person (vendor contact)"
        data={(vendor.data?.contacts ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={form.contactId || null}
        onChange={set('contactId')}
        error={errors.contactId}
        nothingFoundMessage="Add the person as a contact of the vendor first"
        data-testid="grant-contact"
      />
      <TextInput
        label="System"
        value={form.system}
        onChange={(e) => set('system')(e.currentTarget.value)}
        error={errors.system}
        data-testid="grant-system"
      />
      <Select
        label="Access level"
        data={ACCESS_LEVELS.map((l) => ({ value: l, label: l }))}
        value={form.accessLevel}
        onChange={set('accessLevel')}
        allowDeselect={false}
      />
      <Group grow>
        <TextInput
          label="Granted on"
          type="date"
          value={form.grantedOn}
          onChange={(e) => set('grantedOn')(e.currentTarget.value)}
          error={errors.grantedOn}
        />
        <TextInput
          label="Expires on"
          type="date"
          description={form.accessLevel === 'admin' ? 'Required for admin access' : undefined}
          value={form.expiresOn}
          onChange={(e) => set('expiresOn')(e.currentTarget.value)}
          error={errors.expiresOn}
          data-testid="grant-expires"
        />
      </Group>
      <Textarea
        label="Justification"
        value={form.justification}
        onChange={(e) => set('justification')(e.currentTarget.value)}
        error={errors.justification}
      />
      {create.error && Object.keys(errors).length === 0 ? (
        <Text c="red" size="sm">
          {(create.error as Error).message}
        </Text>
      ) : null}
    </ActionModal>
  );
}

function RevokeModal({ grant, onClose }: { grant: AccessGrant; onClose: () => void }) {
  const revoke = useRevokeGrant();
  const [reason, setReason] = useState('');
  return (
    <ActionModal
      title={`Revoke ${grant.personName ?? 'this person'}’s access to ${grant.system}`}
      onClose={onClose}
      action={{
        label: 'Revoke',
        color: 'red',
        loading: revoke.isPending,
        onClick: () =>
          revoke.mutate(
            { id: grant.id, reason },
            {
              onSuccess: () => {
                notifySuccess('Access revoked');
                onClose();
              },
              onError: (e) => notifyError(e),
            },
          ),
      }}
    >
      <Textarea
        label="Reason"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={fieldErrors(revoke.error).reason}
      />
    </ActionModal>
  );
}

/** Who at the vendor can reach which system; open grants first. */
function AccessGrantsSection({ vendorId, engagementId }: Scope) {
  const user = useUser();
  const writer = permissions.writeVendors(user);
  const [status, setStatus] = useState<string>('open');
  const grants = useGrants({ vendorId, engagementId, status: status === 'all' ? undefined : status });
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<AccessGrant | null>(null);
  return (
    <Paper withBorder p="lg" data-testid="access-grants">
      <Group justify="space-between" mb="md">
        <Title order={4}>Access grants</Title>
        <Group>
          <Select
            size="xs"
            w={130}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'revoked', label: 'Revoked' },
              { value: 'all', label: 'All' },
            ]}
            value={status}
            onChange={(v) => setStatus(v ?? 'open')}
            allowDeselect={false}
            aria-label="Grant status"
          />
          {writer ? (
            <Button size="xs" onClick={() => setAdding(true)} data-testid="add-grant">
              Record grant
            </Button>
          ) : null}
        </Group>
      </Group>
      <QueryState query={grants} what="Access grants">
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No access grants" testId="grants-empty">
              Record each person at the vendor who can reach one of your systems, so reviews and offboarding
              find them.
            </EmptyState>
          ) : (
            <DataTable
              verticalSpacing="xs"
              minWidth={700}
              columns={['Person', 'System', 'Level', 'Granted', 'Expires', 'Status', writer && '']}
            >
              {page.items.map((g) => (
                <Table.Tr key={g.id} data-testid="grant-row">
                  <Table.Td>
                    {g.personName ?? (
                      <Text c="dimmed" size="sm">
                        removed contact
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{g.system}</Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color={g.accessLevel === 'admin' ? 'red' : 'gray'} tt="none">
                      {g.accessLevel}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {g.grantedOn} · {g.grantedBy}
                  </Table.Td>
                  <Table.Td>
                    {g.expiresOn ?? '—'} <OverdueBadge overdue={g.expired} label="Expired" />
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={g.status} />
                    {g.revokedAt ? (
                      <Text size="xs" c="dimmed">
                        {g.revokedAt.slice(0, 10)} by {g.revokedByName}
                      </Text>
                    ) : null}
                  </Table.Td>
                  {writer ? (
                    <Table.Td>
                      {g.status === 'open' ? (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(g)}>
                          Revoke
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryState>
      {adding ? <GrantModal scope={{ vendorId, engagementId }} onClose={() => setAdding(false)} /> : null}
      {revoking ? <RevokeModal grant={revoking} onClose={() => setRevoking(null)} /> : null}
    </Paper>
  );
}

function StartReviewModal({ vendorId, engagementId, onClose }: Scope & { onClose: () => void }) {
  const user = useUser();
  const admin = permissions.manageUsers(user);
  const writers = useWriters(admin);
  const create = useCreateReview();
  const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const [reviewerId, setReviewerId] = useState(user.id);
  const [dueOn, setDueOn] = useState(due);
  const errors = fieldErrors(create.error);
  return (
    <ActionModal
      title="Start an access review"
      onClose={onClose}
      action={{
        label: 'Start review',
        loading: create.isPending,
        testId: 'review-start-save',
        onClick: () =>
          create.mutate(
            engagementId
              ? { scope: 'engagement', engagementId, reviewerId, dueOn }
              : { scope: 'vendor', vendorId, reviewerId, dueOn },
            {
              onSuccess: () => {
                notifySuccess('Access review started');
                onClose();
              },
            },
          ),
      }}
    >
      <Text size="sm">
        The reviewer keeps or revokes each open grant of this {engagementId ? 'engagement' : 'vendor'}, with a
        comment.
      </Text>
      {admin ? (
        <Select
          label="Reviewer"
          data={writers.data ?? []}
          value={reviewerId}
          onChange={(v) => setReviewerId(v ?? user.id)}
          error={errors.reviewerId}
          allowDeselect={false}
        />
      ) : (
        <Text size="sm">Reviewer: you ({user.name})</Text>
      )}
      <TextInput
        label="Due on"
        type="date"
        value={dueOn}
        onChange={(e) => setDueOn(e.currentTarget.value)}
        error={errors.dueOn}
      />
      {errors.scope ? (
        <Text c="red" size="sm">
          There are no open grants to review.
        </Text>
      ) : null}
    </ActionModal>
  );
}

/** Review campaigns that hold this vendor's (or engagement's) grants. */
function AccessReviewsSection({ vendorId, engagementId }: Scope) {
  const user = useUser();
  const internal = permissions.isInternal(user);
  const writer = permissions.writeVendors(user);
  const reviews = useReviews(engagementId ? { engagementId } : { vendorId }, internal);
  const [starting, setStarting] = useState(false);
  if (!internal) return null;
  return (
    <Paper withBorder p="lg" data-testid="access-reviews">
      <Group justify="space-between" mb="md">
        <Title order={4}>Access reviews</Title>
        {writer ? (
          <Button size="xs" onClick={() => setStarting(true)} data-testid="start-review">
            Start review
          </Button>
        ) : null}
      </Group>
      <QueryState query={reviews} what="Access reviews">
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="No access reviews yet" testId="reviews-empty">
              Start a review to have someone confirm each open grant is still needed. Outpost also opens one
              on its own when the vendor’s tier interval has passed.
            </EmptyState>
          ) : (
            <DataTable verticalSpacing="xs" columns={['Started', 'Reviewer', 'Due', 'Progress', 'Status']}>
              {page.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/access-reviews/${r.id}`} data-testid="review-link">
                      {r.createdAt.slice(0, 10)}
                    </Anchor>
                    {r.origin === 'scheduled' ? (
                      <Text size="xs" c="dimmed">
                        recurring
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{r.reviewerName ?? '—'}</Table.Td>
                  <Table.Td>
                    {r.dueOn} <OverdueBadge overdue={r.overdue} />
                  </Table.Td>
                  <Table.Td>
                    {r.decided} / {r.total}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={r.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryState>
      {starting ? (
        <StartReviewModal
          vendorId={vendorId}
          engagementId={engagementId}
          onClose={() => setStarting(false)}
        />
      ) : null}
    </Paper>
  );
}

/** Both sections, as the Data & access tab stacks them. */
export function AccessSections(scope: Scope) {
  return (
    <>
      <AccessGrantsSection {...scope} />
      <AccessReviewsSection {...scope} />
    </>
  );
}

/** On the vendor page: the grants still open, so that offboarding forgets none. */
export function OpenGrantsNotice({ vendorId, status }: { vendorId: string; status: string }) {
  const grants = useGrants({ vendorId, status: 'open' });
  const open = grants.data?.items ?? [];
  if (open.length === 0 || !['suspended', 'offboarded'].includes(status)) return null;
  return (
    <Paper withBorder p="md" bg="var(--mantine-color-red-light)" data-testid="open-grants-notice">
      <Text fw={600}>
        {open.length} access grant{open.length === 1 ? '' : 's'} still open
      </Text>
      <Text size="sm">
        {open.map((g) => `${g.personName ?? 'removed contact'} → ${g.system} (${g.accessLevel})`).join('; ')}.
        Revoke each once the access is removed, under Data &amp; access.
      </Text>
    </Paper>
  );
}

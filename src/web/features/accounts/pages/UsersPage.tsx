import { Badge, Button, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { ROLES, type Role, type User } from '../../../../contracts/accounts';
import { ROLE_LABELS } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { EmptyState } from '../../../components/EmptyState';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { PlusIcon, SearchIcon } from '../../../components/icons';
import { DataTable } from '../../../components/ListPage';
import { PageHeader } from '../../../components/PageHeader';
import { PagerControls, useCursorPager } from '../../../components/Pager';
import { LoadError, LoadingBlock } from '../../../components/QueryState';
import { formatInstant } from '../../../components/reference-data';
import { useUpdateUser, useUsers } from '../api';
import { CreateUserModal } from '../components/CreateUserModal';

const INTERNAL_ROLE_OPTIONS = ROLES.filter((r) => r !== 'vendor').map((r) => ({
  value: r,
  label: ROLE_LABELS[r],
}));

function UserRow({ user, self }: { user: User; self: boolean }) {
  const update = useUpdateUser();
  const change = (body: { role?: Role; disabled?: boolean }, done: string) =>
    update.mutate(
      { id: user.id, ...body },
      { onSuccess: () => notifySuccess(done), onError: (e) => notifyError(e) },
    );

  return (
    <Table.Tr data-testid={`user-row-${user.email}`}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {user.name}
          {self ? (
            <Text span c="dimmed" size="xs">
              {' '}
              (you)
            </Text>
          ) : null}
        </Text>
        <Text size="xs" c="dimmed">
          {user.email}
        </Text>
      </Table.Td>
      <Table.Td>
        {user.role === 'vendor' || self ? (
          <Badge color={user.role === 'vendor' ? 'grape' : 'indigo'}>{ROLE_LABELS[user.role]}</Badge>
        ) : (
          <Select
            aria-label={`Role of ${user.name}`}
            size="xs"
            w={160}
            data={INTERNAL_ROLE_OPTIONS}
            value={user.role}
            allowDeselect={false}
            disabled={update.isPending}
            onChange={(role) =>
              role &&
              role !== user.role &&
              change(
                { role: role as Role },
                `${user.name} is now ${ROLE_LABELS[role as Role].toLowerCase()}.`,
              )
            }
          />
        )}
      </Table.Td>
      <Table.Td>
        {user.disabled ? <Badge color="gray">Disabled</Badge> : <Badge color="teal">Active</Badge>}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatInstant(user.lastLoginAt)}</Text>
      </Table.Td>
      <Table.Td ta="right">
        {self ? null : (
          <Button
            size="xs"
            variant={user.disabled ? 'light' : 'subtle'}
            color={user.disabled ? 'teal' : 'red'}
            loading={update.isPending}
            onClick={() =>
              change(
                { disabled: !user.disabled },
                user.disabled ? `${user.name} can sign in again.` : `${user.name} can no longer sign in.`,
              )
            }
          >
            {user.disabled ? 'Enable' : 'Disable'}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Owners and administrators manage who may sign in, and with which role. */
export function UsersPage() {
  const me = useUser();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const pager = useCursorPager(q);
  const users = useUsers({ q: q || undefined, cursor: pager.cursor });
  const [creating, { open, close }] = useDisclosure(false);

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone who may sign in, with their role. Vendor users see only their own vendor."
        actions={
          <Button leftSection={<PlusIcon />} onClick={open}>
            New user
          </Button>
        }
      />
      <TextInput
        aria-label="Search users"
        placeholder="Search by name or email"
        leftSection={<SearchIcon />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        mb="md"
        maw={360}
      />
      {users.isPending ? (
        <LoadingBlock />
      ) : users.error ? (
        <LoadError error={users.error} onRetry={() => users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <EmptyState title={q ? 'No user matches' : 'No users yet'}>
          {q ? 'Try another name or email.' : 'Add the people who work with your vendors.'}
        </EmptyState>
      ) : (
        <Paper withBorder>
          <DataTable minWidth={700} columns={['User', 'Role', 'Status', 'Last sign-in', '']}>
            {users.data.items.map((u) => (
              <UserRow key={u.id} user={u} self={u.id === me.id} />
            ))}
          </DataTable>
        </Paper>
      )}
      <PagerControls pager={pager} nextCursor={users.data?.nextCursor} loading={users.isFetching} />
      <CreateUserModal opened={creating} onClose={close} />
    </>
  );
}

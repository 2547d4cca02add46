import { Button, Code, Group, Paper, Table, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { EmptyState } from '../../../components/EmptyState';
import { notifyError, notifySuccess, showApiError } from '../../../components/form-errors';
import { ListTable } from '../../../components/ListPage';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { formatDate, formatInstant } from '../../../components/reference-data';
import { SecretModal } from '../../../components/SecretModal';
import { type Token, useCreateToken, useRevokeToken, useTokens } from '../api';

function tomorrow(): Date {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return d;
}

function CreateTokenForm({ onCreated }: { onCreated: (token: { name: string; token: string }) => void }) {
  const create = useCreateToken();
  const form = useForm({
    initialValues: { name: '', expiresAt: null as string | null },
    validate: { name: (v) => (v.trim() ? null : 'Name the token after the script that will use it') },
  });
  const submit = form.onSubmit((values) => {
    create.mutate(
      {
        name: values.name,
        // The token stops working at the end of the chosen day, in the viewer's time zone.
        ...(values.expiresAt ? { expiresAt: new Date(`${values.expiresAt}T23:59:59`).toISOString() } : {}),
      },
      {
        onSuccess: (created) => {
          form.reset();
          onCreated({ name: created.name, token: created.token });
        },
        onError: (error) => showApiError(error, form),
      },
    );
  });
  return (
    <Paper withBorder p="md" mb="lg">
      <form onSubmit={submit} noValidate>
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label="Token name"
            placeholder="Nightly KPI upload"
            required
            w={280}
            {...form.getInputProps('name')}
          />
          <DatePickerInput
            label="Expires (optional)"
            placeholder="Never"
            clearable
            minDate={tomorrow()}
            w={200}
            {...form.getInputProps('expiresAt')}
          />
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </Group>
      </form>
    </Paper>
  );
}

function TokenRow({ token }: { token: Token }) {
  const revoke = useRevokeToken();
  const expired = token.expiresAt !== null && Date.parse(token.expiresAt) < Date.now();
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {token.name}
        </Text>
        <Code>{token.prefix}…</Code>
      </Table.Td>
      <Table.Td>{formatDate(token.createdAt)}</Table.Td>
      <Table.Td c={expired ? 'red' : undefined}>
        {token.expiresAt ? formatDate(token.expiresAt) : 'Never'}
      </Table.Td>
      <Table.Td>{token.lastUsedAt ? formatInstant(token.lastUsedAt) : 'Never used'}</Table.Td>
      <Table.Td ta="right">
        <ConfirmButton
          label="Revoke"
          confirmLabel="Revoke now"
          loading={revoke.isPending}
          group={{ gap: 'xs', justify: 'flex-end' }}
          onConfirm={() =>
            revoke.mutate(token.id, {
              onSuccess: () => notifySuccess(`Token “${token.name}” revoked.`),
              onError: (e) => notifyError(e),
            })
          }
        />
      </Table.Td>
    </Table.Tr>
  );
}

/** Personal API tokens for scripts: created here, shown once, revoked here. */
export function TokensPage() {
  const tokens = useTokens();
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Scripts use a token as “Authorization: Bearer …” and act with your role."
      />
      <CreateTokenForm onCreated={setShown} />
      <QueryState query={tokens}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No API tokens yet">
              Create a token above when a script or another system needs to call the Outpost API for you.
            </EmptyState>
          ) : (
            <ListTable minWidth={640} columns={['Name', 'Created', 'Expires', 'Last used', '']}>
              {data.items.map((t) => (
                <TokenRow key={t.id} token={t} />
              ))}
            </ListTable>
          )
        }
      </QueryState>
      <SecretModal
        title="Your new API token"
        secret={shown?.token ?? null}
        warning={`Copy “${shown?.name}” now: Outpost keeps only a hash and cannot show it again.`}
        testId="new-token"
        copyLabel="Copy token"
        onClose={() => setShown(null)}
      />
    </>
  );
}

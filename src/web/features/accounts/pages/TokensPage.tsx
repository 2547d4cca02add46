import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { notifyError, notifySuccess, showApiError } from '../../../components/form-errors';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { formatDate, formatInstant } from '../../../components/reference-data';
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
  const [confirming, setConfirming] = useState(false);
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
        {confirming ? (
          <Group gap="xs" justify="flex-end">
            <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
              Keep
            </Button>
            <Button
              size="xs"
              color="red"
              loading={revoke.isPending}
              onClick={() =>
                revoke.mutate(token.id, {
                  onSuccess: () => notifySuccess(`Token “${token.name}” revoked.`),
                  onError: (e) => notifyError(e),
                })
              }
            >
              Revoke now
            </Button>
          </Group>
        ) : (
          <Button size="xs" variant="subtle" color="red" onClick={() => setConfirming(true)}>
            Revoke
          </Button>
        )}
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
            <Paper withBorder>
              <Table.ScrollContainer minWidth={640}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Created</Table.Th>
                      <Table.Th>Expires</Table.Th>
                      <Table.Th>Last used</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((t) => (
                      <TokenRow key={t.id} token={t} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )
        }
      </QueryState>
      <Modal opened={shown !== null} onClose={() => setShown(null)} title="Your new API token" size="lg">
        {shown ? (
          <Stack>
            <Alert color="yellow" variant="light">
              Copy “{shown.name}” now: Outpost keeps only a hash and cannot show it again.
            </Alert>
            <Code block data-testid="new-token">
              {shown.token}
            </Code>
            <Group justify="flex-end">
              <CopyButton value={shown.token}>
                {({ copied, copy }) => (
                  <Button color={copied ? 'teal' : undefined} onClick={copy}>
                    {copied ? 'Copied' : 'Copy token'}
                  </Button>
                )}
              </CopyButton>
              <Button variant="default" onClick={() => setShown(null)}>
                Done
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}

import { Badge, Button, Code, Table, Text } from '@mantine/core';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { ListTable } from '../../../components/ListPage';
import { formatDate, formatInstant } from '../../../components/reference-data';
import { type Token, useRevokeToken } from '../api';

/** How each scope is shown: what a token of it may do. */
export const SCOPE_LABELS = {
  read: { label: 'Read', color: 'gray', help: 'reads and exports only' },
  write: { label: 'Write', color: 'orange', help: 'reads and changes, as your role allows' },
} as const;

function TokenRow({ token, oneClick }: { token: Token; oneClick: boolean }) {
  const revoke = useRevokeToken();
  const expired = token.expiresAt !== null && Date.parse(token.expiresAt) < Date.now();
  const doRevoke = () =>
    revoke.mutate(token.id, {
      onSuccess: () => notifySuccess(`Token “${token.name}” revoked.`),
      onError: (e) => notifyError(e),
    });
  return (
    <Table.Tr data-testid={`token-${token.id}`}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {token.name}
        </Text>
        <Code>{token.prefix}…</Code>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={SCOPE_LABELS[token.scope].color} title={SCOPE_LABELS[token.scope].help}>
          {SCOPE_LABELS[token.scope].label}
        </Badge>
      </Table.Td>
      <Table.Td>{formatDate(token.createdAt)}</Table.Td>
      <Table.Td c={expired ? 'red' : undefined}>
        {token.expiresAt ? formatDate(token.expiresAt) : 'Never'}
      </Table.Td>
      <Table.Td>{token.lastUsedAt ? formatInstant(token.lastUsedAt) : 'Never used'}</Table.Td>
      <Table.Td ta="right">
        {oneClick ? (
          <Button
            size="xs"
            variant="light"
            color="red"
            loading={revoke.isPending}
            onClick={doRevoke}
            aria-label={`Revoke ${token.name}`}
          >
            Revoke
          </Button>
        ) : (
          <ConfirmButton
            label="Revoke"
            confirmLabel="Revoke now"
            loading={revoke.isPending}
            group={{ gap: 'xs', justify: 'flex-end' }}
            onConfirm={doRevoke}
          />
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * A user's own API tokens with a revoke button each: asked once more on the tokens page, at once
 * (`oneClick`) where the user is reviewing them after changing the password.
 */
export function TokenTable({ tokens, oneClick = false }: { tokens: Token[]; oneClick?: boolean }) {
  return (
    <ListTable minWidth={720} columns={['Name', 'Scope', 'Created', 'Expires', 'Last used', '']}>
      {tokens.map((t) => (
        <TokenRow key={t.id} token={t} oneClick={oneClick} />
      ))}
    </ListTable>
  );
}

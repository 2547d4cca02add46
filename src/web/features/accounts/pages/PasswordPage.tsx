import { Alert, Button, Checkbox, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { notifySuccess, showApiError } from '../../../components/form-errors';
import { PageHeader } from '../../../components/PageHeader';
import { newPasswordError, PASSWORD_RULE } from '../../../components/password';
import { QueryState } from '../../../components/QueryState';
import { type Token, useChangePassword, useTokens } from '../api';
import { TokenTable } from '../components/TokenTable';

/** What the last change did to the API tokens, shown above the list until the page is left. */
type Changed = { kept: number; revoked: Token[] };

function ChangePasswordForm({ onChanged }: { onChanged: (changed: Changed) => void }) {
  const change = useChangePassword();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeat: '', revokeTokens: false },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password'),
      newPassword: newPasswordError,
      repeat: (v, values) => (v === values.newPassword ? null : 'Does not match the new password'),
    },
  });
  const submit = form.onSubmit(({ currentPassword, newPassword, revokeTokens }) => {
    change.mutate(
      { currentPassword, newPassword, ...(revokeTokens ? { revokeTokens } : {}) },
      {
        onSuccess: (answer) => {
          form.reset();
          notifySuccess('Password changed. Your other sessions are signed out.');
          onChanged({ kept: answer.tokens.length, revoked: answer.revokedTokens });
        },
        onError: (error) => showApiError(error, form),
      },
    );
  });
  return (
    <Paper withBorder p="md" mb="lg" maw={480}>
      <form onSubmit={submit} noValidate data-testid="password-form">
        <Stack>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label="New password"
            description={PASSWORD_RULE}
            autoComplete="new-password"
            required
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            required
            {...form.getInputProps('repeat')}
          />
          <Checkbox
            label="Also revoke all my API tokens"
            description="Do this if you think someone else knew your password. Scripts using them stop working."
            {...form.getInputProps('revokeTokens', { type: 'checkbox' })}
          />
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

/**
 * Change one's password, and review one's API tokens beside it: a new password does not end them
 * (unless asked), so they are listed here with a revoke button each that acts at once.
 */
export function PasswordPage() {
  const tokens = useTokens();
  const [changed, setChanged] = useState<Changed | null>(null);
  return (
    <>
      <PageHeader
        title="Password"
        description="A new password signs out your other sessions. API tokens are separate credentials."
      />
      <ChangePasswordForm onChanged={setChanged} />
      <Title order={3} size="h4" mb="xs">
        Your API tokens
      </Title>
      {changed && (
        <Alert mb="md" color={changed.kept > 0 ? 'yellow' : 'teal'} data-testid="password-changed-tokens">
          {changed.revoked.length > 0 &&
            `Revoked ${changed.revoked.length} API token${changed.revoked.length === 1 ? '' : 's'}: ${changed.revoked.map((t) => `“${t.name}”`).join(', ')}. `}
          {changed.kept > 0
            ? `${changed.kept} API token${changed.kept === 1 ? '' : 's'} still work${changed.kept === 1 ? 's' : ''} after the change. Revoke any you no longer trust.`
            : 'No API token of yours works any more.'}
        </Alert>
      )}
      <QueryState query={tokens}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No API tokens">
              <Text size="sm">Nothing but your password and your sessions can sign in as you.</Text>
            </EmptyState>
          ) : (
            <TokenTable tokens={data.items} oneClick />
          )
        }
      </QueryState>
    </>
  );
}
